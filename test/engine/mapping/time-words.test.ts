/**
 * Times of day written with words ("às 16:10", "a las 16:10", "um 16.10 Uhr", "16:10 hs.",
 * "16h10", "- 16:10", "1:10 p. m."): every value read at its time, on both sides of the one list of
 * rules (TypeScript for detection, SQL for parsing, which must agree); files without such words
 * keep their format as it was (no clean-up costs them anything).
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { detectDateFormat, openDataset, tableRows, type SqlPort } from '../../../engine/src/index.ts';
import { timeWordsRead, timeWordsSql } from '../../../engine/src/mapping/time-words.ts';
import { literal } from '../../../engine/src/sql/quote.ts';
import { openDb, textSource } from '../../helpers/engine.ts';

let sql: SqlPort;
beforeAll(async () => {
  sql = await openDb();
});

const pad = (n: number) => String(n).padStart(2, '0');
const PT_MONTHS = ['janeiro', 'fevereiro', 'março', 'abril', 'maio', 'junho', 'julho', 'agosto', 'setembro', 'outubro', 'novembro', 'dezembro'];

interface Moment {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
}

/** How exports write a moment with words, each as the people who write it do. */
const WRITTEN: Record<string, (m: Moment) => string> = {
  portuguese: (m) => `${pad(m.d)}/${pad(m.mo)}/${m.y} às ${pad(m.h)}:${pad(m.mi)}`,
  'mercado livre': (m) => `${m.d} de ${PT_MONTHS[m.mo - 1]} de ${m.y} ${pad(m.h)}:${pad(m.mi)} hs.`,
  spanish: (m) => `${pad(m.d)}/${pad(m.mo)}/${m.y} a las ${pad(m.h)}:${pad(m.mi)}`,
  'spanish windows': (m) => `${pad(m.d)}/${pad(m.mo)}/${m.y} ${pad(((m.h + 11) % 12) + 1)}:${pad(m.mi)} ${m.h < 12 ? 'a.\u00a0m.' : 'p.\u00a0m.'}`,
  german: (m) => `${pad(m.d)}.${pad(m.mo)}.${m.y} um ${pad(m.h)}.${pad(m.mi)} Uhr`,
  french: (m) => `${pad(m.d)}/${pad(m.mo)}/${m.y} ${m.h}h${pad(m.mi)}`,
  english: (m) => `${pad(m.mo)}/${pad(m.d)}/${m.y} at ${((m.h + 11) % 12) + 1}:${pad(m.mi)} ${m.h < 12 ? 'AM' : 'PM'}`,
  'dash and hrs': (m) => `${pad(m.d)}-${pad(m.mo)}-${m.y} - ${pad(m.h)}:${pad(m.mi)} hrs`,
};

function file(dates: readonly string[]): string {
  return `${['Invoice,Customer,Date,SKU,Quantity,Price', ...dates.map((d, i) => `${1000 + i},c${i % 3},"${d}",A${i % 4},1,2.50`)].join('\n')}\n`;
}

const moment = fc.record({
  y: fc.integer({ min: 2015, max: 2030 }),
  mo: fc.integer({ min: 1, max: 12 }),
  d: fc.integer({ min: 1, max: 28 }),
  h: fc.integer({ min: 0, max: 23 }),
  mi: fc.integer({ min: 0, max: 59 }),
});

describe('times written with words', () => {
  it('are read at their time, every line, in every way exports write them (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...Object.keys(WRITTEN)), fc.array(moment, { minLength: 3, maxLength: 12 }), async (way, moments) => {
        // One day past the 12th settles a numeric day/month order, as a file's dates do.
        const all = [...moments, { y: 2024, mo: 3, d: 25, h: 9, mi: 5 }];
        await openDataset(sql, [textSource('words.csv', file(all.map(WRITTEN[way]!)))]);
        const ts = tableRows(await sql.query(`SELECT strftime(ts, '%Y-%m-%d %H:%M') AS t FROM lines ORDER BY row_id`)).map((r) => r.t);
        expect(ts).toEqual(all.map((m) => `${m.y}-${pad(m.mo)}-${pad(m.d)} ${pad(m.h)}:${pad(m.mi)}`));
      }),
      { numRuns: 40 },
    );
  });

  it('are read alike by the TypeScript rules and their SQL (property)', async () => {
    const pieces = fc.constantFrom(
      '21/08/2026',
      '21.08.2026',
      '2026-08-21',
      ' ',
      '\u00a0',
      'às',
      'a las',
      'at',
      'um',
      '-',
      '16',
      ':',
      '.',
      '10',
      'h',
      'hs',
      'Uhr',
      'p.',
      'm.',
      'a',
      'AM',
      'ÀS',
      'x',
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.array(pieces, { maxLength: 9 }).map((p) => p.join('')),
          { minLength: 1, maxLength: 30 },
        ),
        async (values) => {
          const rows = tableRows(
            await sql.query(
              `SELECT ${timeWordsSql('v')} AS r FROM (SELECT unnest([${values.map(literal).join(', ')}]) AS v, generate_subscripts([${values.map(literal).join(', ')}], 1) AS i) ORDER BY i`,
            ),
          );
          expect(rows.map((r) => r.r)).toEqual(values.map(timeWordsRead));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('leave the formats of plain times as they were', () => {
    for (const values of [['21/08/2026 16:10', '25/08/2026 09:00'], ['08/21/2026 4:10 PM'], ['2026-08-21 16:10:00'], ['21 August 2026 16:10']]) {
      const f = detectDateFormat(values);
      expect(f, values[0]).toBeDefined();
      expect(f!.timeWords, values[0]).toBeUndefined();
    }
    expect(detectDateFormat(['21/08/2026 às 16:10'])?.timeWords).toBe(true);
  });
});
