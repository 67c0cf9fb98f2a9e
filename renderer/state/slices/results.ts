import type { StateCreator } from 'zustand';
import { IDLE, type ResultState } from '../coordinator.ts';
import type { AppState } from '../store.ts';

/** The derived results the coordinator schedules (renderer/state/results.ts defines them). */
export type ResultName =
  | 'report'
  | 'matches'
  | 'preview'
  | 'rfm'
  | 'segments'
  | 'elbow'
  | 'fit'
  | 'baskets'
  | 'mined'
  | 'profiles'
  | 'nextBest'
  | 'recommendations'
  | 'audience'
  | 'valueSummary'
  | 'value'
  | 'valueColumns'
  | 'overviewBase'
  | 'overview'
  | 'overviewGroups'
  | 'backtest'
  | 'migration';

/** The store mirrors each result's state; the values themselves stay in the coordinator's cache. */
export interface ResultsSlice {
  results: Record<ResultName, ResultState>;
  lastExport: string | null;
}

export const createResultsSlice: StateCreator<AppState, [], [], ResultsSlice> = () => ({
  results: {
    report: IDLE,
    matches: IDLE,
    preview: IDLE,
    rfm: IDLE,
    segments: IDLE,
    elbow: IDLE,
    fit: IDLE,
    baskets: IDLE,
    mined: IDLE,
    profiles: IDLE,
    nextBest: IDLE,
    recommendations: IDLE,
    audience: IDLE,
    valueSummary: IDLE,
    value: IDLE,
    valueColumns: IDLE,
    overviewBase: IDLE,
    overview: IDLE,
    overviewGroups: IDLE,
    backtest: IDLE,
    migration: IDLE,
  },
  lastExport: null,
});
