/**
 * Segment migration between two as-of dates on generated data with known archetypes: the
 * matrix against an independent computation (customer sets and spend straight from `kept`,
 * segments from the back-test's own assignment at each date), and as a property over random
 * pairs of dates, every cell adds up to the customers of both dates.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_END_DATE,
  GONE,
  NEW,
  cellCampaign,
  cellCustomers,
  defaultAnalysis,
  migrateAsOf,
  migrationFiles,
  openDataset,
  parseCsv,
  planDataset,
  prepareOverviewBase,
  runBacktest,
  tableRows,
  type Archetype,
  type OverviewBase,
  type SqlPort,
} from '../../../engine/src/index.ts';
import { openDb, textSource } from '../../helpers/engine.ts';

const day = (ago: number) => new Date(Date.parse(`${DEFAULT_END_DATE}T00:00:00Z`) - ago * 86_400_000).toISOString().slice(0, 10);

/** Customers with a kept line before `asOf`, straight from `kept`. */
async function customersBefore(sql: SqlPort, asOf: string): Promise<Set<string>> {
  const rows = tableRows(await sql.query(`SELECT DISTINCT customer FROM kept WHERE customer IS NOT NULL AND ts < DATE '${asOf}'`));
  return new Set(rows.map((r) => String(r.customer)));
}

/** Spend per customer from `from` to the day before `to`, summed in JS over the kept lines. */
async function spendBetween(sql: SqlPort, from: string, to: string): Promise<Map<string, number>> {
  const rows = tableRows(
    await sql.query(`SELECT customer, CAST(amount AS DOUBLE) AS amount FROM kept WHERE customer IS NOT NULL AND ts >= DATE '${from}' AND ts < DATE '${to}'`),
  );
  const out = new Map<string, number>();
  for (const r of rows) out.set(String(r.customer), (out.get(String(r.customer)) ?? 0) + Number(r.amount));
  return out;
}

describe('segment migration between two as-of dates, generated data', () => {
  let sql: SqlPort;
  let base: OverviewBase;
  let archetypeOf: Map<string, Archetype>;

  beforeAll(async () => {
    const plan = planDataset({ rows: 40_000, customers: 1_800, seed: 23 });
    archetypeOf = new Map(plan.truth().map((t) => [String(t.customerId), t.archetype]));
    sql = await openDb();
    await openDataset(sql, [textSource('generated.csv', [...plan.csvChunks()].join(''))]);
    base = await prepareOverviewBase(sql);
  });

  it('every cell equals the independent computation: segments at each date, spend between them', async () => {
    const from = day(120);
    const to = day(30);
    const m = await migrateAsOf(sql, { from, to }, base);
    const a = new Map((await runBacktest(sql, { asOf: from })).assignment.map((x) => [x.customerId, x.segment]));
    const b = new Map((await runBacktest(sql, { asOf: to })).assignment.map((x) => [x.customerId, x.segment]));
    const spend = await spendBetween(sql, from, to);
    const expectCustomers = m.before.map(() => m.after.map(() => 0));
    const expectRevenue = m.before.map(() => m.after.map(() => 0));
    const ids = new Set([...a.keys(), ...b.keys()]);
    for (const id of ids) {
      const i = m.before.indexOf(a.get(id) ?? NEW);
      const j = m.after.indexOf(b.get(id) ?? GONE);
      expectCustomers[i]![j]!++;
      expectRevenue[i]![j]! += spend.get(id) ?? 0;
    }
    expect(m.customers).toEqual(expectCustomers);
    m.revenue.forEach((r, i) => r.forEach((x, j) => expect(x).toBeCloseTo(expectRevenue[i]![j]!, 6)));
    expect(m.before.at(-1)).toBe(NEW);
    expect(m.after.at(-1)).toBe(GONE);
    // Every customer of `from` is still scored at `to` (history only grows): nobody is gone.
    expect(m.lost).toBe(0);
    expect(m.added).toBe([...b.keys()].filter((id) => !a.has(id)).length);
    expect(m.stayed + m.moved).toBe(a.size);
    expect(m.stayed).toBe([...a].filter(([id, s]) => b.get(id) === s).length);
    // A cell's list is exactly its customers; its campaign list writes them with the cell's name.
    const i = m.before.indexOf('Champions');
    const j = m.after.indexOf('At Risk');
    const expected = [...ids].filter((id) => a.get(id) === 'Champions' && b.get(id) === 'At Risk').sort();
    expect(cellCustomers(m, i, j)).toEqual(expected);
    const list = cellCampaign(defaultAnalysis().export, m, i, j);
    const rows = parseCsv(list.files[0]!.text);
    expect(list.rows).toBe(expected.length);
    expect(rows.slice(1).map((r) => r[0])).toEqual(expected);
    const seg = rows[0]!.indexOf('segment');
    for (const r of rows.slice(1)) expect(r[seg]).toBe('Champions → At Risk');
  });

  it('planted newcomers arrive in the "(new)" row; planted at-risk customers leave Champions behind', async () => {
    const m = await migrateAsOf(sql, { from: day(120), to: day(0) }, base);
    const newRow = m.before.length - 1;
    const newcomers = m.customerIds.filter((id, k) => m.row[k] === newRow);
    // The generator's "new" customers first bought within the last ~30 days: all of them are new since day(120).
    // (Those with a kept line: cleaning may remove a one-order customer's only lines.)
    const scored = new Set(m.customerIds);
    const plantedNew = [...archetypeOf].filter(([id, a]) => a === 'new' && scored.has(id)).map(([id]) => id);
    expect(plantedNew.length).toBeGreaterThan(100);
    for (const id of plantedNew) expect(newcomers).toContain(id);
    const champions = m.after.indexOf('Champions');
    const atRiskNowChampions = m.customerIds.filter((id, k) => archetypeOf.get(id) === 'at_risk' && m.col[k] === champions).length;
    expect(atRiskNowChampions).toBe(0);
  });

  it('property: the cells add up to the customers of both dates, rows and columns to each date', async () => {
    const span = await customersBefore(sql, day(-1));
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 330 }), fc.integer({ min: 1, max: 200 }), async (toAgo, gap) => {
        const to = day(toAgo);
        const from = day(toAgo + gap);
        const m = await migrateAsOf(sql, { from, to }, base);
        const atFrom = await customersBefore(sql, from);
        const atTo = await customersBefore(sql, to);
        const union = new Set([...atFrom, ...atTo]);
        const total = m.customers.flat().reduce((x, y) => x + y, 0);
        expect(total).toBe(union.size);
        expect(total).toBeLessThanOrEqual(span.size);
        const rowSums = m.customers.map((r) => r.reduce((x, y) => x + y, 0));
        const colSums = m.after.map((_, j) => m.customers.reduce((x, r) => x + r[j]!, 0));
        expect(rowSums.slice(0, -1).reduce((x, y) => x + y, 0)).toBe(atFrom.size);
        expect(colSums.slice(0, -1).reduce((x, y) => x + y, 0)).toBe(atTo.size);
        expect(rowSums.at(-1)).toBe([...atTo].filter((id) => !atFrom.has(id)).length);
        expect(colSums.at(-1)).toBe([...atFrom].filter((id) => !atTo.has(id)).length);
        // Per segment too: row i is the segment's size at `from`, column j at `to`.
        m.before.slice(0, -1).forEach((s, i) => expect(rowSums[i]).toBe(m.at.from.summary.find((r) => r.segment === s)?.customers ?? 0));
        m.after.slice(0, -1).forEach((s, j) => expect(colSums[j]).toBe(m.at.to.summary.find((r) => r.segment === s)?.customers ?? 0));
        const spend = [...(await spendBetween(sql, from, to)).values()].reduce((x, y) => x + y, 0);
        expect(m.revenue.flat().reduce((x, y) => x + y, 0)).toBeCloseTo(spend, 4);
      }),
      { numRuns: 12, seed: 5 },
    );
  });

  it('writes the matrices, one line per customer, and a campaign list per non-empty cell', async () => {
    const m = await migrateAsOf(sql, { from: day(150), to: day(60) }, base);
    const files = migrationFiles(defaultAnalysis().export, m);
    const matrix = parseCsv(files.find((f) => f.name === 'migration.csv')!.text);
    expect(matrix[0]).toEqual(['before \\ after', ...m.after]);
    expect(matrix.slice(1).map((r) => r.slice(1).map(Number))).toEqual(m.customers);
    const perCustomer = parseCsv(files.find((f) => f.name === 'migration-customers.csv')!.text).slice(1);
    expect(perCustomer.length).toBe(m.customerIds.length);
    const cells = files.filter((f) => f.name.startsWith('cells/'));
    expect(cells.length).toBe(m.customers.flat().filter((n) => n > 0).length);
    expect(cells.reduce((n, f) => n + parseCsv(f.text).length - 1, 0)).toBe(m.customerIds.length);
  });

  it('refuses a to date not after the from date', async () => {
    await expect(migrateAsOf(sql, { from: day(10), to: day(10) })).rejects.toThrow(/must be after the from date/);
    await expect(migrateAsOf(sql, { from: 'June', to: day(10) })).rejects.toThrow(/YYYY-MM-DD/);
  });
});
