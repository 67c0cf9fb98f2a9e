/**
 * Properties of where a table starts (title rows, `sep=` lines), of sheet names read as one
 * dataset split by period, and of the UTF-8 repair.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvTableStart } from '../../../engine/src/io/table-start.ts';
import { repairUtf8, utf8Evidence } from '../../../engine/src/io/utf8-repair.ts';
import { namesLookLikePeriods } from '../../../engine/src/io/workbook.ts';

const word = fc.stringMatching(/^[A-Za-z][A-Za-z ]{0,11}[A-Za-z]$/);
const cell = fc.oneof(
  word,
  fc.integer({ min: 0, max: 99999 }).map(String),
  fc.double({ min: 0, max: 1000, noNaN: true }).map((d) => d.toFixed(2)),
);

describe('csvTableStart', () => {
  it('finds the header below any number of title and blank lines, and leaves a plain table alone (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 8 }),
        fc.array(fc.option(word, { nil: undefined }), { maxLength: 6 }),
        fc.constantFrom(',', ';', '\t'),
        fc.integer({ min: 1, max: 12 }),
        fc.gen(),
        (width, titles, d, rows, g) => {
          const header = Array.from({ length: width }, (_, i) => `Col${i}`).join(d);
          const body = Array.from({ length: rows }, () => Array.from({ length: width }, () => g(() => cell)).join(d));
          const table = [header, ...body].join('\n');
          expect(csvTableStart(table, false, '"')).toBeUndefined();
          const above = titles.map((t) => t ?? '');
          // Blank lines alone above the header are skipped too (eBay's orders report starts with one).
          if (above.length === 0) return;
          const start = csvTableStart([...above, table].join('\n'), false, '"');
          expect(start).toEqual({ delimiter: d, header: true, skip: above.length, sepLine: false });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('leaves a table without a header below blank lines to the reader', () => {
    expect(csvTableStart('\n\n1,2023-01-02,3.50\n2,2023-01-03,4.00\n', false, '"')).toBeUndefined();
  });

  it("takes the delimiter from records, not lines: quoted line breaks do not hand it to a '|' inside quoted fields", () => {
    // Each order's message spans lines, and its products are packed in one field joined by '|'
    // (BigCommerce): as lines, ',' splits them two by two into 8, 6 and 3 fields, '|' three of seven alike.
    const orders = [
      'Order ID,Customer ID,Email,Date,Status,Message,Product Details,Refund',
      '100,0,a@x.com,05/07/2023,Shipped,"Line one\r\nline two\r\nthree","P: 1|P: 2|P: A|0|P: 3",0.00',
      '101,0,a@x.com,05/07/2023,Shipped,"Gift wrap,\r\nplease","P: 1|P: a|a|P: A|a",0.00',
      '102,0,a@x.com,05/07/2023,Shipped,,"P: A|a|P: A|0|P: 5",0.00',
      '',
    ].join('\r\n');
    // The first line is the header: nothing to skip, the file's sniffed delimiter stands.
    expect(csvTableStart(orders, false, '"')).toBeUndefined();
    // Above a title row, the header is found with ',' as before.
    expect(csvTableStart(`Orders export\r\n${orders}`, false, '"')).toEqual({ delimiter: ',', header: true, skip: 1, sepLine: false });
  });

  it('a sep= line names the delimiter whatever the lines look like', () => {
    expect(csvTableStart('sep=;\nA;B;C\n1;2,5;3\n', false, '"')).toEqual({ delimiter: ';', header: true, skip: 1, sepLine: true });
    expect(csvTableStart('"sep=|"\r\nA|B\r\n1|2\r\n', false, '"')).toEqual({ delimiter: '|', header: true, skip: 1, sepLine: true });
  });
});

describe('namesLookLikePeriods', () => {
  it('years, months and quarters with the same rest are periods; plain or mixed names are not', () => {
    expect(namesLookLikePeriods(['Year 2009-2010', 'Year 2010-2011'])).toBe(true);
    expect(namesLookLikePeriods(['Jan', 'Feb', 'March'])).toBe(true);
    expect(namesLookLikePeriods(['Q1 2023', 'Q2 2023'])).toBe(true);
    expect(namesLookLikePeriods(['Orders 2022', 'Orders 2023'])).toBe(true);
    expect(namesLookLikePeriods(['Sheet1', 'Sheet2'])).toBe(false);
    expect(namesLookLikePeriods(['Orders 2023', 'Returns 2023'])).toBe(false);
    expect(namesLookLikePeriods(['Shop A', 'Shop B'])).toBe(false);
    expect(namesLookLikePeriods(['Year 2010'])).toBe(false);
  });
});

describe('repairUtf8', () => {
  const fatal = new TextDecoder('utf-8', { fatal: true });

  it('gives valid UTF-8, keeps valid input byte for byte, and counts one U+FFFD per invalid byte (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const r = repairUtf8(bytes);
        const text = fatal.decode(r.bytes);
        expect(r.count).toBe(utf8Evidence(bytes, true).invalid);
        // U+FFFD already in the input (EF BF BD; EF is never a continuation byte) stays as it was.
        let before = 0;
        for (let k = 0; k + 2 < bytes.length; k++) if (bytes[k] === 0xef && bytes[k + 1] === 0xbf && bytes[k + 2] === 0xbd) before++;
        expect([...text].filter((c) => c === '\uFFFD').length).toBe(r.count + before);
        if (r.count === 0) expect(r.bytes).toEqual(bytes);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 100 }), (s) => {
        const bytes = new TextEncoder().encode(s);
        const r = repairUtf8(bytes);
        expect(r.count).toBe(0);
        expect(r.bytes).toEqual(bytes);
      }),
    );
  });

  it('names the lines of the bytes it replaced', () => {
    const enc = new TextEncoder();
    const bytes = new Uint8Array([...enc.encode('a,b\nCRÈME,1\nCAF'), 0xc9, ...enc.encode(',2\r\nx,'), 0xff, 0xfe, ...enc.encode('\n')]);
    const r = repairUtf8(bytes);
    expect(r.count).toBe(3);
    expect(r.lines).toEqual([3, 4]);
    expect(new TextDecoder().decode(r.bytes)).toBe('a,b\nCRÈME,1\nCAF\uFFFD,2\r\nx,\uFFFD\uFFFD\n');
  });
});
