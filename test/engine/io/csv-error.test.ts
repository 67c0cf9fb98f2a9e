/**
 * DuckDB's errors as the user reads them (csv-error.ts): our words, the file's name, the row
 * where one is known; never DuckDB's own "Invalid Input Error: ..." text.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvError } from '../../../engine/src/io/csv-error.ts';

const FILE = { alias: 'src_0.csv', source: { name: 'sales.csv' }, format: { delimiter: ';' } };

/** What native DuckDB and DuckDB-WASM 1.32 throw when the reader stops past the sniffed sample (mixed line endings, stray quotes). */
const STATE_MACHINE = `Invalid Input Error: The CSV Parser state machine reached an invalid state.
This can happen when is not possible to parse your CSV File with the given options, or the CSV File is not RFC 4180 compliant
Possible fixes:
* Disable the parser's strict mode (strict_mode=false) to allow reading rows that do not comply with the CSV standard.

  file = src_0.csv
  delimiter = ; (Set By User)`;

describe('csvError', () => {
  it("words the reader's invalid state as the file not reading as CSV with its delimiter, naming the file", () => {
    const e = csvError(new Error(STATE_MACHINE), [FILE]);
    expect(e.code).toBe('parse');
    expect(e.location.file).toBe('sales.csv');
    expect(e.message).toBe('the lines do not read as CSV with the delimiter ";" (stray quotes or mixed line endings?)');
  });

  it('never passes on the kind of a DuckDB error, nor our aliases', () => {
    const kind = fc.constantFrom('Invalid Input', 'Conversion', 'Binder', 'Parser', 'Internal', 'IO');
    fc.assert(
      fc.property(kind, fc.stringMatching(/^[a-z ]{1,40}$/), (k, rest) => {
        const e = new Error(`${k} Error: ${rest} in src_0.csv\nmore`);
        const ours = csvError(e, [FILE]);
        expect(ours.message).not.toMatch(/^[A-Z][A-Za-z ]* Error: |\bError: /);
        expect(ours.message).not.toContain('src_0.csv');
        expect(ours.location.file).toBe('sales.csv');
      }),
    );
  });
});
