import type { SqlPort } from '../ports.ts';
import { literal } from '../sql/quote.ts';
import { firstRow, num, tableRows } from '../sql/rows.ts';
import { CLEANING_RULES, INVALID_VALUE, type CleaningOptions, type CleaningRule } from './rules.ts';

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function alternation(words: readonly string[]): string {
  return words.map((w) => escapeRegex(w.trim().toLowerCase())).filter((w) => w !== '').join('|');
}

const PRICE = 'COALESCE(unit_price, CASE WHEN quantity <> 0 THEN line_total / quantity END)';

/**
 * Predicates of the rules that do not depend on editable lists, over the canonical columns;
 * each is NULL-safe. They are computed once, when the canonical table is built.
 */
export const FIXED_RULE_SQL = {
  missing_customer: 'customer IS NULL',
  cancellation: `COALESCE(regexp_matches(invoice, '^[Cc][0-9]'), false)`,
  return: 'COALESCE(quantity < 0, false)',
  non_positive_price: `COALESCE(${PRICE} <= 0, false)`,
  duplicate: 'is_duplicate',
} as const;

/** Predicates of the rules driven by the editable lists (non-product codes and words, junk words). */
export function listRuleSql(options: CleaningOptions, hasDescription: boolean): { non_product: string; junk_description: string } {
  const codes = options.nonProductCodes.map((c) => literal(c.trim().toUpperCase()));
  const ending = alternation(options.nonProductWords);
  const junk = alternation(options.junkWords);
  return {
    non_product: [
      codes.length ? `COALESCE(upper(sku) IN (${codes.join(', ')}), false)` : 'false',
      ending ? `COALESCE(regexp_matches(lower(description), '(^|[^a-z0-9])(${ending})[^a-z0-9]*$'), false)` : 'false',
      ending ? `COALESCE(regexp_matches(lower(sku), '(^|[^a-z0-9])(${ending})$'), false)` : 'false',
    ].join(' OR '),
    junk_description: [
      hasDescription ? 'description IS NULL' : 'false',
      `COALESCE(regexp_matches(description, '^[?\\s.!*#-]*$'), false)`,
      junk ? `COALESCE(regexp_matches(lower(description), '(^|[^a-z])(${junk})([^a-z]|$)'), false)` : 'false',
    ].join(' OR '),
  };
}

/** Identifies the lists a `lines` table was last flagged with, to skip re-flagging. */
export function listsKey(options: CleaningOptions, hasDescription: boolean): string {
  return JSON.stringify([options.nonProductCodes, options.nonProductWords, options.junkWords, hasDescription]);
}

export interface CleaningReport {
  rows_read: number;
  rows_kept: number;
  /** Lines removed per rule (each line counted once, under the first rule that removes it). */
  removed: Record<CleaningRule | typeof INVALID_VALUE, number>;
  /** Cancellation and return lines kept and netted against purchases (returns mode 'net'). */
  netted: { cancellation: number; return: number };
  rules: CleaningRule[];
  returns: CleaningOptions['returns'];
  per_file: { file: string; rows_read: number; rows_kept: number }[];
  customers: number;
  invoices: number;
  products: number;
  revenue: number;
  date_min: string | null;
  date_max: string | null;
}

/**
 * Flags every line against the list-driven rules (only when the lists changed since `flagged`)
 * and defines the view `kept`: the lines no enabled rule removes. Re-run it when a rule or list
 * changes: toggling rules costs only the report's aggregates; changing a list also one
 * UPDATE of two boolean columns. Deterministic.
 */
export async function applyCleaning(
  sql: SqlPort,
  options: CleaningOptions,
  hasDescription: boolean,
  flagged?: string,
): Promise<CleaningReport & { listsKey: string }> {
  const key = listsKey(options, hasDescription);
  if (key !== flagged) {
    // The lists look at sku and description only: evaluate them once per distinct pair, not per line.
    const lists = listRuleSql(options, hasDescription);
    await sql.exec(`CREATE OR REPLACE TEMP TABLE item_flags AS
      SELECT sku, description, (${lists.non_product}) AS np, (${lists.junk_description}) AS junk
      FROM (SELECT DISTINCT sku, description FROM lines)`);
    await sql.exec(`UPDATE lines SET "f_non_product" = f.np, "f_junk_description" = f.junk FROM item_flags f
      WHERE lines.sku IS NOT DISTINCT FROM f.sku AND lines.description IS NOT DISTINCT FROM f.description`);
  }
  const enabled = new Set(options.rules);
  const netting = options.returns === 'net';
  const removing = CLEANING_RULES.filter((r) => enabled.has(r) && !(netting && (r === 'cancellation' || r === 'return')));
  const removedBy = `CASE WHEN invalid_role IS NOT NULL THEN '${INVALID_VALUE}' ${removing
    .map((r) => `WHEN "f_${r}" THEN '${r}'`)
    .join(' ')} END`;
  const keep = ['invalid_role IS NULL', ...removing.map((r) => `NOT "f_${r}"`)].join(' AND ');
  await sql.exec(`CREATE OR REPLACE VIEW kept AS SELECT * FROM lines WHERE ${keep}`);

  const removed = Object.fromEntries([INVALID_VALUE, ...CLEANING_RULES].map((r) => [r, 0])) as CleaningReport['removed'];
  const perFile = tableRows(
    await sql.query(`SELECT source_file AS f, ${removedBy} AS r, count(*) AS n FROM lines GROUP BY ALL ORDER BY 1`),
  );
  const files = new Map<string, { file: string; rows_read: number; rows_kept: number }>();
  for (const row of perFile) {
    const f = String(row.f);
    const entry = files.get(f) ?? { file: f, rows_read: 0, rows_kept: 0 };
    entry.rows_read += num(row.n);
    if (row.r === null) entry.rows_kept += num(row.n);
    else removed[row.r as CleaningRule] += num(row.n);
    files.set(f, entry);
  }
  const netted = { cancellation: 0, return: 0 };
  if (netting) {
    const n = firstRow(
      await sql.query(`SELECT count(*) FILTER (WHERE "f_cancellation") AS c,
                              count(*) FILTER (WHERE "f_return" AND NOT "f_cancellation") AS r FROM kept`),
    );
    if (enabled.has('cancellation')) netted.cancellation = num(n.c);
    if (enabled.has('return')) netted.return = num(n.r);
  }
  const totals = firstRow(
    await sql.query(`SELECT count(*) AS kept,
        count(DISTINCT customer) AS customers, count(DISTINCT invoice) AS invoices,
        count(DISTINCT COALESCE(sku, description)) AS products, COALESCE(sum(amount), 0) AS revenue,
        strftime(min(ts), '%Y-%m-%d %H:%M:%S') AS dmin, strftime(max(ts), '%Y-%m-%d %H:%M:%S') AS dmax
      FROM kept`),
  );
  const perFileList = [...files.values()];
  return {
    rows_read: perFileList.reduce((a, f) => a + f.rows_read, 0),
    rows_kept: num(totals.kept),
    removed,
    netted,
    rules: [...options.rules],
    returns: options.returns,
    per_file: perFileList,
    customers: num(totals.customers),
    invoices: num(totals.invoices),
    products: num(totals.products),
    revenue: Math.round(num(totals.revenue) * 100) / 100,
    date_min: (totals.dmin as string | null) ?? null,
    date_max: (totals.dmax as string | null) ?? null,
    listsKey: key,
  };
}
