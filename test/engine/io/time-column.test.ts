/**
 * A time of day in a column of its own ("Date","Time"; "Datum","Uhrzeit"; "Fecha","Hora") is read
 * with the date into each line's timestamp; not where the date has a time of its own, nor when
 * the user unmaps it. Values that are no time are counted and named, their lines kept at midnight.
 */
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultAnalysis, figureWarnings, loadData, openDataset, tableRows, type SqlPort } from '../../../engine/src/index.ts';
import { inspectJson, inspectText } from '../../../engine/cli/inspect.ts';
import { carriesTimeOfDay, timeOfDayFormat, timeOfDaySeconds } from '../../../engine/src/mapping/time-of-day.ts';
import { MemorySource, openDb, textSource } from '../../helpers/engine.ts';

let sql: SqlPort;
beforeAll(async () => {
  sql = await openDb();
});

/** Each line's timestamp as read, in file order. */
async function timestamps(): Promise<(string | null)[]> {
  const rows = tableRows(await sql.query(`SELECT strftime(ts, '%Y-%m-%d %H:%M:%S') AS t FROM lines ORDER BY row_id`));
  return rows.map((r) => (r.t === null ? null : String(r.t)));
}

/** The reproduction (/tmp/s24/sep-time.csv's shape): a till's date and time in two columns. */
const SEP_TIME = `Date,Time,Receipt,Customer,Item,Qty,Price
2024-01-01,08:00:00,R0,C0,Item 0,1,2.50
2024-02-02,09:01:00,R0,C1,Item 1,1,3.50
2024-03-03,10:02:00,R0,C2,Item 2,1,4.50
2024-04-04,11:03:00,R1,C3,Item 3,1,5.50
`;

describe('a time of day in a column of its own', () => {
  it("is read with the date: each line at its date and time, the time shown as the date's companion", async () => {
    const ds = await openDataset(sql, [textSource('sep-time.csv', SEP_TIME)]);
    expect(ds.canonical.mapping.mapping).toMatchObject({ date: 'Date', time: 'Time' });
    expect(await timestamps()).toEqual(['2024-01-01 08:00:00', '2024-02-02 09:01:00', '2024-03-03 10:02:00', '2024-04-04 11:03:00']);
    expect(ds.report.date_min).toBe('2024-01-01 08:00:00');
    expect(ds.report.date_max).toBe('2024-04-04 11:03:00');
    expect(ds.canonical.parseIssues).toEqual([]);
    // inspect: the date's line names both columns, the time's its role (for --map time=...); no column left unmapped.
    const text = inspectText(ds);
    expect(text).toMatch(/^ {2}date {9}<- "Date" \+ "Time" +confidence 1\.00$/m);
    expect(text).toMatch(/^ {2}time {9}<- "Time" +confidence 1\.00 \(the date's time of day\)$/m);
    expect(text).not.toContain('unmapped');
    expect(inspectJson(ds).mapping).toMatchObject({ date: 'Date', time: 'Time' });
  });

  it("reads a workbook's time cells (a fraction of a day, formatted as a time) with its date cells", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sales');
    ws.addRow(['Date', 'Time', 'Receipt', 'Customer', 'Item', 'Qty', 'Price']);
    ws.addRow([new Date(Date.UTC(2024, 0, 5)), (14 * 60 + 5) / 1440, 'R1', 'C1', 'Mug', 1, 2.5]);
    ws.addRow([new Date(Date.UTC(2024, 0, 6)), 9.5 / 24, 'R2', 'C2', 'Cup', 2, 1.5]);
    ws.getColumn(1).numFmt = 'dd/mm/yyyy';
    ws.getColumn(2).numFmt = 'hh:mm';
    const ds = await openDataset(sql, [new MemorySource('till.xlsx', new Uint8Array(await wb.xlsx.writeBuffer()))]);
    expect(ds.canonical.mapping.mapping).toMatchObject({ date: 'Date', time: 'Time' });
    expect(await timestamps()).toEqual(['2024-01-05 14:05:00', '2024-01-06 09:30:00']);
  });

  it('keeps apart two files of one day whose receipt numbers restart, as their times do not overlap', async () => {
    // A till's morning and afternoon shifts, each numbering its receipts from 1: the same numbers,
    // the same day, other times. At midnight both files' times met, and the afternoon's orders were
    // read as the morning's exported again (overlapping-files.ts): their lines left out as duplicates.
    const header = 'Datum;Uhrzeit;Bon;Kunde;Artikel;Menge;Preis\n';
    const morning = `${header}05.03.2024;08:10;1;K1;Brot;1;2,50\n05.03.2024;08:10;1;K1;Milch;2;1,20\n05.03.2024;09:30;2;K2;Brot;1;2,50\n`;
    const afternoon = `${header}05.03.2024;14:05;1;K3;Brot;1;2,50\n05.03.2024;14:05;1;K3;Milch;2;1,20\n05.03.2024;15:45;2;K4;Kaffee;1;4,90\n`;
    const ds = await openDataset(sql, [textSource('frueh.csv', morning), textSource('spaet.csv', afternoon)]);
    expect(ds.canonical.mapping.mapping).toMatchObject({ date: 'Datum', time: 'Uhrzeit' });
    expect(ds.canonical.overlappingFiles).toBeUndefined();
    expect(ds.report.removed.duplicate).toBe(0);
    expect(ds.report.rows_kept).toBe(6);
    expect(await timestamps()).toEqual([
      '2024-03-05 08:10:00',
      '2024-03-05 08:10:00',
      '2024-03-05 09:30:00',
      '2024-03-05 14:05:00',
      '2024-03-05 14:05:00',
      '2024-03-05 15:45:00',
    ]);
  });

  it("counts and names a value that is no time, and keeps its line at its day's midnight; an empty one too", async () => {
    const csv = `Fecha;Hora;Ticket;Cliente;Producto;Cantidad;Precio
13/01/2024;14:05;1;A;Pan;1;2,50
13/01/2024;2:05 p. m.;2;B;Pan;1;2,50
14/01/2024;cerrado;3;A;Leche;2;1,20
14/01/2024;;4;C;Pan;1;2,50
15/01/2024;23:59:59;5;C;Leche;1;1,20
`;
    const ds = await openDataset(sql, [textSource('ventas.csv', csv)]);
    expect(ds.canonical.mapping.mapping).toMatchObject({ date: 'Fecha', time: 'Hora' });
    expect(await timestamps()).toEqual(['2024-01-13 14:05:00', '2024-01-13 14:05:00', '2024-01-14 00:00:00', '2024-01-14 00:00:00', '2024-01-15 23:59:59']);
    expect(ds.canonical.parseIssues).toEqual([{ role: 'time', column: 'Hora', count: 1, example: { file: 'ventas.csv', row: 4, value: 'cerrado' } }]);
    expect(ds.canonical.nulls.time).toBe(1);
    expect(ds.report.rows_kept).toBe(5);
    expect(figureWarnings(ds)).toContain('1 value in "Hora" (time) does not parse, e.g. "cerrado" in ventas.csv row 4; its line is read at 00:00 of its day');
  });

  it('is not joined where the date has its own time, where the header names no time, or where the values are no times', async () => {
    const own = await openDataset(sql, [textSource('a.csv', 'Date,Time,Order,Customer,Amount\n2024-01-05 10:15,08:00,1,A,5\n2024-01-06 11:00,09:00,2,B,6\n')]);
    expect(own.canonical.mapping.mapping.time).toBeUndefined();
    expect(await timestamps()).toEqual(['2024-01-05 10:15:00', '2024-01-06 11:00:00']);
    const unnamed = await openDataset(sql, [textSource('b.csv', 'Date,Slot,Order,Customer,Amount\n2024-01-05,08:00,1,A,5\n2024-01-06,09:00,2,B,6\n')]);
    expect(unnamed.canonical.mapping.mapping.time).toBeUndefined();
    const notTimes = await openDataset(sql, [textSource('c.csv', 'Date,Time,Order,Customer,Amount\n2024-01-05,morning,1,A,5\n2024-01-06,evening,2,B,6\n')]);
    expect(notTimes.canonical.mapping.mapping.time).toBeUndefined();
    expect(await timestamps()).toEqual(['2024-01-05 00:00:00', '2024-01-06 00:00:00']);
  });

  it("is turned off, or read from another column, as any role: --map, and an analysis' saved mapping", async () => {
    const csv = 'Date,Time,Booked,Order,Customer,Amount\n2024-01-05 00:00:00,08:00,7:30 PM,1,A,5\n2024-01-06 00:00:00,09:15:30,11:05 am,2,B,6\n';
    const off = await openDataset(sql, [textSource('d.csv', csv)], { mapping: { time: '' } });
    expect(off.canonical.mapping.mapping.time).toBeUndefined();
    expect(await timestamps()).toEqual(['2024-01-05 00:00:00', '2024-01-06 00:00:00']);
    const other = await openDataset(sql, [textSource('d.csv', csv)], { mapping: { time: 'Booked' } });
    expect(other.canonical.mapping).toMatchObject({ mapping: { time: 'Booked' }, manual: { time: true } });
    expect(await timestamps()).toEqual(['2024-01-05 19:30:00', '2024-01-06 11:05:00']);
    // A saved analysis re-uses its choice on a re-run.
    const a = defaultAnalysis();
    a.mapping = { time: 'Booked' };
    await loadData(sql, [textSource('d.csv', csv)], a, { today: null });
    expect(await timestamps()).toEqual(['2024-01-05 19:30:00', '2024-01-06 11:05:00']);
    // Detected: the date's midnight says no time of its own.
    await openDataset(sql, [textSource('d.csv', csv)]);
    expect(await timestamps()).toEqual(['2024-01-05 08:00:00', '2024-01-06 09:15:30']);
  });
});

/** The headers a date and its time are written under, as tills and shops of several languages name them. */
const HEADERS = [
  ['Date', 'Time'],
  ['Datum', 'Uhrzeit'],
  ['Datum', 'Zeit'],
  ['Date', 'Heure'],
  ['Fecha', 'Hora'],
  ['Data', 'Ora'],
  ['Data', 'Hora'],
  ['Datum', 'Tijd'],
] as const;

const pad = (n: number) => String(n).padStart(2, '0');

/** A date written as an export writes it: ISO, ISO at midnight (a spreadsheet's date cell), dd.mm.yyyy, dd/mm/yyyy. */
const DATE_FORMATS: ((y: number, m: number, d: number) => string)[] = [
  (y, m, d) => `${y}-${pad(m)}-${pad(d)}`,
  (y, m, d) => `${y}-${pad(m)}-${pad(d)} 00:00:00`,
  (y, m, d) => `${pad(d)}.${pad(m)}.${y}`,
  (y, m, d) => `${pad(d)}/${pad(m)}/${y}`,
];

/**
 * A time written as tills write it: 14:05, 14:05:33, 2:05 PM, 2:05:33 pm, and a workbook's time
 * cell; with words: 14:05 hs., 14h05, 14.05 Uhr, 14:05:33 hrs.
 */
const TIME_FORMATS: ((h: number, m: number, s: number) => string)[] = [
  (h, m) => `${pad(h)}:${pad(m)}`,
  (h, m, s) => `${pad(h)}:${pad(m)}:${pad(s)}`,
  (h, m) => `${h % 12 || 12}:${pad(m)} ${h < 12 ? 'AM' : 'PM'}`,
  (h, m, s) => `${h % 12 || 12}:${pad(m)}:${pad(s)} ${h < 12 ? 'am' : 'pm'}`,
  (h, m, s) => `1899-12-30 ${pad(h)}:${pad(m)}:${pad(s)}`,
  (h, m) => `${pad(h)}:${pad(m)} hs.`,
  (h, m) => `${h}h${pad(m)}`,
  (h, m) => `${pad(h)}.${pad(m)} Uhr`,
  (h, m, s) => `${pad(h)}:${pad(m)}:${pad(s)} hrs`,
];
/** The formats above that write no seconds. */
const WITHOUT_SECONDS = new Set([0, 2, 5, 6, 7]);

const moment = fc.record({
  y: fc.integer({ min: 2000, max: 2030 }),
  m: fc.integer({ min: 1, max: 12 }),
  d: fc.integer({ min: 1, max: 28 }),
  h: fc.integer({ min: 0, max: 23 }),
  min: fc.integer({ min: 0, max: 59 }),
  s: fc.integer({ min: 0, max: 59 }),
});

describe('dates and times written as two columns (property)', () => {
  it('read back exactly as one timestamp per line', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...HEADERS),
        fc.integer({ min: 0, max: DATE_FORMATS.length - 1 }),
        fc.integer({ min: 0, max: TIME_FORMATS.length - 1 }),
        fc.array(moment, { minLength: 2, maxLength: 30 }),
        async ([dateHeader, timeHeader], df, tf, moments) => {
          // Seconds only where the format writes them.
          const withSeconds = !WITHOUT_SECONDS.has(tf);
          const rows = moments.map((t, i) => `${DATE_FORMATS[df]!(t.y, t.m, t.d)};${TIME_FORMATS[tf]!(t.h, t.min, t.s)};${i + 1};C${i % 3};P${i % 4};1;2,50`);
          const csv = `${dateHeader};${timeHeader};Order;Customer;SKU;Qty;Price\n${rows.join('\n')}\n`;
          const ds = await openDataset(sql, [textSource('sales.csv', csv)]);
          expect(ds.canonical.mapping.mapping).toMatchObject({ date: dateHeader, time: timeHeader });
          expect(ds.canonical.parseIssues).toEqual([]);
          expect(await timestamps()).toEqual(moments.map((t) => `${t.y}-${pad(t.m)}-${pad(t.d)} ${pad(t.h)}:${pad(t.min)}:${withSeconds ? pad(t.s) : '00'}`));
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);

  it("a time of day in JavaScript (the detection): 24-hour and 12-hour, out of range refused; the column's format", () => {
    expect(timeOfDaySeconds('14:05')).toBe(14 * 3600 + 5 * 60);
    expect(timeOfDaySeconds('2:05:33 PM')).toBe(14 * 3600 + 5 * 60 + 33);
    expect(timeOfDaySeconds('12:00 a.m.')).toBe(0);
    expect(timeOfDaySeconds('1904-01-01 06:30:00')).toBe(6 * 3600 + 30 * 60);
    for (const v of ['24:00', '13:05 PM', '0:05 AM', '14:60', '14', '2024-01-05 14:05', '14.05']) expect(timeOfDaySeconds(v)).toBeUndefined();
    expect(carriesTimeOfDay('2024-01-05 00:00:00')).toBe(false);
    expect(carriesTimeOfDay('5/1/2024, 12:00:00 AM')).toBe(false);
    expect(carriesTimeOfDay('2024-01-05T14:05:00+01:00')).toBe(true);
    expect(carriesTimeOfDay('45296.5')).toBe(true);
    expect(carriesTimeOfDay('05.01.2024')).toBe(false);
    expect(timeOfDayFormat(['2:05 PM', '3:10 PM', '14:05', null, '2:05 p.m.'])).toBe('%I:%M %p');
    expect(timeOfDayFormat(['1899-12-30 14:05:00', '1899-12-30 09:00:00', '14:05:00.5'])).toBe('%H:%M:%S');
    expect(timeOfDayFormat(['closed'])).toBeUndefined();
    // With words: read, in no strptime format (the SQL reads them after its clean-up).
    expect(timeOfDaySeconds('14:05 hs.')).toBe(14 * 3600 + 5 * 60);
    expect(timeOfDaySeconds('14h05')).toBe(14 * 3600 + 5 * 60);
    expect(timeOfDaySeconds('14.05 Uhr')).toBe(14 * 3600 + 5 * 60);
    expect(timeOfDayFormat(['14:05 hs.', '09:10 hs.'])).toBeUndefined();
    expect(carriesTimeOfDay('21/08/2026 16h10')).toBe(true);
  });
});
