/**
 * 'cluster/fit': the pipeline's k-means fit (engine `fitClusters`: restarts, seed, profiles and
 * names, cluster 0 the most valuable) plus a 2-D PCA of a seeded sample for plotting.
 */
import { createRng, fitClusters, pca2d, prepareFeatures, sampleIndices } from '../engine-api.ts';
import type { Handler } from '../host.ts';

/**
 * The PCA projection depends on the customers and the feature options, not on k: keep the
 * last one, so moving the k slider does not recompute it. Keyed by a cheap fingerprint.
 */
let lastPca: { key: string; pca: ReturnType<typeof pca2d> } | undefined;

function fingerprint(input: { recencyDays: Float64Array; frequency: Float64Array; monetary: Float64Array }, options: string): string {
  let a = 0,
    b = 0,
    c = 0;
  for (let i = 0; i < input.recencyDays.length; i++) {
    a += input.recencyDays[i]! * (1 + (i % 7));
    b += input.frequency[i]! * (1 + (i % 5));
    c += input.monetary[i]! * (1 + (i % 3));
  }
  return `${input.recencyDays.length}|${a}|${b}|${c}|${options}`;
}

export const clusterFit: Handler<'cluster/fit'> = (params, input, ctx) => {
  const fit = fitClusters(input, params, { signal: ctx.signal, onProgress: (f, m) => ctx.onProgress(f * 0.9, m) });
  const key = fingerprint(input, `${params.log1p}${params.standardize}`);
  if (lastPca?.key !== key) {
    // The same features the fit used; preparing them again is O(n), far below the fit.
    const prepared = prepareFeatures(input, { log1p: params.log1p, standardize: params.standardize });
    lastPca = { key, pca: pca2d(prepared.points, prepared.d) };
  }
  const pca = lastPca.pca;
  const plotIndex = sampleIndices(input.recencyDays.length, params.plotSample, createRng(params.seed + 2));
  const plotXY = new Float32Array(plotIndex.length * 2);
  for (let r = 0; r < plotIndex.length; r++) {
    plotXY[2 * r] = pca.coords[2 * plotIndex[r]!]!;
    plotXY[2 * r + 1] = pca.coords[2 * plotIndex[r]! + 1]!;
  }
  const profiles = fit.profiles.map((p) => ({
    cluster: p.cluster,
    name: p.name,
    size: p.size,
    share: p.share,
    revenue: p.revenue,
    revenueShare: p.revenueShare,
    recencyDays: p.recencyDays,
    frequency: p.frequency,
    monetary: p.monetary,
  }));
  return {
    result: { k: fit.k, labels: fit.labels, inertia: fit.inertia, profiles, plotIndex, plotXY, explained: pca.explainedVarianceRatio },
    transfer: [fit.labels.buffer, plotIndex.buffer, plotXY.buffer],
  };
};
