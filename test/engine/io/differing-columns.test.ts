/**
 * Files read together whose columns differ (differing-columns.ts, read-sources.ts): a shop's
 * exports gain columns over time, come with columns in another order or case, or under another
 * name. Every line is read with its own file's values, a column a file lacks is empty on its
 * lines and said when a role reads it, a renamed one is read as one column and said, and a file
 * without a column a line is read from is refused by name. Expected values are written here from
 * the generated files.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { EngineError, figureWarnings, openDataset, tableRows, type SqlPort } from '../../../engine/src/index.ts';
import { matchColumns } from '../../../engine/src/io/differing-columns.ts';
import { openDb, textSource } from '../../helpers/engine.ts';

let sql: SqlPort;
beforeAll(async () => {
  sql = await openDb();
});

const LINE_COLUMNS = ['Invoice', 'Date', 'Customer', 'SKU', 'Qty', 'Price'] as const;
const OPTIONAL = ['Email', 'Country', 'Channel'] as const;
type Optional = (typeof OPTIONAL)[number];

interface Line {
  invoice: number;
  day: number;
  customer: number;
  sku: number;
  qty: number;
  cents: number;
}

interface File {
  /** Its columns, in its order, as it spells them. */
  columns: string[];
  lines: Line[];
}

const COUNTRIES = ['France', 'Germany', 'Spain'];
/** The names a column comes under: the quantity and the price are renamed in some exports. */
const NAMES: Record<string, readonly string[]> = { Qty: ['Qty', 'Quantity'], Price: ['Price', 'Unit Price', 'UnitPrice'] };
const keyOf = (column: string) => Object.keys(NAMES).find((k) => NAMES[k]!.includes(column)) ?? column;

const cell = (column: string, l: Line): string =>
  ({
    invoice: String(l.invoice),
    date: `2024-03-${String(l.day).padStart(2, '0')} 10:00`,
    customer: `C${l.customer}`,
    sku: `P${l.sku}`,
    qty: String(l.qty),
    price: (l.cents / 100).toFixed(2),
    email: `c${l.customer}@example.com`,
    country: COUNTRIES[l.customer % 3]!,
    channel: l.invoice % 2 ? 'web' : 'store',
  })[keyOf(column).toLowerCase()]!;

const text = (f: File) => `${f.columns.join(',')}\n${f.lines.map((l) => f.columns.map((c) => cell(c, l)).join(',')).join('\n')}\n`;
const sources = (files: readonly File[]) => files.map((f, i) => textSource(`month-${i + 1}.csv`, text(f)));
const has = (f: File, c: string) => f.columns.some((x) => x.toLowerCase() === c.toLowerCase());

/** 2-4 files of 1-6 lines each, invoices numbered across files; each with some optional columns, in any order and case. */
const folder = fc
  .array(
    fc.record({
      optional: fc.subarray([...OPTIONAL]),
      upper: fc.boolean(),
      qty: fc.constantFrom(...NAMES.Qty!),
      price: fc.constantFrom(...NAMES.Price!),
      order: fc.array(fc.nat(), { minLength: 9, maxLength: 9 }),
      lines: fc.array(
        fc.record({
          day: fc.integer({ min: 1, max: 28 }),
          customer: fc.integer({ min: 1, max: 5 }),
          sku: fc.integer({ min: 1, max: 4 }),
          qty: fc.integer({ min: 1, max: 9 }),
          cents: fc.integer({ min: 50, max: 5000 }),
        }),
        { minLength: 1, maxLength: 6 },
      ),
    }),
    { minLength: 2, maxLength: 4 },
  )
  .map((specs) => {
    let invoice = 1000;
    return specs.map((s): File => {
      const names = [...LINE_COLUMNS, ...s.optional].map((c) => (s.upper && c === 'Email' ? 'EMAIL' : c === 'Qty' ? s.qty : c === 'Price' ? s.price : c));
      // A permutation from the drawn keys: sort the columns by them.
      const columns = names.map((c, i) => ({ c, k: s.order[i]! })).sort((a, b) => a.k - b.k || a.c.localeCompare(b.c));
      return { columns: columns.map((x) => x.c), lines: s.lines.map((l) => ({ ...l, invoice: invoice++ })) };
    });
  });

describe('files whose columns differ', () => {
  it('every line keeps its own values; a column a file lacks is empty on its lines, and said when a role reads it', async () => {
    await fc.assert(
      fc.asyncProperty(folder, async (files) => {
        const ds = await openDataset(sql, sources(files));
        const got = tableRows(
          await sql.query('SELECT invoice, customer, sku, quantity, unit_price, email, country, source_file FROM lines ORDER BY CAST(invoice AS INTEGER)'),
        );
        const expected = files.flatMap((f, i) =>
          f.lines.map((l) => ({
            invoice: String(l.invoice),
            customer: `C${l.customer}`,
            sku: `P${l.sku}`,
            quantity: l.qty,
            unit_price: l.cents / 100,
            email: files.some((g) => has(g, 'Email')) ? (has(f, 'Email') ? cell('email', l) : null) : null,
            country: has(f, 'Country') ? cell('country', l) : null,
            source_file: `month-${i + 1}.csv`,
          })),
        );
        expect(got).toEqual(expected);
        const some = (c: Optional) => files.some((f) => has(f, c)) && !files.every((f) => has(f, c));
        const warned = figureWarnings(ds).filter((w) => / files have /.test(w));
        const expectedWarnings = (['Email', 'Country'] as const).filter(some).map((c) => {
          const without = files.flatMap((f, i) => (has(f, c) ? [] : [i]));
          const spelt = files.find((f) => has(f, c))!.columns.find((x) => x.toLowerCase() === c.toLowerCase());
          const lines = without.reduce((a, i) => a + files[i]!.lines.length, 0);
          const names = without.slice(0, 3).map((i) => `month-${i + 1}.csv`);
          return `${without.length} of ${files.length} files have no column "${spelt}" (${names.join(', ')}${without.length > 3 ? ` and ${without.length - 3} more` : ''}; ${lines} ${lines === 1 ? 'line' : 'lines'}): their lines are read with no ${c.toLowerCase()}`;
        });
        for (const [key, role] of [
          ['Qty', 'quantity'],
          ['Price', 'unit price'],
        ] as const) {
          const name = (f: File) => f.columns.find((c) => keyOf(c) === key)!;
          const first = name(files[0]!);
          const renaming = files.flatMap((f, i) => (name(f) === first ? [] : [i]));
          if (renaming.length === 0) continue;
          const lines = renaming.reduce((a, i) => a + files[i]!.lines.length, 0);
          const others = [...new Set(renaming.map((i) => `"${name(files[i]!)}"`))].join(' or ');
          const listed = renaming.slice(0, 3).map((i) => `month-${i + 1}.csv`);
          expectedWarnings.push(
            `${renaming.length} of ${files.length} files have ${others} where the others have "${first}" (${listed.join(', ')}${renaming.length > 3 ? ` and ${renaming.length - 3} more` : ''}; ${lines} ${lines === 1 ? 'line' : 'lines'}): read as one column, the ${role}`,
          );
        }
        // Compared as sets: the warnings follow the mapping's role order.
        expect(new Set(warned)).toEqual(new Set(expectedWarnings));
        expect(warned.some((w) => w.includes('Channel'))).toBe(false);
        // The union, first file first, and what each file lacks.
        for (const [i, f] of files.entries()) {
          const lacking = ds.sources[i]!.missingColumns ?? [];
          expect(lacking.map((c) => c.toLowerCase()).sort()).toEqual(
            OPTIONAL.filter((c) => !has(f, c) && files.some((g) => has(g, c)))
              .map((c) => c.toLowerCase())
              .sort(),
          );
        }
        expect(ds.columns.slice(0, files[0]!.columns.length)).toEqual(files[0]!.columns);
      }),
      { numRuns: 12 },
    );
  });

  it('a file without a column a line is read from is refused, naming the file and the column', async () => {
    const shop = { columns: [...LINE_COLUMNS], lines: [{ invoice: 1, day: 1, customer: 1, sku: 1, qty: 1, cents: 100 }] };
    // Another export of the shop's, its lines without prices.
    const other = textSource('stock-moves.csv', 'Invoice,Date,Customer,SKU,Qty\n7,2024-03-02 10:00,C9,P1,1\n');
    const error = await openDataset(sql, [...sources([shop]), other]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).location).toMatchObject({ file: 'stock-moves.csv', column: 'Price' });
    expect((error as EngineError).message).toMatch(/^it has no column "Price", the unit price of month-1\.csv's lines: files read together/);
  });

  it("a till's export without customers beside the web shop's: its lines are anonymous sales, said, RFM from the others", async () => {
    const shop = { columns: [...LINE_COLUMNS], lines: [{ invoice: 1, day: 1, customer: 1, sku: 1, qty: 1, cents: 100 }] };
    const till = textSource('till.csv', 'Invoice,Date,SKU,Qty,Price\n7,2024-03-02 10:00,P1,1,2.00\n8,2024-03-03 10:00,P2,2,1.00\n');
    const ds = await openDataset(sql, [...sources([shop]), till]);
    expect(figureWarnings(ds)).toContain('1 of 2 files have no column "Customer" (till.csv; 2 lines): their lines are read with no customer');
    expect(ds.report.removed.missing_customer).toBe(2);
    expect(tableRows(await sql.query('SELECT DISTINCT customer FROM kept'))).toEqual([{ customer: 'C1' }]);
  });
});

describe('matchColumns: which columns are one under two names', () => {
  it('one name written differently, or two names of one role, when no file has both', () => {
    const m = matchColumns([
      ['Invoice', 'Qty', 'Unit Price'],
      ['Invoice', 'Quantity', 'UnitPrice', 'Email'],
      ['invoice', 'QTY', 'Unit Price', 'E-mail'],
    ]);
    expect(m.columns).toEqual(['Invoice', 'Qty', 'Unit Price', 'Email']);
    expect(m.headers).toEqual([
      ['Invoice', 'Qty', 'Unit Price'],
      ['Invoice', 'Qty', 'Unit Price', 'Email'],
      ['invoice', 'QTY', 'Unit Price', 'Email'],
    ]);
    expect(m.renamed).toEqual([
      [],
      [
        { from: 'Quantity', to: 'Qty' },
        { from: 'UnitPrice', to: 'Unit Price' },
      ],
      [{ from: 'E-mail', to: 'Email' }],
    ]);
  });

  it('leaves both names when a file has both, or when either has a rival', () => {
    // A file with Qty and Quantity: two columns.
    expect(matchColumns([['Qty'], ['Quantity'], ['Qty', 'Quantity']]).renamed).toEqual([[], [], []]);
    // Two new names for one missing column: neither is chosen.
    expect(
      matchColumns([
        ['Order', 'Qty'],
        ['Order', 'Quantity', 'Pieces'],
      ]).renamed[1],
    ).toEqual([]);
    // Unrelated names stay apart.
    expect(matchColumns([['Customer'], ['Country']]).columns).toEqual(['Customer', 'Country']);
  });
});
