import { looksLikeDate, isPlausibleExcelSerial } from './date-format.ts';
import { stripCurrency, withoutQuantityUnit } from './number-format.ts';

/** What a sample of one column's values looks like; every share is over non-empty values. */
export interface ValueProfile {
  nonEmpty: number;
  nullShare: number;
  dateShare: number;
  serialShare: number;
  /** Unix times in seconds or milliseconds: a date only where the header says so (ids look alike). */
  epochShare: number;
  numericShare: number;
  /** Numbers with or without a unit after them ("2", "2 pcs", "1,25 kg"), as quantities are written. */
  quantityShare: number;
  integerShare: number;
  /** Numbers with one or two decimals, as prices are written. */
  moneyShare: number;
  negativeShare: number;
  emailShare: number;
  /** Values with letters and at least one space, as product names are written. */
  textShare: number;
  /** Values with no spaces, at most 20 characters: codes and ids. */
  codeShare: number;
  /** Codes holding a digit, at most 40 letters, digits and . _ / - ("100234", "MAT-17"; not "Cotton" or "100% wool"). */
  digitCodeShare: number;
  distinctRatio: number;
  meanLength: number;
}

const NUMBER = /^[-+]?(\d{1,3}([.,' ]\d{3})+|\d+)([.,]\d+)?$/;

export function profileValues(values: readonly (string | null)[]): ValueProfile {
  const vs = values.filter((v): v is string => v !== null && v.trim() !== '').map((v) => v.trim());
  const n = vs.length;
  const share = (pred: (v: string) => boolean) => (n === 0 ? 0 : vs.filter(pred).length / n);
  const isNumber = (v: string) => NUMBER.test(stripCurrency(v));
  return {
    nonEmpty: n,
    nullShare: values.length === 0 ? 1 : 1 - n / values.length,
    dateShare: share(looksLikeDate),
    serialShare: share((v) => /^\d{5}(\.\d+)?$/.test(v) && isPlausibleExcelSerial(Number(v))),
    epochShare: share((v) => /^1\d{9}(\d{3})?$/.test(v)),
    numericShare: share(isNumber),
    quantityShare: share((v) => isNumber(withoutQuantityUnit(v))),
    integerShare: share((v) => /^[-+]?\d+(\.0+)?$/.test(withoutQuantityUnit(v))),
    moneyShare: share((v) => /^[-+]?\d+([.,]\d{1,2})?$/.test(stripCurrency(v)) && /[.,]\d{1,2}$/.test(v)),
    negativeShare: share((v) => v.startsWith('-')),
    emailShare: share((v) => /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v)),
    textShare: share((v) => /[A-Za-z\u00C0-\u024F]/.test(v) && /\s/.test(v)),
    codeShare: share((v) => !/\s/.test(v) && v.length <= 20),
    digitCodeShare: share((v) => /^[\p{L}\p{N}._/-]{1,40}$/u.test(v) && /\d/.test(v)),
    distinctRatio: n === 0 ? 0 : new Set(vs).size / n,
    meanLength: n === 0 ? 0 : vs.reduce((s, v) => s + v.length, 0) / n,
  };
}
