/**
 * Large results live here, outside the store: Arrow tables and typed arrays are never put in
 * Zustand state (no diffing, no persistence). The store holds version numbers that change
 * when an entry here is replaced, so components re-read it.
 */
import type { Table } from 'apache-arrow';
import type { DataSource, FitResult, LoadedBaskets, MineResult, RfmScores, RfmTable, SegmentAssignment } from '../engine-client/index.ts';

export interface Cache {
  sources: DataSource[];
  preview: Table | null;
  rfm: RfmTable | null;
  scores: RfmScores | null;
  segments: SegmentAssignment | null;
  fit: FitResult | null;
  baskets: LoadedBaskets | null;
  mined: MineResult | null;
}

export const cache: Cache = {
  sources: [],
  preview: null,
  rfm: null,
  scores: null,
  segments: null,
  fit: null,
  baskets: null,
  mined: null,
};
