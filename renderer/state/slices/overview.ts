import type { StateCreator } from 'zustand';
import type { BasketRestriction, TimeGrain } from '../../engine-client/index.ts';
import type { AppState } from '../store.ts';

/** Whose lines the Overview shows: everyone, one segment (by name) or one cluster (from 1). */
export type OverviewScope = BasketRestriction;

/**
 * How the Overview is viewed (not part of the analysis: the same analysis looked at another
 * way). The churn threshold and the as-of settings are analysis settings (analysis.overview).
 */
export interface OverviewSlice {
  overviewView: {
    tab: 'business' | 'backtest';
    scope: OverviewScope;
    grain: TimeGrain;
    /** Length of the KPI period ending on the last day of the data. */
    kpiDays: number;
    /** The back-test and the per-group view by segment or by cluster. */
    groups: 'segment' | 'cluster';
  };
}

export const createOverviewSlice: StateCreator<AppState, [], [], OverviewSlice> = () => ({
  overviewView: { tab: 'business', scope: { kind: 'all' }, grain: 'month', kpiDays: 30, groups: 'segment' },
});
