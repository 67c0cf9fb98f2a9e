/**
 * A file whose customer column holds one value on every line (a shop's own phone number, a
 * customer type) scores one customer: segments say so once, naming the value and its orders,
 * instead of listing every segment it leaves empty. Two customers or more: the usual remarks.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultAnalysis, loadData, scoreCustomers, type SqlPort } from '../../../engine/src/index.ts';
import { openDb, textSource } from '../../helpers/engine.ts';

let sql: SqlPort;
beforeAll(async () => {
  sql = await openDb();
});

/** Orders on days of March 2024, the customer of each given by `customer(i)`. */
function shop(orders: number, customer: (i: number) => string): string {
  const rows = Array.from(
    { length: orders },
    (_, i) => `${1000 + i},2024-03-${String(1 + (i % 28)).padStart(2, '0')},${customer(i)},Item${i % 5},1,${2.5 + (i % 3)}`,
  );
  return `Order,Date,Customer,Product,Qty,Price\n${rows.join('\n')}\n`;
}

describe('one customer in the whole file', () => {
  it('is said once, with its value and orders, in place of the empty segments', async () => {
    const a = defaultAnalysis();
    await loadData(
      sql,
      [
        textSource(
          'shop.csv',
          shop(60, () => '5511999999999'),
        ),
      ],
      a,
      { today: null },
    );
    const scored = await scoreCustomers(sql, a);
    expect(scored.rfm.customerIds).toEqual(['5511999999999']);
    expect(scored.segments.warnings).toHaveLength(1);
    expect(scored.segments.warnings[0]).toMatch(/^every kept line is one customer's \("5511999999999", 60 orders\)/);
    expect(scored.segments.warnings[0]).toContain('--map customer=COLUMN');
    // The segments themselves are as computed: the one customer in one segment.
    expect(scored.summary.reduce((n, s) => n + s.customers, 0)).toBe(1);
  });

  it('leaves two customers with the usual remarks', async () => {
    const a = defaultAnalysis();
    await loadData(
      sql,
      [
        textSource(
          'shop.csv',
          shop(60, (i) => (i % 2 ? 'A' : 'B')),
        ),
      ],
      a,
      { today: null },
    );
    const scored = await scoreCustomers(sql, a);
    expect(scored.rfm.customerIds).toHaveLength(2);
    expect(scored.segments.warnings.length).toBeGreaterThan(0);
    expect(scored.segments.warnings.some((w) => w.includes('one customer'))).toBe(false);
    expect(scored.segments.warnings.every((w) => w.startsWith('no customer falls into'))).toBe(true);
  });
});
