import type { StateCreator } from 'zustand';
import type { CleaningOptions, CleaningRule, Dataset } from '../../engine-client/index.ts';
import { defaultCleaningOptions } from '../../engine-client/index.ts';
import type { AppState } from '../store.ts';

export type LoadStatus = 'empty' | 'loading' | 'ready' | 'error';

export interface Progress {
  fraction: number;
  message: string;
}

export interface DataSlice {
  loadStatus: LoadStatus;
  loadProgress: Progress | null;
  loadError: string | null;
  /** Label for the loaded set: "sample-transactions.csv" or "12 files". */
  datasetLabel: string;
  /** Small summary objects only; the lines stay in DuckDB. */
  dataset: Dataset | null;
  cleaning: CleaningOptions;
  ruleMatches: Record<CleaningRule, number> | null;
  recleaning: boolean;
  previewVersion: number;
  previewWhich: 'kept' | 'removed';
}

export const createDataSlice: StateCreator<AppState, [], [], DataSlice> = () => ({
  loadStatus: 'empty',
  loadProgress: null,
  loadError: null,
  datasetLabel: '',
  dataset: null,
  cleaning: defaultCleaningOptions(),
  ruleMatches: null,
  recleaning: false,
  previewVersion: 0,
  previewWhich: 'kept',
});
