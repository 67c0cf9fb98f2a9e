/**
 * The integer conversion of Excel date serials (excelSerialToIsoBytes, used by the sheet scanner
 * for every date that changes) against the Date-based one (excelSerialToIso), on serials from
 * every era, both date systems, and the edges of the four-digit years.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { excelSerialToIso, excelSerialToIsoBytes } from '../../../engine/src/io/sheet-csv.ts';

function viaDate(serial: number, date1904: boolean): string | undefined {
  try {
    return excelSerialToIso(serial, date1904);
  } catch {
    return undefined; // beyond what a Date holds
  }
}

describe('excelSerialToIsoBytes', () => {
  it('gives excelSerialToIso’s text, or undefined only where that is not a four-digit year', () => {
    const serial = fc.oneof(
      fc.double({ min: -700_000, max: 3_000_000, noNaN: true }),
      fc.integer({ min: 1, max: 200_000 * 1440 }).map((m) => m / 1440),
      fc.integer({ min: 0, max: 120_000 * 86400 }).map((s) => s / 86400 + 0.5 / 86400),
      fc.constantFrom(0, 1, 59, 60, 61, 25569, 45627.34027777778, -693_593, -693_594, 2_958_465, 2_958_466, 2_958_465.999999, 1e12, -1e12),
    );
    fc.assert(
      fc.property(serial, fc.boolean(), (s, date1904) => {
        const bytes = excelSerialToIsoBytes(s, date1904);
        const text = viaDate(s, date1904);
        if (bytes === undefined) expect(text === undefined || !/^\d{4}-/.test(text), `${s} ${text}`).toBe(true);
        else expect(new TextDecoder().decode(bytes)).toBe(text);
      }),
      { numRuns: 20_000 },
    );
  });
});
