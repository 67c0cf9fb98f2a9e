/**
 * How the canonical table reads text, ids and scan-level exports, as SQL: used when the engine
 * builds `lines` (./canonical.ts) and by the SQL export over a transactions table.
 */

/** How a value is trimmed: trim() itself, or trimSql on DuckDB. */
type Trim = (col: string) => string;
const plainTrim: Trim = (col) => `trim(${col})`;

/**
 * DuckDB's trim(col), cheaper: trim removes Unicode spaces (" ", U+00A0 and others from there
 * up) at either end, and copies every value it returns, changed or not (most of the cost of
 * reading a text column: 1M descriptions, 250 → 75 ms). A value whose first and last characters
 * are neither " " nor from U+00A0 up comes back as it is; an ASCII value (as many bytes as
 * characters) is told by its ends alone.
 */
export function trimSql(col: string): string {
  return `CASE WHEN ${col} LIKE ' %' OR ${col} LIKE '% ' OR (strlen(${col}) <> length(${col}) AND (ascii(${col}) >= 160 OR ascii(right(${col}, 1)) >= 160)) THEN trim(${col}) ELSE ${col} END`;
}

/** Text trimmed, empty as NULL. */
export function textSql(col: string, trim: Trim = plainTrim): string {
  return `NULLIF(${trim(col)}, '')`;
}

/**
 * `textSql(col) IS NOT NULL` (a value other than spaces), trimming only values that do not start
 * with a printable ASCII character ("!" to "~", told by comparing the text with "!" and U+007F:
 * byte order), which trim never removes. A CASE, not an OR: DuckDB computes both sides of an OR
 * for every line outside a WHERE (trim copies every value it returns), and even in the WHERE of
 * the duplicates' scan the OR cost three times as much (1M lines, two columns: 78 -> 25 ms of CPU).
 */
export function nonBlankSql(col: string): string {
  return `(CASE WHEN ${col} >= '!' AND ${col} < chr(127) THEN true ELSE trim(${col}) <> '' END)`;
}

/** Ids exported from spreadsheets as floats ("17850.0") are the same customer as "17850". */
export function idSql(col: string, trim: Trim = plainTrim): string {
  return `regexp_replace(${textSql(col, trim)}, '^(\\d+)\\.0+$', '\\1')`;
}

/**
 * A till export with one line per scan: some quantities, none other than 1 and -1 (then a
 * repeated line is a second unit, never a duplicate). A boolean over `from`, as EXISTS: the
 * scan stops at the first quantity other than 1 and -1, most often on the first line, where
 * counting parsed every quantity (1M lines: 56 -> 6 ms of CPU).
 */
export function scanLevelSql(quantity: string, from: string): string {
  const quantities = `(SELECT ${quantity} AS q FROM ${from}) AS scan`;
  return `(NOT EXISTS (SELECT 1 FROM ${quantities} WHERE abs(q) <> 1) AND EXISTS (SELECT 1 FROM ${quantities} WHERE q IS NOT NULL))`;
}
