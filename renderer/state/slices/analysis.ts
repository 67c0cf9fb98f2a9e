import type { StateCreator } from 'zustand';
import { defaultAnalysis, type Analysis } from '../../engine-client/index.ts';
import type { AppState } from '../store.ts';

/** An analysis saved or opened recently (the welcome screen and the File menu list them). */
export interface RecentAnalysis {
  name: string;
  savedAt: string;
  /** The document itself: reopening needs no file access. */
  json: string;
}

/** Everything the user sets is one document: saved, restored and run by the CLI as it is. */
export interface AnalysisSlice {
  analysis: Analysis;
  recent: RecentAnalysis[];
  /** What the last re-run on new files found no longer fitting (a mapped column missing, …). */
  rerunNotes: string[];
  /**
   * The snapshot customers were scored at before the last re-run on new files (null after a fresh
   * open): the Migration screen's and the report's first date, "since the last run", by default.
   */
  lastRunSnapshot: string | null;
}

export const createAnalysisSlice: StateCreator<AppState, [], [], AnalysisSlice> = () => ({
  analysis: defaultAnalysis(),
  recent: [],
  rerunNotes: [],
  lastRunSnapshot: null,
});
