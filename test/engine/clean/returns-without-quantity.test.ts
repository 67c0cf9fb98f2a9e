import { describe, expect, it } from 'vitest';
import { defaultAnalysis, loadData, recleanDataset, scoreCustomers } from '../../../engine/src/index.ts';
import { openDb, textSource } from '../../helpers/engine.ts';

/**
 * An export without quantities (a row per payment or per order, its total only) writes a refund
 * as a row of negative amount: a return, dropped by default or netted, never a purchase that
 * moves a customer's last visit and adds to their frequency.
 */

// order, customer, day of May 2024, total
const ROWS: [string, string, number, number][] = [
  ['P1', 'A', 1, 50],
  ['P2', 'A', 5, -50], // A's refund, four days later
  ['P3', 'B', 2, 20],
  ['P4', 'B', 3, 30],
  ['P5', 'C', 4, -10], // a refund of a payment before the export's period
  ['P6', 'D', 6, 15],
];
const CSV = `Order,Customer,Date,Total\n${ROWS.map(([o, c, d, t]) => `${o},${c},2024-05-${String(d).padStart(2, '0')},${t.toFixed(2)}`).join('\n')}\n`;

/** Per customer, from the rows above: the kept lines' last day, their orders and their total. */
function rfm(keep: (total: number) => boolean) {
  const by = new Map<string, { last: number; orders: number; total: number }>();
  for (const [, c, d, t] of ROWS.filter(([, , , t]) => keep(t))) {
    const e = by.get(c) ?? { last: 0, orders: 0, total: 0 };
    by.set(c, { last: Math.max(e.last, d), orders: e.orders + 1, total: e.total + t });
  }
  return [...by].sort(([a], [b]) => (a < b ? -1 : 1));
}

describe('refunds in an export without quantities', () => {
  it('are returns: dropped by default, so a refund is neither a purchase nor a last visit; netted when asked', async () => {
    const sql = await openDb();
    const a = defaultAnalysis();
    const ds = await loadData(sql, [textSource('payments.csv', CSV)], a, { today: null });
    expect(ds.canonical.mapping.mapping).toMatchObject({ invoice: 'Order', customer: 'Customer', line_total: 'Total' });
    expect(ds.canonical.mapping.mapping.quantity).toBeUndefined();
    expect(ds.report.removed.return).toBe(ROWS.filter(([, , , t]) => t < 0).length);
    expect(ds.report.examples.return?.[0]).toMatchObject({ invoice: 'P2', quantity: null, amount: -50 });
    expect(ds.report.revenue).toBe(ROWS.filter(([, , , t]) => t > 0).reduce((s, [, , , t]) => s + t, 0));
    const sales = rfm((t) => t > 0);
    const scored = await scoreCustomers(sql, a);
    expect(scored.rfm.customerIds).toEqual(sales.map(([c]) => c));
    expect([...scored.rfm.frequency]).toEqual(sales.map(([, e]) => e.orders));
    expect([...scored.rfm.monetary]).toEqual(sales.map(([, e]) => e.total));
    // Recency from the last sale: A's is May 1st, not the refund's May 5th (snapshot: the day after the last line kept).
    const snapshot = Math.max(...sales.map(([, e]) => e.last)) + 1;
    expect([...scored.rfm.recencyDays]).toEqual(sales.map(([, e]) => snapshot - e.last));

    // Netted: A's refund comes off A's purchase; C, who only refunded, is left out as returns only.
    const netted = await recleanDataset(sql, ds, { ...ds.cleaning, returns: 'net' });
    // Netted returns are counted among the lines kept: A's; C's goes with C.
    expect(netted.report.netted.return).toBe(1);
    expect(netted.report.returnsOnly).toMatchObject({ customers: 1, lines: 1, net: -10 });
    const net = await scoreCustomers(sql, a);
    const all = rfm(() => true).filter(([c]) => c !== 'C');
    expect(net.rfm.customerIds).toEqual(all.map(([c]) => c));
    expect([...net.rfm.monetary]).toEqual(all.map(([, e]) => e.total));
  });
});
