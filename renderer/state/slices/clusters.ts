import type { StateCreator } from 'zustand';
import type { ClusterProfileView, ElbowSummary } from '../../engine-client/index.ts';
import type { AppState } from '../store.ts';
import type { Progress } from './data.ts';

export interface ClustersSlice {
  k: number;
  kAuto: boolean;
  log1p: boolean;
  standardize: boolean;
  elbow: ElbowSummary | null;
  elbowStatus: 'idle' | 'running' | 'ready' | 'error';
  fitStatus: 'idle' | 'running' | 'ready' | 'error';
  fitProgress: Progress | null;
  fitVersion: number;
  /** The k of the fit shown (auto takes the engine's suggestion). */
  fittedK: number;
  profiles: ClusterProfileView[];
  clusterError: string | null;
  lastFitMs: number | null;
}

export const createClustersSlice: StateCreator<AppState, [], [], ClustersSlice> = () => ({
  k: 4,
  kAuto: false,
  log1p: true,
  standardize: true,
  elbow: null,
  elbowStatus: 'idle',
  fitStatus: 'idle',
  fitProgress: null,
  fitVersion: 0,
  fittedK: 0,
  profiles: [],
  clusterError: null,
  lastFitMs: null,
});
