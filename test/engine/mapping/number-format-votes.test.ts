import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectNumberFormat, hasNumberEvidence, stripCurrency, withoutQuantityUnit, type NumberFormat } from '../../../engine/src/mapping/number-format.ts';

/** The oracle: every value read on its own, in order, as the votes were counted before caching. */
function oracleVotes(values: readonly string[], counts?: readonly number[]) {
  const n = { commaDecimal: 0, pointDecimal: 0, commaThousands: 0, pointThousands: 0, spaceThousands: 0, apostrophe: 0 };
  values.forEach((raw, i) => {
    const w = counts?.[i] ?? 1;
    // "(1.234,5)" and "1.234,5-" vote as "-1.234,5"; "2'466.–" and "12,-" as "2'466" and "12"; "1,25 kg" as "1,25".
    const v = withoutQuantityUnit(stripCurrency(raw))
      .replace(/([0-9])[.,](?:--?|–|—)$/, '$1')
      .replace(/^\((.+)\)$|^(.+)-$/, '-$1$2');
    if (v === '') return;
    if (/^[-+]?\d{1,3}(\.\d{3})+,\d+$/.test(v) || /^[-+]?\d{1,3}(\.\d{3}){2,}$/.test(v)) n.pointThousands += w;
    else if (/^[-+]?\d{1,3}(\.\d{3})+$/.test(v) && /\b(?:IDR|Rp|JPY|HUF|Ft|VND|KRW)\b|[¥￥₩￦₫]/.test(raw)) n.pointThousands += w;
    else if (/^[-+]?\d{1,3}(,\d{3})+\.\d+$/.test(v) || /^[-+]?\d{1,3}(,\d{3}){2,}$/.test(v)) n.commaThousands += w;
    // Currencies without decimals: "¥1,200" is twelve hundred.
    else if (/^[-+]?\d{1,3}(,\d{3})+$/.test(v) && /\b(?:IDR|Rp|JPY|HUF|Ft|VND|KRW)\b|[¥￥₩￦₫]/.test(raw)) n.commaThousands += w;
    else if (/^[-+]?\d{1,3}( \d{3})+(,\d+)?$/.test(v)) {
      n.spaceThousands += w;
      if (v.includes(',')) n.commaDecimal += w;
    } else if (/^[-+]?\d{1,3}('\d{3})+(\.\d+)?$/.test(v)) n.apostrophe += w;
    else if (/^[-+]?\d*,\d+$/.test(v) && !/^[-+]?\d{1,3},\d{3}$/.test(v)) n.commaDecimal += w;
    else if (/^[-+]?\d*\.\d+$/.test(v) && !/^[-+]?\d{1,3}\.\d{3}$/.test(v)) n.pointDecimal += w;
  });
  return n;
}

function oracleFormat(values: readonly string[], counts?: readonly number[]): NumberFormat {
  const v = oracleVotes(values, counts);
  const symbols = values.some((x) => /[^-+\d.,eE']/.test(x));
  const commaVotes = v.pointThousands + v.commaDecimal;
  const pointVotes = v.commaThousands + v.pointDecimal + v.apostrophe;
  // Once the decimal mark is shown, the other mark can only group thousands.
  if (commaVotes > 0 && commaVotes >= pointVotes) return { decimal: ',', thousands: v.spaceThousands > 0 && v.pointThousands === 0 ? ' ' : '.', symbols };
  if (v.spaceThousands > 0) return { decimal: v.commaDecimal > 0 ? ',' : '.', thousands: ' ', symbols };
  if (v.apostrophe > 0) return { decimal: '.', thousands: "'", symbols };
  // With no mark shown, the point, and "," groups (told of where it is guessed: guessed-numbers.ts).
  return { decimal: '.', thousands: ',', symbols };
}

// Number-like texts built from digits, separators, signs and currencies, so that every vote occurs, repeated.
const piece = fc.constantFrom(
  '1',
  '12',
  '234',
  '000',
  '.',
  ',',
  ' ',
  '\u00a0',
  "'",
  '\u2019',
  '-',
  '–',
  '(',
  ')',
  '€',
  'Rp ',
  ' kr',
  'JPY ',
  '¥',
  '￥',
  'x',
  ' kg',
  '',
);
const loose = fc.array(piece, { maxLength: 7 }).map((p) => p.join(''));
// Well-formed amounts in each writing: "1.234,5", "1,234.5", "1 234,5", "1'234.5", "12,5", "2.50", "Rp 80.000".
const grouped = fc
  .tuple(fc.constantFrom('.', ',', ' ', "'"), fc.constantFrom('', '.', ','), fc.integer({ min: 1, max: 3 }), fc.constantFrom('', 'Rp ', '€'))
  .map(([group, decimal, groups, currency]) => `${currency}1${group}234${groups > 1 ? `${group}567` : ''}${decimal ? `${decimal}5` : ''}`);
const plain = fc.tuple(fc.integer({ min: 0, max: 999 }), fc.constantFrom('.', ','), fc.integer({ min: 0, max: 99 })).map(([a, sep, b]) => `${a}${sep}${b}`);
const text = fc.oneof(loose, grouped, plain);
const sample = fc.array(fc.tuple(text, fc.integer({ min: 1, max: 50 })), { maxLength: 40 }).chain((rows) =>
  // Repeat some texts so distinct values with several positions occur.
  fc.shuffledSubarray(rows.concat(rows), { minLength: rows.length }),
);

describe('number format votes (each distinct text read once)', () => {
  it('detectNumberFormat and hasNumberEvidence as when every value is read on its own, with and without counts (property)', () => {
    fc.assert(
      fc.property(sample, (rows) => {
        const values = rows.map((r) => r[0]);
        const counts = rows.map((r) => r[1]);
        const evidence = (c?: number[]) => Object.values(oracleVotes(values, c)).some((x) => x > 0);
        expect(detectNumberFormat(values, counts)).toEqual(oracleFormat(values, counts));
        expect(detectNumberFormat(values)).toEqual(oracleFormat(values));
        expect(hasNumberEvidence(values, counts)).toBe(evidence(counts));
        expect(hasNumberEvidence(values)).toBe(evidence());
      }),
      { numRuns: 1000 },
    );
  });

  it('past the memo of texts read (it is emptied when full), the same as reading each value', () => {
    const values = Array.from({ length: 25_000 }, (_, i) =>
      i % 3 === 0 ? `${i % 12_000},5` : i % 3 === 1 ? `1.${String(i % 1000).padStart(3, '0')}` : `${i}.25`,
    );
    for (const slice of [values, values.slice(0, 9_999), values.slice(12_000)]) {
      expect(detectNumberFormat(slice)).toEqual(oracleFormat(slice));
      expect(hasNumberEvidence(slice)).toBe(Object.values(oracleVotes(slice)).some((x) => x > 0));
    }
  });

  it('empty, single and duplicated values', () => {
    expect(detectNumberFormat([])).toEqual({ decimal: '.', thousands: ',', symbols: false });
    expect(detectNumberFormat(['1.234,5'])).toEqual({ decimal: ',', thousands: '.', symbols: false });
    // Two "2.50" outvote one "1,5"; three "1,5" (one text, count 3) outvote them.
    expect(detectNumberFormat(['2.50', '1,5', '2.50'])).toEqual({ decimal: '.', thousands: ',', symbols: false });
    expect(detectNumberFormat(['2.50', '1,5', '2.50'], [1, 3, 1])).toEqual({ decimal: ',', thousands: '.', symbols: false });
    // No value shows a decimal mark: the point, the common case, and "," groups ("1,000" as Excel's #,##0 writes it).
    expect(detectNumberFormat(['12', '1,000'])).toEqual({ decimal: '.', thousands: ',', symbols: false });
    expect(detectNumberFormat(['1 234,5', '1 234,5'])).toEqual({ decimal: ',', thousands: ' ', symbols: true });
  });
});
