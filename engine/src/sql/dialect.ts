import { literal } from './quote.ts';

/**
 * The few places where the engine's SQL differs between databases. Everything else the engine
 * writes (CASE, COALESCE, IS NOT DISTINCT FROM, count(DISTINCT ...) FILTER, window functions,
 * NTILE, rank) is the same in DuckDB and PostgreSQL. The engine itself runs DuckDB; the other
 * dialects serve the SQL export (engine/src/analysis/sql-export.ts).
 *
 * Regular expressions are written in the subset RE2 (DuckDB) and PostgreSQL's advanced regular
 * expressions share: classes in brackets, (?: ) groups, \s, ^ and $.
 */
export interface SqlDialect {
  readonly name: 'duckdb' | 'postgres';
  /** The type of a 64-bit float. */
  readonly double: string;
  /** `name AS MATERIALIZED (...)`: a CTE computed once, its filters not pushed into it. */
  readonly materialized: string;
  /** `pattern` matches the whole of `text` (NULL for NULL text). */
  fullMatch(text: string, pattern: string): string;
  /** `pattern` matches somewhere in `text`. */
  search(text: string, pattern: string): string;
  /** Every match of `pattern` replaced; `\1` in the replacement is the first group. */
  replaceAll(text: string, pattern: string, replacement: string): string;
  /** Lower case without accents (NFD, combining marks dropped), as normaliseListEntry folds. */
  foldCase(text: string): string;
  /** Whole days from the date `from` to the date `to`. */
  daysBetween(from: string, to: string): string;
  /** A date plus whole days. */
  addDays(date: string, days: number): string;
  /** A double rounded to `digits` decimals, as a double. */
  round(x: string, digits: number): string;
  /** Floor division of non-negative integers. */
  intDiv(a: string, b: string): string;
  /** Text in the order of its bytes, as DuckDB sorts VARCHAR (PostgreSQL sorts by the database's collation). */
  byteOrder(text: string): string;
}

export const DUCKDB: SqlDialect = {
  name: 'duckdb',
  double: 'DOUBLE',
  materialized: 'MATERIALIZED',
  fullMatch: (t, p) => `regexp_full_match(${t}, ${literal(p)})`,
  search: (t, p) => `regexp_matches(${t}, ${literal(p)})`,
  replaceAll: (t, p, r) => `regexp_replace(${t}, ${literal(p)}, ${literal(r)}, 'g')`,
  foldCase: (t) => `strip_accents(lower(${t}))`,
  daysBetween: (a, b) => `date_diff('day', ${a}, ${b})`,
  addDays: (d, n) => `(${d} + ${n})`,
  round: (x, n) => `round(${x}, ${n})`,
  intDiv: (a, b) => `(${a}) // (${b})`,
  byteOrder: (t) => t,
};

export const POSTGRES: SqlDialect = {
  name: 'postgres',
  double: 'DOUBLE PRECISION',
  materialized: 'MATERIALIZED',
  fullMatch: (t, p) => `((${t}) ~ ${literal(`^(?:${p})$`)})`,
  search: (t, p) => `((${t}) ~ ${literal(p)})`,
  replaceAll: (t, p, r) => `regexp_replace(${t}, ${literal(p)}, ${literal(r)}, 'g')`,
  // normalize() needs a UTF8 database; unaccent would need an extension installed.
  foldCase: (t) => `lower(regexp_replace(normalize(${t}, NFD), '[\\u0300-\\u036f]+', '', 'g'))`,
  daysBetween: (a, b) => `(${b} - ${a})`,
  addDays: (d, n) => `(${d} + ${n})`,
  // round(double precision, int) does not exist; numeric keeps 15 significant digits of the double.
  round: (x, n) => `CAST(round(CAST(${x} AS numeric), ${n}) AS DOUBLE PRECISION)`,
  intDiv: (a, b) => `(${a}) / (${b})`,
  byteOrder: (t) => `${t} COLLATE "C"`,
};

export const DIALECTS: Record<SqlDialect['name'], SqlDialect> = { duckdb: DUCKDB, postgres: POSTGRES };
