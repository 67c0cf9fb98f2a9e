/**
 * Samples decoded and checked in pieces (text-pieces.ts) give what the whole string gives:
 * utf8Pieces joined is one strict decode (or throws as it does), decodePieces is decodeDetected,
 * isPlainText on any cut of a text is isPlainTable of it, and a sniffer read through
 * SampleText.read (first piece, else the whole) answers as on the whole sample.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPlainTable, isPlainText } from '../../../engine/src/io/plain-table.ts';
import { readSources } from '../../../engine/src/io/read-sources.ts';
import { decodeDetected, decodePieces, sampleLines } from '../../../engine/src/io/sniff.ts';
import { csvTableStart, sampleRecords } from '../../../engine/src/io/table-start.ts';
import { SampleText, utf8Pieces } from '../../../engine/src/io/text-pieces.ts';
import { openDb, textSource } from '../../helpers/engine.ts';

const STRICT = new TextDecoder('utf-8', { fatal: true });

/** `text` cut at the given positions (sorted, clamped): pieces that join to it. */
function cut(text: string, at: readonly number[]): string[] {
  const points = [...new Set(at.map((p) => Math.min(p, text.length)))].sort((a, b) => a - b);
  const out: string[] = [];
  let from = 0;
  for (const p of points) {
    out.push(text.slice(from, p));
    from = p;
  }
  out.push(text.slice(from));
  return out;
}

/** Bytes that are mostly text: ASCII, multi-byte characters, byte-order marks, invalid and cut sequences. */
const byteChunk = fc.constantFrom(
  [0x41],
  [0x2c],
  [0x0a],
  [0x0d, 0x0a],
  [0xc3, 0xa9],
  [0xe2, 0x82, 0xac],
  [0xf0, 0x9f, 0x98, 0x80],
  [0xef, 0xbb, 0xbf],
  [0xe9],
  [0x80],
  [0xe2, 0x82],
  [0xed, 0xa0, 0x80],
  [0x00],
);
const bytes = fc.array(byteChunk, { maxLength: 50 }).map((c) => Uint8Array.from(c.flat()));

describe('utf8Pieces', () => {
  it('joined, is one strict decode of the bytes, or throws where it throws (property)', () => {
    fc.assert(
      fc.property(bytes, fc.integer({ min: 1, max: 9 }), (b, size) => {
        let whole: string | undefined;
        try {
          whole = STRICT.decode(b);
        } catch {
          whole = undefined;
        }
        if (whole === undefined) expect(() => [...utf8Pieces(b, size)]).toThrow(TypeError);
        else {
          const pieces = [...utf8Pieces(b, size)];
          expect(pieces.join('')).toBe(whole);
          // A cut moves at most 3 bytes past `size`.
          for (const p of pieces) expect(new TextEncoder().encode(p).length).toBeLessThanOrEqual(size + 3);
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('keeps a byte-order mark that starts a later piece', () => {
    const b = Uint8Array.from([0x41, 0x42, 0xef, 0xbb, 0xbf, 0x43]);
    expect([...utf8Pieces(b, 2)].join('')).toBe('AB\ufeffC');
    expect([...utf8Pieces(Uint8Array.from([0xef, 0xbb, 0xbf, 0x41]), 2)].join('')).toBe('A');
  });
});

describe('decodePieces', () => {
  it('is decodeDetected, in pieces (property)', () => {
    fc.assert(
      fc.property(bytes, fc.integer({ min: 1, max: 9 }), (b, size) => {
        if (b.length === 0) return;
        let whole: ReturnType<typeof decodeDetected> | string;
        try {
          whole = decodeDetected('f.csv', b);
        } catch (e) {
          whole = String(e);
        }
        if (typeof whole === 'string') expect(() => decodePieces('f.csv', b, size)).toThrow(whole.replace(/^\w+: /, ''));
        else {
          const { pieces, ...rest } = decodePieces('f.csv', b, size);
          expect({ ...rest, text: pieces.join('') }).toEqual(whole);
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('finds control characters across pieces, within the first 64 Ki characters only', () => {
    const late = new Uint8Array(70000).fill(0x41);
    late[69000] = 0;
    expect(decodePieces('f.csv', late, 1000).encoding).toBe('utf-8');
    const early = late.slice();
    early[65000] = 0;
    expect(() => decodePieces('f.csv', early, 1000)).toThrow('binary data');
  });
});

/** Lines of a small CSV: cells, quotes (closed or not), '#', blank lines and every line break. */
const csvText = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: fc.array(fc.constantFrom('a', 'bc', '1', '', '"q, r"', '"x""y"'), { minLength: 1, maxLength: 4 }).map((c) => c.join(',')) },
      { weight: 1, arbitrary: fc.constantFrom('', ' ', '#', 'x"y', '"open', '"a\nb"', 'é,ü') },
    ),
    { maxLength: 14 },
  )
  .chain((lines) =>
    fc
      .array(fc.constantFrom('\n', '\r\n', '\r'), { minLength: lines.length, maxLength: lines.length })
      .map((eols) => lines.map((l, i) => l + eols[i]).join('')),
  )
  .chain((t) => fc.tuple(fc.constant(t), fc.boolean()).map(([text, end]) => (end ? text : text.replace(/[\r\n]+$/, ''))));

describe('isPlainText', () => {
  it('on any cut of a text, is isPlainTable of the text (property)', () => {
    let plain = 0;
    fc.assert(
      fc.property(csvText, fc.array(fc.nat(), { maxLength: 6 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 1, max: 4 }), (t, at, skip, width) => {
        const expected = isPlainTable(t, skip, width, ',', '"');
        if (expected) plain++;
        expect(isPlainText(cut(t, at), skip, width, ',', '"')).toBe(expected);
      }),
      { numRuns: 10000 },
    );
    expect(plain).toBeGreaterThan(100);
  });

  it('a CR ending a piece may start a CRLF: one line break, not two', () => {
    // Split as "a,b\r" + "\n1,2": with the CR and LF counted apart the skipped line would be the blank one.
    expect(isPlainText(['Title\r', '\na,b\r\n1,2\r\n'], 1, 2, ',', '"')).toBe(true);
    expect(isPlainTable('Title\r\na,b\r\n1,2\r\n', 1, 2, ',', '"')).toBe(true);
  });
});

/** A sample of title rows, a header and up to 400 rows, some quoted over lines: the sniffers' 200-230 lines fall on both sides of a cut. */
const longSample = fc
  .record({
    titles: fc.array(fc.constantFrom('Sales report', '', 'sep=;', 'a,b'), { maxLength: 3 }),
    rows: fc.integer({ min: 0, max: 400 }),
    quoted: fc.integer({ min: 0, max: 20 }),
    eol: fc.constantFrom('\n', '\r\n', '\r'),
  })
  .map(({ titles, rows, quoted, eol }) =>
    [
      ...titles,
      'Id,Item,Price',
      ...Array.from({ length: rows }, (_, i) => (quoted > 0 && i % quoted === 0 ? `${i},"two${eol}lines",1.5` : `${i},item ${i % 9},${i % 7}.5`)),
    ].join(eol),
  );

describe('SampleText.read', () => {
  it('the sniffers answer from the first piece as from the whole sample (property)', () => {
    fc.assert(
      fc.property(longSample, fc.array(fc.nat({ max: 12000 }), { minLength: 1, maxLength: 3 }), fc.boolean(), (t, at, partial) => {
        const sample = new SampleText(cut(t, at));
        expect(sample.read((s, prefix) => sampleLines(s, partial, 200, prefix))).toEqual(sampleLines(t, partial, 200));
        expect(sample.read((s, prefix) => sampleLines(s, partial, 1, prefix))).toEqual(sampleLines(t, partial, 1));
        expect(sample.read((s, prefix) => csvTableStart(s, partial, '"', prefix))).toEqual(csvTableStart(t, partial, '"'));
        expect(sample.read((s, prefix) => sampleRecords(s, ';', '"', partial, 230, prefix))).toEqual(sampleRecords(t, ';', '"', partial, 230));
      }),
      { numRuns: 1500 },
    );
  });
});

describe('readSources on samples whose first piece does not settle them', () => {
  let sql: Awaited<ReturnType<typeof openDb>>;
  beforeAll(async () => {
    sql = await openDb();
  });
  afterAll(() => sql.close());

  it('long lines: the header below a title found from the whole 256 KB sample', async () => {
    // 2 KB lines: 32 in the first 64 KB piece, fewer than the 230 records the table start looks at.
    const rows = Array.from({ length: 200 }, (_, i) => `${i};${'x'.repeat(2000)};${i % 7},5`);
    const text = `${['Sales report', 'Id;Text;Price', ...rows].join('\r\n')}\r\n`;
    const { sources, columns } = await readSources(sql, [textSource('long.csv', text)]);
    expect(columns).toEqual(['Id', 'Text', 'Price']);
    expect(sources[0]).toMatchObject({ rows: 200, headerLine: 2, format: { delimiter: ';', header: true, encoding: 'utf-8' } });
  });

  it('short lines past 256 KB: sniffed from the first piece, checked whole', async () => {
    const rows = Array.from({ length: 12000 }, (_, i) => `${i},item ${i % 50},${i % 9}.25`);
    const text = `${['Title', '', 'Id,Item,Price', ...rows].join('\n')}\n`;
    const { sources, columns } = await readSources(sql, [textSource('short.csv', text)]);
    expect(columns).toEqual(['Id', 'Item', 'Price']);
    expect(sources[0]).toMatchObject({ rows: 12000, headerLine: 3, format: { delimiter: ',', header: true } });
  });
});
