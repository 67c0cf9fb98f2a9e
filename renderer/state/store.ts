/**
 * One store from typed slices (zustand's slices pattern). Slices hold parameters, status and
 * small summaries; setters are trivial; async work lives in ./actions (plain modules that call
 * getState/setState), large tables in ./cache.
 */
import { create } from 'zustand';
import { createBasketsSlice, type BasketsSlice } from './slices/baskets.ts';
import { createClustersSlice, type ClustersSlice } from './slices/clusters.ts';
import { createDataSlice, type DataSlice } from './slices/data.ts';
import { createExportSlice, type ExportSlice } from './slices/export.ts';
import { createSegmentsSlice, type SegmentsSlice } from './slices/segments.ts';
import { createUiSlice, type UiSlice } from './slices/ui.ts';

export type AppState = UiSlice & DataSlice & SegmentsSlice & ClustersSlice & BasketsSlice & ExportSlice;

export const useStore = create<AppState>()((...a) => ({
  ...createUiSlice(...a),
  ...createDataSlice(...a),
  ...createSegmentsSlice(...a),
  ...createClustersSlice(...a),
  ...createBasketsSlice(...a),
  ...createExportSlice(...a),
}));

export const getState = useStore.getState;
export const setState = useStore.setState;
