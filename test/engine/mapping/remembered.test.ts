import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  emptyMappingMemory,
  forgetMapping,
  headerSignature,
  openDataset,
  parseMappingMemory,
  recallMapping,
  rememberMapping,
  serialiseMappingMemory,
} from '../../../engine/src/index.ts';
import { openDb, textSource } from '../../helpers/engine.ts';

/** The documented definition, computed independently with Node's own SHA-256. */
function expectedSignature(columns: string[]): string {
  const names = columns.map((c) => c.trim()).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `h1:${createHash('sha256').update(names.join('\n'), 'utf8').digest('hex').slice(0, 16)}`;
}

const TILL = ['Beleg', 'Kunde', 'Datum', 'Artikel', 'Menge', 'Preis'];

describe('headerSignature', () => {
  it('is h1: and 16 hex digits of SHA-256 over the sorted, trimmed names', () => {
    expect(headerSignature(TILL)).toBe(expectedSignature(TILL));
    expect(headerSignature(TILL)).toMatch(/^h1:[0-9a-f]{16}$/);
    expect(headerSignature([' Beleg ', 'Kunde'])).toBe(headerSignature(['Kunde', 'Beleg']));
  });

  it('ignores column order and nothing else (property)', () => {
    const names = fc.uniqueArray(
      fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim() === s && s !== ''),
      { minLength: 1, maxLength: 12 },
    );
    fc.assert(
      fc.property(names, fc.integer(), (cols, seed) => {
        const shuffled = [...cols].sort((a, b) => ((a.length * 31 + seed) % 7) - ((b.length * 31 + seed) % 7));
        expect(headerSignature(shuffled)).toBe(headerSignature(cols));
        expect(headerSignature(cols)).toBe(expectedSignature(cols));
        // One more column, or one renamed (case counts), is another layout.
        expect(headerSignature([...cols, `${cols[0]}_x`])).not.toBe(headerSignature(cols));
        if (cols[0]!.toUpperCase() !== cols[0]) expect(headerSignature([cols[0]!.toUpperCase(), ...cols.slice(1)])).not.toBe(headerSignature(cols));
      }),
    );
  });
});

describe('mapping memory', () => {
  const saved = rememberMapping(emptyMappingMemory(), TILL, { customer: 'Kunde', unit_price: 'Preis' }, '2026-12-01T10:00:00.000Z');

  it('remembers per layout, survives a round trip through text, and forgets', () => {
    expect(Object.keys(saved.layouts)).toEqual([expectedSignature(TILL)]);
    const back = parseMappingMemory(serialiseMappingMemory(saved));
    expect(back.problem).toBeUndefined();
    expect(back.memory).toEqual(saved);
    // The same columns in another order recall it.
    expect(recallMapping(back.memory, [...TILL].reverse())).toEqual({ customer: 'Kunde', unit_price: 'Preis' });
    expect(recallMapping(back.memory, [...TILL, 'Filiale'])).toBeUndefined();
    expect(forgetMapping(back.memory, TILL).layouts).toEqual({});
    // An empty mapping forgets too.
    expect(rememberMapping(saved, TILL, {}, 'x').layouts).toEqual({});
  });

  it('keeps other layouts and drops columns the layout lacks', () => {
    const other = ['Order', 'Email', 'Created at', 'Qty', 'Price'];
    const two = rememberMapping(saved, other, { customer: 'Email', sku: 'NotThere' }, 't');
    expect(Object.keys(two.layouts).sort()).toEqual([expectedSignature(TILL), expectedSignature(other)].sort());
    expect(recallMapping(two, other)).toEqual({ customer: 'Email' });
  });

  it('reads damaged or foreign text as an empty memory with a problem, never throws', () => {
    expect(parseMappingMemory(null)).toEqual({ memory: emptyMappingMemory() });
    expect(parseMappingMemory('{not json').problem).toMatch(/not valid JSON/);
    expect(parseMappingMemory('{"version":2,"layouts":{}}').problem).toMatch(/version 1/);
    const odd = parseMappingMemory(JSON.stringify({ version: 1, layouts: { a: { columns: ['X'], mapping: { nonsense: 'X', customer: 'Y' } }, b: null } }));
    expect(odd.memory.layouts).toEqual({});
  });
});

describe('openDataset with a remembered mapping', () => {
  // Two columns look alike: detection takes the left one as the customer; the user chose the right one.
  const csv = 'Beleg,Datum,Kunde,Stammkunde,Artikel,Menge,Preis\n1,2024-01-02,K1,S1,P10,2,1.50\n2,2024-01-03,K2,S1,P20,1,4.00\n3,2024-01-04,K3,S2,P10,3,1.50\n';

  it('applies the remembered roles for the same header and says so; explicit roles win', async () => {
    const sql = await openDb();
    const plain = await openDataset(sql, [textSource('a.csv', csv)]);
    const header = plain.columns;
    expect(plain.recalled).toBeUndefined();
    expect(plain.layoutSignature).toBe(expectedSignature(header));
    const memory = rememberMapping(emptyMappingMemory(), header, { customer: 'Stammkunde' }, 't');
    const again = await openDataset(sql, [textSource('b.csv', csv)], { remembered: memory });
    expect(again.recalled).toEqual({ customer: 'Stammkunde' });
    expect(again.canonical.mapping.mapping.customer).toBe('Stammkunde');
    expect(again.canonical.mapping.manual.customer).toBe(true);
    // Two distinct Stammkunde values in the file: S1 and S2.
    expect(again.report.customers).toBe(2);
    const explicit = await openDataset(sql, [textSource('c.csv', csv)], { remembered: memory, mapping: { customer: 'Kunde' } });
    expect(explicit.recalled).toBeUndefined();
    expect(explicit.report.customers).toBe(3);
  });
});

describe('a role set to not mapped', () => {
  it("'' keeps a role unmapped by choice: detection, layouts and fallbacks leave it alone", async () => {
    const { detectMapping, parseAnalysis } = await import('../../../engine/src/index.ts');
    const uci = ['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country'];
    const sample = Object.fromEntries(uci.map((c) => [c, ['1']]));
    const detected = detectMapping(uci, sample);
    expect(detected.mapping.country).toBe('Country');
    const chosen = detectMapping(uci, sample, { country: '' });
    expect(chosen.mapping.country).toBeUndefined();
    expect(chosen.manual.country).toBe(true);
    expect(chosen.mapping.invoice).toBe('InvoiceNo');
    // Without a layout too.
    const plain = ['Beleg', 'Land', 'Kunde'];
    const p = detectMapping(plain, { Beleg: ['1'], Land: ['DE'], Kunde: ['K1'] }, { customer: '' });
    expect(p.mapping.customer).toBeUndefined();
    expect(p.manual.customer).toBe(true);
    // Remembered like any role set by hand.
    const memory = rememberMapping(emptyMappingMemory(), uci, { country: '', customer: 'CustomerID' }, 't');
    expect(recallMapping(parseMappingMemory(serialiseMappingMemory(memory)).memory, uci)).toEqual({ country: '', customer: 'CustomerID' });
    // The analysis document keeps it.
    expect(parseAnalysis({ version: 1, mapping: { country: '' } }).mapping).toEqual({ country: '' });
  });
});
