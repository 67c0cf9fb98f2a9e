/**
 * Amounts as Intl.NumberFormat writes them for a currency, in Node and every browser: each reads
 * back as the amount, or is refused (NaN), never another number; those of the currencies shops
 * use most read back, and are named by their ISO code.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { currenciesFromSymbols } from '../../../engine/src/mapping/currency.ts';
import { detectNumberFormat, hasNumberEvidence, parseNumber } from '../../../engine/src/mapping/number-format.ts';

const LOCALES = [
  'en-US',
  'en-GB',
  'en-IN',
  'en-ZA',
  'en-NG',
  'en-CA',
  'fr-CA',
  'en-AU',
  'de-DE',
  'de-AT',
  'de-CH',
  'fr-CH',
  'it-CH',
  'fr-FR',
  'es-ES',
  'es-MX',
  'it-IT',
  'nl-NL',
  'pt-BR',
  'pt-PT',
  'sv-SE',
  'nb-NO',
  'da-DK',
  'fi-FI',
  'pl-PL',
  'cs-CZ',
  'sk-SK',
  'hu-HU',
  'ro-RO',
  'bg-BG',
  'ru-RU',
  'uk-UA',
  'tr-TR',
  'he-IL',
  'ar-AE',
  'ja-JP',
  'zh-CN',
  'zh-TW',
  'zh-HK',
  'ko-KR',
  'th-TH',
  'vi-VN',
  'id-ID',
  'ms-MY',
  'fil-PH',
  'hi-IN',
  'el-GR',
  'hr-HR',
  'lt-LT',
  'sw-KE',
];

/** A column of amounts in one locale and currency, rounded as Intl rounds them, and their texts. */
function column(locale: string, currency: string, amounts: readonly number[]) {
  const nf = new Intl.NumberFormat(locale, { style: 'currency', currency });
  const digits = nf.resolvedOptions().maximumFractionDigits ?? 2;
  const rounded = amounts.map((a) => Math.round(a * 10 ** digits) / 10 ** digits);
  return { amounts: rounded, texts: rounded.map((a) => nf.format(a)) };
}

describe('amounts as Intl.NumberFormat writes them', () => {
  it('read back as the amount or are refused, in every locale and currency, where the column shows its convention (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...LOCALES),
        fc.constantFrom(...Intl.supportedValuesOf('currency')),
        fc.array(fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }), { maxLength: 10 }),
        (locale, currency, cents) => {
          // A thousand and more show the grouping, cents the decimal mark.
          const { amounts, texts } = column(locale, currency, [1082.28, 1_234_567.891, ...cents.map((c) => c / 100)]);
          const f = detectNumberFormat(texts);
          if (!hasNumberEvidence(texts)) return;
          texts.forEach((t, i) => {
            const n = parseNumber(t, f);
            if (!Number.isNaN(n)) expect(n, `${locale} ${currency} ${JSON.stringify(t)}`).toBeCloseTo(amounts[i]!, 9);
          });
        },
      ),
      { numRuns: 3000 },
    );
  });

  it.each([
    ['en-ZA', 'ZAR'],
    ['cs-CZ', 'CZK'],
    ['ro-RO', 'RON'],
    ['th-TH', 'THB'],
    ['en-NG', 'NGN'],
    ['zh-CN', 'CNY'],
    ['en-US', 'CNY'],
    ['en-US', 'CAD'],
    ['en-US', 'AUD'],
    ['en-US', 'MXN'],
    ['en-US', 'HKD'],
    ['en-US', 'NZD'],
    ['fr-CA', 'USD'],
    ['de-DE', 'AUD'],
    ['ja-JP', 'JPY'],
    ['en-GB', 'JPY'],
    ['zh-TW', 'KRW'],
    ['ko-KR', 'KRW'],
    ['de-CH', 'CHF'],
    ['fr-CH', 'CHF'],
    ['hu-HU', 'HUF'],
    ['pl-PL', 'PLN'],
    ['ru-RU', 'RUB'],
    ['he-IL', 'ILS'],
    ['sk-SK', 'ILS'],
    ['ar-AE', 'AED'],
    ['vi-VN', 'VND'],
    ['fil-PH', 'PHP'],
    ['da-DK', 'DKK'],
    ['sv-SE', 'NOK'],
    ['tr-TR', 'TRY'],
    ['id-ID', 'IDR'],
    ['pt-BR', 'BRL'],
    ['sv-SE', 'BRL'],
    ['ms-MY', 'MYR'],
    ['en-SG', 'SGD'],
    ['uk-UA', 'UAH'],
    ['sw-KE', 'KES'],
    ['fr-FR', 'GBP'],
    ['ar-AE', 'GBP'],
  ])('%s %s: every amount reads back, and names its currency', (locale, currency) => {
    const { amounts, texts } = column(locale, currency, [1082.28, -1082.28, 12.5, 3, 1_234_567.891, 0.99, 45, 999.5]);
    const f = detectNumberFormat(texts);
    expect(texts.map((t) => parseNumber(t, f))).toEqual(amounts);
    // "$" alone names several currencies, as "kr" and "¥" do; a locale's own dollar, krone or yen is written so.
    const named = currenciesFromSymbols(texts);
    expect(named.length === 1 && (named[0] === currency || ['$', 'kr', '¥'].includes(named[0]!)), `${texts[0]} named ${named.join()}`).toBe(true);
  });
});
