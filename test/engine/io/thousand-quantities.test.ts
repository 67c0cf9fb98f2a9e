/**
 * Quantities all whole thousands in the file's own convention (thousand-quantities.ts): "2.000"
 * where "," is the decimal mark is read as 2000, as written, and said, as a writer of three
 * decimals means 2. Expected figures are written here from the files.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { figureWarnings, openDataset, tableRows, type SqlPort } from '../../../engine/src/index.ts';
import { openDb, textSource } from '../../helpers/engine.ts';

let sql: SqlPort;
beforeAll(async () => {
  sql = await openDb();
});

const said = (w: readonly string[]) => w.filter((x) => / are whole thousands, | is whole thousands, /.test(x));
const quantities = async () => tableRows(await sql.query('SELECT quantity AS q FROM lines ORDER BY row_id')).map((r) => Number(r.q));

describe('quantities all whole thousands', () => {
  it('in a German file (prices "12,50") are read as thousands, and said with their count and first places', async () => {
    const text = [
      'Rechnung;Kunde;Datum;Artikel;Menge;Preis',
      '1;K1;01.02.2023;Tasse;2.000;12,50',
      '2;K2;03.02.2023;Teller;1.000;8,00',
      '3;K1;05.02.2023;Schale;3.000;6,00',
    ];
    const ds = await openDataset(sql, [textSource('de.csv', `${text.join('\n')}\n`)]);
    expect(await quantities()).toEqual([2000, 1000, 3000]);
    expect(said(figureWarnings(ds))).toEqual([
      'All 3 quantities in "Menge" such as "2.000" (de.csv row 2) are whole thousands, read with "." grouping thousands ("2.000" as 2000), the decimal mark being ",": ' +
        'if the file writes quantities with three decimals ("2.000" for 2 units), quantities and the revenue counted from them are 1,000 times too large; export them without decimals, or with ","',
    ]);
    expect(ds.canonical.thousandQuantities?.examples).toEqual([
      { file: 'de.csv', row: 2, value: '2.000' },
      { file: 'de.csv', row: 3, value: '1.000' },
      { file: 'de.csv', row: 4, value: '3.000' },
    ]);
  });

  it('are not said where a guess read them (said there already), nor where a quantity is written otherwise', async () => {
    // No value shows the decimal mark: the guess is said once, by the guessed-number notice.
    const guessed = await openDataset(sql, [
      textSource('g.csv', 'Order,Customer,Date,Product,Qty,Price\n1,a,2025-03-01,Mug,"2,000",12\n2,b,2025-03-02,Cup,"1,000",8\n'),
    ]);
    expect(said(figureWarnings(guessed))).toEqual([]);
    expect(figureWarnings(guessed).some((w) => w.includes('"," grouping thousands'))).toBe(true);
    // One quantity of units beside the thousands: a shop selling by the thousand and by the piece.
    const mixed = await openDataset(sql, [
      textSource('m.csv', 'Rechnung;Kunde;Datum;Artikel;Menge;Preis\n1;K1;01.02.2023;Tasse;2.000;12,50\n2;K2;03.02.2023;Teller;5;8,00\n'),
    ]);
    expect(said(figureWarnings(mixed))).toEqual([]);
    expect(await quantities()).toEqual([2000, 5]);
  });

  it('are said exactly when every quantity written is whole thousands, either mark (property)', async () => {
    // Per line: a quantity of whole thousands or of units, written positive or as a return.
    const line = fc.record({ n: fc.integer({ min: 1, max: 9 }), thousands: fc.boolean(), negative: fc.boolean() });
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 10 }), fc.constantFrom('.', ','), async (lines, mark) => {
        const decimal = mark === '.' ? ',' : '.';
        const q = (l: (typeof lines)[number]) => `${l.negative ? '-' : ''}${l.n}${l.thousands ? `${mark}000` : ''}`;
        const rows = lines.map((l, i) => `${101 + i};c${i % 3};2025-03-${String(1 + i).padStart(2, '0')};P${i % 4};${q(l)};4${decimal}25`);
        const ds = await openDataset(sql, [textSource('q.csv', `Order;Customer;Date;Product;Qty;Price\n${rows.join('\n')}\n`)]);
        expect(await quantities()).toEqual(lines.map((l) => (l.negative ? -1 : 1) * l.n * (l.thousands ? 1000 : 1)));
        const all = lines.every((l) => l.thousands);
        expect(said(figureWarnings(ds)).length).toBe(all ? 1 : 0);
        const examples = lines.slice(0, 3).map((l, k) => ({ file: 'q.csv', row: k + 2, value: q(l) }));
        expect(ds.canonical.thousandQuantities).toEqual(all ? { column: 'Qty', mark, count: lines.length, examples } : undefined);
      }),
      { numRuns: 30, seed: 20261207 },
    );
  });
});
