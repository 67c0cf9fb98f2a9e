import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { detectDateFormat, keyedFigureWarnings, openDataset, tableRows, type SqlPort } from '../../../engine/src/index.ts';
import { openDb, textSource } from '../../helpers/engine.ts';

let sql: SqlPort;
beforeAll(async () => {
  sql = await openDb();
});

/** A small export whose date column holds `dates`, one line each, price 2.50 × line number. */
function file(dates: string[]): string {
  const q = (v: string) => (v.includes(',') ? `"${v}"` : v);
  return `${[
    'Invoice,Customer,Date,SKU,Description,Quantity,Price',
    ...dates.map((d, i) => `${1000 + i},c${i % 2},${q(d)},A${i},Mug ${i},1,${(2.5 * (i + 1)).toFixed(2)}`),
  ].join('\n')}\n`;
}

async function parsedDates(name: string, dates: string[]) {
  const ds = await openDataset(sql, [textSource(name, file(dates))]);
  const ts = tableRows(await sql.query(`SELECT strftime(ts, '%Y-%m-%d %H:%M:%S') AS t FROM lines ORDER BY row_id`)).map((r) => r.t);
  return { ds, ts };
}

/** Wall time of a Unix instant, in UTC, as the report writes it. */
const utc = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

describe('date formats', () => {
  it.each([
    ['yyyymmdd', ['20230105', '20230131', '20221201'], 'compact', ['2023-01-05 00:00:00', '2023-01-31 00:00:00', '2022-12-01 00:00:00']],
    ['dd-Mon-yyyy', ['05-Jan-2023', '31-Jan-2023 14:05', '1 December 2022'], 'dmy_text', ['2023-01-05 00:00:00', '2023-01-31 14:05:00', '2022-12-01 00:00:00']],
    // A two-digit year is this century's, not the year 23.
    ['dd.Mon.yy', ['05.Jan.23', '31.Jan.23 14:05', '01.Dec.22'], 'dmy_text', ['2023-01-05 00:00:00', '2023-01-31 14:05:00', '2022-12-01 00:00:00']],
    [
      'Mon dd, yyyy',
      ['Jan 5, 2023', 'Jan 31, 2023 2:05 PM', 'December 1, 2022'],
      'mdy_text',
      ['2023-01-05 00:00:00', '2023-01-31 14:05:00', '2022-12-01 00:00:00'],
    ],
    [
      // eBay's US reports: the month's name, the day and a two-digit year between hyphens.
      'Mon-dd-yy',
      ['Mar-04-24', 'Mar-31-24 14:05', 'Dec-01-2023'],
      'mdy_text',
      ['2024-03-04 00:00:00', '2024-03-31 14:05:00', '2023-12-01 00:00:00'],
    ],
    [
      // RFC 2822, as mail headers and some APIs' exports write it: the weekday and the zone dropped, the wall time kept.
      'RFC 2822',
      ['Sun, 01 Dec 2024 08:26:00 GMT', 'Mon, 02 Dec 2024 21:00:00 +0000', 'Wed, 15 Jan 2025 10:00 -0500'],
      'dmy_text',
      ['2024-12-01 08:26:00', '2024-12-02 21:00:00', '2025-01-15 10:00:00'],
    ],
    [
      // A spreadsheet's long date; an AM/PM time with a zone after it, the AM/PM kept.
      'Weekday, Month d, yyyy',
      ['Sunday, December 1, 2024', 'Monday, December 2, 2024 8:26 PM EST', 'Wed. January 15, 2025 10:00 AM'],
      'mdy_text',
      ['2024-12-01 00:00:00', '2024-12-02 20:26:00', '2025-01-15 10:00:00'],
    ],
    [
      'm/d/yyyy with AM/PM',
      ['1/5/2023 10:15 AM', '1/31/2023 2:05 PM', '12/1/2022 12:30 AM'],
      'mdy',
      ['2023-01-05 10:15:00', '2023-01-31 14:05:00', '2022-12-01 00:30:00'],
    ],
    [
      'ISO with a zone name (wall time kept)',
      ['2023-01-05 10:15:00 Europe/Berlin', '2023-01-31 14:05:00 CET', '2022-12-01 09:00:00 UTC'],
      'iso',
      ['2023-01-05 10:15:00', '2023-01-31 14:05:00', '2022-12-01 09:00:00'],
    ],
    [
      // JavaScript's toLocaleString (en-US): a comma before the time, seconds and AM/PM.
      'm/d/yyyy, h:mm:ss AM/PM',
      ['5/8/2024, 12:13:00 PM', '5/31/2024, 1:05:09 AM', '12/1/2023, 11:30:00 PM'],
      'mdy',
      ['2024-05-08 12:13:00', '2024-05-31 01:05:09', '2023-12-01 23:30:00'],
    ],
    // AM/PM without a space before it, in either case.
    [
      'm/d/yyyy h:mmPM',
      ['9/9/2024 5:37PM', '9/30/2024 6:14pm', '12/1/2023 12:05AM'],
      'mdy',
      ['2024-09-09 17:37:00', '2024-09-30 18:14:00', '2023-12-01 00:05:00'],
    ],
    // SQL Server's default style.
    [
      'Mon dd yyyy h:mmPM',
      ['Jul 22 2024 6:14PM', 'Jul 31 2024 10:05AM', 'Dec 1 2023 12:30PM'],
      'mdy_text',
      ['2024-07-22 18:14:00', '2024-07-31 10:05:00', '2023-12-01 12:30:00'],
    ],
    // "Sept", as British English writes September.
    [
      'd Mon yyyy with Sept',
      ['22 Sept 2024', '5 Sept 2024 10:15', '1 Dec 2023'],
      'dmy_text',
      ['2024-09-22 00:00:00', '2024-09-05 10:15:00', '2023-12-01 00:00:00'],
    ],
    [
      // A 12-hour time after an ISO date: its PM is no zone's name (3:12 PM was read as 3:12).
      'ISO with AM/PM',
      ['2025-03-01 3:12 PM', '2025-3-2 12:30:05 am', '2025-03-03T11:05 p.m.'],
      'iso',
      ['2025-03-01 15:12:00', '2025-03-02 00:30:05', '2025-03-03 23:05:00'],
    ],
    [
      // PostgreSQL's timestamptz output: an offset of hours only, a fraction of a second (wall time kept).
      'ISO with +00',
      ['2024-07-22 18:14:00+00', '2024-08-22 14:46:00.5-03', '2023-12-01 09:00:00+01'],
      'iso',
      ['2024-07-22 18:14:00', '2024-08-22 14:46:00', '2023-12-01 09:00:00'],
    ],
    ['epoch seconds (UTC)', ['1672914900', '1675173900', '1669885200'], 'epoch_s', [utc(1672914900000), utc(1675173900000), utc(1669885200000)]],
    ['epoch milliseconds (UTC)', ['1672914900123', '1675173900000', '1669885200000'], 'epoch_ms', [utc(1672914900123), utc(1675173900000), utc(1669885200000)]],
  ])('%s', async (_name, dates, order, expected) => {
    expect(detectDateFormat(dates)?.order).toBe(order);
    const { ds, ts } = await parsedDates('dates.csv', dates);
    expect(ds.canonical.dateFormat?.order).toBe(order);
    expect(ts).toEqual(expected);
    expect(ds.report.removed.invalid_value).toBe(0);
    expect(ds.report.date_min).toBe([...expected].sort()[0]);
    expect(ds.report.date_max).toBe([...expected].sort()[2]);
  });

  it('reads dates as JavaScript writes them for numeric locales (toLocaleString), every one as written', async () => {
    const locales = [
      'en-US',
      'en-GB',
      'en-AU',
      'en-IN',
      'de-DE',
      'fr-FR',
      'nl-NL',
      'es-ES',
      'it-IT',
      'pt-BR',
      'pl-PL',
      'sv-SE',
      'ru-RU',
      'nb-NO',
      'tr-TR',
      'ja-JP',
    ];
    const minute = fc.integer({ min: Date.UTC(2020, 0, 1) / 60000, max: Date.UTC(2026, 11, 31) / 60000 }).map((m) => new Date(m * 60000));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...locales), fc.array(minute, { minLength: 1, maxLength: 6 }), async (locale, dates) => {
        // A day past the 12th first, so the day/month order shows in the values.
        const all = [new Date(Date.UTC(2024, 2, 25, 16, 7)), ...dates];
        const { ds, ts } = await parsedDates(
          'local.csv',
          all.map((d) => d.toLocaleString(locale, { timeZone: 'UTC' })),
        );
        expect(ds.report.removed.invalid_value).toBe(0);
        expect(ts).toEqual(all.map((d) => utc(d.getTime())));
      }),
      { numRuns: 30 },
    );
  });

  it('reads a column of ISO dates with some typed as dd/mm or mm/dd text (date cells and text cells) every one as written (property)', async () => {
    const minute = fc.integer({ min: Date.UTC(2020, 0, 1) / 60000, max: Date.UTC(2026, 11, 31) / 60000 }).map((m) => new Date(m * 60000));
    const iso = (d: Date) => utc(d.getTime()).slice(0, 16);
    const text = (d: Date, order: 'dmy' | 'mdy') => {
      const [y, mo, da, hm] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), iso(d).slice(11)];
      const p = (n: number) => String(n).padStart(2, '0');
      return order === 'dmy' ? `${p(da)}/${p(mo)}/${y} ${hm}` : `${p(mo)}/${p(da)}/${y} ${hm}`;
    };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('dmy' as const, 'mdy' as const),
        fc.array(fc.tuple(minute, fc.boolean()), { minLength: 4, maxLength: 12 }),
        async (order, dates) => {
          // Text with a day past the 12th first (the order shows), then ISO, then the drawn mix.
          const all: [Date, boolean][] = [[new Date(Date.UTC(2024, 2, 25, 16, 7)), true], [new Date(Date.UTC(2024, 0, 2, 9, 0)), false], ...dates];
          const { ds, ts } = await parsedDates(
            'mixed.csv',
            all.map(([d, asText]) => (asText ? text(d, order) : iso(d))),
          );
          expect(ds.report.removed.invalid_value).toBe(0);
          expect(ts).toEqual(all.map(([d]) => utc(d.getTime())));
          // Mostly ISO, the text is the format's `also`; mostly text, ISO is read per value.
          expect([ds.canonical.dateFormat?.order, ds.canonical.dateFormat?.also?.order]).toContain(order);
        },
      ),
      { numRuns: 20 },
    );
  });

  it('says so when the dates left as text are exactly those past the 12th: a day-first file opened by a month-first spreadsheet', async () => {
    // Days up to 12 became date cells, day and month swapped (ISO here); the rest stayed dd/mm text.
    const days = Array.from({ length: 24 }, (_, i) => i + 1);
    const values = days.map((d) => (d <= 12 ? `2024-${String(d).padStart(2, '0')}-05 10:00` : `${d}/05/2024 10:00`));
    const { ds } = await parsedDates('misopened.csv', values);
    expect(ds.canonical.swappedDates).toMatchObject({ column: 'Date', text: 12, example: { file: 'misopened.csv', row: 14, value: '13/05/2024 10:00' } });
    expect(keyedFigureWarnings(ds).find((w) => w.key === 'swapped-dates')?.text).toContain('all have a day past 12');
    // The same column with text dates on both sides of the 12th is a mix, not the trap.
    const { ds: mixed } = await parsedDates('mixed.csv', [...values, '03/06/2024 10:00']);
    expect(mixed.canonical.swappedDates).toBeUndefined();
  });

  it('reads month names as Intl writes them in German, French, Spanish, Italian, Dutch and Portuguese, long and short (property)', async () => {
    const locales = ['de-DE', 'de-AT', 'fr-FR', 'es-ES', 'it-IT', 'nl-NL', 'pt-BR', 'en-GB'];
    const day = fc.integer({ min: Date.UTC(2020, 0, 1) / 86400000, max: Date.UTC(2026, 11, 31) / 86400000 }).map((d) => new Date(d * 86400000));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...locales),
        fc.constantFrom('long' as const, 'short' as const),
        fc.array(day, { minLength: 1, maxLength: 6 }),
        async (locale, month, dates) => {
          // A month no English spelling shares first, as a year of such dates has (May, "mai", is one).
          const all = [new Date(Date.UTC(2024, 4, 25)), ...dates];
          const written = all.map((d) => d.toLocaleDateString(locale, { timeZone: 'UTC', day: 'numeric', month, year: 'numeric' }));
          const { ds, ts } = await parsedDates('months.csv', written);
          expect(ds.report.removed.invalid_value).toBe(0);
          expect(ts).toEqual(all.map((d) => utc(d.getTime())));
        },
      ),
      { numRuns: 40 },
    );
  });

  it("takes a word after a month-name date's time for a zone exactly where the SQL drops it (capitals, an offset or Z)", async () => {
    const MONTHS = ['Jan', 'February', 'Mar.', 'april', 'DEC'];
    const SUFFIXES: [suffix: string, zone: boolean][] = [
      ['', true],
      [' GMT', true],
      ['CET', true],
      [' +0100', true],
      [' -05:00', true],
      ['Z', true],
      [' PM EST', true],
      [' gmt', false],
      [' foo', false],
      [' Cet', false],
      [' ABCDEF', false],
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 28 }), fc.constantFrom(...MONTHS), fc.integer({ min: 2001, max: 2030 })), { minLength: 3, maxLength: 6 }),
        fc.constantFrom(...SUFFIXES),
        async (days, [suffix, zone]) => {
          const dates = days.map(([d, m, y]) => `${d} ${m} ${y} 10:15${suffix}`);
          const detected = detectDateFormat(dates)?.order === 'dmy_text';
          expect(detected).toBe(zone);
          if (!detected) return;
          const { ds, ts } = await parsedDates('zones.csv', dates);
          expect(ds.canonical.parseIssues).toEqual([]);
          expect(ts.every((t) => typeof t === 'string' && t.endsWith(suffix.includes('PM') ? '22:15:00' : '10:15:00'))).toBe(true);
        },
      ),
      { numRuns: 25, seed: 20261205 },
    );
  });

  it('parses a column mixing formats per value where unambiguous, and reports what none reads', async () => {
    const dates = ['2023-01-05', '2023-01-06 08:00', '07-Jan-2023', '20230108', 'Jan 9, 2023', 'soon', '2023-01-10'];
    const { ds, ts } = await parsedDates('mixed.csv', dates);
    expect(ts).toEqual([
      '2023-01-05 00:00:00',
      '2023-01-06 08:00:00',
      '2023-01-07 00:00:00',
      '2023-01-08 00:00:00',
      '2023-01-09 00:00:00',
      null,
      '2023-01-10 00:00:00',
    ]);
    expect(ds.canonical.parseIssues).toEqual([{ role: 'date', column: 'Date', count: 1, example: { file: 'mixed.csv', row: 7, value: 'soon' } }]);
    expect(ds.report.removed.invalid_value).toBe(1);
    // Lines kept: all but "soon"; revenue is the sum of their prices (2.50 × line number).
    expect(ds.report.rows_kept).toBe(6);
    expect(ds.report.revenue).toBe([1, 2, 3, 4, 5, 7].reduce((a, n) => a + 2.5 * n, 0));
  });
});
