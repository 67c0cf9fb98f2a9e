import type { StateCreator } from 'zustand';
import type { LoadedLines, Role } from '../../engine-client/index.ts';
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
  /** Small summary objects only; the lines stay in DuckDB. Its cleaning report is the result 'report'. */
  dataset: LoadedLines | null;
  /** Identity of the tables in DuckDB (`kept`): new on every load and every re-clean. */
  datasetId: number;
  recleaning: boolean;
  /**
   * Mapping edits not yet in the dataset shown (role -> column, '' not mapped, DETECT detected): the dropdowns
   * show them while the files are read again.
   */
  pendingMapping: Partial<Record<Role, string>>;
  /** A mapping is remembered for the header layout of the dataset shown. */
  mappingRemembered: boolean;
  previewWhich: 'kept' | 'removed';
}

export const createDataSlice: StateCreator<AppState, [], [], DataSlice> = () => ({
  loadStatus: 'empty',
  loadProgress: null,
  loadError: null,
  datasetLabel: '',
  dataset: null,
  datasetId: 0,
  recleaning: false,
  pendingMapping: {},
  mappingRemembered: false,
  previewWhich: 'kept',
});
