/**
 * One store from typed slices (zustand's slices pattern): the analysis document (every user
 * setting), the loaded dataset's summary, the state of each derived result, and the UI. Async
 * work lives in ./actions; derived results are scheduled by the coordinator (./results.ts),
 * which keeps their values outside the store.
 */
import { create } from 'zustand';
import { createAnalysisSlice, type AnalysisSlice } from './slices/analysis.ts';
import { createDataSlice, type DataSlice } from './slices/data.ts';
import { createOverviewSlice, type OverviewSlice } from './slices/overview.ts';
import { createResultsSlice, type ResultsSlice } from './slices/results.ts';
import { createUiSlice, type UiSlice } from './slices/ui.ts';

export type AppState = UiSlice & DataSlice & AnalysisSlice & ResultsSlice & OverviewSlice;

export const useStore = create<AppState>()((...a) => ({
  ...createUiSlice(...a),
  ...createDataSlice(...a),
  ...createAnalysisSlice(...a),
  ...createResultsSlice(...a),
  ...createOverviewSlice(...a),
}));

export const getState = useStore.getState;
export const setState = useStore.setState;
