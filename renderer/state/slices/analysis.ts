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
}

export const createAnalysisSlice: StateCreator<AppState, [], [], AnalysisSlice> = () => ({
  analysis: defaultAnalysis(),
  recent: [],
  rerunNotes: [],
});
