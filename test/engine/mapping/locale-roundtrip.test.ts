/**
 * A till's lines written in any of the usual national conventions (delimiter, decimal mark,
 * thousands separator, date order and separators, currency sign) open to the same quantities,
 * prices and times: the reference is the lines the fixture was written from. Each file
 * holds what tells its conventions apart, as a month of real sales does: a price with decimals and
 * a day past the 12th.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDataset, tableRows, type SqlPort } from '../../../engine/src/index.ts';
import { openDb, textSource } from '../../helpers/engine.ts';

let sql: SqlPort;
beforeAll(async () => {
  sql = await openDb();
});

interface Line {
  invoice: number;
  quantity: number;
  cents: number;
  /** yyyy-mm-dd hh:mm */
  day: number;
  month: number;
  hour: number;
  minute: number;
  customer: number;
}

interface Convention {
  name: string;
  delimiter: string;
  decimal: string;
  /** The thousands separator; 'lakh' is India's ',' grouping (1,23,456). */
  thousands: string;
  date: (l: Line) => string;
  currency: (amount: string) => string;
}

const p2 = (n: number) => String(n).padStart(2, '0');
const CONVENTIONS: Convention[] = [
  { name: 'US', delimiter: ',', decimal: '.', thousands: ',', date: (l) => `${l.month}/${l.day}/2023 ${l.hour}:${p2(l.minute)}`, currency: (a) => `$${a}` },
  {
    name: 'UK',
    delimiter: ',',
    decimal: '.',
    thousands: '',
    date: (l) => `${p2(l.day)}/${p2(l.month)}/2023 ${p2(l.hour)}:${p2(l.minute)}`,
    currency: (a) => a,
  },
  {
    name: 'DE',
    delimiter: ';',
    decimal: ',',
    thousands: '.',
    date: (l) => `${p2(l.day)}.${p2(l.month)}.2023 ${p2(l.hour)}:${p2(l.minute)}`,
    currency: (a) => `${a} €`,
  },
  {
    name: 'FR',
    delimiter: ';',
    decimal: ',',
    thousands: '\u00a0',
    date: (l) => `${p2(l.day)}/${p2(l.month)}/2023 ${p2(l.hour)}:${p2(l.minute)}`,
    currency: (a) => a,
  },
  {
    name: 'CH',
    delimiter: ';',
    decimal: '.',
    thousands: "'",
    date: (l) => `${p2(l.day)}.${p2(l.month)}.2023 ${p2(l.hour)}:${p2(l.minute)}`,
    currency: (a) => `CHF ${a}`,
  },
  {
    name: 'BR',
    delimiter: ';',
    decimal: ',',
    thousands: '.',
    date: (l) => `${p2(l.day)}/${p2(l.month)}/2023 ${p2(l.hour)}:${p2(l.minute)}`,
    currency: (a) => `R$ ${a}`,
  },
  {
    name: 'IN',
    delimiter: ',',
    decimal: '.',
    thousands: 'lakh',
    date: (l) => `${p2(l.day)}-${p2(l.month)}-2023 ${p2(l.hour)}:${p2(l.minute)}`,
    currency: (a) => `₹${a}`,
  },
  {
    name: 'ISO',
    delimiter: '\t',
    decimal: '.',
    thousands: '',
    date: (l) => `2023-${p2(l.month)}-${p2(l.day)} ${p2(l.hour)}:${p2(l.minute)}:00`,
    currency: (a) => a,
  },
];

/** An integer with the convention's thousands separator. */
function grouped(n: number, thousands: string): string {
  const digits = String(n);
  if (thousands === 'lakh') return digits.length <= 3 ? digits : `${digits.slice(0, -3).replace(/\B(?=(\d{2})+$)/g, ',')},${digits.slice(-3)}`;
  return thousands === '' ? digits : digits.replace(/\B(?=(\d{3})+$)/g, thousands);
}

const price = (cents: number, c: Convention) => `${grouped(Math.floor(cents / 100), c.thousands)}${c.decimal}${p2(cents % 100)}`;

/** A field as a spreadsheet writes it: quoted when it holds the delimiter or a quote. */
const field = (v: string, d: string) => (v.includes(d) || v.includes('"') ? `"${v.replaceAll('"', '""')}"` : v);

const line = fc.record({
  invoice: fc.integer({ min: 500000, max: 599999 }),
  quantity: fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 1, max: 48 }) }, { weight: 1, arbitrary: fc.integer({ min: 1000, max: 2400 }) }),
  cents: fc.oneof(
    { weight: 5, arbitrary: fc.integer({ min: 1, max: 99999 }) },
    { weight: 1, arbitrary: fc.integer({ min: 100000, max: 999999 }) },
    // Past a lakh of rupees (1,00,000.00): India groups by two there.
    { weight: 1, arbitrary: fc.integer({ min: 10000000, max: 999999999 }) },
  ),
  day: fc.integer({ min: 1, max: 28 }),
  month: fc.integer({ min: 1, max: 12 }),
  hour: fc.integer({ min: 8, max: 19 }),
  minute: fc.integer({ min: 0, max: 59 }),
  customer: fc.integer({ min: 12000, max: 12999 }),
});

describe('national conventions', () => {
  it('open to the same quantities, prices and times, nothing left unread (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...CONVENTIONS),
        fc.array(line, { minLength: 1, maxLength: 30 }),
        // What a month of sales always has: a price with cents, a day past the 12th.
        line.map((l) => ({ ...l, cents: l.cents - (l.cents % 100) + 37, day: 13 + (l.day % 16) })),
        async (c, drawn, telling) => {
          const lines = [telling, ...drawn];
          const header = ['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country'];
          const rows = lines.map((l) =>
            [
              String(l.invoice),
              'A1',
              'MUG, BLUE',
              grouped(l.quantity, c.thousands),
              c.date(l),
              c.currency(price(l.cents, c)),
              String(l.customer),
              'United Kingdom',
            ].map((v) => field(v, c.delimiter)),
          );
          const text = `${[header, ...rows].map((r) => r.join(c.delimiter)).join('\n')}\n`;
          const ds = await openDataset(sql, [textSource(`till-${c.name}.csv`, text)]);
          const read = tableRows(await sql.query("SELECT quantity, unit_price, strftime(ts, '%Y-%m-%d %H:%M') AS ts FROM lines ORDER BY row_id"));
          expect(read).toEqual(
            lines.map((l) => ({
              quantity: l.quantity,
              unit_price: l.cents / 100,
              ts: `2023-${p2(l.month)}-${p2(l.day)} ${p2(l.hour)}:${p2(l.minute)}`,
            })),
          );
          expect(ds.canonical.parseIssues).toEqual([]);
        },
      ),
      { numRuns: 150 },
    );
  });
});
