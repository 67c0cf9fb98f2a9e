import { describe, expect, it } from 'vitest';
import {
  RECOMMENDATION_COLUMNS,
  basketsFromStrings,
  customerHistories,
  mineAssociationRules,
  nextBestProducts,
  recommendProducts,
  recommendationsCsv,
  ruleAntecedent,
  segmentLookup,
  splitRecord,
} from '../../../engine/src/index.ts';

/** Six invoices of four customers; bread and butter go together, jam follows both. */
const lines: [string, string, string][] = [
  // invoice, customer, sku
  ['1', 'ann', 'BREAD'],
  ['1', 'ann', 'BUTTER'],
  ['1', 'ann', 'JAM'],
  ['2', 'bob', 'BREAD'],
  ['2', 'bob', 'BUTTER'],
  ['3', 'cy', 'BREAD'],
  ['4', 'cy', 'TEA'],
  ['4', 'cy', 'MILK'],
  ['5', 'dee', 'BUTTER'],
  ['5', 'dee', 'JAM'],
  ['5', 'dee', 'BREAD'],
  ['6', 'dee', 'TEA'],
  ['6', 'dee', 'MILK'],
];
const names: Record<string, string> = { BREAD: 'White bread', BUTTER: 'Butter, salted', JAM: '=Jam', TEA: 'Tea', MILK: 'Milk' };

function setUp() {
  const baskets = basketsFromStrings(
    lines.map((l) => l[0]),
    lines.map((l) => l[2]),
  );
  const customerOfInvoice = new Map(lines.map((l) => [l[0], l[1]]));
  const basketCustomers = baskets.basketLabels.map((invoice) => customerOfInvoice.get(invoice)!);
  const { rules } = mineAssociationRules(baskets, { minSupport: { count: 1 }, minConfidence: 0.3 });
  const recs = recommendProducts(rules, customerHistories(baskets, basketCustomers), baskets.itemLabels, { topN: 2 });
  const itemNames = baskets.itemLabels.map((code) => names[code]!);
  return { baskets, rules, recs, itemNames };
}

const parse = (csv: string) =>
  csv
    .trimEnd()
    .split('\n')
    .map((row) => splitRecord(row, ','));

describe('recommendations.csv', () => {
  it('writes one row per recommendation with the rule as evidence', () => {
    const { baskets, rules, recs, itemNames } = setUp();
    const segmentOf = new Map([
      ['ann', 'Champions'],
      ['bob', 'Loyal'],
      ['cy', 'Loyal'],
      ['dee', 'Champions'],
    ]);
    const rows = parse(recommendationsCsv({ recommendations: recs, rules, itemLabels: baskets.itemLabels, itemNames, segmentOf }));
    expect(rows[0]).toEqual([...RECOMMENDATION_COLUMNS]);
    expect(rows.length - 1).toBe(recs.product.length);
    expect(rows.length - 1).toBeGreaterThanOrEqual(3);
    let k = 0;
    recs.customerIds.forEach((id, c) => {
      for (let p = recs.offsets[c]!; p < recs.offsets[c + 1]!; p++, k++) {
        const r = recs.rule[p]!;
        const ante = Array.from(ruleAntecedent(rules, r));
        const code = baskets.itemLabels[recs.product[p]!]!;
        // Formula-looking names are neutralised with an apostrophe.
        const shownName = names[code]!.startsWith('=') ? `'${names[code]}` : names[code];
        expect(rows[k + 1]).toEqual([
          id,
          segmentOf.get(id),
          String(p - recs.offsets[c]! + 1),
          code,
          shownName,
          ante.map((i) => baskets.itemLabels[i]).join(' | '),
          ante.map((i) => itemNames[i]!.replace(/^=/, "'=")).join(' | '),
          String(rules.support[r]),
          String(rules.confidence[r]),
          String(rules.lift[r]),
          String(rules.confidence[r]! * rules.lift[r]!),
        ]);
      }
    });
  });

  it('filters by segment and replaces ids when asked', () => {
    const { baskets, rules, recs } = setUp();
    const segmentOf = segmentLookup(['ann', 'bob', 'cy', 'dee'], { codes: Int32Array.from([0, 1, 1, 0]), names: ['Champions', 'Loyal'] });
    const rows = parse(
      recommendationsCsv({
        recommendations: recs,
        rules,
        itemLabels: baskets.itemLabels,
        segmentOf,
        segments: ['Loyal'],
        customerId: (id) => `x-${id}`,
      }),
    ).slice(1);
    const loyal = recs.customerIds.filter((id) => segmentOf.get(id) === 'Loyal');
    const expected = loyal.reduce((n, id) => {
      const c = recs.customerIds.indexOf(id);
      return n + recs.offsets[c + 1]! - recs.offsets[c]!;
    }, 0);
    expect(expected).toBeGreaterThan(0);
    expect(rows).toHaveLength(expected);
    for (const row of rows) {
      expect(row[1]).toBe('Loyal');
      expect(loyal.map((id) => `x-${id}`)).toContain(row[0]);
      // Without names, the product name column repeats the code.
      expect(row[4]).toBe(row[3]);
    }
  });

  it("names each customer's first recommendation as the next-best product", () => {
    const { baskets, recs } = setUp();
    const names = baskets.itemLabels.map((l) => `name of ${l}`);
    const next = nextBestProducts(recs, { labels: baskets.itemLabels, names });
    recs.customerIds.forEach((id, c) => {
      const k = recs.product[recs.offsets[c]!]!;
      if (recs.offsets[c + 1]! > recs.offsets[c]!) expect(next.get(id)).toEqual({ code: baskets.itemLabels[k], name: names[k] });
      else expect(next.has(id)).toBe(false);
    });
    // bob bought bread and butter; jam followed them in both other such baskets.
    expect(next.get('bob')).toEqual({ code: 'JAM', name: 'name of JAM' });
  });
});
