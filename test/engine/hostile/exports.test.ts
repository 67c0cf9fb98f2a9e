/**
 * Issue 8, item 5: exported CSV never hands a spreadsheet a formula, and customer ids can be
 * pseudonymised with a salted hash (HMAC-SHA-256 written in the engine, checked here against
 * node:crypto).
 */
import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  EngineError,
  applyRules,
  computeRfm,
  customersCsv,
  hmacSha256,
  openDataset,
  preset,
  pseudonymise,
  pseudonymiser,
  scoreRfm,
  sha256,
  toCsv,
  toHex,
  type Cell,
  type ColumnKind,
  type SqlPort,
} from '../../../engine/src/index.ts';
import { openDb, textSource } from '../../helpers/engine.ts';
import { BAD_INPUTS } from '../../fixtures/make-bad-inputs.ts';

/** RFC 4180 reader for the tests: quoted fields, doubled quotes, CRLF or LF. */
function parseCsv(text: string, delimiter = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.startsWith('\ufeff') ? 1 : 0;
  for (; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === delimiter) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || (ch === '\r' && text[i + 1] === '\n')) {
      if (ch === '\r') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

const DANGEROUS = /^[=+\-@\t\r]/;

describe('exported CSV neutralises formulas', () => {
  const text = fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.tuple(fc.constantFrom('=', '+', '-', '@', '\t', '\r', ' =', '"=', '\n='), fc.string({ maxLength: 15 })).map(([a, b]) => a + b),
    fc.constantFrom('=HYPERLINK("http://evil.invalid","click")', "+cmd|' /C calc'!A0", '@SUM(A1:A9)', '-2+3', '=1,2;3'),
  );
  const cell: fc.Arbitrary<Cell> = fc.oneof(text, fc.double(), fc.integer(), fc.constant(null));

  it('no text cell of any exported CSV, read back, starts with = + - @ tab or CR; the rest round-trips', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { maxLength: 20 }),
        fc.constantFrom(',', ';', '\t'),
        fc.boolean(),
        (rows, delimiter, bom) => {
          const csv = toCsv(['a', 'b', 'c'], rows, { delimiter, bom });
          const back = parseCsv(csv, delimiter);
          expect(back.length).toBe(rows.length + 1);
          rows.forEach((r, i) =>
            r.forEach((c, j) => {
              const out = back[i + 1]![j]!;
              if (typeof c === 'string') {
                expect(out).not.toMatch(DANGEROUS);
                expect(out).toBe(DANGEROUS.test(c) ? `'${c}` : c);
              } else if (typeof c === 'number' && Number.isFinite(c)) expect(Number(out)).toBe(c);
            }),
          );
        },
      ),
      { numRuns: 300, seed: 8201 },
    );
  });

  it('negative amounts stay numbers; the same text is neutralised', () => {
    expect(toCsv(['x', 'y'], [[-12.5, '-12.5']])).toBe("x,y\n-12.5,'-12.5\n");
  });

  /**
   * What a formula needs to do anything beyond arithmetic on numbers and names: a function call,
   * a DDE link, an external or sheet reference, a string, a comparison or a concatenation.
   */
  const CAN_RUN = /[A-Za-z][\w.]*\s*\(|[|!"'[\]{}&:;,=<>]/;
  const KINDS: ColumnKind[] = ['text', 'phone', 'email'];
  const contact = fc.oneof(
    text,
    fc
      .tuple(fc.constantFrom('', '+', '-', '=', '@', '\t'), fc.string({ unit: fc.constantFrom(...'0123456789 ()./-+|!\'"=aZ@:;_'), maxLength: 18 }))
      .map(([a, b]) => a + b),
    fc.constantFrom(
      "+1+cmd|' /C calc'!A0",
      '=HYPERLINK("http://evil.invalid")',
      "-cmd|'/Ccalc'!A0@example.com",
      '+1 (2) 3',
      '-dash@example.com',
      '@example.com',
    ),
  );

  it('phone and email columns: a value is written as it is or with an apostrophe, and bare only when it cannot run (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(contact, contact, contact), { maxLength: 20 }), fc.constantFrom(',', ';', '\t'), (rows, delimiter) => {
        const back = parseCsv(toCsv(['t', 'p', 'e'], rows, { delimiter, kinds: KINDS }), delimiter);
        rows.forEach((r, i) =>
          r.forEach((c, j) => {
            const out = back[i + 1]![j]!;
            expect([c, `'${c}`], `${KINDS[j]} ${JSON.stringify(c)}`).toContain(out);
            if (!DANGEROUS.test(c)) expect(out).toBe(c);
            // Left bare although it starts like a formula: only a phone or an address, and nothing that runs.
            else if (out === c) {
              expect(KINDS[j]).not.toBe('text');
              expect(out).not.toMatch(CAN_RUN);
            }
          }),
        );
      }),
      { numRuns: 300, seed: 8203 },
    );
  });

  it('phone and email columns: a plain phone number or address is written bare, in any column of that kind (property)', () => {
    const digit = fc.constantFrom(...'0123456789');
    const phone = fc
      .tuple(fc.constantFrom('', '+'), digit, fc.string({ unit: fc.oneof(digit, fc.constantFrom(' ', '(', ')', '.', '/', '-')), maxLength: 16 }))
      .map(([plus, first, rest]) => plus + first + rest);
    const word = fc.string({ unit: fc.constantFrom(...'abcXYZ019'), minLength: 1, maxLength: 6 });
    const email = fc
      .tuple(
        fc.constantFrom('+', '-', ''),
        fc.string({ unit: fc.constantFrom(...'abc019._+-'), maxLength: 8 }),
        word,
        fc.array(word, { minLength: 1, maxLength: 3 }),
      )
      .map(([lead, local, host, labels]) => `${lead}${local || 'x'}@${[host, ...labels].join('.')}`);
    fc.assert(
      fc.property(phone, email, (p, e) => {
        const back = parseCsv(toCsv(['p', 'e'], [[p, e]], { kinds: ['phone', 'email'] }))[1]!;
        expect(back).toEqual([p, e]);
        // As text, both are neutralised.
        expect(parseCsv(toCsv(['p', 'e'], [[p, e]]))[1]).toEqual([p, e].map((v) => (DANGEROUS.test(v) ? `'${v}` : v)));
      }),
      { numRuns: 300, seed: 8204 },
    );
  });

  it('phone and email columns: hostile values keep their apostrophe', () => {
    const cells = (kind: ColumnKind, ...values: string[]) =>
      parseCsv(
        toCsv(
          ['x'],
          values.map((v) => [v]),
          { kinds: [kind] },
        ),
      )
        .slice(1)
        .map((r) => r[0]);
    expect(cells('phone', '+44 7700 928817', "+1+cmd|' /C calc'!A0", '=HYPERLINK("http://evil.invalid")', '-1 555', '@1')).toEqual([
      '+44 7700 928817',
      "'+1+cmd|' /C calc'!A0",
      '\'=HYPERLINK("http://evil.invalid")',
      "'-1 555",
      "'@1",
    ]);
    // A valid address may hold | ' ! before its "@": only the narrow letters-digits form is bare.
    expect(cells('email', '-dash@example.com', '+news@shop.example', "-cmd|'/Ccalc'!A0@example.com", '@example.com', '-x@localhost')).toEqual([
      '-dash@example.com',
      '+news@shop.example',
      "'-cmd|'/Ccalc'!A0@example.com",
      "'@example.com",
      "'-x@localhost",
    ]);
  });
});

describe('customers.csv from hostile data', () => {
  let sql: SqlPort;
  beforeAll(async () => {
    sql = await openDb();
    const formulas = BAD_INPUTS.find((b) => b.name === 'formulas.csv')!;
    await openDataset(sql, [textSource('formulas.csv', new TextDecoder().decode(formulas.bytes()))]);
  });

  async function customers(customerId?: (id: string) => string): Promise<string[][]> {
    const rfm = await computeRfm(sql);
    const scores = scoreRfm(rfm);
    const segments = applyRules(preset('rfm6'), scores, rfm);
    return parseCsv(customersCsv({ rfm, scores, segments, ...(customerId ? { customerId } : {}) }));
  }

  it('formula-like customer ids load as text and export neutralised', async () => {
    const rows = await customers();
    const ids = rows.slice(1).map((r) => r[0]!);
    expect(ids.sort()).toEqual(["'+1-1", "'-1+1", "'=2+5", "'@A1", "'\tTAB", 'plain'].sort());
    for (const r of rows.slice(1)) for (const c of r) expect(c).not.toMatch(DANGEROUS);
  });

  it('--pseudonymise: ids become 16 hex digits of HMAC-SHA-256(salt, id), stable per salt', async () => {
    const salt = 'correct horse battery';
    const rows = await customers(pseudonymiser(salt));
    const ids = rows.slice(1).map((r) => r[0]!);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(new Set(ids).size).toBe(6);
    const expected = ['=2+5', '+1-1', '-1+1', '@A1', '\tTAB', 'plain'].map((id) => createHmac('sha256', salt).update(id).digest('hex').slice(0, 16));
    expect([...ids].sort()).toEqual(expected.sort());
    expect((await customers(pseudonymiser(salt))).map((r) => r[0])).toEqual(rows.map((r) => r[0]));
    const other = (await customers(pseudonymiser('another salt!'))).slice(1).map((r) => r[0]!);
    expect(other.filter((id) => ids.includes(id))).toEqual([]);
  });
});

describe('pseudonymisation', () => {
  it('refuses a short salt and a pseudonym length outside 8..64', () => {
    expect(() => pseudonymiser('short')).toThrow(EngineError);
    expect(() => pseudonymiser('short')).toThrow(/at least 8 characters/);
    expect(() => pseudonymiser('long enough', 4)).toThrow(/between 8 and 64/);
    expect(pseudonymise('17850', 'long enough', 64)).toBe(createHmac('sha256', 'long enough').update('17850').digest('hex'));
  });

  it('SHA-256 matches node:crypto on the FIPS 180-2 vectors and around block boundaries', () => {
    const hex = (s: string | Uint8Array) => createHash('sha256').update(s).digest('hex');
    const bytes = (s: string) => new TextEncoder().encode(s);
    expect(toHex(sha256(bytes('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(toHex(sha256(bytes('')))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    const two = 'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq';
    expect(toHex(sha256(bytes(two)))).toBe(hex(two));
    const million = new Uint8Array(1_000_000).fill(0x61);
    expect(toHex(sha256(million))).toBe(hex(million));
    for (let n = 50; n <= 130; n++) {
      const b = Uint8Array.from({ length: n }, (_, i) => (i * 31 + n) & 0xff);
      expect(toHex(sha256(b)), `length ${n}`).toBe(hex(b));
    }
  });

  it('SHA-256 and HMAC-SHA-256 match node:crypto on arbitrary bytes and keys (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ maxLength: 150 }), (message, key) => {
        expect(toHex(sha256(message))).toBe(createHash('sha256').update(message).digest('hex'));
        expect(toHex(hmacSha256(key, message))).toBe(createHmac('sha256', key).update(message).digest('hex'));
      }),
      { numRuns: 300, seed: 8202 },
    );
  });
});
