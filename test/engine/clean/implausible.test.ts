import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  computeRfm,
  defaultAnalysis,
  IMPLAUSIBLE_KINDS,
  implausibleWarnings,
  keptSummary,
  loadData,
  locateRow,
  parseAnalysis,
  type ImplausibleKind,
  type SqlPort,
} from '../../../engine/src/index.ts';
import { openDb, textSource } from '../../helpers/engine.ts';

/**
 * Implausible lines (after today, before the earliest date, after the snapshot, quantity 0) are
 * reported with counts and excluded or kept as chosen. The expected figures are computed here
 * from the fixture's own lines, not by the engine.
 */

interface Line {
  invoice: string;
  date: string; // YYYY-MM-DD HH:MM:SS
  quantity: number;
  price: number;
  customer: string;
}

const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';
const csv = (lines: Line[]) =>
  `${[HEADER, ...lines.map((l) => [l.invoice, 'A1', 'RED MUG', l.quantity, l.date, l.price.toFixed(2), l.customer, 'UK'].join(','))].join('\n')}\n`;

const TODAY = '2026-12-01';

interface Settings {
  today: string | null;
  minDate: string;
  snapshot: string | null;
  exclude: ImplausibleKind[];
}

/** The reference: each check on its own, then the first excluded kind (in IMPLAUSIBLE_KINDS order) removes a line. */
function expected(lines: Line[], s: Settings) {
  const day = (l: Line) => l.date.slice(0, 10);
  const matches: Record<ImplausibleKind, (l: Line) => boolean> = {
    future_date: (l) => s.today !== null && day(l) > s.today,
    early_date: (l) => day(l) < s.minDate,
    after_snapshot: (l) => s.snapshot !== null && day(l) > s.snapshot,
    zero_quantity: (l) => l.quantity === 0,
    // UCI's columns name no cancelled order (platforms.test.ts checks that kind on Shopify's and Squarespace's).
    cancelled_order: () => false,
  };
  const found = Object.fromEntries(
    IMPLAUSIBLE_KINDS.map((k) => {
      const hit = lines.filter(matches[k]);
      return [k, { lines: hit.length, customers: new Set(hit.map((l) => l.customer)).size, excluded: s.exclude.includes(k) }];
    }),
  );
  // The examples: the first three lines of each kind in file order.
  const firstInvoices = Object.fromEntries(
    IMPLAUSIBLE_KINDS.map((k) => [
      k,
      lines
        .filter(matches[k])
        .slice(0, 3)
        .map((l) => l.invoice),
    ]),
  );
  const removed = Object.fromEntries(IMPLAUSIBLE_KINDS.map((k) => [k, 0])) as Record<ImplausibleKind, number>;
  const kept: Line[] = [];
  for (const l of lines) {
    const by = IMPLAUSIBLE_KINDS.find((k) => s.exclude.includes(k) && matches[k](l));
    if (by) removed[by]++;
    else kept.push(l);
  }
  return {
    found,
    firstInvoices,
    removed,
    kept: kept.length,
    customers: new Set(kept.map((l) => l.customer)).size,
    invoices: new Set(kept.map((l) => l.invoice)).size,
    revenue: Math.round(kept.reduce((a, l) => a + l.quantity * l.price, 0) * 100) / 100,
    keptLines: kept,
  };
}

const daysBetween = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);

let sql: SqlPort;
beforeAll(async () => {
  sql = await openDb();
});

async function load(lines: Line[], s: Settings) {
  const a = defaultAnalysis();
  a.cleaning.implausible = { minDate: s.minDate, exclude: s.exclude };
  a.snapshot = s.snapshot;
  return loadData(sql, [textSource('sales.csv', csv(lines))], a, { today: s.today });
}

// A hand-made fixture with every boundary: the day itself is plausible, the day after (or before) is not.
const FIXTURE: Line[] = [
  { invoice: '1001', date: '2011-03-01 10:00:00', quantity: 2, price: 3.5, customer: 'c1' },
  { invoice: '1002', date: '2011-06-30 23:59:00', quantity: 1, price: 10, customer: 'c2' }, // on the snapshot: recency 0
  { invoice: '1003', date: '2011-07-01 08:00:00', quantity: 4, price: 2.25, customer: 'c2' }, // after the snapshot
  { invoice: '1004', date: '2011-09-15 12:00:00', quantity: 1, price: 7, customer: 'c3' }, // after the snapshot
  { invoice: '1005', date: '2011-05-05 09:00:00', quantity: 0, price: 4, customer: 'c4' }, // void
  { invoice: '1006', date: '2026-12-01 18:00:00', quantity: 3, price: 1, customer: 'c1' }, // today: plausible date (after the snapshot)
  { invoice: '1007', date: '2031-01-05 10:00:00', quantity: 1, price: 99, customer: 'c5' }, // after today
  { invoice: '1008', date: '1990-01-01 00:00:00', quantity: 1, price: 5, customer: 'c6' }, // the earliest date: plausible
  { invoice: '1009', date: '1989-12-31 23:00:00', quantity: 2, price: 5, customer: 'c6' }, // before it
  { invoice: '1010', date: '1970-01-01 00:00:00', quantity: 0, price: 8, customer: 'c7' }, // epoch zero and a void
];

describe('implausible lines: flagged with counts and examples, excluded or kept as chosen', () => {
  it('excludes every kind by default, each line counted under the first kind, with exact figures', async () => {
    const s: Settings = { today: TODAY, minDate: '1990-01-01', snapshot: '2011-06-30', exclude: [...IMPLAUSIBLE_KINDS] };
    const ds = await load(FIXTURE, s);
    const e = expected(FIXTURE, s);
    expect(e.found).toEqual({
      future_date: { lines: 1, customers: 1, excluded: true },
      early_date: { lines: 2, customers: 2, excluded: true },
      after_snapshot: { lines: 4, customers: 4, excluded: true },
      zero_quantity: { lines: 2, customers: 2, excluded: true },
      cancelled_order: { lines: 0, customers: 0, excluded: true },
    });
    for (const k of IMPLAUSIBLE_KINDS) {
      const { examples, ...figures } = ds.report.implausible[k];
      expect(figures, k).toEqual(e.found[k]);
      expect(examples.map((x) => x.invoice)).toEqual(e.firstInvoices[k]);
    }
    expect(ds.report.removed).toMatchObject(e.removed);
    expect(e.removed).toEqual({ future_date: 1, early_date: 2, after_snapshot: 3, zero_quantity: 1, cancelled_order: 0 });
    expect(ds.report.rows_kept).toBe(e.kept);
    expect(ds.report.customers).toBe(e.customers);
    expect(ds.report.invoices).toBe(e.invoices);
    expect(ds.report.revenue).toBe(e.revenue);
    expect(ds.report.checks).toEqual({ today: TODAY, minDate: '1990-01-01', snapshot: '2011-06-30' });
    // Examples name the file, row and date: the first line after the snapshot is row 4 of the file.
    expect(ds.report.implausible.after_snapshot.examples[0]).toEqual({ file: 'sales.csv', row: 4, date: '2011-07-01 08:00:00', invoice: '1003', quantity: 4 });
    // The snapshot is never before the data: no negative recency.
    const rfm = await computeRfm(sql, { snapshot: '2011-06-30' });
    expect(Math.min(...rfm.recencyDays)).toBe(0);
    const warnings = implausibleWarnings(ds.report);
    expect(warnings).toHaveLength(4);
    expect(warnings[0]).toBe(
      '1 line dated after today (2026-12-01): excluded (future_date; e.g. sales.csv row 8: 2031-01-05 10:00:00, invoice 1007, quantity 1)',
    );
    expect(warnings[2]).toContain('4 lines dated after the snapshot 2011-06-30 (4 customers would get a negative recency): excluded');
    expect(warnings[3]).toContain('2 lines with quantity 0 (voids: neither purchases nor invoices): excluded');
  });

  it('keeps what the user keeps, still warns, and the kept snapshot gives the negative recencies it announced', async () => {
    const s: Settings = { today: TODAY, minDate: '1990-01-01', snapshot: '2011-06-30', exclude: ['future_date', 'zero_quantity'] };
    const ds = await load(FIXTURE, s);
    const e = expected(FIXTURE, s);
    expect(ds.report.removed).toMatchObject(e.removed);
    expect(ds.report.rows_kept).toBe(e.kept);
    expect(ds.report.revenue).toBe(e.revenue);
    expect(ds.report.implausible.after_snapshot.excluded).toBe(false);
    const warnings = implausibleWarnings(ds.report);
    expect(warnings.find((w) => w.includes('after the snapshot'))).toContain('kept, as chosen');
    // Recency from the reference: days from each customer's last kept line to the snapshot.
    const rfm = await computeRfm(sql, { snapshot: '2011-06-30' });
    const last = new Map<string, string>();
    for (const l of e.keptLines) if ((last.get(l.customer) ?? '') < l.date) last.set(l.customer, l.date);
    const negative = [...last.values()].filter((d) => d.slice(0, 10) > '2011-06-30').length;
    expect(rfm.recencyDays.filter((r) => r < 0).length).toBe(negative);
    expect(negative).toBe(3); // c1 (today's line), c2 and c3: their lines after the snapshot are kept
    const byId = new Map(rfm.customerIds.map((id, i) => [id, rfm.recencyDays[i]]));
    for (const [c, d] of last) expect(byId.get(c), c).toBe(daysBetween(d.slice(0, 10), '2011-06-30'));
  });

  it('without a snapshot or today, only the earliest date and voids are checked; the default snapshot follows the data', async () => {
    const s: Settings = { today: null, minDate: '2000-01-01', snapshot: null, exclude: [...IMPLAUSIBLE_KINDS] };
    const ds = await load(FIXTURE, s);
    const e = expected(FIXTURE, s);
    expect(ds.report.implausible.future_date.lines).toBe(0);
    expect(ds.report.implausible.after_snapshot.lines).toBe(0);
    expect(ds.report.implausible.early_date.lines).toBe(3); // 1990-01-01 is now too early as well
    expect(ds.report.rows_kept).toBe(e.kept);
    const rfm = await computeRfm(sql);
    expect(rfm.snapshot).toBe('2031-01-06');
    expect(Math.min(...rfm.recencyDays)).toBeGreaterThanOrEqual(1);
  });

  it("keptSummary (what the CLI's segment shows of the report) gives the report's figures", async () => {
    const settings: Settings[] = [
      { today: TODAY, minDate: '1990-01-01', snapshot: '2011-06-30', exclude: [...IMPLAUSIBLE_KINDS] },
      { today: TODAY, minDate: '1990-01-01', snapshot: '2011-06-30', exclude: ['future_date', 'zero_quantity'] },
      { today: null, minDate: '2000-01-01', snapshot: null, exclude: [] },
    ];
    for (const s of settings) {
      const ds = await load(FIXTURE, s);
      const { rows_read, rows_kept, implausible, checks } = ds.report;
      expect(await keptSummary(sql, ds.cleaning, (id) => locateRow(ds.sources, id))).toEqual({ rows_read, rows_kept, implausible, checks });
    }
  });

  it('property: figures equal the reference for random lines and settings', async () => {
    const day = fc
      .integer({ min: Date.UTC(1980, 0, 1) / 86_400_000, max: Date.UTC(2032, 0, 1) / 86_400_000 })
      .map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10));
    const lineArb = fc.record({
      date: day,
      quantity: fc.integer({ min: 0, max: 5 }),
      price: fc.integer({ min: 1, max: 5000 }).map((c) => c / 100),
      customer: fc.constantFrom('c1', 'c2', 'c3', 'c4', 'c5', 'c6'),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(lineArb, { minLength: 1, maxLength: 40 }),
        fc.record({
          today: fc.option(day, { nil: null }),
          minDate: day,
          snapshot: fc.option(day, { nil: null }),
          exclude: fc.subarray([...IMPLAUSIBLE_KINDS]),
        }),
        async (raw, s) => {
          const lines = raw.map((l, i) => ({ ...l, invoice: String(5000 + i), date: `${l.date} 12:00:00` }));
          const ds = await load(lines, s);
          const e = expected(lines, s);
          for (const k of IMPLAUSIBLE_KINDS) {
            const { examples, ...figures } = ds.report.implausible[k];
            expect(figures).toEqual(e.found[k]);
            expect(examples.map((x) => x.invoice)).toEqual(e.firstInvoices[k]);
          }
          expect(ds.report.removed).toMatchObject(e.removed);
          expect(ds.report.rows_kept).toBe(e.kept);
          expect(ds.report.customers).toBe(e.customers);
          expect(ds.report.invoices).toBe(e.invoices);
          expect(ds.report.revenue).toBe(e.revenue);
          expect(Object.values(ds.report.removed).reduce((a, n) => a + n, 0)).toBe(ds.report.rows_read - ds.report.rows_kept);
        },
      ),
      { numRuns: 25, seed: 12 },
    );
  });

  it('the analysis document holds the choice; unknown kinds and bad dates are refused by name', () => {
    const a = parseAnalysis({ version: 1, cleaning: { implausible: { minDate: '2005-01-01', exclude: ['zero_quantity'] } } });
    expect(a.cleaning.implausible).toEqual({ minDate: '2005-01-01', exclude: ['zero_quantity'] });
    expect(parseAnalysis({ version: 1 }).cleaning.implausible).toEqual({ minDate: '1990-01-01', exclude: [...IMPLAUSIBLE_KINDS] });
    expect(() => parseAnalysis({ version: 1, cleaning: { implausible: { exclude: ['tomorrow'] } } })).toThrow(
      /cleaning\.implausible\.exclude: unknown kind "tomorrow"/,
    );
    expect(() => parseAnalysis({ version: 1, cleaning: { implausible: { minDate: '1990' } } })).toThrow(/cleaning\.implausible\.minDate: must be a date/);
  });
});
