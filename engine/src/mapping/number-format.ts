/** How numbers are written in a column: "1,234.56", "1.234,56", "1 234,56" or plain. */
export interface NumberFormat {
  decimal: '.' | ',';
  thousands: '' | ',' | '.' | ' ' | "'";
  /** True when values carry currency symbols or spaces that must be stripped first. */
  symbols: boolean;
}

const CURRENCY = /[€$£¥₹]|\b(?:EUR|USD|GBP|IDR|Rp)\b\.?/g;

/** Strips currency symbols and surrounding spaces, keeps sign, digits, separators and exponent. */
export function stripCurrency(v: string): string {
  return v.replace(CURRENCY, '').trim();
}

/**
 * Decides decimal and thousands separators from sample values of a numeric column. A comma
 * followed by exactly three digits is ambiguous ("1,234"); it is read as a thousands separator
 * only when some value shows a point as decimal ("1,234.5") or several groups ("1,234,567").
 * Decimal comma versus point is decided by the majority of the values that show it.
 */
export function detectNumberFormat(values: readonly string[]): NumberFormat {
  let commaDecimal = 0;
  let pointDecimal = 0;
  let commaThousands = 0;
  let pointThousands = 0;
  let spaceThousands = 0;
  let apostrophe = 0;
  const symbols = values.some((v) => /[^-+\d.,eE']/.test(v));
  for (const raw of values) {
    const v = stripCurrency(raw);
    if (v === '') continue;
    if (/^[-+]?\d{1,3}(\.\d{3})+,\d+$/.test(v) || /^[-+]?\d{1,3}(\.\d{3}){2,}$/.test(v)) pointThousands++;
    else if (/^[-+]?\d{1,3}(,\d{3})+\.\d+$/.test(v) || /^[-+]?\d{1,3}(,\d{3}){2,}$/.test(v)) commaThousands++;
    else if (/^[-+]?\d{1,3}( \d{3})+(,\d+)?$/.test(v)) {
      spaceThousands++;
      if (v.includes(',')) commaDecimal++;
    }
    else if (/^[-+]?\d{1,3}('\d{3})+(\.\d+)?$/.test(v)) apostrophe++;
    else if (/^[-+]?\d*,\d+$/.test(v) && !/^[-+]?\d{1,3},\d{3}$/.test(v)) commaDecimal++;
    else if (/^[-+]?\d*\.\d+$/.test(v) && !/^[-+]?\d{1,3}\.\d{3}$/.test(v)) pointDecimal++;
  }
  // Majority vote of the values only one reading fits: a stray "1.234,56" in a column of
  // "2.50" prices must not turn every other price into hundreds; it fails to parse instead.
  const commaVotes = pointThousands + commaDecimal;
  const pointVotes = commaThousands + pointDecimal + apostrophe;
  if (commaVotes > 0 && commaVotes >= pointVotes) {
    return { decimal: ',', thousands: pointThousands > 0 ? '.' : spaceThousands > 0 ? ' ' : '', symbols };
  }
  if (spaceThousands > 0) return { decimal: commaDecimal > 0 ? ',' : '.', thousands: ' ', symbols };
  if (apostrophe > 0) return { decimal: '.', thousands: "'", symbols };
  return { decimal: '.', thousands: commaThousands > 0 ? ',' : '', symbols };
}

/** Parses one value in the given format; NaN when it is not a finite number. Mirrors the SQL. */
export function parseNumber(raw: string, f: NumberFormat): number {
  let v = stripCurrency(raw);
  if (f.thousands !== '') v = v.split(f.thousands).join('');
  if (f.decimal === ',') v = v.replace(',', '.');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(v)) return NaN;
  const n = Number(v);
  return Number.isFinite(n) ? n : NaN;
}
