/**
 * How the canonical table reads text, ids and scan-level exports, as SQL: used when the engine
 * builds `lines` (./canonical.ts) and by the SQL export over a transactions table.
 */

/** Text trimmed, empty as NULL. */
export function textSql(col: string): string {
  return `NULLIF(trim(${col}), '')`;
}

/** Ids exported from spreadsheets as floats ("17850.0") are the same customer as "17850". */
export function idSql(col: string): string {
  return `regexp_replace(${textSql(col)}, '^(\\d+)\\.0+$', '\\1')`;
}

/**
 * A till export with one line per scan: some quantities, none other than 1 and -1 (then a
 * repeated line is a second unit, never a duplicate). A boolean scalar subquery over `from`.
 */
export function scanLevelSql(quantity: string, from: string): string {
  return `(SELECT count(q) > 0 AND count(*) FILTER (WHERE abs(q) <> 1) = 0 FROM (SELECT ${quantity} AS q FROM ${from}) AS scan)`;
}
