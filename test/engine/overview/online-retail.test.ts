import { readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeOverview, openDataset, type Overview, type SqlPort } from '../../../engine/src/index.ts';
import { NodeFileSource } from '../../../engine/cli/node-duckdb.ts';
import { ONLINE_RETAIL_DIR, openDb } from '../../helpers/engine.ts';
import * as ref from './reference.ts';

/** Kept lines as plain rows: the reference starts from these, not from any SQL aggregate. */
async function keptRows(sql: SqlPort): Promise<ref.KeptRow[]> {
  const t = await sql.query(`SELECT customer, invoice, strftime(ts, '%Y-%m-%d %H:%M:%S') AS ts, amount, quantity, sku, description, country,
      "f_cancellation" AS c FROM kept WHERE ts IS NOT NULL`);
  const col = (n: string) => t.getChild(n)!.toArray() as unknown[];
  const [customer, invoice, ts, amount, quantity, sku, description, country, c] = [
    'customer',
    'invoice',
    'ts',
    'amount',
    'quantity',
    'sku',
    'description',
    'country',
    'c',
  ].map(col) as unknown[][];
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return Array.from({ length: t.numRows }, (_, i) => ({
    customer: text(customer![i]),
    invoice: text(invoice![i]),
    ts: String(ts![i]),
    amount: Number(amount![i] ?? 0),
    quantity: Number(quantity![i] ?? 0),
    sku: text(sku![i]),
    description: text(description![i]),
    country: text(country![i]),
    cancellation: Boolean(c![i]),
  }));
}

/** Sums of ~10^5 doubles in a different order agree to about 1e-9 relative. */
function near(actual: number, expected: number): void {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(expected)));
}

describe('Overview on Online Retail equals a plain-TypeScript computation over the kept lines', () => {
  let sql: SqlPort;
  let rows: ref.KeptRow[];
  let overview: Overview;

  beforeAll(async () => {
    sql = await openDb();
    const files = readdirSync(ONLINE_RETAIL_DIR)
      .filter((f) => f.endsWith('.csv'))
      .sort();
    await openDataset(
      sql,
      files.map((f) => new NodeFileSource(path.join(ONLINE_RETAIL_DIR, f))),
    );
    rows = await keptRows(sql);
    overview = await computeOverview(sql);
  });

  it('covers the kept lines', () => {
    expect(rows.length).toBeGreaterThan(390_000);
    expect(overview.scope).toEqual({ lines: rows.length, firstDay: '2010-12-01', lastDay: '2011-12-09', filtered: false });
  });

  it('monthly revenue, orders and customers', () => {
    const expected = ref.monthly(rows);
    expect(expected).toHaveLength(13);
    expect(overview.series.map((p) => p.period.slice(0, 7))).toEqual(expected.map((e) => e.month));
    overview.series.forEach((p, i) => {
      near(p.revenue, expected[i]!.revenue);
      expect(p.orders).toBe(expected[i]!.orders);
      expect(p.customers).toBe(expected[i]!.customers);
    });
  });

  it('new versus returning customers per month', () => {
    const expected = ref.newVsReturning(rows);
    expect(overview.newVsReturning.map((p) => p.month)).toEqual(expected.map((e) => e.month));
    overview.newVsReturning.forEach((p, i) => {
      expect([p.newCustomers, p.returningCustomers]).toEqual([expected[i]!.newCustomers, expected[i]!.returningCustomers]);
      near(p.newRevenue, expected[i]!.newRevenue);
      near(p.returningRevenue, expected[i]!.returningRevenue);
    });
    expect(overview.newVsReturning.reduce((a, p) => a + p.newCustomers, 0)).toBe(ref.firstMonths(rows).size);
  });

  it('top 10 products by revenue, quantity and customers, with their shares', () => {
    const products = ref.productTotals(rows);
    const totalRevenue = rows.reduce((a, r) => a + r.amount, 0);
    const totalQuantity = rows.reduce((a, r) => a + r.quantity, 0);
    const totalCustomers = new Set(rows.map((r) => r.customer).filter((c) => c !== null)).size;
    for (const measure of ['revenue', 'quantity', 'customers'] as const) {
      const got = overview.topProducts[measure === 'revenue' ? 'byRevenue' : measure === 'quantity' ? 'byQuantity' : 'byCustomers'];
      const expected = ref.top(products, measure, 10);
      expect(
        got.map((p) => p.product),
        measure,
      ).toEqual(expected.map((e) => e.product));
      got.forEach((p, i) => {
        near(p.revenue, expected[i]!.revenue);
        expect(p.quantity).toBe(expected[i]!.quantity);
        expect(p.customers).toBe(expected[i]!.customers);
        near(p.revenueShare, expected[i]!.revenue / totalRevenue);
        near(p.quantityShare, expected[i]!.quantity / totalQuantity);
        near(p.customerShare, expected[i]!.customers / totalCustomers);
      });
    }
  });

  it('country totals', () => {
    const expected = ref.countries(rows);
    expect(overview.countries).toHaveLength(expected.size);
    for (const c of overview.countries) {
      const e = expected.get(c.country)!;
      near(c.revenue, e.revenue);
      expect([c.orders, c.customers]).toEqual([e.orders, e.customers]);
    }
    const revenues = overview.countries.map((c) => c.revenue);
    expect(revenues).toEqual([...revenues].sort((a, b) => b - a));
    near(
      overview.countries.reduce((a, c) => a + c.revenueShare, 0),
      1,
    );
  });

  it('the cohort matrix: first three cohorts, customers and revenue', () => {
    const expected = ref.cohorts(rows);
    expect(overview.cohorts.map((c) => c.cohort)).toEqual([...expected.keys()].sort());
    for (const c of overview.cohorts.slice(0, 3)) {
      const e = expected.get(c.cohort)!;
      expect(c.size).toBe(e.size);
      expect(c.active).toHaveLength(13 - overview.cohorts.indexOf(c));
      c.active.forEach((n, k) => {
        expect(n, `${c.cohort} +${k}`).toBe(e.active.get(k)?.size ?? 0);
        near(c.retention[k]!, n / e.size);
        near(c.revenue[k]!, e.revenue.get(k) ?? 0);
        near(c.revenueRetention[k]!, (e.revenue.get(k) ?? 0) / e.revenue.get(0)!);
      });
    }
    expect(overview.cohorts[0]!.retention[0]).toBe(1);
  });

  it('churn per month (90 days)', () => {
    const expected = ref.churn(rows, 90);
    expect(overview.churn.map((c) => c.month)).toEqual(expected.map((e) => e.month));
    overview.churn.forEach((c, i) => {
      expect([c.customers, c.churned], c.month).toEqual([expected[i]!.customers, expected[i]!.churned]);
      near(c.churnRate, expected[i]!.churned / expected[i]!.customers);
    });
    // Nobody can have churned within 90 days of the first purchase in the data.
    expect(overview.churn.slice(0, 3).every((c) => c.churned === 0)).toBe(true);
    expect(overview.churn.at(-1)!.asOf).toBe('2011-12-09');
    const newly = overview.churn.reduce((a, c) => a + c.newlyChurned, 0);
    expect(newly).toBeGreaterThanOrEqual(overview.churn.at(-1)!.churned);
  });

  it('weekday × hour order counts', () => {
    expect(overview.weekdayHour.counts).toEqual(ref.weekdayHour(rows));
  });

  it('KPIs of the last 30 days against the 30 before', () => {
    const inRange = (from: string, to: string) => rows.filter((r) => ref.day(r) >= from && ref.day(r) <= to);
    expect(overview.kpis.period).toEqual({ from: '2011-11-10', to: '2011-12-09' });
    expect(overview.kpis.previousPeriod).toEqual({ from: '2011-10-11', to: '2011-11-09' });
    const kpi = (g: ref.KeptRow[]) => {
      const perCustomer = new Map<string, Set<string>>();
      for (const r of g)
        if (r.customer !== null && r.invoice !== null && !r.cancellation)
          perCustomer.set(r.customer, (perCustomer.get(r.customer) ?? new Set()).add(r.invoice));
      const orders = new Set(g.filter((r) => !r.cancellation).map((r) => r.invoice)).size;
      const customers = new Set(g.map((r) => r.customer).filter((c) => c !== null)).size;
      const revenue = g.reduce((a, r) => a + r.amount, 0);
      return {
        revenue,
        orders,
        customers,
        aov: revenue / orders,
        ipo: g.reduce((a, r) => a + r.quantity, 0) / orders,
        repeat: [...perCustomer.values()].filter((s) => s.size >= 2).length / customers,
      };
    };
    const now = kpi(inRange('2011-11-10', '2011-12-09'));
    const before = kpi(inRange('2011-10-11', '2011-11-09'));
    const f = overview.kpis.figures;
    near(f.revenue.current, now.revenue);
    near(f.revenue.previous, before.revenue);
    near(f.revenue.change!, (now.revenue - before.revenue) / before.revenue);
    expect([f.orders.current, f.orders.previous, f.customers.current, f.customers.previous]).toEqual([
      now.orders,
      before.orders,
      now.customers,
      before.customers,
    ]);
    near(f.averageOrderValue.current, now.aov);
    near(f.itemsPerOrder.previous, before.ipo);
    near(f.repeatCustomerRate.current, now.repeat);
    near(f.repeatCustomerRate.previous, before.repeat);
  });

  it('a customer filter restricts every figure to those customers', async () => {
    const german = [...new Set(rows.filter((r) => r.country === 'Germany').map((r) => r.customer!))];
    const theirRows = rows.filter((r) => r.customer !== null && german.includes(r.customer));
    const scoped = await computeOverview(sql, { customerIds: german });
    expect(scoped.scope.filtered).toBe(true);
    expect(scoped.scope.lines).toBe(theirRows.length);
    const expected = ref.monthly(theirRows);
    scoped.series.forEach((p, i) => {
      near(p.revenue, expected[i]!.revenue);
      expect(p.customers).toBe(expected[i]!.customers);
    });
    expect(scoped.topProducts.byRevenue.map((p) => p.product)).toEqual(ref.top(ref.productTotals(theirRows), 'revenue', 10).map((p) => p.product));
    expect(scoped.churn.map((c) => c.churned)).toEqual(ref.churn(theirRows, 90).map((c) => c.churned));
  });
});
