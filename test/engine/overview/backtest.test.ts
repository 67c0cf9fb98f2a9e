import { beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_END_DATE,
  computeRfm,
  computeRfmAsOf,
  firstRow,
  measureOutcomes,
  num,
  openDataset,
  planDataset,
  prepareOverviewBase,
  runBacktest,
  type Archetype,
  type SqlPort,
} from '../../../engine/src/index.ts';
import { openDb, textSource } from '../../helpers/engine.ts';

const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n';

describe('as-of back-test on hand-made lines', () => {
  let sql: SqlPort;
  beforeAll(async () => {
    sql = await openDb();
    const lines = [
      'i1,A,a,1,2024-01-10 10:00:00,10,c1,UK',
      'i2,A,a,2,2024-02-01 10:00:00,10,c1,UK',
      'i3,A,a,3,2024-03-05 10:00:00,10,c1,UK',
      'i4,A,a,1,2024-01-15 10:00:00,5,c2,UK',
      'i5,A,a,1,2024-02-20 10:00:00,8,c3,UK',
      'i6,A,a,1,2024-03-10 10:00:00,2,c3,UK',
      'i7,A,a,2,2024-03-20 10:00:00,2,c3,UK',
      'i8,A,a,1,2024-03-02 10:00:00,7,c4,UK',
    ];
    await openDataset(sql, [textSource('t.csv', `${HEADER + lines.join('\n')}\n`)]);
  });

  it('computes RFM from the lines before the as-of date only, leaving kept and rfm alone', async () => {
    const rfm = await computeRfmAsOf(sql, '2024-03-01');
    expect(rfm.snapshot).toBe('2024-03-01');
    expect(rfm.customerIds).toEqual(['c1', 'c2', 'c3']);
    expect(Array.from(rfm.frequency)).toEqual([2, 1, 1]);
    expect(Array.from(rfm.monetary)).toEqual([30, 5, 8]);
    expect(Array.from(rfm.recencyDays)).toEqual([29, 46, 10]);
    expect(num(firstRow(await sql.query('SELECT count(*) AS n FROM kept')).n)).toBe(8);
    expect(num(firstRow(await sql.query("SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'main' AND table_name = 'rfm'")).n)).toBe(0);
  });

  it('measures each group in the window: bought again, orders, revenue, lost', async () => {
    const rfm = await computeRfmAsOf(sql, '2024-03-01');
    const out = await measureOutcomes(sql, rfm, ['A', 'A', 'B'], { asOf: '2024-03-01', windowDays: 30, churnDays: 30 }, ['B', 'A', 'C']);
    expect(out).toMatchObject({
      asOf: '2024-03-01',
      windowDays: 30,
      windowLastDay: '2024-03-30',
      dataLastDay: '2024-03-20',
      windowComplete: false,
      newInWindow: 1,
    });
    expect(out.groups).toEqual([
      {
        group: 'B',
        customers: 1,
        boughtAgain: 1,
        boughtAgainShare: 1,
        orders: 2,
        revenue: 6,
        ordersPerCustomer: 2,
        revenuePerCustomer: 6,
        lost: 0,
        lostShare: 0,
      },
      {
        group: 'A',
        customers: 2,
        boughtAgain: 1,
        boughtAgainShare: 0.5,
        orders: 1,
        revenue: 30,
        ordersPerCustomer: 0.5,
        revenuePerCustomer: 15,
        lost: 1,
        lostShare: 0.5,
      },
      {
        group: 'C',
        customers: 0,
        boughtAgain: 0,
        boughtAgainShare: 0,
        orders: 0,
        revenue: 0,
        ordersPerCustomer: 0,
        revenuePerCustomer: 0,
        lost: 0,
        lostShare: 0,
      },
    ]);
    expect(out.total).toMatchObject({ group: 'All customers', customers: 3, boughtAgain: 2, orders: 3, revenue: 36, lost: 1 });
    // c2's last purchase (2024-01-15) is 75 days before 2024-03-30: lost at 30 and 74 days, not at 75.
    expect((await measureOutcomes(sql, rfm, ['A', 'A', 'B'], { asOf: '2024-03-01', windowDays: 30, churnDays: 74 })).total.lost).toBe(1);
    expect((await measureOutcomes(sql, rfm, ['A', 'A', 'B'], { asOf: '2024-03-01', windowDays: 30, churnDays: 75 })).total.lost).toBe(0);
  });

  it('refuses an as-of date before any customer line, and a malformed date', async () => {
    await expect(runBacktest(sql, { asOf: '2023-01-01' })).rejects.toThrow(/before the as-of date 2023-01-01/);
    await expect(runBacktest(sql, { asOf: '1 March' })).rejects.toThrow(/YYYY-MM-DD/);
    expect(num(firstRow(await sql.query('SELECT count(*) AS n FROM kept')).n)).toBe(8);
  });
});

describe('as-of back-test on generated data with known archetypes', () => {
  let sql: SqlPort;
  let archetypeOf: Map<string, Archetype>;
  // 90 days before the generator's last day: the window is the data's last 90 days.
  const asOf = new Date(Date.parse(`${DEFAULT_END_DATE}T00:00:00Z`) - 90 * 86_400_000).toISOString().slice(0, 10);

  beforeAll(async () => {
    const plan = planDataset({ rows: 60_000, customers: 2_500, seed: 11 });
    archetypeOf = new Map(plan.truth().map((t) => [String(t.customerId), t.archetype]));
    sql = await openDb();
    await openDataset(sql, [textSource('generated.csv', [...plan.csvChunks()].join(''))]);
  });

  it('planted at-risk customers lapse far more than champions', async () => {
    const rfm = await computeRfmAsOf(sql, asOf);
    const out = await measureOutcomes(
      sql,
      rfm,
      rfm.customerIds.map((id) => archetypeOf.get(id)!),
      { asOf },
    );
    expect(out.windowComplete).toBe(true);
    const of = (a: Archetype) => out.groups.find((g) => g.group === a)!;
    expect(of('champion').customers).toBeGreaterThan(50);
    expect(of('at_risk').customers).toBeGreaterThan(50);
    expect(of('champion').boughtAgainShare).toBeGreaterThan(0.9);
    expect(of('at_risk').boughtAgainShare).toBeLessThan(0.1);
    expect(of('at_risk').lostShare).toBeGreaterThan(of('champion').lostShare + 0.5);
    expect(of('champion').revenuePerCustomer).toBeGreaterThan(of('at_risk').revenuePerCustomer);
  });

  it('segments fixed at the as-of date: "At Risk" lapses more than "Champions"', async () => {
    const result = await runBacktest(sql, { asOf });
    expect(result.rules).toBe('rfm6');
    expect(result.groups.map((g) => g.group)).toEqual(['Champions', 'Potential Loyalists', 'Loyal Customers', 'At Risk', 'New Customers', 'Needs Attention']);
    expect(result.groups.reduce((a, g) => a + g.customers, 0)).toBe(result.assignment.length);
    expect(result.total.customers).toBe(result.assignment.length);
    const seg = (name: string) => result.groups.find((g) => g.group === name)!;
    expect(seg('At Risk').customers).toBeGreaterThan(20);
    expect(seg('At Risk').boughtAgainShare).toBeLessThan(seg('Champions').boughtAgainShare - 0.3);
    expect(seg('At Risk').lostShare).toBeGreaterThan(seg('Champions').lostShare + 0.3);
    expect(seg('Champions').ordersPerCustomer).toBeGreaterThan(seg('At Risk').ordersPerCustomer);
  });
  it('reads the same values from the condensed Overview base as from the kept lines', async () => {
    const base = await prepareOverviewBase(sql);
    const fromLines = await computeRfmAsOf(sql, asOf);
    const fromBase = await computeRfmAsOf(sql, asOf, base);
    expect(fromBase.customerIds).toEqual(fromLines.customerIds);
    expect(Array.from(fromBase.recencyDays)).toEqual(Array.from(fromLines.recencyDays));
    expect(Array.from(fromBase.frequency)).toEqual(Array.from(fromLines.frequency));
    expect(Array.from(fromBase.firstPurchase)).toEqual(Array.from(fromLines.firstPurchase));
    fromBase.monetary.forEach((m, i) => expect(m).toBeCloseTo(fromLines.monetary[i]!, 6));
    // After the last day, the as-of RFM is the ordinary one.
    const all = await computeRfm(sql);
    const asOfEnd = await computeRfmAsOf(sql, all.snapshot, base);
    expect(Array.from(asOfEnd.frequency)).toEqual(Array.from(all.frequency));
    expect(Array.from(asOfEnd.recencyDays)).toEqual(Array.from(all.recencyDays));
    const a = await runBacktest(sql, { asOf });
    const b = await runBacktest(sql, { asOf }, base);
    expect(b.assignment).toEqual(a.assignment);
    b.groups.forEach((g, i) => {
      const h = a.groups[i]!;
      expect([g.group, g.customers, g.boughtAgain, g.orders, g.lost]).toEqual([h.group, h.customers, h.boughtAgain, h.orders, h.lost]);
      expect(g.revenue).toBeCloseTo(h.revenue, 6);
    });
    expect(b.newInWindow).toBe(a.newInWindow);
  });
});
