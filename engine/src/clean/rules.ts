/** Cleaning rules, in the order in which a removed line is attributed to a rule. */
export const CLEANING_RULES = [
  'missing_customer',
  'cancellation',
  'return',
  'non_positive_price',
  'non_product',
  'duplicate',
  'junk_description',
] as const;

export type CleaningRule = (typeof CLEANING_RULES)[number];

/** Lines that cannot be used at all (a date or number that does not parse); always removed. */
export const INVALID_VALUE = 'invalid_value';

export const RULE_DESCRIPTIONS: Record<CleaningRule, string> = {
  missing_customer: 'no customer id (such lines never count for RFM; with this rule off they still feed baskets)',
  cancellation: 'cancellations: invoice number starting with "C" followed by a digit',
  return: 'returns: negative quantity',
  non_positive_price: 'zero or negative unit price',
  non_product: 'non-product lines: postage, carriage, fees, bank charges, manual adjustments',
  duplicate: 'exact duplicates of an earlier line (all columns equal)',
  junk_description: 'blank or junk descriptions ("?", "lost", "missing", "damaged", ...)',
};

/** The recommended set: every rule on. */
export const DEFAULT_RULES: readonly CleaningRule[] = CLEANING_RULES;

/** Stock codes that are not products, matched after trimming, case-insensitively. */
export const DEFAULT_NON_PRODUCT_CODES: readonly string[] = [
  'POST', 'DOT', 'M', 'BANK CHARGES', 'AMAZONFEE', 'CRUK', 'D', 'S', 'PADS', 'B', 'C2', 'ADJUST', 'ADJUST2',
  'BIAYA-ADMIN', 'ONGKIR', 'SHIPPING', 'DELIVERY', 'FEE', 'SERVICE', 'ADMIN',
];

/**
 * Words that mark a description as a charge rather than a product when it ENDS with them
 * ("Next Day Carriage", "Bank Charges", "DOTCOM POSTAGE"): the head noun of a charge comes
 * last, while products merely contain such words ("FRENCH CARRIAGE LANTERN").
 */
export const DEFAULT_NON_PRODUCT_WORDS: readonly string[] = [
  'fee', 'fees', 'charge', 'charges', 'shipping', 'postage', 'carriage', 'ongkir', 'ongkos kirim', 'biaya admin',
  'versandkosten', 'porto', 'frais de port', 'gastos de envio', 'spedizione',
];

/** Descriptions that say the line records stock handling, not a sale (whole words, any case). */
export const DEFAULT_JUNK_WORDS: readonly string[] = [
  'lost', 'missing', 'damaged', 'damages', 'damage', 'smashed', 'crushed', 'wet', 'mouldy', 'thrown away',
  'unsaleable', 'unsellable', 'faulty', 'wrongly', 'mixed up',
];

/** How cancellations and returns are treated when their rules are on. */
export type ReturnsMode = 'drop' | 'net';

export interface CleaningOptions {
  rules: readonly CleaningRule[];
  /** 'net': cancellations and returns stay in and reduce monetary value instead of being dropped. */
  returns: ReturnsMode;
  nonProductCodes: readonly string[];
  nonProductWords: readonly string[];
  junkWords: readonly string[];
}

export function defaultCleaningOptions(): CleaningOptions {
  return {
    rules: [...DEFAULT_RULES],
    returns: 'drop',
    nonProductCodes: [...DEFAULT_NON_PRODUCT_CODES],
    nonProductWords: [...DEFAULT_NON_PRODUCT_WORDS],
    junkWords: [...DEFAULT_JUNK_WORDS],
  };
}

export function isCleaningRule(s: string): s is CleaningRule {
  return (CLEANING_RULES as readonly string[]).includes(s);
}
