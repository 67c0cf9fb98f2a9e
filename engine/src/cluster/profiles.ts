import { EngineError } from '../errors.ts';
import type { RfmColumns } from './features.ts';
import { clusterTraits, traitName, uniqueNames } from './naming.ts';
import type { ClusterTraits, NamingReference } from './naming.ts';
import { groupByCluster, quantileInPlace } from './stats.ts';
import { checkK, checkLabels } from './validate.ts';

export interface Summary {
  mean: number;
  median: number;
}

export interface ClusterProfile {
  /** Cluster id after value ordering: 0 = highest mean monetary. */
  cluster: number;
  /** The k-means label this cluster had before relabelling. */
  sourceCluster: number;
  /** Unique descriptive name, e.g. "Recent frequent high spenders". */
  name: string;
  /** undefined for an empty cluster (then mean/median are NaN). */
  traits: ClusterTraits | undefined;
  size: number;
  /** size / n. */
  share: number;
  recencyDays: Summary;
  frequency: Summary;
  monetary: Summary;
  /** Σ monetary of the cluster's customers. */
  revenue: number;
  /** revenue / Σ monetary of all customers (NaN if that total is 0). */
  revenueShare: number;
}

export interface ClusterProfiles {
  /** Indexed by the new cluster id. */
  profiles: ClusterProfile[];
  /** Labels rewritten to the new ids. */
  labels: Int32Array;
  /** relabel[oldLabel] = new id. Use permuteCentroids to reorder centroids to match. */
  relabel: Int32Array;
  overall: { size: number; recencyDays: Summary; frequency: Summary; monetary: Summary; revenue: number };
  /** Reference values the names were derived from. */
  reference: NamingReference;
}

/**
 * Describes each k-means cluster in raw RFM units and orders them by value.
 *
 * Per cluster: size and share of customers, mean and median of recency_days, frequency and
 * monetary, revenue (Σ monetary) and its share of the total, and a name from `clusterTraits`
 * (medians against the overall medians / monetary tertiles; see naming.ts), made unique.
 * Ordering (deterministic): descending mean monetary, ties by larger size, then by lower
 * original label; empty clusters last. `labels`/`relabel` map the k-means labels to this order
 * so that cluster 0 is the most valuable.
 *
 * `labels` in [0, k), one per customer, aligned with `rfm`. Expected time O(n) (medians by
 * quickselect),
 * memory O(n). Deterministic. Throws EngineError on mismatched lengths or bad labels.
 */
export function profileClusters(labels: Int32Array, k: number, rfm: RfmColumns): ClusterProfiles {
  const n = labels.length;
  checkK(k, Math.max(k, n));
  checkLabels(labels, n, k);
  for (const col of [rfm.recencyDays, rfm.frequency, rfm.monetary]) {
    if (col.length !== n) throw new EngineError('shape_mismatch', `RFM columns have ${col.length} rows, labels ${n}`);
  }

  const recency = describe(rfm.recencyDays, labels, k);
  const frequency = describe(rfm.frequency, labels, k);
  const monetary = describe(rfm.monetary, labels, k);
  const scratch = Float64Array.from(rfm.monetary);
  const recencyScratch = Float64Array.from(rfm.recencyDays);
  const reference: NamingReference = {
    recencyLowerTertile: quantileInPlace(recencyScratch, 1 / 3),
    recencyUpperTertile: quantileInPlace(recencyScratch, 2 / 3),
    medianFrequency: frequency.overall.median,
    monetaryLowerTertile: quantileInPlace(scratch, 1 / 3),
    monetaryUpperTertile: quantileInPlace(scratch, 2 / 3),
    monetaryTopDecile: quantileInPlace(scratch, 0.9),
  };

  const order = Array.from({ length: k }, (_, c) => c).sort((a, b) => {
    const sa = monetary.sizes[a]!;
    const sb = monetary.sizes[b]!;
    if ((sa === 0) !== (sb === 0)) return sa === 0 ? 1 : -1;
    return monetary.means[b]! - monetary.means[a]! || sb - sa || a - b;
  });
  const relabel = new Int32Array(k);
  order.forEach((old, id) => (relabel[old] = id));
  const newLabels = new Int32Array(n);
  for (let i = 0; i < n; i++) newLabels[i] = relabel[labels[i]!]!;

  const totalRevenue = monetary.overall.sum;
  const traits = order.map((old) =>
    monetary.sizes[old] === 0 ? undefined : clusterTraits(recency.medians[old]!, frequency.medians[old]!, monetary.medians[old]!, reference),
  );
  const names = uniqueNames(traits.map((t) => (t === undefined ? 'Empty cluster' : traitName(t))));
  const profiles = order.map((old, id): ClusterProfile => {
    const size = monetary.sizes[old]!;
    const revenue = monetary.sums[old]!;
    return {
      cluster: id,
      sourceCluster: old,
      name: names[id]!,
      traits: traits[id],
      size,
      share: n > 0 ? size / n : 0,
      recencyDays: { mean: recency.means[old]!, median: recency.medians[old]! },
      frequency: { mean: frequency.means[old]!, median: frequency.medians[old]! },
      monetary: { mean: monetary.means[old]!, median: monetary.medians[old]! },
      revenue,
      revenueShare: totalRevenue !== 0 ? revenue / totalRevenue : Number.NaN,
    };
  });
  return {
    profiles,
    labels: newLabels,
    relabel,
    overall: {
      size: n,
      recencyDays: summary(recency.overall),
      frequency: summary(frequency.overall),
      monetary: summary(monetary.overall),
      revenue: totalRevenue,
    },
    reference,
  };
}

/**
 * Reorders row-major k×d centroids to match profileClusters' relabelling:
 * new row relabel[c] = old row c. O(k·d).
 */
export function permuteCentroids(centroids: Float64Array, d: number, relabel: Int32Array): Float64Array {
  const out = new Float64Array(centroids.length);
  for (let c = 0; c < relabel.length; c++) {
    const to = relabel[c]!;
    for (let j = 0; j < d; j++) out[to * d + j] = centroids[c * d + j]!;
  }
  return out;
}

interface ColumnStats {
  sizes: Int32Array;
  sums: Float64Array;
  means: Float64Array;
  medians: Float64Array;
  overall: { sum: number; mean: number; median: number };
}

function summary(s: { mean: number; median: number }): Summary {
  return { mean: s.mean, median: s.median };
}

/** Per-cluster and overall sum, mean and median of one column. Expected O(n). */
function describe(values: Float64Array, labels: Int32Array, k: number): ColumnStats {
  const { grouped, offsets } = groupByCluster(values, labels, k);
  const sizes = new Int32Array(k);
  const sums = new Float64Array(k);
  const means = new Float64Array(k);
  const medians = new Float64Array(k);
  let total = 0;
  for (let c = 0; c < k; c++) {
    const run = grouped.subarray(offsets[c]!, offsets[c + 1]!);
    let sum = 0;
    for (let i = 0; i < run.length; i++) sum += run[i]!;
    sizes[c] = run.length;
    sums[c] = sum;
    means[c] = run.length > 0 ? sum / run.length : Number.NaN;
    medians[c] = quantileInPlace(run, 0.5);
    total += sum;
  }
  // The runs were reordered, but together they still hold every value once.
  const overallMedian = quantileInPlace(grouped, 0.5);
  return {
    sizes,
    sums,
    means,
    medians,
    overall: { sum: total, mean: values.length > 0 ? total / values.length : Number.NaN, median: overallMedian },
  };
}
