import type { StateCreator } from 'zustand';
import type { AppState } from '../store.ts';
import type { Progress } from './data.ts';

export interface BasketRestriction {
  kind: 'all' | 'segment' | 'cluster';
  /** Segment name or cluster index. */
  value: string;
}

export interface BasketsSlice {
  minSupport: number;
  minConfidence: number;
  minLift: number;
  maxLen: number;
  basketBy: 'invoice' | 'customer';
  itemBy: 'sku' | 'description' | 'category';
  restrict: BasketRestriction;
  mineStatus: 'idle' | 'running' | 'ready' | 'error';
  mineProgress: Progress | null;
  mineVersion: number;
  mineError: string | null;
  lastMineMs: number | null;
  productFilter: string;
}

export const createBasketsSlice: StateCreator<AppState, [], [], BasketsSlice> = () => ({
  minSupport: 0.01,
  minConfidence: 0.3,
  minLift: 1,
  maxLen: 4,
  basketBy: 'invoice',
  itemBy: 'sku',
  restrict: { kind: 'all', value: '' },
  mineStatus: 'idle',
  mineProgress: null,
  mineVersion: 0,
  mineError: null,
  lastMineMs: null,
  productFilter: '',
});
