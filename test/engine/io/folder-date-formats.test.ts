/**
 * A folder whose files write dates differently (one month re-saved by a spreadsheet, a shop that
 * changed its locale): each file is read in its own format, whichever most files use.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EngineError, keyedFigureWarnings, openDataset, tableRows, type SqlPort } from '../../../engine/src/index.ts';
import { openDb, textSource } from '../../helpers/engine.ts';

let sql: SqlPort;
beforeAll(async () => {
  sql = await openDb();
});

const pad = (n: number) => String(n).padStart(2, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const hm = (d: Date) => `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
const [y, m, day] = [(d: Date) => d.getUTCFullYear(), (d: Date) => pad(d.getUTCMonth() + 1), (d: Date) => pad(d.getUTCDate())];

/** How exports write a date and time; `time` false where the format keeps the day only. */
const WRITERS: Record<string, { write: (d: Date) => string; time: boolean }> = {
  iso: { write: (d) => `${y(d)}-${m(d)}-${day(d)} ${hm(d)}`, time: true },
  isoT: { write: (d) => `${y(d)}-${m(d)}-${day(d)}T${hm(d)}:00`, time: true },
  dmySlash: { write: (d) => `${day(d)}/${m(d)}/${y(d)} ${hm(d)}`, time: true },
  mdySlash: { write: (d) => `${m(d)}/${day(d)}/${y(d)} ${hm(d)}`, time: true },
  dmyDots: { write: (d) => `${day(d)}.${m(d)}.${y(d)} ${hm(d)}`, time: true },
  monthName: { write: (d) => `${day(d)}-${MONTHS[d.getUTCMonth()]}-${y(d)} ${hm(d)}`, time: true },
  compact: { write: (d) => `${y(d)}${m(d)}${day(d)}`, time: false },
};

const HEADER = 'InvoiceNo,CustomerID,InvoiceDate,StockCode,Quantity,UnitPrice';

/** Lines of one file, its invoices numbered from `first`; a day past the 12th first, so a day/month file shows its order. */
function file(first: number, dates: Date[], writer: string) {
  const w = WRITERS[writer]!;
  const all = [new Date(Date.UTC(2024, 2, 25, 10, 30)), ...dates];
  const rows = all.map((d, i) => ({ invoice: first + i, customer: `C${(first + i) % 7}`, d, price: 1 + (i % 5) }));
  const text = [HEADER, ...rows.map((r) => `${r.invoice},${r.customer},${w.write(r.d)},SKU${r.invoice % 3},2,${r.price}`)].join('\n');
  const expected = rows.map((r) => `${y(r.d)}-${m(r.d)}-${day(r.d)} ${w.time ? hm(r.d) : '00:00'}:00`);
  return { text, expected, revenue: rows.reduce((a, r) => a + 2 * r.price, 0) };
}

const timestamps = async () => tableRows(await sql.query(`SELECT strftime(ts, '%Y-%m-%d %H:%M:%S') AS ts FROM lines ORDER BY row_id`)).map((r) => r.ts);

describe('a folder whose files write dates differently', () => {
  it('reads each file in its own format, every date as written', async () => {
    const date = fc.date({ min: new Date('2023-01-01T00:00:00Z'), max: new Date('2025-12-31T23:59:00Z'), noInvalidDate: true }).map((d) => {
      d.setUTCSeconds(0, 0);
      return d;
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom(...Object.keys(WRITERS)), fc.array(date, { minLength: 1, maxLength: 8 })), { minLength: 2, maxLength: 4 }),
        async (specs) => {
          const files = specs.map(([writer, dates], i) => ({ name: `m${i + 1}.csv`, ...file(1000 * (i + 1), dates, writer) }));
          const ds = await openDataset(
            sql,
            files.map((f) => textSource(f.name, f.text)),
          );
          expect(ds.canonical.parseIssues).toEqual([]);
          expect(await timestamps()).toEqual(files.flatMap((f) => f.expected));
          expect(ds.report.revenue).toBeCloseTo(
            files.reduce((a, f) => a + f.revenue, 0),
            6,
          );
          // Only the files written otherwise than the dataset's format are listed.
          for (const [, f] of Object.entries(ds.canonical.dateFormatsByFile ?? {})) expect(f.label).not.toBe(ds.canonical.dateFormat?.label);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('one month re-saved dd/mm among ISO months: that file only is listed, nothing is lost', async () => {
    const iso = [1, 2, 3].map((k) => file(100 * k, [new Date(Date.UTC(2024, k, 5, 9, 0))], 'iso'));
    const resaved = file(900, [new Date(Date.UTC(2024, 5, 3, 16, 44))], 'dmySlash');
    const ds = await openDataset(sql, [...iso.map((f, i) => textSource(`2024-0${i + 1}.csv`, f.text)), textSource('2024-06.csv', resaved.text)]);
    expect(ds.canonical.dateFormat?.order).toBe('iso');
    expect(Object.entries(ds.canonical.dateFormatsByFile ?? {}).map(([f, d]) => [f, d.label])).toEqual([['2024-06.csv', 'dd/mm/yyyy [HH:MM[:SS]]']]);
    expect(await timestamps()).toEqual([...iso.flatMap((f) => f.expected), ...resaved.expected]);
    expect(ds.canonical.parseIssues).toEqual([]);
  });

  it('a file whose days never pass 12 beside an ISO file: read day-first, flagged in that file only', async () => {
    const isoFile = file(100, [new Date(Date.UTC(2024, 6, 20, 9, 0))], 'iso');
    const open = `${HEADER}\n500,C1,03/04/2024 10:00,SKU1,1,5\n501,C2,05/06/2024 11:00,SKU2,1,5\n`;
    const ds = await openDataset(sql, [textSource('a.csv', isoFile.text), textSource('b.csv', open)]);
    expect(ds.canonical.dateFormatsByFile?.['b.csv']).toMatchObject({ order: 'dmy', ambiguous: true });
    expect(ds.canonical.ambiguousDates).toMatchObject({
      count: 2,
      files: ['b.csv'],
      examples: [
        { file: 'b.csv', row: 2, value: '03/04/2024 10:00' },
        { file: 'b.csv', row: 3, value: '05/06/2024 11:00' },
      ],
    });
    expect(keyedFigureWarnings(ds).find((w) => w.key === 'ambiguous-dates')?.text).toContain('no date in b.csv has a day past 12');
    expect((await timestamps()).slice(-2)).toEqual(['2024-04-03 10:00:00', '2024-06-05 11:00:00']);
  });

  it('a file whose dates no format fits, in a folder of mixed formats, is named with its row', async () => {
    const a = file(100, [new Date(Date.UTC(2024, 1, 2, 9, 0))], 'iso');
    const b = file(200, [new Date(Date.UTC(2024, 1, 2, 9, 0))], 'monthName');
    const bad = `${HEADER}\n300,C1,sometime in May,SKU1,1,5\n301,C2,later,SKU1,1,5\n`;
    const ds = await openDataset(sql, [textSource('a.csv', a.text), textSource('b.csv', b.text), textSource('c.csv', bad)]);
    expect(ds.canonical.parseIssues).toEqual([{ role: 'date', column: 'InvoiceDate', count: 2, example: { file: 'c.csv', row: 2, value: 'sometime in May' } }]);
    expect(await timestamps()).toEqual([...a.expected, ...b.expected, null, null]);
  });

  it('a folder whose files share no date format and one fits none: refused, naming that file and row', async () => {
    const a = file(100, [new Date(Date.UTC(2024, 1, 2, 9, 0))], 'compact');
    const bad = `${HEADER}\n300,C1,sometime in May,SKU1,1,5\n301,C2,later,SKU1,1,5\n302,C3,soon,SKU1,1,5\n`;
    const error = await openDataset(sql, [textSource('a.csv', a.text), textSource('c.csv', bad)]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect(error).toMatchObject({
      message: expect.stringContaining('no known date format fits values such as "sometime in May"'),
      location: { file: 'c.csv', row: 2, column: 'InvoiceDate' },
    });
  });
});
