/**
 * Manual timing of the elbow (not a test): `npx tsx test/engine/cluster/bench-elbow.manual.ts`.
 * Reports the best of several runs, since this machine is shared.
 */
import { elbow, prepareFeatures, silhouette, kmeans } from '../../../engine/src/cluster/index.ts';
import { syntheticRfm } from './synthetic.ts';

const n = Number(process.argv[2] ?? 100_000);
const reps = Number(process.argv[3] ?? 7);
const features = prepareFeatures(syntheticRfm(n, 1));

function best(label: string, run: () => unknown): void {
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    run();
    times.push(performance.now() - t);
  }
  console.log(`${label}: best ${Math.min(...times).toFixed(1)} ms, median ${times.sort((a, b) => a - b)[times.length >> 1]!.toFixed(1)} ms`);
}

best(`elbow k=2..10, n=${n}, one k-means++ start per k, no silhouette`, () =>
  elbow(features.points, 3, { kMin: 2, kMax: 10, nInit: 1, seed: 42, silhouette: false }),
);
const fit = kmeans(features.points, 3, { k: 6, seed: 1 });
best('one silhouette, 20,000-point sample', () => silhouette(features.points, 3, fit.labels, 6, { seed: 7 }));
best(`elbow k=2..10 with silhouettes (20k sample)`, () => elbow(features.points, 3, { seed: 42 }));
const r = elbow(features.points, 3, { seed: 42 });
console.log(r.entries.map((e) => `k=${e.k} inertia=${e.inertia.toFixed(0)} sil=${e.silhouette.toFixed(4)} it=${e.iterations}`).join('\n'));
