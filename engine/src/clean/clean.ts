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

/** SQL predicate per rule over the canonical table `lines`; each is NULL-safe (never NULL). */
export function ruleSql(options: CleaningOptions): Record<CleaningRule, string> {
  const codes = options.nonProductCodes.map((c) => literal(c.trim().toUpperCase()));
  const ending = alternation(options.nonProductWords);
  const junk = alternation(options.junkWords);
  const price = 'COALESCE(unit_price, CASE WHEN quantity <> 0 THEN line_total / quantity END)';
  return {
    missing_customer: 'customer IS NULL',
    cancellation: `COALESCE(regexp_matches(invoice, '^[Cc][0-9]'), false)`,
    return: 'COALESCE(quantity < 0, false)',
    non_positive_price: `COALESCE(${price} <= 0, false)`,
    non_product: [
      codes.length ? `COALESCE(upper(sku) IN (${codes.join(', ')}), false)` : 'false',
      ending ? `COALESCE(regexp_matches(lower(description), '(^|[^a-z0-9])(${ending})[^a-z0-9]*$'), false)` : 'false',
      ending ? `COALESCE(regexp_matches(lower(sku), '(^|[^a-z0-9])(${ending})$'), false)` : 'false',
    ].join(' OR '),
    duplicate: 'is_duplicate',
    junk_description: [
      `(has_description AND description IS NULL)`,
      `COALESCE(regexp_matches(description, '^[?\\s.!*#-]*$'), false)`,
      junk ? `COALESCE(regexp_matches(lower(description), '(^|[^a-z])(${junk})([^a-z]|$)'), false)` : 'false',
    ].join(' OR '),
  };
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
 * Flags every line of `lines` against every rule (into `lines_flagged`), then materialises
 * `kept` with the lines no enabled rule removes. Re-run it when a rule or list changes: it
 * is one pass over the lines plus a few aggregates. Deterministic.
 */
export async function applyCleaning(
  sql: SqlPort,
  options: CleaningOptions,
  hasDescription: boolean,
): Promise<CleaningReport> {
  const preds = ruleSql(options);
  const flags = CLEANING_RULES.map((r) => `(${preds[r]}) AS "f_${r}"`).join(',\n');
  await sql.exec(`CREATE OR REPLACE TABLE lines_flagged AS
    SELECT *, ${flags} FROM (SELECT *, ${hasDescription} AS has_description FROM lines)`);
  const enabled = new Set(options.rules);
  const netting = options.returns === 'net';
  const removing = CLEANING_RULES.filter((r) => enabled.has(r) && !(netting && (r === 'cancellation' || r === 'return')));
  const removedBy = `CASE WHEN invalid_role IS NOT NULL THEN '${INVALID_VALUE}' ${removing
    .map((r) => `WHEN "f_${r}" THEN '${r}'`)
    .join(' ')} END`;
  await sql.exec(`CREATE OR REPLACE TABLE kept AS
    SELECT * FROM (SELECT *, ${removedBy} AS removed_by FROM lines_flagged) WHERE removed_by IS NULL`);

  const removed = Object.fromEntries([INVALID_VALUE, ...CLEANING_RULES].map((r) => [r, 0])) as CleaningReport['removed'];
  const byRule = tableRows(
    await sql.query(`SELECT removed_by AS r, count(*) AS n FROM (SELECT ${removedBy} AS removed_by FROM lines_flagged) WHERE removed_by IS NOT NULL GROUP BY 1`),
  );
  for (const row of byRule) removed[row.r as CleaningRule] = num(row.n);
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
    await sql.query(`SELECT (SELECT count(*) FROM lines) AS read, count(*) AS kept,
        count(DISTINCT customer) AS customers, count(DISTINCT invoice) AS invoices,
        count(DISTINCT COALESCE(sku, description)) AS products, COALESCE(sum(amount), 0) AS revenue,
        strftime(min(ts), '%Y-%m-%d %H:%M:%S') AS dmin, strftime(max(ts), '%Y-%m-%d %H:%M:%S') AS dmax
      FROM kept`),
  );
  const perFile = tableRows(
    await sql.query(`SELECT source_file AS f, count(*) AS n, count(*) FILTER (WHERE removed_by IS NULL) AS k
      FROM (SELECT source_file, ${removedBy} AS removed_by FROM lines_flagged) GROUP BY 1 ORDER BY 1`),
  );
  return {
    rows_read: num(totals.read),
    rows_kept: num(totals.kept),
    removed,
    netted,
    rules: [...options.rules],
    returns: options.returns,
    per_file: perFile.map((r) => ({ file: String(r.f), rows_read: num(r.n), rows_kept: num(r.k) })),
    customers: num(totals.customers),
    invoices: num(totals.invoices),
    products: num(totals.products),
    revenue: Math.round(num(totals.revenue) * 100) / 100,
    date_min: (totals.dmin as string | null) ?? null,
    date_max: (totals.dmax as string | null) ?? null,
  };
}
