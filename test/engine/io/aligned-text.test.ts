/**
 * Columns aligned by runs of spaces (aligned-text.ts): told apart from delimited text and from a
 * single column of words, and read from a copy with one space between fields, line for line.
 * The real case is the CDNOW sample of the `lifetimes` library, read as published.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { gzipSync } from 'fflate';
import { openDataset, sniffCsv, tableRows, type SqlPort } from '../../../engine/src/index.ts';
import { alignedCopy, alignedFields, looksAligned } from '../../../engine/src/io/aligned-text.ts';
import { latin1Source, MemorySource, openDb, textSource } from '../../helpers/engine.ts';
import { CDNOW_DIR } from '../clv/cdnow.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);
const CDNOW = readFileSync(`${CDNOW_DIR}CDNOW_sample.txt`);

describe('looksAligned', () => {
  it('takes lines of 3 or more fields in runs of spaces, a header line aside', () => {
    expect(looksAligned([' 00004 0001 19970101  2   29.33', ' 00004 0001 19970118  2   29.73', ' 00018 0002 19970102  2   20.76'])).toBe(true);
    expect(looksAligned(['customer id   date      amount', 'C1\t2024-01-02\t9.50', 'C2   2024-01-03   12.00'])).toBe(true);
  });
  it('refuses one column of words, two fields, uneven lines, quoted fields and tab-separated lines', () => {
    expect(looksAligned(['WHITE MUG', 'RED LANTERN SET', 'HAND WARMER', 'POSTAGE'])).toBe(false);
    expect(looksAligned(['C1 9.50', 'C2 12.00', 'C3 1.00'])).toBe(false);
    expect(looksAligned(['a b c', 'a b c d', 'a b', 'a b c d e'])).toBe(false);
    expect(looksAligned(['1 2024-01-02 "BLUE MUG" 3', '2 2024-01-02 "RED MUG" 4'])).toBe(false);
    // Tab-separated below a title line: single tabs between fields, empty cells included.
    expect(looksAligned(['Sales report', 'Id\tItem\tQty', '1000\tMug\t2', '1001\tTeapot\t1'])).toBe(false);
  });
});

describe('alignedCopy', () => {
  const gap = fc.array(fc.constantFrom(' ', '\t'), { minLength: 1, maxLength: 4 }).map((g) => g.join(''));
  const edge = fc.array(fc.constantFrom(' ', '\t'), { maxLength: 3 }).map((g) => g.join(''));
  const field = fc.stringMatching(/^[A-Za-z0-9.,:\-/éü€]{1,8}$/);
  const line = fc.tuple(edge, fc.array(fc.tuple(field, gap), { minLength: 1, maxLength: 6 }), field, edge);

  it('leaves each line its fields with one space between, line breaks as they were (property)', () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 20 }), fc.constantFrom('\n', '\r\n', '\r'), (ls, eol) => {
        const text = ls.map(([a, mid, last, b]) => `${a}${mid.map(([f, g]) => f + g).join('')}${last}${b}`).join(eol) + eol;
        const out = dec(alignedCopy(enc(text), 'utf-8', false).bytes);
        const expected = ls.map(([, mid, last]) => [...mid.map(([f]) => f), last].join(' ')).join(eol) + eol;
        expect(out).toBe(expected);
        expect(out.split(eol).map(alignedFields)).toEqual(text.split(eol).map(alignedFields));
      }),
    );
  });

  it('drops a BOM, converts Windows-1252 and repairs stray bytes in UTF-8, naming their lines', () => {
    expect(dec(alignedCopy(Uint8Array.from([0xef, 0xbb, 0xbf, ...enc('a  b   c\n')]), 'utf-8', true).bytes)).toBe('a b c\n');
    expect(dec(alignedCopy(Uint8Array.from([...enc('K  '), 0xfc, 0x80, ...enc('  1\n')]), 'latin-1', false).bytes)).toBe('K ü€ 1\n');
    // Mostly valid multi-byte UTF-8 with one stray byte on line 2.
    const strays = alignedCopy(Uint8Array.from([...enc('é é é  1\nx  '), 0xff, ...enc('  2\n')]), 'utf-8', false);
    expect(dec(strays.bytes)).toBe('é é é 1\nx \ufffd 2\n');
    expect(strays.replaced).toEqual({ count: 1, lines: [2] });
  });
});

describe('reading aligned text', () => {
  let sql: SqlPort;
  beforeAll(async () => {
    sql = await openDb();
  });

  it('sniffs the CDNOW sample as aligned columns without a header', () => {
    expect(sniffCsv('CDNOW_sample.txt', CDNOW.subarray(0, 65536), true, 'none')).toMatchObject({ delimiter: ' ', header: false, encoding: 'utf-8' });
  });

  it('loads the CDNOW sample as published: 6,919 lines of 5 columns, every value as in the file', async () => {
    const ds = await openDataset(sql, [new MemorySource('CDNOW_sample.txt', new Uint8Array(CDNOW))], {
      mapping: { customer: 'column1', date: 'column2', line_total: 'column4' },
    });
    expect(ds.report.rows_read).toBe(6919);
    expect(ds.sources[0]!.format).toMatchObject({ delimiter: ' ', header: false });
    const raw = tableRows(await sql.query('SELECT column0, column1, column2, column3, column4 FROM raw ORDER BY rowid'));
    const expected = CDNOW.toString('utf8')
      .trim()
      .split('\n')
      .map((l) => alignedFields(l));
    expect(raw.map((r) => [r.column0, r.column1, r.column2, r.column3, r.column4])).toEqual(expected);
    const first = tableRows(await sql.query(`SELECT customer, strftime(ts, '%Y-%m-%d') AS d, amount FROM lines ORDER BY row_id LIMIT 1`))[0];
    expect(first).toEqual({ customer: '0001', d: '1997-01-01', amount: 29.33 });
  });

  it('reads a header, Windows-1252 text and a gzip’d copy alike, and names the line of a row with too many fields', async () => {
    const text = 'Kunde   Datum        Betrag\nMüller  2024-01-02   9.50\nKöhler  2024-01-03  12.00\n';
    const plain = await openDataset(sql, [latin1Source('de.txt', text)], { mapping: { customer: 'Kunde', date: 'Datum', line_total: 'Betrag' } });
    expect(plain.sources[0]!.format).toMatchObject({ delimiter: ' ', header: true, encoding: 'latin-1' });
    const rows = async () => tableRows(await sql.query('SELECT customer, amount FROM lines ORDER BY row_id'));
    expect(await rows()).toEqual([
      { customer: 'Müller', amount: 9.5 },
      { customer: 'Köhler', amount: 12 },
    ]);
    await openDataset(sql, [new MemorySource('de.txt.gz', gzipSync(enc(text)))], { mapping: { customer: 'Kunde', date: 'Datum', line_total: 'Betrag' } });
    expect(await rows()).toEqual([
      { customer: 'Müller', amount: 9.5 },
      { customer: 'Köhler', amount: 12 },
    ]);
    const rows30 = Array.from({ length: 30 }, (_, i) => `C${i}   2024-01-02  1.00\n`).join('');
    const long = `Kunde   Datum        Betrag\n${rows30}Extra  2024-01-04  1.00  7\n`;
    await expect(openDataset(sql, [textSource('long.txt', long)])).rejects.toMatchObject({ location: { file: 'long.txt', row: 32 } });
  });
});
