/** 'cluster/elbow': inertia and silhouette for k = kMin..kMax (engine `elbow`), plus the suggested k. */
import { elbow, prepareFeatures, suggestK } from '../engine-api.ts';
import type { Handler } from '../host.ts';

export const clusterElbow: Handler<'cluster/elbow'> = (params, input, ctx) => {
  const prepared = prepareFeatures(input, { log1p: params.log1p, standardize: params.standardize });
  const r = elbow(prepared.points, prepared.d, {
    kMin: params.kMin,
    kMax: Math.min(params.kMax, prepared.n),
    nInit: 1,
    seed: params.seed,
    sampleSize: params.sampleSize,
    silhouette: true,
    silhouetteSampleSize: params.silhouetteSample,
  }, { signal: ctx.signal, onProgress: ctx.onProgress });
  return {
    result: {
      entries: r.entries.map((e) => ({ k: e.k, inertia: e.inertia, silhouette: e.silhouette })),
      suggestedK: suggestK(r),
      fitSize: r.fitSize,
      fitSampled: r.fitSampled,
      silhouetteSampleSize: r.silhouetteSampleSize,
      silhouetteSampled: r.silhouetteSampled,
    },
  };
};
