/**
 * The names columns are read under (column-names.ts): a header naming one column twice is read,
 * the later columns told apart by position, and a role reading such a column is said.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { figureWarnings, openDataset, tableRows, type SqlPort } from '../../../engine/src/index.ts';
import { columnNames, repeatedNameWarnings } from '../../../engine/src/io/column-names.ts';
import { openDb, textSource } from '../../helpers/engine.ts';

let sql: SqlPort;
beforeAll(async () => {
  sql = await openDb();
});

describe('columnNames', () => {
  it("reads a cell's line breaks (a wrapped header cell, a sheet's or a CSV's) as one space", () => {
    expect(columnNames(['Unit Price\n(GBP)', ' Qty \r\n\r\n Sold ', 'Customer\rID', 'Country\n'])).toEqual([
      'Unit Price (GBP)',
      'Qty Sold',
      'Customer ID',
      'Country',
    ]);
  });

  it('gives every column a name of its own, a repeated one (in any case) its position, the first its own (property)', () => {
    const cell = fc.constantFrom('Notes', 'notes', 'NOTES', ' Notes ', 'Price', 'price', '', 'rowid', 'Qty');
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: 8 }), (cells) => {
        const names = columnNames(cells);
        expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
        names.forEach((name, i) => {
          const own = cells[i]!.trim();
          const earlier = cells.slice(0, i).some((c) => c.trim().toLowerCase() === own.toLowerCase());
          if (own === '') expect(name).toBe(`column${i}`);
          else if (earlier || own === 'rowid') expect(name).toBe(`${own} (column ${i + 1})`);
          else expect(name).toBe(own);
        });
      }),
      { numRuns: 300, seed: 20261205 },
    );
  });

  it('says which of the columns sharing a name a role reads, and nothing for columns no role reads', () => {
    const columns = ['Invoice', 'Price', 'Notes', 'price (column 4)', 'Notes (column 5)', 'Price (column 6)'];
    expect(repeatedNameWarnings(columns, { invoice: 'Invoice', unit_price: 'Price' })).toEqual([
      '3 columns of the header share one name ("Price", "price (column 4)" and "Price (column 6)"): the unit price is read from "Price"; map it to another to read that one instead (--map unit_price="price (column 4)")',
    ]);
    expect(repeatedNameWarnings(columns, { invoice: 'Invoice' })).toEqual([]);
    expect(repeatedNameWarnings(['rowid (column 1)', 'Total'], { invoice: 'rowid (column 1)' })).toEqual([]);
  });
});

describe('a header naming a column twice', () => {
  it('is read: each column its own values, the role the first, said; mapped to the other, that one', async () => {
    // A till's export with two "Amount" columns: the sale's, then the refund's.
    const text = 'Receipt,Date,Customer,Item,Amount,Notes,Amount,Notes\nR1,2024-03-01,C1,Mug,5.00,gift,0.00,\nR2,2024-03-02,C2,Cup,3.00,,1.00,late\n';
    const ds = await openDataset(sql, [textSource('till.csv', text)]);
    expect(ds.columns).toEqual(['Receipt', 'Date', 'Customer', 'Item', 'Amount', 'Notes', 'Amount (column 7)', 'Notes (column 8)']);
    const raw = tableRows(await sql.query('SELECT "Amount", "Amount (column 7)", "Notes (column 8)" FROM raw ORDER BY rowid'));
    expect(raw).toEqual([
      { Amount: '5.00', 'Amount (column 7)': '0.00', 'Notes (column 8)': null },
      { Amount: '3.00', 'Amount (column 7)': '1.00', 'Notes (column 8)': 'late' },
    ]);
    const role = Object.entries(ds.canonical.mapping.mapping).find(([, c]) => c === 'Amount')?.[0];
    expect(role).toBeDefined();
    expect(figureWarnings(ds)).toContain(
      `2 columns of the header share one name ("Amount" and "Amount (column 7)"): the ${role!.replaceAll('_', ' ')} is read from "Amount"; map it to another to read that one instead (--map ${role}="Amount (column 7)")`,
    );
    expect(ds.report.revenue).toBe(8);
    const other = await openDataset(sql, [textSource('till.csv', text)], { mapping: { [role!]: 'Amount (column 7)' } });
    expect(other.report.revenue).toBe(1);
  });
});
