/**
 * The dates the back-test and the migration open on: the usual ones (a whole window before the
 * data's end) whenever the data has days before them, else halfway through a shorter history,
 * so both sides have customers. As properties over histories of any length, and on loaded lines:
 * both views compute at their default dates wherever the data spans two days or more.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  defaultBacktestAsOf,
  defaultMigrationFrom,
  migrateAsOf,
  openDataset,
  prepareOverviewBase,
  runBacktest,
  tableRows,
} from '../../../engine/src/index.ts';
import { openDb, textSource } from '../../helpers/engine.ts';

const START = '2024-01-01';
const days = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

describe('default as-of dates', () => {
  it('examples: a year of data keeps the usual dates; 40 days open halfway', () => {
    expect(defaultBacktestAsOf({ firstDay: '2024-01-01', lastDay: '2024-12-31' }, 90)).toBe('2024-10-03');
    expect(defaultMigrationFrom('2025-01-01', '2024-01-01')).toBe('2024-10-03');
    expect(defaultBacktestAsOf({ firstDay: '2025-03-01', lastDay: '2025-04-09' }, 90)).toBe('2025-03-21');
    expect(defaultMigrationFrom('2025-04-10', '2025-03-01')).toBe('2025-03-21');
    // One day of data: no date has customers before it and after it; the usual one stays (and says why it fails).
    expect(defaultMigrationFrom('2025-03-02', '2025-03-01')).toBe('2024-12-02');
    expect(defaultBacktestAsOf({ firstDay: null, lastDay: null }, 90)).toBeNull();
    expect(defaultMigrationFrom('2025-03-02', null)).toBe('2024-12-02');
  });

  it('property: the usual date whenever days come before it, else one strictly inside the history', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 800 }), fc.integer({ min: 0, max: 800 }), fc.integer({ min: 1, max: 400 }), (offset, length, windowDays) => {
        const firstDay = addDays(START, offset);
        const lastDay = addDays(firstDay, length);
        const end = addDays(lastDay, 1);
        const asOf = defaultBacktestAsOf({ firstDay, lastDay }, windowDays)!;
        const from = defaultMigrationFrom(end, firstDay);
        for (const [date, usual] of [
          [asOf, addDays(end, -windowDays)],
          [from, addDays(end, -90)],
        ] as const) {
          if (usual > firstDay) expect(date).toBe(usual);
          else if (length >= 1) {
            // Halfway: days of data on both sides, the earlier side no shorter than the later.
            expect(date > firstDay && date < end).toBe(true);
            expect(days(firstDay, date)).toBeGreaterThanOrEqual(days(date, end));
            expect(days(firstDay, date) - days(date, end)).toBeLessThanOrEqual(1);
          } else expect(date).toBe(usual);
        }
      }),
      { numRuns: 400, seed: 11 },
    );
  });

  it('on loaded lines of 2 to 120 days, both views compute at their default dates', async () => {
    const sql = await openDb();
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 119 }), async (length) => {
        // A customer buying every day of the history (so every date inside it has customers on both sides).
        const lines = ['InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country'];
        for (let d = 0; d <= length; d++) lines.push(`i${d},A,thing,1,${addDays(START, d)} 10:00:00,5,c${d % 3},UK`);
        await openDataset(sql, [textSource('short.csv', `${lines.join('\n')}\n`)]);
        const base = await prepareOverviewBase(sql);
        expect(base.firstDay).toBe(START);
        const snapshot = addDays(base.lastDay!, 1);
        const bt = await runBacktest(sql, { asOf: defaultBacktestAsOf(base, 90)! }, base);
        const m = await migrateAsOf(sql, { from: defaultMigrationFrom(snapshot, base.firstDay), to: snapshot }, base);
        const before = tableRows(await sql.query(`SELECT count(DISTINCT customer) AS n FROM kept WHERE ts < DATE '${m.from}'`))[0]!.n;
        expect(
          m.customers
            .slice(0, -1)
            .flat()
            .reduce((a, b) => a + b, 0),
        ).toBe(Number(before));
        expect(bt.total.customers).toBeGreaterThan(0);
        // A history shorter than the window: the back-test says its window runs past the data.
        expect(bt.windowComplete).toBe(length + 1 >= 90 + days(START, bt.asOf));
      }),
      { numRuns: 10, seed: 3 },
    );
    // One day: no date has customers on both sides; the usual date stays, and the message says where the lines start.
    await openDataset(sql, [textSource('one-day.csv', 'InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID\ni1,A,1,2024-05-02 10:00,5,c1\n')]);
    const base = await prepareOverviewBase(sql);
    const asOf = defaultBacktestAsOf(base, 90)!;
    expect(asOf).toBe('2024-02-03');
    await expect(runBacktest(sql, { asOf }, base)).rejects.toThrow(
      'no kept lines with a customer before the as-of date 2024-02-03: the first is on 2024-05-02, so the date must come after it',
    );
    await expect(migrateAsOf(sql, { from: defaultMigrationFrom('2024-05-03', base.firstDay), to: '2024-05-03' }, base)).rejects.toThrow(
      /the first is on 2024-05-02/,
    );
  }, 120_000);
});
