import { describe, expect, it } from 'vitest';
import { crosstab, elbow, kmeans, permuteCentroids, prepareFeatures, profileClusters, suggestK } from '../../../engine/src/cluster/index.ts';
import type { RfmColumns } from '../../../engine/src/cluster/index.ts';
import { createRng } from '../../../engine/src/util/rng.ts';
import { syntheticRfm } from './synthetic.ts';

/** Three obvious groups: champions, lapsed one-off bargain hunters, and a middle. */
function threeGroups(): { rfm: RfmColumns; truth: Int32Array } {
  const rng = createRng(4);
  const r: number[] = [];
  const f: number[] = [];
  const m: number[] = [];
  const truth: number[] = [];
  for (let i = 0; i < 900; i++) {
    const g = i % 3;
    truth.push(g);
    if (g === 0) r.push(2 + rng.next() * 10), f.push(20 + Math.floor(rng.next() * 10)), m.push(3000 + rng.next() * 2000);
    else if (g === 1) r.push(300 + rng.next() * 60), f.push(1), m.push(5 + rng.next() * 20);
    else r.push(60 + rng.next() * 30), f.push(3 + Math.floor(rng.next() * 3)), m.push(200 + rng.next() * 100);
  }
  return { rfm: { recencyDays: Float64Array.from(r), frequency: Float64Array.from(f), monetary: Float64Array.from(m) }, truth: Int32Array.from(truth) };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const h = (s.length - 1) / 2;
  return (s[Math.floor(h)]! + s[Math.ceil(h)]!) / 2;
}

describe('profileClusters', () => {
  it('orders by value, names an obvious top cluster "Recent frequent high spenders"', () => {
    const { rfm, truth } = threeGroups();
    // Deliberately scrambled label numbering: the champions are label 2.
    const labels = truth.map((g) => [2, 0, 1][g]!);
    const p = profileClusters(labels, 3, rfm);
    expect(p.profiles.map((c) => c.name)).toEqual(['Recent frequent high spenders', 'Fading occasional mid spenders', 'Lapsed one-off low spenders']);
    expect(p.profiles[0]!.sourceCluster).toBe(2);
    expect(Array.from(p.relabel)).toEqual([2, 1, 0]);
    for (let i = 0; i < labels.length; i++) expect(p.labels[i]).toBe(p.relabel[labels[i]!]);
    for (let i = 1; i < 3; i++) expect(p.profiles[i]!.monetary.mean).toBeLessThan(p.profiles[i - 1]!.monetary.mean);
  });

  it('sizes sum to n, shares to 1, and statistics match a naive computation', () => {
    const rfm = syntheticRfm(3000, 8);
    const prepared = prepareFeatures(rfm);
    const fit = kmeans(prepared.points, 3, { k: 5, seed: 2 });
    const p = profileClusters(fit.labels, 5, rfm);
    expect(p.profiles.reduce((a, c) => a + c.size, 0)).toBe(3000);
    expect(p.profiles.reduce((a, c) => a + c.share, 0)).toBeCloseTo(1, 12);
    expect(p.profiles.reduce((a, c) => a + c.revenueShare, 0)).toBeCloseTo(1, 12);
    expect(new Set(p.profiles.map((c) => c.name)).size).toBe(5);
    for (const c of p.profiles) {
      const rows = [...p.labels.keys()].filter((i) => p.labels[i] === c.cluster);
      expect(c.size).toBe(rows.length);
      const mon = rows.map((i) => rfm.monetary[i]!);
      const rec = rows.map((i) => rfm.recencyDays[i]!);
      expect(c.monetary.mean).toBeCloseTo(mon.reduce((a, b) => a + b) / mon.length, 8);
      expect(c.monetary.median).toBe(median(mon));
      expect(c.recencyDays.median).toBe(median(rec));
      expect(c.revenue).toBeCloseTo(
        mon.reduce((a, b) => a + b),
        6,
      );
    }
    expect(p.overall.frequency.median).toBe(median(Array.from(rfm.frequency)));
  });

  it('makes duplicate names unique, most valuable first, and puts empty clusters last', () => {
    // Two equally champion-like clusters (0 and 1) and six lapsed one-off customers (3).
    const rfm = {
      recencyDays: Float64Array.from([1, 1, 1, 1, 300, 350, 400, 450, 500, 550]),
      frequency: Float64Array.from([9, 9, 9, 9, 1, 1, 1, 1, 1, 1]),
      monetary: Float64Array.from([900, 905, 910, 915, 1, 2, 3, 4, 5, 6]),
    };
    const labels = Int32Array.from([0, 1, 0, 1, 3, 3, 3, 3, 3, 3]);
    const p = profileClusters(labels, 4, rfm);
    expect(p.profiles.map((c) => c.name)).toEqual([
      'Recent frequent high spenders #1',
      'Recent frequent high spenders #2',
      'Lapsed one-off low spenders',
      'Empty cluster',
    ]);
    expect(p.profiles[0]!.sourceCluster).toBe(1);
    expect(p.profiles[3]).toMatchObject({ size: 0, sourceCluster: 2, traits: undefined });
    expect(p.profiles[3]!.monetary.mean).toBeNaN();
  });

  it('calls a cluster above the 0.9 quantile of spend "top spenders"', () => {
    const rfm = {
      recencyDays: Float64Array.from([1, 1, 1, 1, 300, 350, 400, 450, 500, 550]),
      frequency: Float64Array.from([9, 9, 9, 9, 1, 1, 1, 1, 1, 1]),
      monetary: Float64Array.from([900, 1000, 910, 1010, 1, 2, 3, 4, 5, 6]),
    };
    const p = profileClusters(Int32Array.from([0, 1, 0, 1, 2, 2, 2, 2, 2, 2]), 3, rfm);
    expect(p.profiles.map((c) => c.name)).toEqual(['Recent frequent top spenders', 'Recent frequent high spenders', 'Lapsed one-off low spenders']);
  });

  it('permuteCentroids follows the relabelling', () => {
    const centroids = Float64Array.from([0, 0, 1, 1, 2, 2]);
    expect(Array.from(permuteCentroids(centroids, 2, Int32Array.from([2, 0, 1])))).toEqual([1, 1, 2, 2, 0, 0]);
  });

  it('runs end to end: features → elbow → k → profiles', () => {
    const { rfm } = threeGroups();
    const prepared = prepareFeatures(rfm);
    const k = suggestK(elbow(prepared.points, 3, { kMax: 6, seed: 1 }));
    expect(k).toBe(3);
    const fit = kmeans(prepared.points, 3, { k, seed: 1 });
    const p = profileClusters(fit.labels, k, rfm);
    expect(p.profiles[0]!.name).toBe('Recent frequent high spenders');
    expect(p.profiles[0]!.size).toBe(300);
  });
});

describe('crosstab', () => {
  it('counts customers per cluster and segment', () => {
    const clusters = Int32Array.from([0, 0, 1, 1, 1, 2]);
    const segments = Int32Array.from([1, 0, 1, 1, 2, 0]);
    const t = crosstab(clusters, 3, segments, ['Champions', 'At risk', 'Lost']);
    expect(Array.from(t.counts)).toEqual([1, 1, 0, 0, 2, 1, 1, 0, 0]);
    expect(Array.from(t.clusterTotals)).toEqual([2, 3, 1]);
    expect(Array.from(t.segmentTotals)).toEqual([2, 3, 1]);
    expect(t.total).toBe(6);
    expect(t.segments).toEqual(['Champions', 'At risk', 'Lost']);
  });

  it('rejects misaligned inputs and unknown codes', () => {
    expect(() => crosstab(Int32Array.from([0]), 1, Int32Array.from([0, 0]), ['a'])).toThrow(/segment codes/);
    expect(() => crosstab(Int32Array.from([0]), 1, Int32Array.from([1]), ['a'])).toThrow(/outside/);
    expect(() => crosstab(Int32Array.from([2]), 2, Int32Array.from([0]), ['a'])).toThrow(/outside/);
  });
});
