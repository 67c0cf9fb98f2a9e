import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayToIso } from '../../../engine/src/rfm/compute-rfm.ts';

/** The reference: JavaScript's own calendar (proleptic Gregorian, UTC). */
const viaDate = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);

describe('dayToIso', () => {
  it('writes the same date as Date for any day of years 0000 to 9999 and beyond', () => {
    fc.assert(
      fc.property(fc.integer({ min: -800_000, max: 3_000_000 }), (day) => {
        expect(dayToIso(day)).toBe(viaDate(day));
      }),
      { numRuns: 20_000 },
    );
  });

  it('handles the edges: the epoch, leap days, century years and the ends of the four-digit years', () => {
    // Day numbers from Python's datetime (date - date(1970, 1, 1)); year 0 is 366 days before 0001-01-01.
    const cases: [number, string][] = [
      [0, '1970-01-01'],
      [-1, '1969-12-31'],
      [11_016, '2000-02-29'],
      [11_017, '2000-03-01'],
      [-25_509, '1900-02-28'],
      [-25_508, '1900-03-01'],
      [47_541, '2100-03-01'],
      [-719_162, '0001-01-01'],
      [-719_528, '0000-01-01'],
      [2_932_896, '9999-12-31'],
    ];
    for (const [day, iso] of cases) expect(dayToIso(day)).toBe(iso);
    expect(dayToIso(-719_529)).toBe(viaDate(-719_529));
    expect(dayToIso(2_932_897)).toBe(viaDate(2_932_897));
  });
});
