import { describe, expect, it } from 'vitest';
import { EngineError } from '../../../engine/src/errors.ts';
import {
  basketCount,
  basketsFromStrings,
  buildBaskets,
  mineFrequentItemsets,
  selectBasketsByIndex,
  selectBasketsByMask,
  type Baskets,
} from '../../../engine/src/assoc/index.ts';
import { itemsetMap } from './brute-force.ts';

function rows(b: Baskets): number[][] {
  const out: number[][] = [];
  for (let r = 0; r < basketCount(b); r++) out.push(Array.from(b.items.subarray(b.basketOffsets[r]!, b.basketOffsets[r + 1]!)));
  return out;
}

const labels = ['a', 'b', 'c', 'd'];

describe('buildBaskets', () => {
  it('groups unsorted lines, sorts and de-duplicates items, orders rows by basket code', () => {
    const b = buildBaskets([7, 2, 7, 2, 7, 5, 2], [3, 1, 0, 1, 3, 2, 0], 4, labels);
    expect(rows(b)).toEqual([[0, 1], [2], [0, 3]]);
    expect(Array.from(b.basketIds)).toEqual([2, 5, 7]);
    expect(Array.from(b.basketOffsets)).toEqual([0, 2, 3, 5]);
    expect(b.itemLabels).toEqual(labels);
  });

  it('drops baskets with fewer than 2 distinct items on request', () => {
    const b = buildBaskets([7, 2, 7, 2, 7, 5, 5], [3, 1, 0, 1, 3, 2, 2], 4, labels, { minItemsPerBasket: 2 });
    expect(rows(b)).toEqual([[0, 3]]);
    expect(Array.from(b.basketIds)).toEqual([7]);
  });

  it('handles sparse basket codes (raw invoice numbers)', () => {
    const b = buildBaskets([2_000_000_000, 5, 2_000_000_000, 123_456_789], [1, 2, 0, 3], 4, labels);
    expect(rows(b)).toEqual([[2], [3], [0, 1]]);
    expect(Array.from(b.basketIds)).toEqual([5, 123_456_789, 2_000_000_000]);
  });

  it('handles no lines at all', () => {
    const b = buildBaskets([], [], 0, []);
    expect(basketCount(b)).toBe(0);
    const sets = mineFrequentItemsets(b, { minSupport: 0.5 });
    expect(sets.nItemsets).toBe(0);
  });

  it('rejects inconsistent input', () => {
    expect(() => buildBaskets([1, 2], [0], 4, labels)).toThrow(EngineError);
    expect(() => buildBaskets([1], [4], 4, labels)).toThrow(/item code/);
    expect(() => buildBaskets([1], [0.5], 4, labels)).toThrow(/item code/);
    expect(() => buildBaskets([-1], [0], 4, labels)).toThrow(/basket code/);
    expect(() => buildBaskets([1], [0], 4, ['a'])).toThrow(/itemLabels/);
  });
});

describe('basketsFromStrings', () => {
  it('codes baskets and items by first appearance and keeps labels verbatim', () => {
    const b = basketsFromStrings(['t2', 't1', 't2', 't1', 't2'], ['milk ', 'bread', 'bread', 'milk', 'milk ']);
    expect(b.itemLabels).toEqual(['milk ', 'bread', 'milk']);
    expect(b.basketLabels).toEqual(['t2', 't1']);
    expect(rows(b)).toEqual([
      [0, 1],
      [1, 2],
    ]);
    expect(Array.from(b.basketIds)).toEqual([0, 1]);
  });
});

describe('basket selection', () => {
  const b = buildBaskets([0, 0, 1, 1, 1, 2, 3, 3], [0, 1, 0, 1, 2, 3, 1, 2], 4, labels);

  it('selects by mask, keeping codes and labels', () => {
    const s = selectBasketsByMask(b, Uint8Array.from([1, 0, 1, 1]));
    expect(rows(s)).toEqual([[0, 1], [3], [1, 2]]);
    expect(Array.from(s.basketIds)).toEqual([0, 2, 3]);
    expect(s.nItems).toBe(4);
    expect(s.itemLabels).toBe(b.itemLabels);
  });

  it('selects by index in the order given', () => {
    const s = selectBasketsByIndex(b, [3, 0]);
    expect(rows(s)).toEqual([
      [1, 2],
      [0, 1],
    ]);
    expect(Array.from(s.basketIds)).toEqual([3, 0]);
  });

  it('mines a segment exactly like baskets built from that segment alone', () => {
    const seg = selectBasketsByMask(b, Uint8Array.from([1, 1, 0, 1]));
    const alone = buildBaskets([0, 0, 1, 1, 1, 3, 3], [0, 1, 0, 1, 2, 1, 2], 4, labels);
    const opts = { minSupport: 0.5 };
    expect(itemsetMap(mineFrequentItemsets(seg, opts))).toEqual(itemsetMap(mineFrequentItemsets(alone, opts)));
    expect(mineFrequentItemsets(seg, opts).nBaskets).toBe(3);
  });

  it('rejects bad selections', () => {
    expect(() => selectBasketsByMask(b, new Uint8Array(3))).toThrow(/mask/);
    expect(() => selectBasketsByIndex(b, [4])).toThrow(/outside/);
    expect(() => selectBasketsByIndex(b, [1, 1])).toThrow(/twice/);
  });
});
