/**
 * Sub-populations of baskets (a segment, a cluster) as new CSR tables, so the same miners
 * answer "what do Champions buy together". Supports mined on the result are relative to
 * the selected baskets only.
 */
import { EngineError } from '../errors.ts';
import { basketCount, type Baskets } from './baskets.ts';

function gather(baskets: Baskets, rows: Int32Array): Baskets {
  const src = baskets.basketOffsets;
  let total = 0;
  for (let k = 0; k < rows.length; k++) {
    const b = rows[k]!;
    total += src[b + 1]! - src[b]!;
  }
  const offsets = new Int32Array(rows.length + 1);
  const items = new Int32Array(total);
  const ids = new Int32Array(rows.length);
  let w = 0;
  for (let k = 0; k < rows.length; k++) {
    const b = rows[k]!;
    items.set(baskets.items.subarray(src[b]!, src[b + 1]!), w);
    w += src[b + 1]! - src[b]!;
    offsets[k + 1] = w;
    ids[k] = baskets.basketIds[b]!;
  }
  return { basketOffsets: offsets, items, nItems: baskets.nItems, itemLabels: baskets.itemLabels, basketIds: ids };
}

/**
 * Keeps the baskets whose mask byte is non-zero (`mask.length` must equal the number of
 * baskets), in their original order. Item codes and labels are unchanged. O(nBaskets +
 * kept items) time and memory. Deterministic.
 */
export function selectBasketsByMask(baskets: Baskets, mask: Uint8Array): Baskets {
  const n = basketCount(baskets);
  if (mask.length !== n) throw new EngineError('shape_mismatch', `mask has ${mask.length} entries but there are ${n} baskets`);
  let kept = 0;
  for (let b = 0; b < n; b++) if (mask[b] !== 0) kept++;
  const rows = new Int32Array(kept);
  let k = 0;
  for (let b = 0; b < n; b++) if (mask[b] !== 0) rows[k++] = b;
  return gather(baskets, rows);
}

/**
 * Keeps the baskets at the given row indices, in the order given. Indices must be distinct
 * integers in [0, nBaskets) (a repeated basket would silently inflate supports).
 * O(nBaskets + indices + kept items). Deterministic.
 */
export function selectBasketsByIndex(baskets: Baskets, indices: ArrayLike<number>): Baskets {
  const n = basketCount(baskets);
  const seen = new Uint8Array(n);
  const rows = new Int32Array(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const b = indices[k]!;
    if (!Number.isInteger(b) || b < 0 || b >= n) {
      throw new EngineError('invalid_argument', `basket index ${b} is outside [0, ${n})`);
    }
    if (seen[b] !== 0) throw new EngineError('invalid_argument', `basket index ${b} is selected twice`);
    seen[b] = 1;
    rows[k] = b;
  }
  return gather(baskets, rows);
}
