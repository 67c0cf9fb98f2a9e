/**
 * Which customers a drill-down shows and in what order, from results the page already holds
 * (scores, segment codes, cluster labels: typed arrays, no copies): indices into
 * rfm.customerIds. Pure, so it is tested without a page.
 */
import type { RfmScores, RfmTable, SegmentAssignment, ValueColumns } from '../../engine-client/index.ts';
import type { DrillTarget } from '../../state/slices/ui.ts';

/**
 * Indices of the target's customers in customer-id order; null while an input it needs (the
 * cluster labels, the scores of an R×F cell, the cross-sell audience) is not there. O(customers).
 */
export function drillMembers(
  target: DrillTarget,
  ids: readonly string[],
  segments: Pick<SegmentAssignment, 'codes' | 'names'>,
  clusterLabels: Int32Array | null,
  audience: ReadonlySet<string> | null,
  scores: Pick<RfmScores, 'r' | 'f'> | null = null,
): Int32Array | null {
  const needsAudience = target.kind === 'rule' || target.product !== undefined;
  if (needsAudience && audience === null) return null;
  let inGroup: (i: number) => boolean;
  if (target.kind === 'segment') {
    const code = segments.names.indexOf(target.name);
    inGroup = (i) => segments.codes[i] === code;
  } else if (target.kind === 'cluster') {
    if (clusterLabels === null || clusterLabels.length !== ids.length) return null;
    inGroup = (i) => clusterLabels[i] === target.cluster;
  } else if (target.kind === 'cell') {
    if (scores === null || scores.r.length !== ids.length) return null;
    inGroup = (i) => scores.r[i] === target.r && scores.f[i] === target.f;
  } else inGroup = () => true;
  const out: number[] = [];
  for (let i = 0; i < ids.length; i++) if (inGroup(i) && (!needsAudience || audience!.has(ids[i]!))) out.push(i);
  return Int32Array.from(out);
}

export type SortKey = 'customer' | 'recency' | 'frequency' | 'monetary' | 'r' | 'f' | 'm' | 'last' | 'p_alive' | 'clv';

/**
 * The members sorted by a column (ties: customer-id order, so the order is stable). A new array;
 * O(n log n). P(alive) and CLV sort only with the value model's columns (else by customer); a
 * customer the model leaves out (NaN) sorts last either way.
 */
export function sortMembers(
  members: Int32Array,
  key: SortKey,
  descending: boolean,
  rfm: RfmTable,
  scores: RfmScores,
  value: ValueColumns | null = null,
): Int32Array {
  const out = members.slice();
  if (key === 'customer' || ((key === 'p_alive' || key === 'clv') && value === null)) return descending && key === 'customer' ? out.reverse() : out;
  const v: ArrayLike<number> = key === 'p_alive' ? value!.pAlive : key === 'clv' ? value!.clv : byColumn(key, rfm, scores);
  const sign = descending ? -1 : 1;
  return out.sort((a, b) => {
    const x = v[a]!;
    const y = v[b]!;
    if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) === Number.isNaN(y) ? a - b : Number.isNaN(x) ? 1 : -1;
    return sign * (x - y) || a - b;
  });
}

function byColumn(key: Exclude<SortKey, 'customer' | 'p_alive' | 'clv'>, rfm: RfmTable, scores: RfmScores): ArrayLike<number> {
  const value: Record<Exclude<SortKey, 'customer' | 'p_alive' | 'clv'>, ArrayLike<number>> = {
    recency: rfm.recencyDays,
    frequency: rfm.frequency,
    monetary: rfm.monetary,
    r: scores.r,
    f: scores.f,
    m: scores.m,
    last: rfm.lastPurchase,
  };
  return value[key];
}
