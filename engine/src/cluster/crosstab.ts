import { EngineError } from '../errors.ts';
import { checkLabels } from './validate.ts';

export interface Crosstab {
  /** Number of clusters (rows). */
  k: number;
  /** Segment names (columns), as given. */
  segments: readonly string[];
  /** Row-major k × segments.length: counts[c * segments.length + s] customers in cluster c and segment s. */
  counts: Int32Array;
  clusterTotals: Int32Array;
  segmentTotals: Int32Array;
  total: number;
}

/**
 * Contingency table of cluster labels against segment labels (e.g. the rule-based RFM
 * segments), for "which segments make up each cluster". `segmentCodes[i]` indexes
 * `segmentNames`; both label arrays are aligned per customer. O(n + k·s), deterministic.
 * Throws EngineError on length mismatch or codes outside [0, segmentNames.length).
 */
export function crosstab(clusterLabels: Int32Array, k: number, segmentCodes: Int32Array, segmentNames: readonly string[]): Crosstab {
  const n = clusterLabels.length;
  if (segmentCodes.length !== n) {
    throw new EngineError('shape_mismatch', `${n} cluster labels but ${segmentCodes.length} segment codes`);
  }
  checkLabels(clusterLabels, n, k);
  const s = segmentNames.length;
  const counts = new Int32Array(k * s);
  const clusterTotals = new Int32Array(k);
  const segmentTotals = new Int32Array(s);
  for (let i = 0; i < n; i++) {
    const code = segmentCodes[i]!;
    if (code < 0 || code >= s) {
      throw new EngineError('invalid_argument', `segment code ${code} at row ${i} is outside [0, ${s})`, { row: i });
    }
    const c = clusterLabels[i]!;
    counts[c * s + code]!++;
    clusterTotals[c]!++;
    segmentTotals[code]!++;
  }
  return { k, segments: segmentNames, counts, clusterTotals, segmentTotals, total: n };
}
