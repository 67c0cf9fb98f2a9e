import {
  EngineError, crosstab, elbow, kmeans, prepareFeatures, profileClusters, round, suggestK, type RfmTable, type SegmentAssignment,
} from '../src/index.ts';

export interface ClusterOutcome {
  labels: Int32Array;
  summary: {
    k: number;
    auto: boolean;
    inertia: number;
    elbow?: { k: number; inertia: number; silhouette: number }[];
    profiles: { cluster: number; name: string; size: number; share: number; revenue_share: number; median_recency_days: number; median_frequency: number; median_monetary: number }[];
    crosstab: { segments: string[]; counts: number[][] };
  };
}

const SEED = 42;
/** Silhouettes on at most this many customers keep `--k auto` to a few seconds. */
const SILHOUETTE_SAMPLE = 5_000;

/**
 * k-means on log1p-standardised RFM: `--k N` fits N clusters (10 k-means++ starts);
 * `--k auto` runs the elbow for k = 2..10 and takes the k with the best silhouette.
 * Clusters are numbered by value (0 = highest mean monetary) and named from their profile.
 */
export function clusterCustomers(rfm: RfmTable, kFlag: string, segments: SegmentAssignment): ClusterOutcome {
  const n = rfm.customerIds.length;
  const auto = kFlag === 'auto';
  const requested = auto ? 0 : Number(kFlag);
  if (!auto && (!Number.isInteger(requested) || requested < 1 || requested > 50)) {
    throw new EngineError('invalid_argument', `--k must be a whole number from 1 to 50, or auto; got "${kFlag}"`);
  }
  if (n < 2) throw new EngineError('invalid_argument', `clustering needs at least 2 customers, found ${n}`);
  const features = prepareFeatures(rfm);
  let k = Math.min(requested, n);
  let curve: ClusterOutcome['summary']['elbow'];
  if (auto) {
    const e = elbow(features.points, features.d, { kMin: 2, kMax: Math.min(10, n), seed: SEED, silhouetteSampleSize: SILHOUETTE_SAMPLE });
    k = suggestK(e);
    curve = e.entries.map((x) => ({ k: x.k, inertia: round(x.inertia, 3), silhouette: round(x.silhouette, 4) }));
  }
  const fit = kmeans(features.points, features.d, { k, nInit: 10, seed: SEED });
  const prof = profileClusters(fit.labels, fit.k, rfm);
  const table = crosstab(prof.labels, fit.k, segments.codes, segments.names);
  const counts: number[][] = [];
  for (let c = 0; c < fit.k; c++) counts.push(Array.from(table.counts.subarray(c * table.segments.length, (c + 1) * table.segments.length)));
  return {
    labels: prof.labels,
    summary: {
      k: fit.k,
      auto,
      inertia: round(fit.inertia, 3),
      ...(curve ? { elbow: curve } : {}),
      profiles: prof.profiles.map((p) => ({
        cluster: p.cluster,
        name: p.name,
        size: p.size,
        share: round(p.share, 4),
        revenue_share: round(p.revenueShare, 4),
        median_recency_days: p.recencyDays.median,
        median_frequency: p.frequency.median,
        median_monetary: round(p.monetary.median),
      })),
      crosstab: { segments: [...table.segments], counts },
    },
  };
}
