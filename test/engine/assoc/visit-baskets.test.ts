/**
 * Baskets by visit: data without invoice numbers (Kaggle's "Groceries dataset": member, date,
 * item) is grouped as its analysts group it, a customer's purchases on one day. Checked against
 * the grouping done here in plain JavaScript, on random files in that layout.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { basketKey, defaultAnalysis, loadAnalysisBaskets, openDataset, type SqlPort } from '../../../engine/src/index.ts';
import { openDb, textSource } from '../../helpers/engine.ts';

const ITEMS = ['whole milk', 'rolls/buns', 'soda', 'yogurt', 'other vegetables', 'sausage'];

/** The baskets as sorted "key: item|item" strings, from a loaded result. */
function loadedBaskets(l: Awaited<ReturnType<typeof loadAnalysisBaskets>>): string[] {
  const b = l.baskets;
  return l.basketKeys
    .map((key, r) => {
      const items = Array.from(b.items.subarray(b.basketOffsets[r]!, b.basketOffsets[r + 1]!), (i) => b.itemLabels[i]!);
      return `${key}: ${items.sort().join('|')}`;
    })
    .sort();
}

describe('baskets by visit', () => {
  let sql: SqlPort;
  beforeAll(async () => {
    sql = await openDb();
  });

  it('groups a customer’s purchases on one day, as grouped here (property)', async () => {
    const line = fc.record({
      member: fc.integer({ min: 1000, max: 1012 }),
      day: fc.integer({ min: 1, max: 6 }),
      hour: fc.integer({ min: 8, max: 20 }),
      item: fc.constantFrom(...ITEMS),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 12, maxLength: 60 }), async (lines) => {
        // Times within a day differ: a visit is the day, not the moment.
        const text = `Member_number,Date,itemDescription\n${lines.map((l) => `${l.member},0${l.day}-03-2015 ${l.hour}:00,${l.item}`).join('\n')}\n`;
        const ds = await openDataset(sql, [textSource('groceries-dataset.csv', text)]);
        const mapping = ds.canonical.mapping.mapping;
        expect(mapping).toMatchObject({ customer: 'Member_number', date: 'Date', description: 'itemDescription' });
        const b = defaultAnalysis().baskets;
        expect(basketKey(b, mapping)).toBe('visit');
        const expected = new Map<string, Set<string>>();
        for (const l of lines) {
          const key = `${l.member} 2015-03-0${l.day}`;
          expected.set(key, (expected.get(key) ?? new Set()).add(l.item));
        }
        const want = [...expected].map(([k, items]) => `${k}: ${[...items].sort().join('|')}`).sort();
        expect(loadedBaskets(await loadAnalysisBaskets(sql, b, mapping))).toEqual(want);
      }),
      { numRuns: 8 },
    );
  });

  it('keeps invoices when there are invoices, and visits on request', async () => {
    const text = 'Invoice,Member,Date,Item\nA1,7,2015-03-01,soda\nA2,7,2015-03-01,yogurt\nA3,8,2015-03-02,soda\n';
    const ds = await openDataset(sql, [textSource('orders.csv', text)]);
    const mapping = ds.canonical.mapping.mapping;
    const b = defaultAnalysis().baskets;
    expect(basketKey(b, mapping)).toBe('invoice');
    expect(loadedBaskets(await loadAnalysisBaskets(sql, b, mapping))).toEqual(['A1: soda', 'A2: yogurt', 'A3: soda']);
    expect(loadedBaskets(await loadAnalysisBaskets(sql, { ...b, by: 'visit' }, mapping))).toEqual(['7 2015-03-01: soda|yogurt', '8 2015-03-02: soda']);
  });
});
