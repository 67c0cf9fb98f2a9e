/**
 * Seeded synthetic market baskets for tests and benchmarks: Zipf-like item popularity,
 * geometric basket sizes, planted co-purchase pairs and bundles, and optionally a few
 * enormous baskets. Pure and deterministic: the same options give the same baskets on every
 * host (randomness only from the seeded `createRng`).
 */
import { buildBaskets, type Baskets } from '../assoc/baskets.ts';
import { EngineError } from '../errors.ts';
import { createRng } from '../util/rng.ts';
import { IntBuffer } from '../util/int-buffer.ts';

export interface SyntheticBasketOptions {
  nBaskets: number;
  nItems: number;
  /** Mean number of draws per basket (geometric, capped at 200); planted mates and bundles come on top. */
  meanBasketSize: number;
  /** Zipf exponent of item popularity (default 1). */
  zipf?: number;
  /** Popularity of item i is 1 / (i + zipfOffset)^zipf (default 30: top item in ~13% of baskets at 4k items). */
  zipfOffset?: number;
  /** Planted pairs (a, b): when a is bought, b is added with probability 0.6. */
  plantedPairs?: number;
  /** Planted bundles of 3-5 items (among the first 400), each bought whole by ~0.5% of baskets. */
  plantedBundles?: number;
  /** Baskets of `hugeSize` consecutive distinct items appended at the end (codes nBaskets, nBaskets + 1, ...). */
  hugeBaskets?: number;
  /** Items in each enormous basket (default 2,000; at most nItems). */
  hugeSize?: number;
  /** Seed of the generator (default 1). */
  seed?: number;
}

/** Line-level (basket, item) pairs, before grouping; an item may repeat within a basket. */
export interface SyntheticBasketLines {
  basketIds: Int32Array;
  itemCodes: Int32Array;
  nItems: number;
  itemLabels: string[];
}

function checkCount(value: number, min: number, what: string): void {
  if (!Number.isInteger(value) || value < min) {
    throw new EngineError('invalid_argument', `${what} must be an integer >= ${min}, got ${value}`);
  }
}

/**
 * Generates synthetic basket lines: `nBaskets` ordinary baskets (basket codes 0..nBaskets-1,
 * in order) followed by `hugeBaskets` enormous ones.
 * @throws EngineError('invalid_argument') for non-integer or out-of-range counts.
 */
export function syntheticBasketLines(o: SyntheticBasketOptions): SyntheticBasketLines {
  checkCount(o.nBaskets, 0, 'nBaskets');
  checkCount(o.nItems, 1, 'nItems');
  checkCount(o.plantedPairs ?? 0, 0, 'plantedPairs');
  checkCount(o.plantedBundles ?? 0, 0, 'plantedBundles');
  checkCount(o.hugeBaskets ?? 0, 0, 'hugeBaskets');
  checkCount(o.hugeSize ?? 2000, 1, 'hugeSize');
  if (!(o.meanBasketSize >= 1)) throw new EngineError('invalid_argument', `meanBasketSize must be >= 1, got ${o.meanBasketSize}`);
  const rng = createRng(o.seed ?? 1);
  const nItems = o.nItems;
  const cumulative = new Float64Array(nItems);
  let acc = 0;
  for (let i = 0; i < nItems; i++) {
    acc += 1 / (i + (o.zipfOffset ?? 30)) ** (o.zipf ?? 1);
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
  const ids = new IntBuffer();
  const codes = new IntBuffer();
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
  return { basketIds: ids.toInt32Array(), itemCodes: codes.toInt32Array(), nItems, itemLabels };
}

/**
 * `syntheticBasketLines` grouped into baskets (items de-duplicated and sorted within each).
 * @throws EngineError('invalid_argument') for invalid options.
 */
export function syntheticBaskets(o: SyntheticBasketOptions): Baskets {
  const lines = syntheticBasketLines(o);
  return buildBaskets(lines.basketIds, lines.itemCodes, lines.nItems, lines.itemLabels);
}
