/** Cleaning rules, in the order in which a removed line is attributed to a rule. */
export const CLEANING_RULES = ['missing_customer', 'cancellation', 'return', 'non_positive_price', 'non_product', 'duplicate', 'junk_description'] as const;

export type CleaningRule = (typeof CLEANING_RULES)[number];

/** Lines that cannot be used at all (a date or number that does not parse); always removed. */
export const INVALID_VALUE = 'invalid_value';

export const RULE_DESCRIPTIONS: Record<CleaningRule, string> = {
  missing_customer: 'no customer id (such lines never count for RFM; with this rule off they still feed baskets)',
  cancellation:
    'cancellations: invoice "C" + digits with a negative quantity or matching an original line (same item and customer in the invoice without the C)',
  return: 'returns: negative quantity (without a quantity, a negative amount)',
  non_positive_price: 'zero or negative unit price',
  non_product: 'non-product lines: a non-product code, or a whole description such as "POSTAGE", "Bank Charges" or "Gift Card - $25"',
  duplicate:
    "exact duplicates of an earlier line of the same invoice at the same time (all columns equal), and an order's lines in a second file (exports that overlap); a till's repeated scans are units, not duplicates",
  junk_description: 'blank descriptions, or ones made only of stock-handling words ("?", "lost", "wet damaged", ...)',
};

/** The recommended set: every rule on. */
export const DEFAULT_RULES: readonly CleaningRule[] = CLEANING_RULES;

/** Stock codes that are not products, matched after trimming, case-insensitively. */
export const DEFAULT_NON_PRODUCT_CODES: readonly string[] = [
  'POST',
  'DOT',
  'M',
  'BANK CHARGES',
  'AMAZONFEE',
  'CRUK',
  'D',
  'S',
  'PADS',
  'B',
  'C2',
  'ADJUST',
  'ADJUST2',
  'BIAYA-ADMIN',
  'ONGKIR',
  'SHIPPING',
  'DELIVERY',
  'FEE',
  'SERVICE',
  'ADMIN',
];

/**
 * Whole descriptions (or stock codes) of charges, not products, compared ignoring case, accents
 * and punctuation, alone or followed by an amount ("Gift Card - $25", "Shipping 4.95"): "Next Day
 * Carriage" is a charge, "DOLL CARRIAGE" a product. A word inside a product name never makes it a
 * charge. (The option keeps its historical name `nonProductWords`.)
 */
export const DEFAULT_NON_PRODUCT_WORDS: readonly string[] = [
  'postage',
  'dotcom postage',
  'carriage',
  'next day carriage',
  'bank charges',
  'bank charge',
  'amazon fee',
  'cruk commission',
  'adjust bad debt',
  'discount',
  'fee',
  'fees',
  'shipping',
  'shipping fee',
  'shipping charge',
  'shipping costs',
  'delivery',
  'delivery charge',
  'delivery fee',
  'service charge',
  'service fee',
  'handling fee',
  'admin fee',
  'packing charge',
  'packing fee',
  'ongkir',
  'ongkos kirim',
  'biaya admin',
  'biaya pengiriman',
  'versandkosten',
  'porto',
  'frais de port',
  'frais de livraison',
  'gastos de envio',
  'spedizione',
  'spese di spedizione',
  'verzendkosten',
  'tip',
  'tips',
  'gratuity',
  'trinkgeld',
  'pourboire',
  'propina',
  'mancia',
  'fooi',
  'deposit',
  'bottle deposit',
  'container deposit',
  'pfand',
  'flaschenpfand',
  'einwegpfand',
  'mehrwegpfand',
  'pfand einweg',
  'pfand mehrweg',
  'leergut',
  'statiegeld',
  'consigne',
  'rounding',
  'rounding adjustment',
  'cash rounding',
  'rundung',
  'surcharge',
  'card surcharge',
  'credit card surcharge',
  'credit card fee',
  'card fee',
  'tax',
  'sales tax',
  'vat',
  'gst',
  'mwst',
  // A gift card sold is money held for a later order: counted beside the products it later pays
  // for, it would be spent twice (Shopify's sales reports leave gift cards out for that reason).
  'gift card',
  'gift cards',
  'giftcard',
  'e gift card',
  'egift card',
  'digital gift card',
  'gift certificate',
  'gift voucher',
  'geschenkkarte',
  'geschenkgutschein',
  'gutschein',
  'carte cadeau',
  'bon cadeau',
  'cheque cadeau',
  'tarjeta regalo',
  'tarjeta de regalo',
  'buono regalo',
  'carta regalo',
  'cadeaubon',
  'cadeaukaart',
  'presentkort',
  'gavekort',
];

/**
 * Words of stock handling, not sales. A description is junk only when it is made of them alone,
 * with at most the linking words of JUNK_FILLER ("wet damaged", "lost in warehouse"); a product
 * whose name merely contains one ("WET CAT FOOD", "BABY WET WIPES") is not junk.
 */
export const DEFAULT_JUNK_WORDS: readonly string[] = [
  'lost',
  'missing',
  'damaged',
  'damages',
  'damage',
  'smashed',
  'crushed',
  'wet',
  'mouldy',
  'thrown away',
  'unsaleable',
  'unsellable',
  'faulty',
  'wrongly',
  'mixed up',
  'rusty',
  'destroyed',
];

/** Words that may join junk words in a junk description; on their own they are never junk. */
export const JUNK_FILLER: readonly string[] = [
  'a',
  'an',
  'the',
  'and',
  'or',
  'in',
  'on',
  'at',
  'by',
  'of',
  'to',
  'from',
  'for',
  'with',
  'stock',
  'warehouse',
  'transit',
  'pallet',
  'pallets',
  'box',
  'boxes',
  'carton',
  'ctn',
  'item',
  'items',
];

/** How list entries and descriptions are compared: lower case, no accents, runs of other characters as one space. */
export function normaliseListEntry(s: string, keep: 'letters' | 'letters_digits'): string {
  const letters = s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  return letters.replace(keep === 'letters' ? /[^a-z]+/g : /[^a-z0-9]+/g, ' ').trim();
}

/** How cancellations and returns are treated when their rules are on. */
export type ReturnsMode = 'drop' | 'net';

/**
 * Lines that parse but cannot be right: dated after today (as given by the host; the engine
 * has no clock) or before `minDate`, dated after an explicit snapshot (their customers would
 * get a negative recency), with quantity 0 (voids: neither purchases nor invoices), or of an
 * order the export itself marks cancelled or refunded in full (a shop's "Cancelled at" or order
 * status: positive lines that were never sales, which neither dropping nor netting returns would
 * take out). Each is reported with
 * counts and examples, and excluded or kept as the analysis says.
 */
export const IMPLAUSIBLE_KINDS = ['future_date', 'early_date', 'after_snapshot', 'zero_quantity', 'cancelled_order'] as const;

export type ImplausibleKind = (typeof IMPLAUSIBLE_KINDS)[number];

/** The earliest plausible transaction date, unless the analysis sets another. */
export const DEFAULT_MIN_DATE = '1990-01-01';

export interface ImplausibleOptions {
  /** Lines dated before this day (YYYY-MM-DD) are `early_date`. */
  minDate: string;
  /** The kinds excluded from the analysis; the others are kept (and still reported). */
  exclude: readonly ImplausibleKind[];
}

export function isImplausibleKind(s: string): s is ImplausibleKind {
  return (IMPLAUSIBLE_KINDS as readonly string[]).includes(s);
}

export interface CleaningOptions {
  rules: readonly CleaningRule[];
  /** 'net': cancellations and returns stay in and reduce monetary value instead of being dropped. */
  returns: ReturnsMode;
  nonProductCodes: readonly string[];
  nonProductWords: readonly string[];
  junkWords: readonly string[];
  implausible: ImplausibleOptions;
  /** Today's date (YYYY-MM-DD) as the host gives it; absent or null: dates after today are not checked. */
  today?: string | null;
  /** The analysis' explicit snapshot; lines dated after it are `after_snapshot`. Absent or null: the default snapshot, after every line. */
  snapshot?: string | null;
}

export function defaultCleaningOptions(): CleaningOptions {
  return {
    rules: [...DEFAULT_RULES],
    returns: 'drop',
    nonProductCodes: [...DEFAULT_NON_PRODUCT_CODES],
    nonProductWords: [...DEFAULT_NON_PRODUCT_WORDS],
    junkWords: [...DEFAULT_JUNK_WORDS],
    implausible: { minDate: DEFAULT_MIN_DATE, exclude: [...IMPLAUSIBLE_KINDS] },
  };
}

export function isCleaningRule(s: string): s is CleaningRule {
  return (CLEANING_RULES as readonly string[]).includes(s);
}
