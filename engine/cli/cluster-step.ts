import { prepareFeatures, kmeans, type RfmTable, type SegmentAssignment } from '../src/index.ts';

export interface ClusterOutcome {
  labels: Int32Array;
  summary: { k: number; auto: boolean; inertia: number; profiles: { cluster: number; name: string; size: number; revenue_share: number }[] };
}

/** Placeholder until the cluster module's elbow and profiles land. */
export function clusterCustomers(rfm: RfmTable, k: string, _segments: SegmentAssignment): ClusterOutcome {
  const f = prepareFeatures(rfm);
  const r = kmeans(f.points, f.d, { k: Number(k), nInit: 4, seed: 1 });
  return { labels: r.labels, summary: { k: r.k, auto: false, inertia: r.inertia, profiles: [] } };
}
