import { describe, expect, it } from 'vitest';
import {
  computeOverview,
  computeRfm,
  defaultCleaningOptions,
  kpiChangeText,
  NO_PREVIOUS_PERIOD,
  openDataset,
  shownKpis,
  tableRows,
  type SqlPort,
} from '../../../engine/src/index.ts';
import { openDb, textSource } from '../../helpers/engine.ts';

const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n';

async function load(lines: string[], rules?: string[], returns?: 'net'): Promise<SqlPort> {
  const sql = await openDb();
  const cleaning = defaultCleaningOptions();
  if (rules) cleaning.rules = rules as typeof cleaning.rules;
  if (returns) cleaning.returns = returns;
  await openDataset(sql, [textSource('t.csv', `${HEADER + lines.join('\n')}\n`)], { cleaning });
  return sql;
}

describe('Overview edge cases on hand-made lines', () => {
  it('fills months without sales with zeros and counts a customer once per month', async () => {
    const sql = await load([
      '1,A,apple,2,2024-01-05 10:00:00,1.5,c1,UK',
      '1,P2,pear,1,2024-01-05 10:00:00,4,c1,UK',
      '2,A,apple,1,2024-01-20 09:00:00,1.5,c1,UK',
      '3,A,apple,10,2024-04-02 16:30:00,1.5,c2,France',
    ]);
    const o = await computeOverview(sql);
    expect(o.series).toEqual([
      { period: '2024-01-01', revenue: 8.5, orders: 2, customers: 1 },
      { period: '2024-02-01', revenue: 0, orders: 0, customers: 0 },
      { period: '2024-03-01', revenue: 0, orders: 0, customers: 0 },
      { period: '2024-04-01', revenue: 15, orders: 1, customers: 1 },
    ]);
    expect(o.newVsReturning.map((p) => [p.month, p.newCustomers, p.returningCustomers])).toEqual([
      ['2024-01', 1, 0],
      ['2024-02', 0, 0],
      ['2024-03', 0, 0],
      ['2024-04', 1, 0],
    ]);
    // 2024-01-05 is a Friday, 2024-01-20 a Saturday, 2024-04-02 a Tuesday.
    expect(o.weekdayHour.counts[4]![10]).toBe(1);
    expect(o.weekdayHour.counts[5]![9]).toBe(1);
    expect(o.weekdayHour.counts[1]![16]).toBe(1);
    expect(o.weekdayHour.counts.flat().reduce((a, b) => a + b, 0)).toBe(3);
    expect(o.weekdayHour.timed).toBe(true);
    expect(o.countries.map((c) => [c.country, c.revenue, c.customers])).toEqual([
      ['France', 15, 1],
      ['UK', 8.5, 1],
    ]);
    expect(o.topProducts.byRevenue.map((p) => [p.product, p.description, p.revenue, p.quantity, p.customers])).toEqual([
      ['A', 'apple', 19.5, 13, 2],
      ['P2', 'pear', 4, 1, 1],
    ]);
    expect(o.topProducts.byRevenue[0]!.customerShare).toBe(1);
    expect(o.cohorts).toEqual([
      { cohort: '2024-01', size: 1, active: [1, 0, 0, 0], retention: [1, 0, 0, 0], revenue: [8.5, 0, 0, 0], revenueRetention: [1, 0, 0, 0] },
      { cohort: '2024-04', size: 1, active: [1], retention: [1], revenue: [15], revenueRetention: [1] },
    ]);
  });

  it('dates without a time of day: the orders fall at midnight, and the heatmap says it has no times', async () => {
    const sql = await load(['1,A,a,1,2024-01-05,1,c1,UK', '2,A,a,1,2024-01-06,2,c1,UK', '3,A,a,1,2024-01-06,4,c2,UK']);
    const h = (await computeOverview(sql)).weekdayHour;
    expect(h.timed).toBe(false);
    expect(h.counts[4]![0]).toBe(1);
    expect(h.counts[5]![0]).toBe(2);
    // One order at a time of day is enough: midnight is then an hour like the others.
    const mixed = await load(['1,A,a,1,2024-01-05,1,c1,UK', '2,A,a,1,2024-01-06 00:00:01,2,c1,UK']);
    expect((await computeOverview(mixed)).weekdayHour.timed).toBe(true);
  });

  it('the KPIs shown: items per order needs a quantity column, customers and the repeat rate a customer column', () => {
    expect(shownKpis({ quantity: 'Qty', customer: 'Customer' })).toEqual([
      'revenue',
      'orders',
      'customers',
      'averageOrderValue',
      'itemsPerOrder',
      'repeatCustomerRate',
    ]);
    expect(shownKpis({ customer: 'Customer' })).toEqual(['revenue', 'orders', 'customers', 'averageOrderValue', 'repeatCustomerRate']);
    expect(shownKpis({ quantity: 'Qty' })).toEqual(['revenue', 'orders', 'averageOrderValue', 'itemsPerOrder']);
  });

  it('a KPI change as shown: a rate in percentage points, the rest relative, nothing against nothing', () => {
    expect(kpiChangeText('repeatCustomerRate', { current: 0.232, previous: 0.223, change: 0.232 / 0.223 - 1 })).toBe('+0.9 pp');
    expect(kpiChangeText('repeatCustomerRate', { current: 0.2, previous: 0.25, change: -0.2 })).toBe('-5.0 pp');
    expect(kpiChangeText('orders', { current: 1279, previous: 1395, change: 1279 / 1395 - 1 })).toBe('-8.3%');
    expect(kpiChangeText('revenue', { current: 10, previous: 0, change: null })).toBeNull();
    expect(NO_PREVIOUS_PERIOD).toBe('none in the previous period');
  });

  it('weeks start on Monday; days run without gaps', async () => {
    const sql = await load(['1,A,a,1,2024-01-07 10:00:00,1,c1,UK', '2,A,a,1,2024-01-08 10:00:00,2,c1,UK', '3,A,a,1,2024-01-10 10:00:00,4,c2,UK']);
    const weeks = await computeOverview(sql, { grain: 'week' });
    expect(weeks.series.map((p) => [p.period, p.revenue])).toEqual([
      ['2024-01-01', 1],
      ['2024-01-08', 6],
    ]);
    const days = await computeOverview(sql, { grain: 'day' });
    expect(days.series.map((p) => p.revenue)).toEqual([1, 2, 0, 4]);
  });

  it('churn: exactly N days without a purchase is not churn, N + 1 is', async () => {
    // Month ends: 2024-01-31, 2024-02-29 (leap year), 2024-03-15 (the last day of data).
    const sql = await load([
      '1,A,a,1,2024-01-01 10:00:00,1,early,UK', // 2024-02-29 is 59 days later, 2024-03-15 is 74
      '2,A,a,1,2024-01-31 10:00:00,1,late,UK', // 29 days before 2024-02-29
      '3,A,a,1,2024-03-15 10:00:00,1,last,UK',
    ]);
    const at59 = await computeOverview(sql, { churnDays: 59 });
    expect(at59.churn.map((c) => [c.month, c.asOf, c.customers, c.churned, c.newlyChurned])).toEqual([
      ['2024-01', '2024-01-31', 2, 0, 0],
      ['2024-02', '2024-02-29', 2, 0, 0],
      ['2024-03', '2024-03-15', 3, 1, 1],
    ]);
    const at58 = await computeOverview(sql, { churnDays: 58 });
    expect(at58.churn.map((c) => c.churned)).toEqual([0, 1, 1]);
    expect(at58.churn.map((c) => c.newlyChurned)).toEqual([0, 1, 0]);
    expect(at58.churn[1]!.churnRate).toBe(0.5);
  });

  it('lines without a customer count in revenue and orders but not as customers', async () => {
    const sql = await load(['1,A,a,1,2024-01-01 10:00:00,5,c1,UK', '2,A,a,1,2024-01-02 10:00:00,7,,UK'], ['duplicate']);
    const o = await computeOverview(sql);
    expect(o.series).toEqual([{ period: '2024-01-01', revenue: 12, orders: 2, customers: 1 }]);
    expect(o.cohorts.map((c) => c.size)).toEqual([1]);
    expect(o.churn.map((c) => c.customers)).toEqual([1]);
  });

  it('KPIs: a change against an empty previous period is null, not infinite', async () => {
    const sql = await load(['1,A,a,2,2024-01-01 10:00:00,5,c1,UK', '2,A,a,1,2024-01-02 10:00:00,5,c1,UK', '3,A,a,3,2024-01-02 11:00:00,5,c2,UK']);
    const o = await computeOverview(sql, { kpiPeriod: { days: 2 } });
    expect(o.kpis.period).toEqual({ from: '2024-01-01', to: '2024-01-02' });
    expect(o.kpis.figures.revenue).toEqual({ current: 30, previous: 0, change: null });
    expect(o.kpis.figures.averageOrderValue.current).toBe(10);
    expect(o.kpis.figures.itemsPerOrder.current).toBe(2);
    expect(o.kpis.figures.repeatCustomerRate.current).toBe(0.5);
    const explicit = await computeOverview(sql, { kpiPeriod: { from: '2024-01-02', to: '2024-01-02' } });
    expect(explicit.kpis.figures.revenue).toEqual({ current: 20, previous: 10, change: 1 });
    await expect(computeOverview(sql, { kpiPeriod: { from: '2024-01-02' } })).rejects.toThrow(/both from and to/);
    await expect(computeOverview(sql, { kpiPeriod: { from: "2024-01-02'; DROP TABLE lines; --", to: '2024-01-03' } })).rejects.toThrow(/YYYY-MM-DD/);
  });

  it('a customer filter takes ids with commas, quotes and newlines; an empty one gives empty figures', async () => {
    const sql = await load([
      '1,A,a,1,2024-01-01 10:00:00,5,"a,b",UK',
      '2,A,a,1,2024-01-02 10:00:00,7,"say ""hi""",UK',
      '3,A,a,1,2024-01-03 10:00:00,9,plain,UK',
    ]);
    const two = await computeOverview(sql, { customerIds: ['a,b', 'say "hi"'] });
    expect(two.series.map((p) => p.revenue)).toEqual([12]);
    expect(two.kpis.figures.customers.current).toBe(2);
    const none = await computeOverview(sql, { customerIds: [] });
    expect(none.scope).toEqual({ lines: 0, firstDay: null, lastDay: null, filtered: true });
    expect(none.series).toEqual([]);
    expect(none.cohorts).toEqual([]);
    expect(none.churn).toEqual([]);
    expect(none.topProducts.byRevenue).toEqual([]);
  });
  it('returns netted: an invoice is an order when one of its kept lines is not a cancellation', async () => {
    const sql = await load(
      [
        '100,A,a,2,2024-01-01 10:00:00,5,c1,UK',
        'C100,A,a,-1,2024-01-03 10:00:00,5,c1,UK',
        'C200,A,a,-1,2024-01-04 10:00:00,5,c2,UK',
        'C200,P2,b,3,2024-01-04 10:00:00,4,c2,UK',
      ],
      undefined,
      'net',
    );
    const flags = tableRows(await sql.query(`SELECT invoice, "f_cancellation" AS c FROM kept ORDER BY invoice, quantity`));
    const ordersByLines = new Set(flags.filter((r) => !r.c).map((r) => r.invoice)).size;
    // 100, and C200 for its sale line (a C invoice with a positive quantity is a sale); C200's return line is a cancellation.
    expect(flags).toEqual([
      { invoice: '100', c: false },
      { invoice: 'C100', c: true },
      { invoice: 'C200', c: true },
      { invoice: 'C200', c: false },
    ]);
    expect(flags.some((r) => r.c)).toBe(true);
    const o = await computeOverview(sql);
    expect(o.series[0]!.orders).toBe(ordersByLines);
    expect(o.kpis.figures.orders.current).toBe(ordersByLines);
    expect(o.series[0]!.revenue).toBe(10 - 5 - 5 + 12);
    const rfm = await computeRfm(sql);
    expect(o.series[0]!.orders).toBe(Array.from(rfm.frequency).reduce((a, b) => a + b, 0));
  });
});
