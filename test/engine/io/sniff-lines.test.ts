/**
 * The sniffer splits only as much of a sample as it looks at: firstLines, sampleLines with a
 * wanted count and countFields give what splitting the whole sample would (the definitions
 * below, written here with String.split), on any text of fields, quotes and line breaks.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countFields, firstLines, sampleLines, splitRecord } from '../../../engine/src/io/sniff.ts';

const text = fc
  .array(fc.constantFrom('a', 'b', ' ', ',', ';', '"', '""', '\n', '\r', '\r\n', '\t', '#', 'é'), { maxLength: 80 })
  .map((parts) => parts.join(''));

/** Non-blank lines of the whole text, the last dropped when the sample is partial (the definition). */
function wholeSampleLines(t: string, partial: boolean): string[] {
  const lines = t.split(/\r\n|\n|\r/);
  if (partial && lines.length > 1) lines.pop();
  return lines.filter((l) => l.trim() !== '');
}

describe('reading a sample line by line', () => {
  it('firstLines gives the first lines of split(), and whether more follow (property)', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 30 }), (t, limit) => {
        const all = t.split(/\r\n|\n|\r/);
        const { lines, more } = firstLines(t, limit);
        expect(lines).toEqual(all.slice(0, limit));
        expect(more).toBe(all.length > limit);
      }),
      { numRuns: 2000 },
    );
  });

  it('sampleLines with a wanted count is the head of the whole list (property)', () => {
    fc.assert(
      fc.property(text, fc.boolean(), fc.integer({ min: 1, max: 12 }), (t, partial, want) => {
        expect(sampleLines(t, partial, want)).toEqual(wholeSampleLines(t, partial).slice(0, want));
        expect(sampleLines(t, partial)).toEqual(wholeSampleLines(t, partial));
      }),
      { numRuns: 2000 },
    );
  });

  it('sampleLines past its first batch of lines', () => {
    const many = Array.from({ length: 3000 }, (_, i) => (i % 3 === 0 ? '' : `line ${i}`)).join('\n');
    expect(sampleLines(many, true, 1500)).toEqual(wholeSampleLines(many, true).slice(0, 1500));
    expect(sampleLines(many, true)).toEqual(wholeSampleLines(many, true));
  });

  it('countFields counts what splitRecord splits (property)', () => {
    fc.assert(
      fc.property(text, fc.constantFrom(',', ';', '\t'), (t, d) => {
        for (const line of t.split(/\r\n|\n|\r/)) expect(countFields(line, d)).toBe(splitRecord(line, d).length);
      }),
      { numRuns: 2000 },
    );
  });
});
