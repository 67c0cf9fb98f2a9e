/**
 * The clusters × segments table as rows of cells: count, share of the cluster (the cell's colour)
 * and the text shown. Pure, so it is tested without a page.
 */
import type { Crosstab } from '../../engine-client/index.ts';
import { fmtInt } from '../../ui/format.ts';

export interface CrosstabCell {
  count: number;
  /** Of the cluster's customers, the share in this segment (0 for an empty cluster). */
  share: number;
  /** The count, blank for none. */
  text: string;
}

/** Row c: cluster c's cells, one per segment in `ct.segments` order. */
export function crosstabCells(ct: Crosstab): CrosstabCell[][] {
  const s = ct.segments.length;
  return Array.from({ length: ct.k }, (_, c) => {
    const total = ct.clusterTotals[c]!;
    return Array.from({ length: s }, (_, j) => {
      const count = ct.counts[c * s + j]!;
      return { count, share: total ? count / total : 0, text: count ? fmtInt(count) : '' };
    });
  });
}
