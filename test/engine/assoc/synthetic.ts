/**
 * Seeded synthetic retail baskets for tests and hand benchmarks: Zipf-like item popularity,
 * geometric basket sizes, planted co-purchase pairs and bundles, optional enormous baskets.
 */
import { createRng } from '../../../engine/src/util/rng.ts';
import { buildBaskets, type Baskets } from '../../../engine/src/assoc/baskets.ts';

export interface SyntheticOptions {
  nBaskets: number;
  nItems: number;
  meanBasketSize: number;
  /** Zipf exponent of item popularity (default 1). */
  zipf?: number;
  /** Popularity of item i is 1 / (i + zipfOffset)^zipf (default 30: top item in ~13% of baskets). */
  zipfOffset?: number;
  /** Planted pairs (a, b): when a is bought, b is added with probability 0.6. */
  plantedPairs?: number;
  /** Planted bundles of 3-5 items, each bought whole by ~0.5% of baskets. */
  plantedBundles?: number;
  /** Baskets of `hugeSize` distinct items appended at the end. */
  hugeBaskets?: number;
  hugeSize?: number;
  seed?: number;
}

export interface SyntheticLines {
  basketIds: Int32Array;
  itemCodes: Int32Array;
  nItems: number;
  itemLabels: string[];
}

/** Line-level (basket, item) pairs, shuffled across baskets only by construction order. */
export function syntheticLines(o: SyntheticOptions): SyntheticLines {
  const rng = createRng(o.seed ?? 1);
  const nItems = o.nItems;
  const cumulative = new Float64Array(nItems);
  let acc = 0;
  for (let i = 0; i < nItems; i++) {
    acc += 1 / Math.pow(i + (o.zipfOffset ?? 30), o.zipf ?? 1);
    cumulative[i] = acc;
  }
  const drawItem = (): number => {
    const x = rng.next() * acc;
    let lo = 0;
    let hi = nItems - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const partner = new Int32Array(nItems).fill(-1);
  for (let p = 0; p < (o.plantedPairs ?? 0); p++) partner[drawItem()] = Math.floor(rng.next() * nItems);
  const bundles: number[][] = [];
  for (let k = 0; k < (o.plantedBundles ?? 0); k++) {
    const size = 3 + Math.floor(rng.next() * 3);
    bundles.push(Array.from({ length: size }, () => Math.floor(rng.next() * Math.min(nItems, 400))));
  }
  const ids: number[] = [];
  const codes: number[] = [];
  const pGeom = 1 / o.meanBasketSize;
  for (let b = 0; b < o.nBaskets; b++) {
    let size = 1;
    while (rng.next() > pGeom && size < 200) size++;
    for (let s = 0; s < size; s++) {
      const item = drawItem();
      ids.push(b);
      codes.push(item);
      const mate = partner[item]!;
      if (mate >= 0 && rng.next() < 0.6) {
        ids.push(b);
        codes.push(mate);
      }
    }
    if (bundles.length > 0 && rng.next() < 0.005 * bundles.length) {
      for (const item of bundles[Math.floor(rng.next() * bundles.length)]!) {
        ids.push(b);
        codes.push(item);
      }
    }
  }
  for (let h = 0; h < (o.hugeBaskets ?? 0); h++) {
    const b = o.nBaskets + h;
    const size = Math.min(o.hugeSize ?? 2000, nItems);
    const start = Math.floor(rng.next() * nItems);
    for (let s = 0; s < size; s++) {
      ids.push(b);
      codes.push((start + s) % nItems);
    }
  }
  const itemLabels = Array.from({ length: nItems }, (_, i) => `item ${i}`);
  return { basketIds: Int32Array.from(ids), itemCodes: Int32Array.from(codes), nItems, itemLabels };
}

/** `syntheticLines` grouped into baskets. */
export function syntheticBaskets(o: SyntheticOptions): Baskets {
  const lines = syntheticLines(o);
  return buildBaskets(lines.basketIds, lines.itemCodes, lines.nItems, lines.itemLabels);
}
