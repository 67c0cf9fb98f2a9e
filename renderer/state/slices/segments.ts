import type { StateCreator } from 'zustand';
import { PRESETS, type SegmentRuleSet, type SegmentSummaryRow } from '../../engine-client/index.ts';
import type { AppState } from '../store.ts';

export interface RuleIssue {
  kind: 'invalid' | 'empty';
  message: string;
}

export interface SegmentsSlice {
  rules: SegmentRuleSet;
  snapshot: string | null;
  /** The snapshot actually used (the default is the day after the last transaction). */
  snapshotUsed: string;
  rfmStatus: 'idle' | 'running' | 'ready' | 'error';
  rfmVersion: number;
  segmentVersion: number;
  segmentSummary: SegmentSummaryRow[];
  ruleIssues: RuleIssue[];
  /** Wall time of the last rules → segments computation (ms). */
  lastApplyMs: number | null;
}

export const createSegmentsSlice: StateCreator<AppState, [], [], SegmentsSlice> = () => ({
  rules: structuredClone(PRESETS.rfm6!),
  snapshot: null,
  snapshotUsed: '',
  rfmStatus: 'idle',
  rfmVersion: 0,
  segmentVersion: 0,
  segmentSummary: [],
  ruleIssues: [],
  lastApplyMs: null,
});
