/**
 * The cleaning rules as SQL predicates over the canonical columns (invoice, customer, ts, sku,
 * description, quantity, unit_price, line_total, is_duplicate), in any dialect: the engine
 * flags its `lines` table with them (DuckDB) and the SQL export writes them for the database
 * where the data lives.
 */
import { DUCKDB, type SqlDialect } from '../sql/dialect.ts';
import { literal } from '../sql/quote.ts';
import { CLEANING_RULES, JUNK_FILLER, normaliseListEntry, type CleaningOptions, type CleaningRule } from './rules.ts';

/** Distinct non-empty list entries, normalised as the SQL normalises descriptions. */
function normalisedList(words: readonly string[], keep: 'letters' | 'letters_digits'): string[] {
  return [...new Set(words.map((w) => normaliseListEntry(w, keep)).filter((w) => w !== ''))];
}

/** SQL twin of normaliseListEntry. */
function normalisedSql(col: string, keep: 'letters' | 'letters_digits', d: SqlDialect): string {
  return `trim(${d.replaceAll(d.foldCase(col), keep === 'letters' ? '[^a-z]+' : '[^a-z0-9]+', ' ')})`;
}

/**
 * `col` is on the (normalised, quoted) charges list whole, or less a trailing amount: "Gift Card -
 * $25.00" is "gift card 25 00", a gift card of a value; "Shipping 4.95" is shipping.
 */
function chargeSql(col: string, charges: readonly string[], d: SqlDialect): string {
  const whole = normalisedSql(col, 'letters_digits', d);
  return `COALESCE(${whole} IN (${charges.join(', ')}) OR ${d.replaceAll(whole, '( [0-9]+)+$', '')} IN (${charges.join(', ')}), false)`;
}

/** The unit price, or line total / quantity where only the total is known. */
const PRICE = 'COALESCE(unit_price, CASE WHEN quantity <> 0 THEN line_total / quantity END)';

/** An invoice number "C" + digits: a cancellation invoice (UCI's convention). */
const CANCELLATION_INVOICE = '[Cc][0-9]+';

/**
 * Predicates of the rules that do not depend on editable lists; each is NULL-safe. The
 * cancellation predicate here covers C-invoice lines with a negative quantity; those matching an
 * original line are added by `cancellationMatchSql`.
 */
export function fixedRuleSql(d: SqlDialect = DUCKDB) {
  return {
    missing_customer: 'customer IS NULL',
    // A CASE, the quantity first: DuckDB computes both sides of an AND for every line outside a
    // WHERE, and the pattern is then run on every invoice (1M lines: about 60 ms of CPU).
    cancellation: `CASE WHEN quantity < 0 AND ${d.fullMatch('invoice', CANCELLATION_INVOICE)} THEN true ELSE false END`,
    // Without a quantity (a payments export, an order total per row), a negative amount is the refund.
    return: 'COALESCE(quantity < 0, line_total < 0, false)',
    non_positive_price: `COALESCE(${PRICE} <= 0, false)`,
    duplicate: 'is_duplicate',
  } as const;
}

/**
 * A C-invoice line `c` that matches an original line `o`: the same item for the same customer
 * in the invoice without the C. An id that merely starts with C ("C1002" as a channel prefix) is
 * an ordinary sale. `c` and `o` are table aliases; `oItem` is o's item (its sku, else description);
 * `originalInvoice` is the invoice c cancels.
 */
export function cancellationMatchSql(
  c: string,
  o: string,
  d: SqlDialect = DUCKDB,
  oItem = `COALESCE(${o}.sku, ${o}.description)`,
): { join: string; candidate: string; originalInvoice: string } {
  const originalInvoice = `substr(${c}.invoice, 2)`;
  return {
    originalInvoice,
    join: `${o}.invoice = ${originalInvoice}
     AND ${oItem} IS NOT DISTINCT FROM COALESCE(${c}.sku, ${c}.description)
     AND ${o}.customer IS NOT DISTINCT FROM ${c}.customer`,
    // The first letter before the pattern: in a WHERE, the pattern then runs on C invoices only
    // (1M lines: 76 -> 34 ms of CPU).
    candidate: `((${c}.invoice LIKE 'C%' OR ${c}.invoice LIKE 'c%') AND ${d.fullMatch(`${c}.invoice`, CANCELLATION_INVOICE)})`,
  };
}

/**
 * Predicates of the rules driven by the editable lists. Both compare whole values, never words
 * inside a product's name: a non-product code, or a whole description (or code) on the
 * non-product list; a junk description is blank, punctuation only, or made only of junk words
 * (with JUNK_FILLER words between them).
 */
export function listRuleSql(options: CleaningOptions, hasDescription: boolean, d: SqlDialect = DUCKDB): { non_product: string; junk_description: string } {
  const codes = options.nonProductCodes.map((c) => literal(c.trim().toUpperCase()));
  const charges = normalisedList(options.nonProductWords, 'letters_digits').map(literal);
  const junk = normalisedList(options.junkWords, 'letters');
  const filler = normalisedList(JUNK_FILLER, 'letters').filter((w) => !junk.includes(w));
  const word = (ws: string[]) => `(?:${ws.join('|')}) `;
  // At least one junk word; any mix of junk and filler words around it; nothing else.
  const junkPattern = junk.length ? `(?:${word([...junk, ...filler])})*${word(junk)}(?:${word([...junk, ...filler])})*` : '';
  return {
    non_product: [
      codes.length ? `COALESCE(upper(trim(sku)) IN (${codes.join(', ')}), false)` : 'false',
      charges.length ? chargeSql('description', charges, d) : 'false',
      charges.length ? chargeSql('sku', charges, d) : 'false',
    ].join(' OR '),
    junk_description: [
      hasDescription ? 'description IS NULL' : 'false',
      `COALESCE(${d.search('description', '^[?\\s.!*#-]*$')}, false)`,
      junkPattern ? `COALESCE(${d.fullMatch(`${normalisedSql('description', 'letters', d)} || ' '`, junkPattern)}, false)` : 'false',
    ].join(' OR '),
  };
}

/**
 * Returns netted: customers whose kept lines (`from`, a relation) hold no purchase — a line that is
 * not a cancellation or a return and has a positive quantity (a positive amount where there is no
 * quantity) — and net to zero or less have nothing to score; they are reported and left out.
 * Gives their ids.
 */
export function returnsOnlyCustomersSql(from: string): string {
  return `SELECT customer FROM ${from} WHERE customer IS NOT NULL GROUP BY customer
    HAVING NOT bool_or(NOT "f_cancellation" AND NOT "f_return" AND COALESCE(quantity > 0, amount > 0, false))
       AND COALESCE(sum(amount), 0) <= 0`;
}

/** The rules that remove lines: the enabled ones, less cancellations and returns when they are netted. */
export function removingRules(options: Pick<CleaningOptions, 'rules' | 'returns'>): CleaningRule[] {
  const enabled = new Set(options.rules);
  const netting = options.returns === 'net';
  return CLEANING_RULES.filter((r) => enabled.has(r) && !(netting && (r === 'cancellation' || r === 'return')));
}
