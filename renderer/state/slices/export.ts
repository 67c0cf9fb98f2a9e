import type { StateCreator } from 'zustand';
import type { AppState } from '../store.ts';

/** The engine's customer export columns (CUSTOMER_COLUMNS), in order. */
export const EXPORT_COLUMNS = [
  'customer_id', 'recency_days', 'frequency', 'monetary', 'first_purchase', 'last_purchase',
  'r_score', 'f_score', 'm_score', 'rfm_code', 'segment', 'cluster',
] as const;
export type ExportColumn = (typeof EXPORT_COLUMNS)[number];

export interface ExportSlice {
  exportGroupBy: 'segment' | 'cluster';
  /** Selected segment names or cluster labels; empty = all. */
  exportSelection: string[];
  exportColumns: ExportColumn[];
  exportLayout: 'one-file' | 'per-group';
  exportBom: boolean;
  lastExport: string | null;
}

export const createExportSlice: StateCreator<AppState, [], [], ExportSlice> = () => ({
  exportGroupBy: 'segment',
  exportSelection: [],
  exportColumns: [...EXPORT_COLUMNS],
  exportLayout: 'one-file',
  exportBom: true,
  lastExport: null,
});
