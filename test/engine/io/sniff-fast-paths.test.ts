/**
 * The sniffer's fast paths give what the plain definitions give: decodeDetected (one native
 * decode, control characters looked for in the text) against encoding detection byte by byte;
 * the delimiter vote (a line without quotes counted with indexOf) against splitting each line
 * at each candidate; sampleRecords and csvTableStart (lines without quotes split natively, cells
 * counted without splitting) against reading the sample character by character. The definitions
 * are written out here, on random samples of delimiters, quotes, line breaks, blanks, titles and
 * bytes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeDetected, detectDelimiter, splitRecord } from '../../../engine/src/io/sniff.ts';
import { csvTableStart, headerRecord, sampleRecords, type SampleRecord } from '../../../engine/src/io/table-start.ts';
import { isUtf8WithStrays, utf8Evidence } from '../../../engine/src/io/utf8-repair.ts';
import { guessEightBit, type EncodingDoubt } from '../../../engine/src/io/code-page-guess.ts';
import { decodeCodePage } from '../../../engine/src/io/code-pages.ts';

// ---- Encoding, byte by byte ----

/** Valid UTF-8 with lax rules: lead byte and continuation bytes only; a sequence cut off by the end is accepted. */
function laxValidUtf8(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    const extra = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (extra < 0) return false;
    for (let k = 1; k <= extra; k++) {
      if (i + k >= b.length) return true;
      if ((b[i + k]! & 0xc0) !== 0x80) return false;
    }
    i += extra + 1;
  }
  return true;
}

function binary(b: Uint8Array): boolean {
  // NULs ending the bytes are padding, not binary data; NULs alone are.
  let end = b.length;
  while (end > 0 && b[end - 1] === 0) end--;
  const text = b.subarray(0, end);
  if (text.length === 0) return true;
  const n = Math.min(text.length, 65536);
  let control = 0;
  for (let i = 0; i < n; i++) {
    if (text[i] === 0) return true;
    if (text[i]! < 9 || (text[i]! > 13 && text[i]! < 32 && text[i] !== 26 && text[i] !== 27)) control++;
  }
  return control > n * 0.01;
}

function utf16(b: Uint8Array): boolean {
  const n = Math.min(b.length, 2000) & ~1;
  if (n < 8) return false;
  let zeroOdd = 0;
  for (let i = 1; i < n; i += 2) if (b[i] === 0 && b[i - 1] !== 0) zeroOdd++;
  return zeroOdd > (n / 2) * 0.9;
}

const utf16Text = (b: Uint8Array) => {
  let out = '';
  for (let i = 0; i + 1 < b.length; i += 2) out += String.fromCharCode(b[i]! | (b[i + 1]! << 8));
  return out;
};

/** Encoding, text and invalid UTF-8 as the sniffer defines them, or the error's message. */
function detectedByDefinition(b: Uint8Array): { encoding: string; bom: boolean; text: string; invalidUtf8: boolean; doubt?: EncodingDoubt } | string {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) {
    return { encoding: 'utf-8', bom: true, text: new TextDecoder().decode(b.subarray(3)), invalidUtf8: !laxValidUtf8(b) };
  }
  if (b[0] === 0xff && b[1] === 0xfe) return { encoding: 'utf-16', bom: true, text: utf16Text(b.subarray(2)), invalidUtf8: false };
  if (b[0] === 0xfe && b[1] === 0xff) return 'UTF-16 big-endian is not supported: save the file as UTF-8';
  if (utf16(b)) return { encoding: 'utf-16', bom: false, text: utf16Text(b), invalidUtf8: false };
  if (binary(b)) return 'the file contains binary data, not text';
  const valid = laxValidUtf8(b);
  if (valid || isUtf8WithStrays(utf8Evidence(b))) return { encoding: 'utf-8', bom: false, text: new TextDecoder().decode(b), invalidUtf8: !valid };
  // Not UTF-8: the 8-bit code page its bytes show (code-page-guess.test.ts tests the guess).
  const { encoding, doubt } = guessEightBit(b);
  const text = decodeCodePage(b, encoding);
  return { encoding, bom: false, text, invalidUtf8: false, ...(doubt ? { doubt } : {}) };
}

const chunk = fc.constantFrom(
  [0x61],
  [0x2c, 0x62],
  [0x0a],
  [0x0d, 0x0a],
  [0x20],
  [0x09],
  [0x00],
  [0x01],
  [0x1a],
  [0x1f],
  [0xc3, 0xa9], // é
  [0xe2, 0x82, 0xac], // €
  [0xf0, 0x9f, 0x98, 0x80], // an emoji
  [0xef, 0xbf, 0xbd], // U+FFFD itself
  [0x80],
  [0xc0, 0x80], // overlong
  [0xe0, 0x80, 0x80], // overlong, accepted by the lax rules
  [0xed, 0xa0, 0x80], // a surrogate, accepted by the lax rules
  [0xf4, 0x90, 0x80, 0x80], // past U+10FFFF, accepted by the lax rules
  [0xf5],
  [0xff],
  [0xe9], // Latin-1 é
  [0x93], // Windows-1252 quote
);
const start = fc.constantFrom([], [], [], [0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff]);
const cutEnd = fc.constantFrom([], [], [0xc3], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xe0], [0xf8], [0xc1], [0xe0, 0x80]);

describe('decodeDetected', () => {
  it('gives the encoding, text and invalid bytes of the byte-by-byte definition, or its error (property)', () => {
    fc.assert(
      fc.property(start, fc.array(chunk, { maxLength: 60 }), fc.integer({ min: 0, max: 40 }), cutEnd, (s, chunks, ascii, cut) => {
        // Mostly text, so that the control-character threshold is crossed both ways.
        const bytes = Uint8Array.from([...s, ...chunks.flat(), ...Array.from({ length: ascii }, () => 0x41), ...cut]);
        if (bytes.length === 0) return;
        const expected = detectedByDefinition(bytes);
        if (typeof expected === 'string') expect(() => decodeDetected('f.csv', bytes)).toThrow(expected);
        else expect(decodeDetected('f.csv', bytes)).toEqual(expected);
      }),
      { numRuns: 5000 },
    );
  });

  it('looks for binary bytes in the first 64 KiB only, whatever the text holds', () => {
    const late = new Uint8Array(70000).fill(0x41);
    late[69000] = 0;
    expect(decodeDetected('f.csv', late).encoding).toBe('utf-8');
    const early = late.slice();
    early[100] = 0;
    expect(() => decodeDetected('f.csv', early)).toThrow('binary data');
    // Multi-byte characters before it: the NUL byte is within 64 KiB though past 64 Ki characters... or not.
    const wide = Uint8Array.from([...Array.from({ length: 30000 }, () => [0xc3, 0xa9]).flat(), 0, 0x41]);
    expect(() => decodeDetected('f.csv', wide)).toThrow('binary data');
  });
});

// ---- Records, character by character ----

/** The records of a sample read character by character (quotes may hold delimiters and line breaks). */
function recordsByDefinition(text: string, delimiter: string, quote: string, partial: boolean, limit = 230): SampleRecord[] {
  const out: SampleRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 0;
  let first = 0;
  let any = false;
  const end = () => {
    fields.push(field);
    if (any || fields.length > 1 || field !== '') out.push({ fields, line: first });
    fields = [];
    field = '';
    any = false;
  };
  for (let i = 0; i < text.length && out.length < limit; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === quote && text[i + 1] === quote) {
        field += quote;
        i++;
      } else if (ch === quote) quoted = false;
      else {
        if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++;
        field += ch;
      }
    } else if (ch === quote && field === '') {
      quoted = true;
      any = true;
    } else if (ch === delimiter) {
      fields.push(field);
      field = '';
      any = true;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      end();
      line++;
      first = line;
    } else field += ch;
  }
  if (!partial && out.length < limit && (any || field !== '')) end();
  return out;
}

const filledCells = (fields: string[]) => fields.filter((f) => f.trim() !== '').length;
const headerLike = (fields: string[]) => fields.every((f) => f.trim() === '' || !/^\s*[-+]?[\d.,:/\s-]+\s*$/.test(f));

/** The first record filling more than half the widest record, within the first 30, if it reads as a header. */
function headerByDefinition(records: SampleRecord[]): number {
  const width = Math.max(0, ...records.map((r) => filledCells(r.fields)));
  if (width < 2) return 0;
  const i = records.slice(0, 30).findIndex((r) => filledCells(r.fields) * 2 > width);
  return i > 0 && headerLike(records[i]!.fields) ? i : 0;
}

/**
 * The delimiter whose most common field count (of two or more) the most lines share, each record
 * weighing the lines it spans (its quoted line breaks and its own), among the records it splits.
 */
function modalByDefinition(text: string, partial: boolean): string | undefined {
  let best: string | undefined;
  let bestScore = -1;
  for (const d of [',', ';', '\t', '|']) {
    const records = recordsByDefinition(text, d, '"', partial).map((r) => ({
      n: r.fields.length,
      span: 1 + (r.fields.join('').match(/\r\n|\n|\r/g)?.length ?? 0),
    }));
    const lines = records.reduce((a, r) => a + r.span, 0);
    const counts = new Map<number, number>();
    for (const r of records.filter((r) => r.n >= 2)) counts.set(r.n, (counts.get(r.n) ?? 0) + r.span);
    const [mode, freq] = [...counts].reduce((m, c) => (c[1] > m[1] || (c[1] === m[1] && c[0] > m[0]) ? c : m), [0, 0]);
    if (mode >= 2 && (freq / lines) * 1000 + mode > bestScore) [best, bestScore] = [d, (freq / lines) * 1000 + mode];
  }
  return best;
}

function tableStartByDefinition(text: string, partial: boolean) {
  const sep = /^"?sep=(.)"?$/i.exec(/^[^\r\n]*/.exec(text)![0].trim())?.[1];
  if (sep !== undefined) {
    const records = recordsByDefinition(text, sep, '"', partial).slice(1);
    const header = records[headerByDefinition(records)];
    return { delimiter: sep, header: header === undefined || headerLike(header.fields), skip: header?.line ?? 1, sepLine: true };
  }
  const delimiter = modalByDefinition(text, partial);
  if (delimiter === undefined) return undefined;
  const records = recordsByDefinition(text, delimiter, '"', partial);
  const h = headerByDefinition(records);
  // A header below title rows, or below blank lines alone.
  const below = h > 0 || (records[h] !== undefined && records[h].line > 0 && headerLike(records[h].fields));
  return below ? { delimiter, header: true, skip: records[h]!.line, sepLine: false } : undefined;
}

const piece = fc.constantFrom('a', 'Sales', ' ', '\u00a0', '\t', ',', ';', '|', '"', '""', '\n', '\r', '\r\n', '1', '2.5', '2010-12-01', 'é', '\u3000');
const freeText = fc.array(piece, { maxLength: 120 }).map((p) => p.join(''));
const cell = fc.constantFrom('Name', 'x', '', ' ', '12', '3.5', '"a,b"', '"say ""hi"""', '"two\nlines"', '2011-01-04');
/** Title or blank lines, then a table of a few columns, some cells quoted or holding line breaks. */
const table = fc
  .record({
    titles: fc.array(fc.constantFrom('Sales report', '', '  ', 'Exported 2023-02-01', 'sep=;', '"sep=,"', 'a,b'), { maxLength: 4 }),
    d: fc.constantFrom(',', ';', '\t'),
    width: fc.integer({ min: 1, max: 6 }),
    rows: fc.array(fc.array(cell, { minLength: 1, maxLength: 7 }), { maxLength: 12 }),
    eol: fc.constantFrom('\n', '\r\n', '\r'),
  })
  .map(({ titles, d, width, rows, eol }) => {
    const header = Array.from({ length: width }, (_, i) => `Col${i}`).join(d);
    return [...titles, header, ...rows.map((r) => r.join(d))].join(eol);
  });
const sample = fc.oneof(freeText, table);

describe('records and the table start', () => {
  it('sampleRecords reads what the character-by-character definition reads (property)', () => {
    fc.assert(
      fc.property(sample, fc.constantFrom(',', ';', '\t', '"'), fc.boolean(), fc.integer({ min: 1, max: 300 }), (t, d, partial, limit) => {
        expect(sampleRecords(t, d, '"', partial, limit)).toEqual(recordsByDefinition(t, d, '"', partial, limit));
      }),
      { numRuns: 3000 },
    );
  });

  it('headerRecord is the definition’s header (property)', () => {
    fc.assert(
      fc.property(sample, fc.constantFrom(',', ';', '\t'), fc.boolean(), (t, d, partial) => {
        const records = recordsByDefinition(t, d, '"', partial);
        expect(headerRecord(records)).toBe(headerByDefinition(records));
      }),
      { numRuns: 2000 },
    );
  });

  it('csvTableStart finds what the definition finds (property)', () => {
    fc.assert(
      fc.property(sample, fc.boolean(), (t, partial) => {
        expect(csvTableStart(t, partial, '"')).toEqual(tableStartByDefinition(t, partial));
      }),
      { numRuns: 3000 },
    );
  });

  it('csvTableStart past the records it samples: 230 records, the header among the first 30', () => {
    const titles = Array.from({ length: 3 }, (_, i) => `Report part ${i}`);
    const rows = Array.from({ length: 400 }, (_, i) => `${i},"item, ${i}",${i % 7}.5`);
    const t = [...titles, 'Id,Item,Price', ...rows].join('\n');
    expect(csvTableStart(t, true, '"')).toEqual({ delimiter: ',', header: true, skip: 3, sepLine: false });
    expect(csvTableStart(t, true, '"')).toEqual(tableStartByDefinition(t, true));
  });
});

describe('the delimiter vote', () => {
  /** The delimiter whose field count on the first line (two or more) the most of the first 200 lines share. */
  function delimiterByDefinition(lines: string[]): string {
    let best = ',';
    let bestScore = -1;
    for (const d of [',', ';', '\t', '|']) {
      const counts = lines.slice(0, 200).map((l) => splitRecord(l, d).length);
      if (counts.length === 0 || counts[0]! < 2) continue;
      const score = (counts.filter((c) => c === counts[0]).length / counts.length) * 1000 + counts[0]!;
      if (score > bestScore) [best, bestScore] = [d, score];
    }
    return best;
  }
  const line = fc.array(fc.constantFrom('a', ' ', ',', ';', '\t', '|', '"', '""', 'é', '1.5'), { maxLength: 30 }).map((p) => p.join(''));

  it('detectDelimiter picks the definition’s delimiter (property)', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 250 }), (lines) => {
        expect(detectDelimiter(lines)).toBe(delimiterByDefinition(lines));
      }),
      { numRuns: 1000 },
    );
  });
});
