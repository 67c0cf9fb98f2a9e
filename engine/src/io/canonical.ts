import { refuseMissingLineColumns } from './differing-columns.ts';
import { findDiscounts, type Discounts } from './discounts.ts';
import type { Table } from 'apache-arrow';
import { EngineError } from '../errors.ts';
import {
  TIME_THEN_TEXT_ZONE,
  UNAMBIGUOUS_FALLBACKS,
  WEEKDAY_PREFIX,
  ZONE_SUFFIX,
  detectDateFormat,
  strptimeFormats,
  textStrptimeFormats,
  withDayMonthOrder,
  type DateFormat,
  type DayMonthOrder,
  type DateOrder,
} from '../mapping/date-format.ts';
import { detectMapping, orderKey, type MappingResult } from '../mapping/detect-mapping.ts';
import type { DetectedLayout } from '../mapping/layouts.ts';
import { CURRENCY_MARKS, currenciesFromSymbols, type CurrencyInfo, type CurrencyLines } from '../mapping/currency.ts';
import {
  CURRENCY_PATTERN,
  detectNumberFormat,
  MISGROUPED,
  MISGROUPED_SPACE,
  NEGATIVE_NOTATION,
  stripsSpaces,
  hasNumberEvidence,
  inheritNumberFormat,
  withDecimalMark,
  type DecimalMark,
  type NumberFormat,
} from '../mapping/number-format.ts';
import { CONTACT_ROLES, type ColumnMapping, type Role } from '../mapping/roles.ts';
import type { SqlPort } from '../ports.ts';
import { ident, literal, literalList } from '../sql/quote.ts';
import { firstRow, num, tableRows, textValues } from '../sql/rows.ts';
import { locateRow, type SourceInfo } from './read-sources.ts';
import { loadError } from './csv-error.ts';
import { FIXED_RULE_SQL, markCancellations } from '../clean/clean.ts';
import { readRestartingNumbers, sampleShowsReuse, type OrderNumbering, type ReusedNumbers } from './restarting-numbers.ts';
import { idSql, nonBlankSql, scanLevelSql, textSql, trimSql } from './text-sql.ts';
import { findEmptyRows, type EmptyRows } from './empty-rows.ts';
import { unguardExcelText } from './excel-text.ts';
import { findRepeatedHeaders, repeatedHeaderRows, type RepeatedHeaders } from './repeated-headers.ts';
import { findPartialRefunds, notSaleSql, type PartialRefunds } from './order-status.ts';
import { findSummaryRows, type SummaryRows } from './order-summary-rows.ts';
import { findGuessedNumbers, type GuessedColumn, type GuessedNumbers } from './guessed-numbers.ts';
import { findOrderTotals, type OrderTotals } from './order-totals.ts';
import { amountSql } from './amount.ts';
import { markOverlaps, type OverlappingFiles } from './overlapping-files.ts';
import { mergePaddedIds, PADDED_ID_ROLES, zeroLedSql, type PaddedIds } from './padded-ids.ts';
import { datePartSql, findAmbiguousDates, type AmbiguousDates } from './ambiguous-dates.ts';

/** A visit's order name (orderKey): the customer and the day, from the parsed customer and time. */
export const VISIT_INVOICE = `CASE WHEN customer IS NOT NULL AND ts IS NOT NULL THEN customer || ' ' || CAST(CAST(ts AS DATE) AS VARCHAR) END`;

/** Rows sampled (evenly, so the same on every run) to detect the mapping and value formats. */
const SAMPLE_ROWS = 5000;

const NUMERIC_ROLES = ['quantity', 'unit_price', 'line_total'] as const;
type NumericRole = (typeof NUMERIC_ROLES)[number];

export interface ParseIssue {
  role: Role;
  column: string;
  /** Non-empty values that did not parse. */
  count: number;
  /** Where the first one is: file (and sheet, for a workbook), 1-based line or sheet row, and the value. */
  example: { file: string; sheet?: string; row: number; value: string } | undefined;
}

/** A total line below the data ("Total", "Grand total"), left out of the lines read. */
export interface TotalRow {
  file: string;
  row: number;
  label: string;
}

/** Numeric ids longer than 15 digits: a spreadsheet keeps 15 significant digits, so they may be rounded. */
export interface RoundedIds {
  role: Role;
  column: string;
  count: number;
  examples: { file: string; row: number; value: string }[];
}

/** What the user chose about how values are read, beyond the mapping. */
export interface CanonicalOptions {
  /** The decimal mark of every numeric column; absent = detected per file and column. */
  decimalMark?: DecimalMark;
  /** The day/month order of numeric dates ("03/04/2024"); absent = detected per file. */
  dateOrder?: DayMonthOrder;
  /** Whether order numbers restart (an order per number and day); absent = decided on the data (see restarting-numbers.ts). */
  orderNumbers?: OrderNumbering;
}

export interface CanonicalInfo {
  mapping: MappingResult;
  dateFormat: DateFormat | undefined;
  /** Per file, when files of one folder write dates differently (dd/mm here, mm/dd there). */
  dateFormatsByFile?: Record<string, DateFormat>;
  /** Dates read day-first though no value showed the order (see ambiguous-dates.ts). */
  ambiguousDates?: AmbiguousDates;
  /** Total lines found below the data and left out. */
  totalRows?: TotalRow[];
  /** Id columns holding numbers too long for a spreadsheet to keep exactly. */
  roundedIds?: RoundedIds[];
  /** Orders' summary rows above their item rows, left out. */
  summaryRows?: SummaryRows;
  /** Rows with every field blank, left out. */
  emptyRows?: EmptyRows;
  /** Columns whose values were written ="…" (Excel's text guard), read without it. */
  excelText?: string[];
  /** The header row repeated below the data's start (exports joined), left out. */
  repeatedHeaders?: RepeatedHeaders;
  /** Orders the export marks refunded in part: counted in full, so flagged. */
  partialRefunds?: PartialRefunds;
  /** Discounts the export writes beside lines priced before them: not taken off, so said (see discounts.ts). */
  discounts?: Discounts;
  numberFormats: Partial<Record<NumericRole, NumberFormat>>;
  /** Per file, when files of one folder write numbers differently ("2.499,00" here, "2499.00" there). */
  numberFormatsByFile?: Record<string, Partial<Record<NumericRole, NumberFormat>>>;
  /** A total column holding orders' totals, set aside for quantity × unit price (see order-totals.ts). */
  orderTotals?: OrderTotals;
  /** Orders found in more than one file (exports that overlap), read from one (see overlapping-files.ts). */
  overlappingFiles?: OverlappingFiles;
  /** Order numbers used on several days, and whether orders were read per number and day (see restarting-numbers.ts). */
  reusedNumbers?: ReusedNumbers;
  /** Customer ids or product codes written both with and without leading zeros, read as one (see padded-ids.ts). */
  paddedIds?: PaddedIds[];
  /** Values such as "1.200" read with "." as the decimal mark though no value showed it (see guessed-numbers.ts). */
  guessedNumbers?: GuessedNumbers[];
  parseIssues: ParseIssue[];
  /** Empty values per mapped role, over all lines read; a value that did not parse is in parseIssues instead. */
  nulls: Partial<Record<Role, number>>;
  /**
   * One line per scanned unit (a till export: no quantity column, or every quantity 1 or -1):
   * the same item scanned twice is two units, so repeated lines are never duplicates (an order read
   * from two files is: overlapping-files.ts).
   */
  scanLevel: boolean;
  /** The currency (or currencies: revenue then adds them up unconverted) the file states. */
  currency?: CurrencyInfo;
}

/**
 * The currencies of the money: a layout's currency column (its stated values, most frequent first),
 * else the symbols or codes written in the sampled prices and line totals. Several are counted
 * line by line over the whole file (a line's first money value with a mark names its currency).
 */
async function detectCurrency(
  sql: SqlPort,
  sources: readonly SourceInfo[],
  layout: DetectedLayout | undefined,
  moneyColumns: readonly string[],
  sample: Record<string, readonly (string | null)[]>,
): Promise<CurrencyInfo | undefined> {
  // Each line's currency (NULL for none), counted.
  const counted = async (code: string) =>
    tableRows(
      await sql.query(
        `SELECT code, count(*) AS n, min(rid) AS first FROM (SELECT rowid AS rid, ${code} AS code FROM raw) WHERE code IS NOT NULL GROUP BY 1 ORDER BY n DESC, code`,
        { parallel: true },
      ),
    ).map((r): CurrencyLines => ({ code: String(r.code), lines: num(r.n), first: locateRow(sources, num(r.first)) }));
  const column = layout?.currencyColumn;
  if (column !== undefined) {
    const lines = await counted(`upper(${textSql(ident(column), trimSql)})`);
    if (lines.length) return { codes: lines.map((l) => l.code), source: 'column', column, ...(lines.length > 1 ? { lines } : {}) };
  }
  const codes = currenciesFromSymbols(moneyColumns.flatMap((m) => (sample[m] ?? []).filter((v): v is string => v !== null)));
  if (codes.length < 2) return codes.length ? { codes, source: 'symbol' } : undefined;
  const text = `concat_ws(' ', ${moneyColumns.map(ident).join(', ')})`;
  const code = `CASE ${CURRENCY_MARKS.map(([re, c]) => `WHEN regexp_matches(${text}, ${literal(re.source)}) THEN ${literal(c)}`).join(' ')} END`;
  const lines = await counted(code);
  return { codes: lines.map((l) => l.code), source: 'symbol', lines };
}

/**
 * Parses a number column as parseNumber does; inf and NaN (which TRY_CAST accepts) are
 * rejected in `finite`. No-break and thin spaces group like spaces, ’ like '.
 */
export function numberSql(col: string, f: NumberFormat): string {
  const plain = `replace(regexp_replace(${col}, '[\\x{00A0}\\x{202F}\\x{2009}]', ' ', 'g'), '’', '''')`;
  let e = f.symbols ? `regexp_replace(${plain}, ${literal(`${CURRENCY_PATTERN}|\\s`)}, '', 'g')` : `trim(${plain})`;
  // "(12.50)" and "12,50-" as "-12.50" (NEGATIVE_NOTATION), looked for only where the text holds
  // ")" or "-": the rest of the column is cleaned as before.
  e = `CASE WHEN contains(${col}, ')') OR contains(${col}, '-') THEN regexp_replace(${e}, ${literal(NEGATIVE_NOTATION)}, '-\\1\\2') ELSE ${e} END`;
  if (f.thousands !== '' && f.thousands !== ' ') e = `replace(${e}, ${literal(f.thousands)}, '')`;
  // Under a decimal comma a '.' left after the grouping is no number (parseNumber): it becomes a
  // letter, so the cast fails, in the same pass that turns the comma into the point.
  if (f.decimal === ',') e = `translate(${e}, ',.', '.x')`;
  let cast = `TRY_CAST(${e} AS DOUBLE)`;
  // A '.' or ',' groups only in well-formed groups (MISGROUPED): a value holding it otherwise is
  // no number. Looked for in the column as read, so the cleaned text is written once (a repeated
  // expression would be computed for every row, not only for those the fast cast below leaves).
  if (f.thousands === '.' || f.thousands === ',') {
    const t = literal(f.thousands);
    cast = `CASE WHEN NOT (contains(${col}, ${t}) AND regexp_matches(${col}, ${literal(MISGROUPED[f.thousands])})) THEN ${cast} END`;
  }
  // Where spaces are stripped they must group thousands (MISGROUPED_SPACE: "12 50 €" is no
  // number). The pattern alone: a guard of contains() for each space character cost more than it
  // (1M prices "2,55 €", one thread: 95 ms against 65).
  if (stripsSpaces(f)) cast = `CASE WHEN NOT regexp_matches(${col}, ${literal(MISGROUPED_SPACE[f.decimal])}) THEN ${cast} END`;
  // A plain "12.50" casts as it is, several times faster than the clean-up, which then runs only
  // for the rest. Not with a decimal comma or a "." grouping, where "1.200" would cast wrong.
  if (f.decimal === '.' && f.thousands !== '.') cast = `COALESCE(TRY_CAST(${col} AS DOUBLE), ${cast})`;
  // DuckDB's cast reads "1_5" as 15 (digit separators); no export writes numbers so, and
  // parseNumber refuses them.
  return `CASE WHEN NOT contains(${col}, '_') THEN ${cast} END`;
}

/** The number expression of a role: one format, or one per file when the files differ. */
function numberSqlByFile(col: string, global: NumberFormat, byFile: Map<string, NumberFormat> | undefined): string {
  if (!byFile) return numberSql(col, global);
  const cases = [...byFile].map(([file, f]) => `WHEN ${literal(file)} THEN ${numberSql(col, f)}`);
  return `CASE "__source" ${cases.join(' ')} ELSE ${numberSql(col, global)} END`;
}

/** Up to this many non-empty values per file and numeric column decide each file's number format. */
const FILE_SAMPLE = 500;

/**
 * SQL for the first `n` non-empty values of `column` in each file, in file order (f, v, k), for
 * the files of `starts` (a relation of (f, first)). Each file's lines are one run of rowids from
 * its firstRowId, so only the head of each file is read and numbered: numbering every line per
 * file (a window over all of `raw`) took seconds on a folder.
 */
function fileHeadSql(starts: string, column: string, n: number): string {
  const c = ident(column);
  return `SELECT f, v, k FROM (
        SELECT r."__source" AS f, r.${c} AS v, row_number() OVER (PARTITION BY r."__source" ORDER BY r.rowid) AS k
        FROM raw r JOIN ${starts} AS s ON r."__source" = s.f
        WHERE r.rowid < s.first + ${n * FILE_HEAD_SPAN} AND ${nonBlankSql(`r.${c}`)})
      WHERE k <= ${n}`;
}

/** The files with lines, as rows (file, firstRowId, lines) of SQL VALUES. */
const fileStarts = (sources: readonly SourceInfo[]) => sources.filter((s) => s.rows > 0).map((s) => `(${literal(s.name)}, ${s.firstRowId}, ${s.rows})`);

/** The first `n` non-empty values of `column` in each file, in file order. */
async function fileHeadValues(sql: SqlPort, sources: readonly SourceInfo[], column: string, n: number): Promise<Map<string, string[]>> {
  const starts = fileStarts(sources);
  const out = new Map<string, string[]>();
  if (starts.length === 0) return out;
  const rows = tableRows(
    await sql.query(`WITH s(f, first, lines) AS (VALUES ${starts.join(', ')}) ${fileHeadSql('s', column, n)} ORDER BY f, k`, { parallel: true }),
  );
  for (const r of rows) out.set(String(r.f), [...(out.get(String(r.f)) ?? []), String(r.v)]);
  return out;
}

/** Distinct values, each with how many times it occurs: what the number-format votes need. */
interface CountedValues {
  values: string[];
  counts: number[];
}

/**
 * The first `n` non-empty values of each of `columns` in each file, as distinct values counted
 * (file → column index → values): a few distinct values per file cross from DuckDB instead of
 * every value. A file's first `n` lines are those values whenever none is empty (or the file has
 * no more lines): they are read first, by their rowids (a file's lines are one run of rowids from
 * its firstRowId), every column in one scan of `raw` joined on integers. Only when some file of
 * more lines has an empty value among them are the files read again, that (file, column) pair
 * numbered (fileHeadSql). On a folder of 305 daily files that numbering, of nearly every line,
 * was the largest statement of the detection; a scan per column, joined on the file's name, took
 * 90 ms of CPU where the one scan takes 66. The one scan knows each file by its position among
 * the files with lines, grouped and sorted as an integer, not by its name (Online Retail's 305
 * files, replayed: CPU 222 -> 144 ms on native DuckDB, 160 -> 99 ms on DuckDB-WASM).
 */
async function fileHeadCounts(sql: SqlPort, sources: readonly SourceInfo[], columns: readonly string[], n: number): Promise<Map<string, CountedValues[]>> {
  const starts = fileStarts(sources);
  if (starts.length === 0 || columns.length === 0) return new Map();
  const values = `WITH s(f, first, lines) AS (VALUES ${starts.join(', ')})`;
  const files = sources.filter((s) => s.rows > 0);
  const lines = countedByFile(
    await sql.query(
      `WITH s(f, first, lines) AS (VALUES ${files.map((s, k) => `(${k}, ${s.firstRowId}, ${s.rows})`).join(', ')}),
      ids AS (SELECT f, unnest(range(first, first + least(lines, ${n}))) AS id FROM s),
      head AS MATERIALIZED (SELECT ids.f, ${columns.map((c, i) => `r.${ident(c)} AS v${i}`).join(', ')} FROM raw r JOIN ids ON r.rowid = ids.id)
      SELECT f, col, v, count(*) AS n FROM (${columns.map((_, i) => `SELECT f, ${i} AS col, v${i} AS v FROM head WHERE ${nonBlankSql(`v${i}`)}`).join(' UNION ALL ')})
      GROUP BY ALL ORDER BY f, col, v`,
      { parallel: true },
    ),
    columns.length,
    (k) => files[num(k)]!.name,
  );
  const got = (f: string, i: number) => lines.get(f)?.[i]?.counts.reduce((a, b) => a + b, 0) ?? 0;
  if (!sources.some((s) => s.rows > n && columns.some((_, i) => got(s.name, i) < n))) return lines;
  const lineHeads = columns.map(
    (c, i) =>
      `SELECT s.f, ${i} AS col, r.${ident(c)} AS v FROM raw r JOIN s ON r."__source" = s.f
      WHERE r.rowid < s.first + ${n} AND ${nonBlankSql(`r.${ident(c)}`)}`,
  );
  const numbered = columns.map((c, i) => `SELECT f, ${i} AS col, v FROM (${fileHeadSql(`(SELECT f, first FROM short WHERE col = ${i})`, c, n)})`);
  const t = await sql.query(
    `${values},
    head AS MATERIALIZED (${lineHeads.join(' UNION ALL ')}),
    short AS MATERIALIZED (
      SELECT s.f, s.first, c.col FROM s CROSS JOIN (VALUES ${columns.map((_, i) => `(${i})`).join(', ')}) AS c(col)
      LEFT JOIN (SELECT f, col, count(*) AS got FROM head GROUP BY ALL) g ON g.f = s.f AND g.col = c.col
      WHERE s.lines > ${n} AND coalesce(g.got, 0) < ${n})
    SELECT f, col, v, count(*) AS n FROM (
      SELECT f, col, v FROM head ANTI JOIN short USING (f, col)
      UNION ALL ${numbered.join(' UNION ALL ')}
    ) GROUP BY ALL ORDER BY f, col, v`,
    { parallel: true },
  );
  return countedByFile(t, columns.length);
}

/**
 * Rows (f, col, v, n) as file → column index → distinct values and their counts, in the rows' order;
 * `file` names the file of an f that is not its name (its position).
 */
function countedByFile(t: Table, columns: number, file?: (f: unknown) => string): Map<string, CountedValues[]> {
  const out = new Map<string, CountedValues[]>();
  const [fs, vs] = [file ? (t.getChild('f')!.toArray() as ArrayLike<unknown>) : textValues(t.getChild('f')!), textValues(t.getChild('v')!)];
  const [cols, ns] = [t.getChild('col')!.toArray() as ArrayLike<unknown>, t.getChild('n')!.toArray() as ArrayLike<unknown>];
  for (let i = 0, rows = t.numRows; i < rows; i++) {
    const f = file ? file(fs[i]) : String(fs[i]);
    const byColumn = out.get(f) ?? Array.from({ length: columns }, (): CountedValues => ({ values: [], counts: [] }));
    out.set(f, byColumn);
    const counted = byColumn[num(cols[i])]!;
    counted.values.push(String(vs[i]));
    counted.counts.push(num(ns[i]));
  }
  return out;
}

/** Lines looked at per wanted value: a file's head may hold empty values (refunds, notes). */
const FILE_HEAD_SPAN = 10;

/** Each file's number format per role, and the roles whose format no value showed (see guessed-numbers.ts). */
interface FileNumberFormats {
  formats: Map<string, Partial<Record<NumericRole, NumberFormat>>>;
  guessed: GuessedColumn[];
}

/**
 * Number formats decided per file: each file's own values for each numeric column; a column
 * with no telling value of its own ("12", "1.200") takes the convention of the file's other
 * numeric columns, and a file with none in any column that of the dataset's sample (a day of
 * whole prices reads as the shop's other days). A single file uses the dataset sample. A decimal
 * mark the user chose overrides every format's, and nothing is then guessed.
 */
async function fileNumberFormats(
  sql: SqlPort,
  sources: readonly SourceInfo[],
  columns: Partial<Record<NumericRole, string>>,
  sample: Record<string, readonly (string | null)[]>,
  chosen: DecimalMark | undefined,
): Promise<FileNumberFormats> {
  const roles = Object.keys(columns) as NumericRole[];
  const values = new Map<string, Partial<Record<NumericRole, CountedValues>>>();
  if (sources.length === 1) {
    const own = (r: NumericRole) => (sample[columns[r]!] ?? []).filter((v): v is string => v !== null && v.trim() !== '');
    if (roles.length) values.set(sources[0]!.name, Object.fromEntries(roles.map((r) => [r, { values: own(r), counts: own(r).map(() => 1) }])));
  } else {
    for (const [file, byColumn] of await fileHeadCounts(
      sql,
      sources,
      roles.map((r) => columns[r]!),
      FILE_SAMPLE,
    )) {
      values.set(file, Object.fromEntries(roles.flatMap((r, i) => (byColumn[i]!.values.length ? [[r, byColumn[i]!]] : []))));
    }
  }
  const formats = new Map<string, Partial<Record<NumericRole, NumberFormat>>>();
  const guessedIn = new Map<NumericRole, Set<string>>();
  const datasetValues = roles.flatMap((r) => (sample[columns[r]!] ?? []).filter((v): v is string => v !== null && v.trim() !== ''));
  const datasetFormat = detectNumberFormat(datasetValues);
  const datasetShown = hasNumberEvidence(datasetValues);
  // A workbook's or Parquet file's numbers are typed: their "1.234" is a decimal.
  const text = new Set(sources.filter((s) => s.kind === 'csv').map((s) => s.name));
  for (const [file, byRole] of values) {
    const all = Object.values(byRole);
    const fileValues = all.flatMap((c) => c.values);
    const fileCounts = all.flatMap((c) => c.counts);
    const fileShown = hasNumberEvidence(fileValues, fileCounts);
    const fileFormat = fileShown ? detectNumberFormat(fileValues, fileCounts) : datasetFormat;
    const own: Partial<Record<NumericRole, NumberFormat>> = {};
    for (const [role, c] of Object.entries(byRole) as [NumericRole, CountedValues][]) {
      const detected = detectNumberFormat(c.values, c.counts);
      const shown = hasNumberEvidence(c.values, c.counts);
      const f = shown ? detected : inheritNumberFormat(detected, fileFormat);
      own[role] = withChosenMark(f, chosen);
      if (!chosen && !shown && !fileShown && !datasetShown && text.has(file)) guessedIn.set(role, (guessedIn.get(role) ?? new Set()).add(file));
    }
    formats.set(file, own);
  }
  return { formats, guessed: [...guessedIn].map(([role, files]) => ({ role, column: columns[role]!, files })) };
}

const withChosenMark = (f: NumberFormat, chosen: DecimalMark | undefined) => (chosen ? withDecimalMark(f, chosen) : f);

const sameFormat = (a: NumberFormat | undefined, b: NumberFormat | undefined) =>
  a !== undefined && b !== undefined && a.decimal === b.decimal && a.thousands === b.thousands && a.symbols === b.symbols;

/** A role's column in `lines`: the role's name, `ts` for the date. */
const canonicalColumn = (r: Role) => (r === 'date' ? 'ts' : r);

function finite(name: string): string {
  return `CASE WHEN isfinite(${name}) THEN ${name} END AS ${name}`;
}

/** A time followed by a zone (offset or name): the zone is dropped, the wall time kept. */
const TIME_WITH_ZONE = new RegExp(`\\d:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?\\s*${ZONE_SUFFIX}$`);

/**
 * "05.Jan.23 10:15 a.m." -> "05 Jan 23 10:15 am", "Sun, 01 Dec 2024 08:26:00 GMT" -> "01 Dec 2024
 * 08:26:00": the shape textStrptimeFormats expect. The weekday and the zone go first, before
 * the marks become spaces (an offset's sign among them).
 */
function monthNameText(t: string): string {
  let e = `regexp_replace(${t}, ${literal(WEEKDAY_PREFIX)}, '', 'i')`;
  e = `regexp_replace(${e}, ${literal(TIME_THEN_TEXT_ZONE)}, '\\1')`;
  e = `regexp_replace(${e}, '(\\d)\\.([A-Za-z])', '\\1 \\2', 'g')`;
  e = `regexp_replace(${e}, '([A-Za-z])\\.(\\d)', '\\1 \\2', 'g')`;
  e = `regexp_replace(${e}, '([A-Za-z])\\.', '\\1', 'g')`;
  e = `regexp_replace(${e}, '[-/,]+', ' ', 'g')`;
  return `trim(regexp_replace(${e}, '\\s+', ' ', 'g'))`;
}

/** Day 0 of Excel serial dates: 1899-12-30, or 1904-01-01 in the workbooks that use the 1904 system. */
const EXCEL_EPOCH = "TIMESTAMP '1899-12-30'";

function excelEpochSql(sources: readonly SourceInfo[]): string {
  const of1904 = sources.filter((s) => s.date1904).map((s) => s.name);
  return of1904.length ? `CASE WHEN "__source" IN (${of1904.map(literal).join(', ')}) THEN TIMESTAMP '1904-01-01' ELSE ${EXCEL_EPOCH} END` : EXCEL_EPOCH;
}

function oneDateSql(col: string, f: DateFormat, withZones: boolean, epoch = EXCEL_EPOCH): string {
  const t = trimSql(col);
  switch (f.order) {
    case 'iso':
      if (!withZones) return `TRY_CAST(${t} AS TIMESTAMP)`;
      return `TRY_CAST(regexp_replace(${t}, '(\\d{1,2}:\\d{2}(:\\d{2}(\\.\\d+)?)?)\\s*${ZONE_SUFFIX}$', '\\1') AS TIMESTAMP)`;
    case 'excel_serial':
      return `(${epoch} + to_microseconds(CAST(round(TRY_CAST(${t} AS DOUBLE) * 86400000000) AS BIGINT)))`;
    case 'epoch_s':
    case 'epoch_ms':
      return `(TIMESTAMP '1970-01-01' + to_microseconds(TRY_CAST(${t} AS BIGINT) * ${f.order === 'epoch_s' ? 1000000 : 1000}))`;
    case 'compact':
      return `try_strptime(${t}, ${literalList(textStrptimeFormats('compact'))})`;
    case 'dmy_text':
    case 'mdy_text':
      return `try_strptime(${monthNameText(t)}, ${literalList(textStrptimeFormats(f.order))})`;
    default:
      return `try_strptime(${t}, ${literalList(strptimeFormats(f))})`;
  }
}

/**
 * The column's format, then, per value, every format that reads one way only (ISO,
 * yyyymmdd, month names): a column mixing "2023-01-05" and "05-Jan-2023" loses nothing, and
 * what none of them reads is reported as an invalid value.
 */
function dateSql(col: string, f: DateFormat, withZones: boolean, epoch = EXCEL_EPOCH): string {
  const fallback = (order: DateOrder): DateFormat => ({ order, separator: '', yearDigits: 4, ambiguous: false, label: order });
  const rest = UNAMBIGUOUS_FALLBACKS.filter((o) => o !== f.order);
  const others = rest.filter((o) => o !== 'dmy_text' && o !== 'mdy_text').map((o) => oneDateSql(col, fallback(o), true));
  // Both month-name orders in one call: written twice, DuckDB would compute the shared text
  // clean-up for every line up front (common subexpressions), where COALESCE needs it only for
  // the few lines the column's own format did not read (1.4 s of CPU on 1M lines).
  const text = rest.filter((o): o is 'dmy_text' | 'mdy_text' => o === 'dmy_text' || o === 'mdy_text');
  if (text.length) others.push(`try_strptime(${monthNameText(trimSql(col))}, ${literalList(text.flatMap((o) => textStrptimeFormats(o)))})`);
  return `COALESCE(${[oneDateSql(col, f, withZones, epoch), ...others].join(', ')})`;
}

/** The date expression: one format, or one per file when the files differ. */
function dateSqlByFile(col: string, global: DateFormat, byFile: Record<string, DateFormat> | undefined, withZones: boolean, epoch: string): string {
  if (!byFile) return dateSql(col, global, withZones, epoch);
  const cases = Object.entries(byFile).map(([file, f]) => `WHEN ${literal(file)} THEN ${dateSql(col, f, withZones, epoch)}`);
  return `CASE "__source" ${cases.join(' ')} ELSE ${dateSql(col, global, withZones, epoch)} END`;
}

const sameDateFormat = (a: DateFormat, b: DateFormat) => a.order === b.order && a.separator === b.separator && a.yearDigits === b.yearDigits;

/**
 * Day/month order decided per file: in a folder, one shop's export may write dd/mm and
 * another's mm/dd. Each file's own values and the largest first and second parts of its own
 * column settle its order; a file that leaves it open takes the dataset's. Undefined when every
 * file agrees with the dataset's format.
 */
async function fileDateFormats(
  sql: SqlPort,
  sources: readonly SourceInfo[],
  column: string,
  global: DateFormat,
  layout: DetectedLayout | undefined,
): Promise<Record<string, DateFormat> | undefined> {
  if (sources.length < 2 || (global.order !== 'dmy' && global.order !== 'mdy')) return undefined;
  const c = ident(column);
  const values = new Map([...(await fileHeadValues(sql, sources, column, FILE_SAMPLE))].map(([f, vs]) => [f, vs.map((v) => v.trim())]));
  const parts = tableRows(
    await sql.query(
      `SELECT "__source" AS f,
        max(${datePartSql(trimSql(c), 'first')}) AS a, max(${datePartSql(trimSql(c), 'second')}) AS b
      FROM raw GROUP BY 1`,
      { parallel: true },
    ),
  );
  const byFile: Record<string, DateFormat> = {};
  let differs = false;
  for (const r of parts) {
    const file = String(r.f);
    let f = detectDateFormat(values.get(file) ?? [], { first: num(r.a), second: num(r.b) });
    if (f && (f.order === 'dmy' || f.order === 'mdy')) f = withLayoutDateOrder(f, layout);
    const own = f === undefined || f.ambiguous || (f.order !== 'dmy' && f.order !== 'mdy') ? global : f;
    byFile[file] = own;
    if (!sameDateFormat(own, global)) differs = true;
  }
  if (!differs) return undefined;
  // In the order the files were given.
  return Object.fromEntries(sources.filter((s) => byFile[s.name] !== undefined).map((s) => [s.name, byFile[s.name]!]));
}

/** Labels of total lines: "Total", "Grand total", "Subtotal", "Totals:", and their German, Dutch, French, Italian, Spanish names. */
const TOTAL_LABEL = /^\s*(((grand|sub)[ -]?)?totals?|summe|gesamt(summe)?|totaal|total (général|general)|totale( complessivo)?|suma total|sum)\s*:?\s*$/i;

/** A report's footer below the data, as eBay's orders report ends: "38","record(s) downloaded" then "Seller ID : name". */
const FOOTER_LABEL = /^\s*(record\(s\) downloaded|seller id\s*:.*)$/i;

const isTotalLabel = (v: string) => TOTAL_LABEL.test(v) || FOOTER_LABEL.test(v);

/** Lines looked at above a file's last line for total lines. */
const TOTAL_TAIL = 50;

/**
 * Total lines below the data: at the end of a file, after its last line with an invoice (or
 * customer), lines whose invoice and customer are empty or the label itself, with a cell
 * reading "Total", "Grand total" and the like. They go into `total_rows`, are left out of
 * `lines`, and are reported. Only files whose last line has no key are looked at, so a clean
 * folder costs one lookup of its last lines.
 */
async function findTotalRows(sql: SqlPort, columns: readonly string[], sources: readonly SourceInfo[], m: ColumnMapping): Promise<TotalRow[]> {
  await sql.exec('CREATE OR REPLACE TEMP TABLE total_rows AS SELECT CAST(NULL AS BIGINT) AS rid WHERE false');
  const keys = [m.invoice, m.customer].filter((c): c is string => c !== undefined);
  const files = sources.filter((s) => s.rows > 0);
  if (keys.length === 0 || files.length === 0) return [];
  const text = (v: unknown) => (v === null || v === undefined ? '' : String(v).trim());
  const keyless = (r: Record<string, unknown>) => keys.every((k) => text(r[k]) === '' || isTotalLabel(text(r[k])));
  const cols = columns.map(ident).join(', ');
  const ends = files.map((s) => s.firstRowId + s.rows - 1);
  const last = new Map(
    tableRows(await sql.query(`SELECT rowid AS __id, ${keys.map(ident).join(', ')} FROM raw WHERE rowid IN (${ends.join(', ')})`)).map((r) => [num(r.__id), r]),
  );
  const suspects = files.filter((_, i) => last.has(ends[i]!) && keyless(last.get(ends[i]!)!));
  if (suspects.length === 0) return [];
  const ids = suspects.flatMap((s) => {
    const end = s.firstRowId + s.rows;
    return Array.from({ length: Math.min(s.rows, TOTAL_TAIL) }, (_, k) => end - 1 - k);
  });
  const tail = new Map(tableRows(await sql.query(`SELECT rowid AS __id, ${cols} FROM raw WHERE rowid IN (${ids.join(', ')})`)).map((r) => [num(r.__id), r]));
  const found: { rid: number; label: string }[] = [];
  for (const s of suspects) {
    for (let id = s.firstRowId + s.rows - 1; id >= s.firstRowId; id--) {
      const r = tail.get(id);
      if (r === undefined || !keyless(r)) break;
      const label = columns.map((c) => text(r[c])).find(isTotalLabel);
      if (label !== undefined) found.push({ rid: id, label });
    }
  }
  if (found.length === 0) return [];
  found.sort((a, b) => a.rid - b.rid);
  await sql.exec(`INSERT INTO total_rows VALUES ${found.map((f) => `(${f.rid})`).join(', ')}`);
  return found.flatMap((f) => {
    const where = locateRow(sources, f.rid);
    return where ? [{ ...where, label: f.label }] : [];
  });
}

/** Excel's error values (a formula that failed): invalid wherever they stand, never an id or a name. */
export const EXCEL_ERROR = '^#(NULL!|DIV/0!|VALUE!|REF!|NAME\\?|NUM!|N/A|GETTING_DATA|SPILL!|CALC!|FIELD!|BLOCKED!|CONNECT!|BUSY!|UNKNOWN!)$';

/** Text roles whose Excel error values make a line invalid (dates and numbers fail to parse anyway). */
const ERROR_CHECKED_TEXT: readonly Role[] = ['invoice', 'customer', 'sku', 'description', 'category'];

/** Digits a spreadsheet keeps exactly: longer numbers come back rounded ("12345678901234567" → "12345678901234600"). */
const EXACT_DIGITS = 15;

/**
 * Id columns (invoice, customer, SKU) holding numbers of more than 15 digits, or written in
 * scientific notation ("1.23457E+15"): the program that wrote the file may have rounded them,
 * merging different customers or orders. Reported with counts and examples.
 */
async function findRoundedIds(sql: SqlPort, sources: readonly SourceInfo[], m: ColumnMapping): Promise<RoundedIds[]> {
  const roles = (['invoice', 'customer', 'sku'] as const).filter((r) => m[r] !== undefined);
  if (roles.length === 0) return [];
  const cols = roles.map((r) => ident(m[r]!));
  const long = (c: string) => `(regexp_matches(trim(${c}), '^\\d{${EXACT_DIGITS + 1},}(\\.0+)?$') OR regexp_matches(trim(${c}), '^\\d(\\.\\d+)?[eE]\\+\\d+$'))`;
  // One scan with a cheap test (more bytes than digits kept, or an exponent's "+"), so the patterns run on few values.
  const maybe = cols.map((c) => `strlen(${c}) > ${EXACT_DIGITS} OR contains(${c}, '+')`).join(' OR ');
  // __id: a file's own column may be called "id" (names compare without case in SQL).
  await sql.exec(`CREATE OR REPLACE TEMP TABLE long_ids AS SELECT rowid AS __id, ${cols.join(', ')} FROM raw WHERE ${maybe}`, { parallel: true });
  const out: RoundedIds[] = [];
  for (const role of roles) {
    const column = m[role]!;
    const c = ident(column);
    const rows = tableRows(await sql.query(`SELECT __id, trim(${c}) AS v, count(*) OVER () AS n FROM long_ids WHERE ${long(c)} ORDER BY __id LIMIT 3`));
    if (rows.length === 0) continue;
    const examples = rows.flatMap((e) => {
      const where = locateRow(sources, num(e.__id));
      return where ? [{ ...where, value: String(e.v) }] : [];
    });
    out.push({ role, column, count: num(rows[0]!.n), examples });
  }
  await sql.exec('DROP TABLE long_ids');
  return out;
}

/**
 * The customer key: the mapped column, else (for a recognised layout) its fallbacks in turn,
 * as a Shopify order with no email is known by its phone. Emails compare case-insensitively.
 */
function customerSql(m: MappingResult): string {
  const column = m.mapping.customer!;
  const layout = m.layout;
  const fallbacks = layout && !m.manual.customer && layout.mapping.customer === column ? layout.customerFallback : [];
  const key = (c: string) => (c === m.mapping.email || c === layout?.mapping.email ? `lower(${textSql(ident(c), trimSql)})` : idKeySql(ident(c)));
  const anonymous = layout?.anonymousCustomer;
  const main = anonymous !== undefined && !m.manual.customer ? `NULLIF(${key(column)}, ${literal(anonymous)})` : key(column);
  return fallbacks.length ? `COALESCE(${[main, ...fallbacks.map(key)].join(', ')})` : main;
}

/** idSql(col), with its pattern run only on values holding a "." (no other can change): 1M ids, 90 ms less. */
function idKeySql(col: string): string {
  const text = textSql(col, trimSql);
  return `CASE WHEN contains(${text}, '.') THEN ${idSql(col, trimSql)} ELSE ${text} END`;
}

/** The `lines` column marking lines of an order the export says was cancelled (implausible kind cancelled_order). */
const ORDER_CANCELLED = 'order_cancelled';

const WHOLE_ORDER_SO_FAR = 'ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW';

/**
 * The rows of `raw` with their rowid as `__rowid`. For layouts that write order-level fields
 * on an order's first line only, those are filled down within the order (and, for Odoo, the
 * order number itself down to the next one), in file order, never across files.
 */
function sourceSql(columns: readonly string[], invoice: string | undefined, layout: DetectedLayout | undefined, withoutTotals: boolean): string {
  const orderLevel = layout && invoice !== undefined ? layout.orderLevel.filter((c) => c !== invoice) : [];
  const fillInvoice = layout?.invoiceOnFirstLineOnly === true && invoice !== undefined;
  if (orderLevel.length === 0 && !fillInvoice) {
    // rowid of a subquery is its own: the table's is carried as __rid.
    return withoutTotals
      ? `SELECT __rid AS __rowid, * EXCLUDE (__rid) FROM (SELECT rowid AS __rid, * FROM raw WHERE rowid NOT IN (SELECT rid FROM total_rows))`
      : `SELECT rowid AS __rowid, * FROM raw`;
  }
  const inv = textSql(ident(invoice!), trimSql);
  const order = fillInvoice ? `last_value(${inv} IGNORE NULLS) OVER (PARTITION BY "__source" ORDER BY rowid ${WHOLE_ORDER_SO_FAR})` : inv;
  const filled = columns.map((c) =>
    orderLevel.includes(c)
      ? `last_value(${textSql(ident(c), trimSql)} IGNORE NULLS) OVER (PARTITION BY "__source", __order ORDER BY __rowid ${WHOLE_ORDER_SO_FAR}) AS ${ident(c)}`
      : c === invoice
        ? `__order AS ${ident(c)}`
        : ident(c),
  );
  // Filled over every row, then total and summary rows left out: an order's summary row (eBay's)
  // carries the fields its item rows leave blank.
  const all = `SELECT __rowid, "__source", ${filled.join(', ')} FROM (SELECT rowid AS __rowid, *, ${order} AS __order FROM raw)`;
  return withoutTotals ? `SELECT * FROM (${all}) WHERE __rowid NOT IN (SELECT rid FROM total_rows)` : all;
}

/** A platform known to write month-first dates settles a day/month order the data leaves open. */
function withLayoutDateOrder(f: DateFormat, layout: DetectedLayout | undefined): DateFormat {
  if (!f.ambiguous || layout?.dateOrder !== 'mdy' || f.order !== 'dmy') return f;
  const y = f.yearDigits === 4 ? 'yyyy' : 'yy';
  const s = f.separator;
  return { ...f, order: 'mdy', ambiguous: false, label: `mm${s}dd${s}${y} [HH:MM[:SS]] (as ${layout.name} writes it)` };
}

/**
 * Rowids of exact duplicates into `dup_rows`: every source column (order fields filled down)
 * equal to an earlier line's, and that line has an invoice and a date, so that a duplicate is
 * always the same line of the same order at the same moment. A till's lines (scanLevel) repeat
 * as units sold: none is a duplicate here (an order read from two files is: overlapping-files.ts).
 * A line-id column (Shopware's orderDetailId, Lightspeed's saleLineID) keeps two scans of one
 * item apart. Hashing first confines the exact comparison to the few colliding groups, several
 * times faster than partitioning all lines by every column; each line is hashed once
 * (materialised), not twice.
 * Only `hashed` columns are hashed (the line's invoice, date, item and quantity): equal lines
 * collide all the same, and the few more lines that collide with them are told apart by the
 * comparison of every column (1M lines: 20,119 colliding lines instead of 20,000; the
 * statement's CPU 643 -> 545 ms).
 */
async function markDuplicates(
  sql: SqlPort,
  columns: readonly string[],
  hashed: readonly string[],
  source: string,
  plainSource: boolean,
  invoice: string | undefined,
  date: string | undefined,
  scanLevel: boolean,
): Promise<void> {
  if (invoice === undefined || date === undefined || scanLevel) {
    await sql.exec('CREATE OR REPLACE TEMP TABLE dup_rows AS SELECT CAST(NULL AS BIGINT) AS rid WHERE false');
    return;
  }
  const cols = columns.map(ident).join(', ');
  // A plain source is read twice (hashing, then the few colliding lines) rather than copied whole
  // first: a copy of every column took most of this statement's time. Its colliding lines passed
  // the filter already, so they are read without it. A source filling order fields down (windows
  // over every line) is computed once and kept.
  await sql.exec(
    `CREATE OR REPLACE TEMP TABLE dup_rows AS
    WITH src AS ${plainSource ? 'NOT MATERIALIZED' : 'MATERIALIZED'} (SELECT * FROM (${source}) WHERE ${nonBlankSql(ident(invoice))} AND ${nonBlankSql(ident(date))}),
    hashed AS MATERIALIZED (SELECT __rowid, hash(${hashed.map(ident).join(', ')}) AS h FROM src)
    SELECT rid FROM (
      SELECT __rowid AS rid, row_number() OVER (PARTITION BY ${cols} ORDER BY __rowid) AS k
      FROM ${plainSource ? `(${source})` : 'src'} WHERE __rowid IN (SELECT __rowid FROM hashed WHERE h IN (SELECT h FROM hashed GROUP BY h HAVING count(*) > 1))
    ) WHERE k > 1`,
    { parallel: true },
  );
}

/** A till export with one line per scan: no quantity column, or no quantity other than 1 and -1. */
async function isScanLevel(sql: SqlPort, quantity: string | undefined): Promise<boolean> {
  if (quantity === undefined) return true;
  return firstRow(await sql.query(`SELECT ${scanLevelSql(quantity, 'raw')} AS s`, { parallel: true })).s === true;
}

/**
 * The sampled rows, column by column: every n-th line from the first, n such that at most
 * SAMPLE_ROWS are taken, spread evenly over the files and their days. The same rows on every host
 * and thread count, so read on every core (a seeded reservoir repeats only on one thread: 75-115 ms
 * for 1M lines in the CLI, against 35-40). Read from the result's columns, not as row objects
 * (5000 rows: 130-400 → 55-70 ms).
 */
async function sampleColumns(sql: SqlPort, columns: readonly string[]): Promise<Record<string, (string | null)[]>> {
  const step = Math.ceil(num(firstRow(await sql.query('SELECT count(*) AS n FROM raw')).n) / SAMPLE_ROWS);
  const t = await sql.query(`SELECT ${columns.map(ident).join(', ')} FROM raw ${step > 1 ? `WHERE rowid % ${step} = 0 ` : ''}ORDER BY rowid`, {
    parallel: true,
  });
  const out: Record<string, (string | null)[]> = {};
  columns.forEach((c, k) => {
    out[c] = textValues(t.getChildAt(k)!);
  });
  const repeats = repeatedHeaderRows(columns, out);
  if (repeats.size > 0) for (const c of columns) out[c] = out[c]!.filter((_, i) => !repeats.has(i));
  return out;
}

/** dd/mm or mm/dd: the largest first and second parts over the whole column settle it. */
async function dateParts(sql: SqlPort, column: string): Promise<{ first: number; second: number }> {
  const r = firstRow(
    await sql.query(
      `SELECT max(${datePartSql(trimSql(ident(column)), 'first')}) AS a, max(${datePartSql(trimSql(ident(column)), 'second')}) AS b
       FROM raw`,
      { parallel: true },
    ),
  );
  return { first: num(r.a), second: num(r.b) };
}

/**
 * Detects the mapping and value formats, then builds the canonical table `lines`:
 * row_id, source_file, invoice, customer, ts (TIMESTAMP), sku, description, quantity,
 * unit_price, line_total, amount (line_total, else quantity × unit_price), country, email,
 * category, the contact columns (CONTACT_ROLES: first_name … postcode, trimmed text or NULL),
 * `invalid_role` naming the first mapped value that failed to parse,
 * `is_duplicate` (all source columns equal to an earlier line's of the same invoice and date,
 * never in a one-line-per-scan export), and one boolean `f_<rule>`
 * per cleaning rule: the fixed ones computed here, the list-driven ones false until the cleaner flags them.
 * Whatever DuckDB throws comes out as an EngineError naming the file.
 */
export async function buildCanonical(
  sql: SqlPort,
  columns: readonly string[],
  sources: readonly SourceInfo[],
  overrides: ColumnMapping = {},
  options: CanonicalOptions = {},
): Promise<CanonicalInfo> {
  try {
    return await build(sql, columns, sources, overrides, options);
  } catch (e) {
    throw loadError(
      e,
      sources.map((s) => s.name),
    );
  }
}

/** Where a raw value first occurs, for messages: file, line and column. */
async function locateValue(sql: SqlPort, sources: readonly SourceInfo[], column: string, value: string): Promise<{ file?: string; row?: number }> {
  const r = firstRow(await sql.query(`SELECT min(rowid) AS id FROM raw WHERE ${ident(column)} = ${literal(value)}`));
  return r.id === null || r.id === undefined ? {} : (locateRow(sources, num(r.id)) ?? {});
}

async function build(
  sql: SqlPort,
  columns: readonly string[],
  sources: readonly SourceInfo[],
  overrides: ColumnMapping,
  options: CanonicalOptions,
): Promise<CanonicalInfo> {
  const sample = await sampleColumns(sql, columns);
  const excelText = await unguardExcelText(sql, sample);
  const mapping = detectMapping(columns, sample, overrides);
  const m = mapping.mapping;
  refuseMissingLineColumns(sources, m);
  const col = (r: Role) => (m[r] !== undefined ? ident(m[r]!) : undefined);

  let dateFormat: DateFormat | undefined;
  if (m.date !== undefined) {
    const values = (sample[m.date] ?? []).filter((v): v is string => v !== null);
    dateFormat = detectDateFormat(values);
    if (dateFormat && (dateFormat.order === 'dmy' || dateFormat.order === 'mdy')) {
      dateFormat = detectDateFormat(values, await dateParts(sql, m.date));
      if (dateFormat) dateFormat = options.dateOrder ? withDayMonthOrder(dateFormat, options.dateOrder) : withLayoutDateOrder(dateFormat, mapping.layout);
    }
    if (!dateFormat) {
      const example = values.find((v) => v.trim() !== '');
      if (example === undefined) {
        const file = sources.length === 1 ? { file: sources[0]!.name } : {};
        throw new EngineError('mapping', 'the date column holds no values', { ...file, column: m.date });
      }
      const where = await locateValue(sql, sources, m.date, example);
      throw new EngineError('mapping', `no known date format fits values such as "${example}"`, { ...where, column: m.date });
    }
  }
  const ambiguousDates = dateFormat?.ambiguous ? await findAmbiguousDates(sql, sources, m.date!) : undefined;
  // A chosen order is every file's.
  const dateFormatsByFile =
    m.date !== undefined && dateFormat && !options.dateOrder ? await fileDateFormats(sql, sources, m.date, dateFormat, mapping.layout) : undefined;
  const totalRows = await findTotalRows(sql, columns, sources, m);
  const roundedIds = await findRoundedIds(sql, sources, m);
  const summaryRows = await findSummaryRows(sql, sources, mapping.layout, m.invoice);
  const emptyRows = await findEmptyRows(sql, columns, sources);
  const repeatedHeaders = await findRepeatedHeaders(sql, columns, sources);
  const partialRefunds = await findPartialRefunds(sql, sources, mapping.layout, m.invoice);
  const discounts = await findDiscounts(sql, sources, mapping.layout, m);
  const numberFormats: Partial<Record<NumericRole, NumberFormat>> = {};
  const numericColumns: Partial<Record<NumericRole, string>> = {};
  for (const r of NUMERIC_ROLES) if (m[r] !== undefined) numericColumns[r] = m[r];
  const { formats: perFile, guessed } = await fileNumberFormats(sql, sources, numericColumns, sample, options.decimalMark);
  const guessedNumbers = await findGuessedNumbers(sql, sources, guessed);
  const byRole = new Map<NumericRole, Map<string, NumberFormat>>();
  for (const r of Object.keys(numericColumns) as NumericRole[]) {
    const formats = [...perFile].map(([file, f]) => [file, f[r]] as const).filter((e): e is readonly [string, NumberFormat] => e[1] !== undefined);
    // One format for all (the usual case), else the dataset's own plus each file's.
    numberFormats[r] =
      formats.length > 0 && formats.every(([, f]) => sameFormat(f, formats[0]![1]))
        ? formats[0]![1]
        : withChosenMark(detectNumberFormat((sample[m[r]!] ?? []).filter((v): v is string => v !== null)), options.decimalMark);
    if (formats.some(([, f]) => !sameFormat(f, numberFormats[r]))) byRole.set(r, new Map(formats));
  }
  // In the order the files were given.
  const numberFormatsByFile =
    byRole.size > 0 ? Object.fromEntries(sources.filter((f) => perFile.has(f.name)).map((f) => [f.name, perFile.get(f.name)!])) : undefined;

  const parsed: Partial<Record<Role, string>> = {};
  for (const r of ['invoice', 'sku', 'description', 'country', 'email', 'category', ...CONTACT_ROLES] as const) {
    const c = col(r);
    if (c) parsed[r] = textSql(c, trimSql);
  }
  // Without an invoice column an order is a line or a visit (orderKey), named here so RFM, the
  // Overview and exports count orders as everywhere: a line by its number in `raw`, a visit by its
  // customer and day (VISIT_INVOICE, from the parsed values).
  const orders = orderKey(m);
  if (orders === 'line') parsed.invoice = `CAST(__rowid + 1 AS VARCHAR)`;
  if (col('customer')) parsed.customer = customerSql(mapping);
  if (col('date') && dateFormat) {
    const withZones = (sample[m.date!] ?? []).some((v) => v !== null && TIME_WITH_ZONE.test(v.trim()));
    parsed.date = dateSqlByFile(col('date')!, dateFormat, dateFormatsByFile, withZones, excelEpochSql(sources));
  }
  for (const r of NUMERIC_ROLES) if (col(r)) parsed[r] = numberSqlByFile(col(r)!, numberFormats[r]!, byRole.get(r));
  // A total column holding orders' totals is set aside where quantity × unit price can take its place.
  const orderTotals =
    mapping.layout === undefined && !mapping.manual.line_total && orders === 'invoice' && parsed.line_total && parsed.quantity && parsed.unit_price
      ? await findOrderTotals(sql, sources, m.line_total!, {
          invoice: parsed.invoice!,
          quantity: parsed.quantity,
          price: parsed.unit_price,
          total: parsed.line_total,
        })
      : undefined;
  if (orderTotals) {
    delete parsed.line_total;
    delete m.line_total;
    delete mapping.confidence.line_total;
    delete numberFormats.line_total;
    for (const f of Object.values(numberFormatsByFile ?? {})) delete f.line_total;
  }

  const select = (r: Role, type: string) => `${parsed[r] ?? `CAST(NULL AS ${type})`}`;
  const parsedChecked = (['date', ...NUMERIC_ROLES] as Role[]).filter((r) => parsed[r] !== undefined);
  const errorChecked = ERROR_CHECKED_TEXT.filter((r) => m[r] !== undefined);
  const checked = [...parsedChecked, ...errorChecked];
  // Whether role r's value failed: parsed to NULL from text that is not blank, or an Excel error.
  const failed = (r: Role, parsedValue: string, rawText: string, trimmedText: string) =>
    parsedChecked.includes(r)
      ? `${parsedValue} IS NULL AND ${nonBlankSql(rawText)}`
      : `${trimmedText} LIKE '#%' AND regexp_matches(${trimmedText}, ${literal(EXCEL_ERROR)})`;
  // raw_<role> is the column as read: its text is looked at only where a value failed to parse.
  // text_<role> is the text trimmed, empty as NULL: the very expression of the role's own column
  // or of its customer key, computed once for both (common subexpression); an Excel error starts
  // with "#", so the pattern runs on those values only.
  const invalid = checked.length
    ? `CASE ${checked.map((r) => `WHEN ${failed(r, canonicalColumn(r), `raw_${r}`, `text_${r}`)} THEN ${literal(r)}`).join(' ')} END`
    : 'CAST(NULL AS VARCHAR)';
  const derivedPrice =
    parsed.line_total && parsed.quantity ? `CASE WHEN ${parsed.quantity} <> 0 THEN ${parsed.line_total} / ${parsed.quantity} END` : 'CAST(NULL AS DOUBLE)';
  const source = sourceSql(
    columns,
    m.invoice,
    mapping.layout,
    totalRows.length > 0 || summaryRows !== undefined || emptyRows !== undefined || repeatedHeaders !== undefined,
  );
  const cancelled = notSaleSql(mapping.layout);
  const scanLevel = await isScanLevel(sql, parsed.quantity);
  // Layouts filling order fields down do it with windows over every line: a source worth keeping once computed.
  const fillsDown = source.includes(' OVER ');
  const hashed = [...new Set([m.invoice, m.date, m.sku ?? m.description, m.quantity].filter((c): c is string => c !== undefined))];
  await markDuplicates(sql, columns, hashed, source, !fillsDown, m.invoice, m.date, scanLevel);
  // Without a customer column nothing is "missing": baskets need only an invoice and an item.
  const appliesTo = (rule: string) => rule !== 'missing_customer' || m.customer !== undefined;
  // The table's columns in order, each with its type and its expression; a column without one
  // (a role not mapped, a flag false until marked) is left to its default (NULL, or false).
  const table: [name: string, type: string, expr: string | undefined][] = [
    ['row_id', 'BIGINT', 'row_id'],
    ['source_file', 'VARCHAR', 'source_file'],
    ...(['invoice', 'customer', 'date', 'sku', 'description', 'quantity', 'unit_price', 'line_total'] as const).map(
      (r): [string, string, string | undefined] => [
        canonicalColumn(r),
        r === 'date' ? 'TIMESTAMP' : (NUMERIC_ROLES as readonly Role[]).includes(r) ? 'DOUBLE' : 'VARCHAR',
        r === 'invoice' && orders === 'visit'
          ? VISIT_INVOICE
          : parsed[r] !== undefined || (r === 'unit_price' && parsed.line_total && parsed.quantity)
            ? canonicalColumn(r)
            : undefined,
      ],
    ),
    ['amount', 'DOUBLE', amountSql(parsed.quantity !== undefined)],
    ...(['country', 'email', 'category', ...CONTACT_ROLES] as const).map((r): [string, string, string | undefined] => [r, 'VARCHAR', parsed[r] && r]),
    // Lines of an order the export marks cancelled, voided or refunded (a recognised layout's
    // column, filled down within the order): the cancelled_order check. NULL, and not stored, for other files.
    [ORDER_CANCELLED, 'BOOLEAN', cancelled !== undefined ? ORDER_CANCELLED : undefined],
    ['invalid_role', 'VARCHAR', checked.length ? invalid : undefined],
    ['is_duplicate', 'BOOLEAN', undefined],
    // Duplicates are marked after (is_duplicate is false until then).
    ...Object.entries(FIXED_RULE_SQL).map(([rule, pred]): [string, string, string | undefined] => [
      `"f_${rule}"`,
      'BOOLEAN',
      appliesTo(rule) && rule !== 'duplicate' ? `(${pred})` : undefined,
    ]),
    ['"f_non_product"', 'BOOLEAN', undefined],
    ['"f_junk_description"', 'BOOLEAN', undefined],
  ];
  const written = table.filter((c): c is [string, string, string] => c[2] !== undefined);
  // The table is created with its defaults, then only the computed columns are inserted. Writing
  // the constant columns (the roles not mapped, the flags false until marked) cost more than
  // computing the others: 1M lines, 8 roles unmapped, the table's CPU ~2.3 -> ~1.8 s (replayed
  // on native DuckDB, 2 threads). Columns added afterwards (ALTER TABLE ... ADD COLUMN) would be as
  // cheap for the NULL ones but not for the false ones (60-100 ms each), and would change the
  // table's column order, which `kept` (SELECT *) and its readers see. A NULL column (a role not
  // mapped, never updated) is a virtual generated one, computed when read, not stored: writing
  // NULLs still cost ~8 ms of CPU per column and million lines (1M lines, 9 roles unmapped:
  // insert CPU ~800 -> ~730 ms, isolated, 10 runs). Flags stay stored: they are updated;
  // order_cancelled is never updated, so for files without it it is a NULL one.
  const defaultSql = (name: string, type: string) =>
    type === 'BOOLEAN' && name !== ORDER_CANCELLED ? ' DEFAULT false' : ` GENERATED ALWAYS AS (CAST(NULL AS ${type})) VIRTUAL`;
  await sql.exec(
    `CREATE OR REPLACE TABLE lines (${table.map(([name, type, expr]) => `${name} ${type}${expr === undefined ? defaultSql(name, type) : ''}`).join(', ')})`,
  );
  // Three steps: parse the text, reject non-finite numbers, then derive amount and validity. Line
  // by line, without a join, so the table keeps the file's order on any number of cores and sums
  // over it (monetary) add in the same order to the last bit; duplicates are marked after.
  await sql.exec(
    `INSERT INTO lines (${written.map(([name]) => name).join(', ')})
    SELECT ${written.map(([name, , expr]) => (expr === name ? name : `${expr} AS ${name}`)).join(', ')}
    FROM (
      SELECT * REPLACE (${NUMERIC_ROLES.map(finite).join(', ')}) FROM (
        SELECT __rowid AS row_id, "__source" AS source_file,
          ${parsedChecked.map((r) => `${col(r)!} AS raw_${r}, `).join('')}
          ${errorChecked.map((r) => `${textSql(col(r)!, trimSql)} AS text_${r}, `).join('')}
          ${select('invoice', 'VARCHAR')} AS invoice, ${select('customer', 'VARCHAR')} AS customer,
          ${select('date', 'TIMESTAMP')} AS ts, ${select('sku', 'VARCHAR')} AS sku,
          ${select('description', 'VARCHAR')} AS description, ${select('quantity', 'DOUBLE')} AS quantity,
          ${parsed.unit_price ?? derivedPrice} AS unit_price,
          ${select('line_total', 'DOUBLE')} AS line_total, ${select('country', 'VARCHAR')} AS country,
          ${select('email', 'VARCHAR')} AS email, ${select('category', 'VARCHAR')} AS category,
          ${CONTACT_ROLES.map((r) => `${select(r, 'VARCHAR')} AS ${r}, `).join('')}
          ${cancelled !== undefined ? `${cancelled} AS ${ORDER_CANCELLED},` : ''}
          false AS is_duplicate
        FROM (${source})
      )
    )`,
    { parallel: true },
  );

  // An order read from several files (exports that overlap): its lines in all files but one are duplicates too.
  const fileStarts = sources.filter((f) => f.rows > 0 && f.firstRowId > 0).map((f) => f.firstRowId);
  const overlappingFiles = orders === 'invoice' && m.date !== undefined && fileStarts.length > 0 ? await markOverlaps(sql, fileStarts) : undefined;
  await sql.exec('UPDATE lines SET is_duplicate = true WHERE row_id IN (SELECT rid FROM dup_rows)');
  await sql.exec(`UPDATE lines SET "f_duplicate" = (${FIXED_RULE_SQL.duplicate}) WHERE is_duplicate`);
  await markCancellations(sql);
  // After cancellations are matched to their orders by number ("C17" cancels "17"), as the SQL export does.
  const reusedNumbers =
    orders === 'invoice' &&
    m.date !== undefined &&
    (options.orderNumbers === 'daily' ||
      sampleShowsReuse(sample[m.invoice!] ?? [], sample[m.date] ?? [], m.customer !== undefined ? sample[m.customer] : undefined))
      ? await readRestartingNumbers(sql, sources, options.orderNumbers)
      : undefined;

  // Empty values per mapped role and invalid values per checked role: one scan of `lines`. A value
  // that failed to parse is counted as invalid, not as empty (both are NULL in `lines`).
  const mapped = Object.keys(m) as Role[];
  const emptySql = (r: Role) =>
    checked.includes(r)
      ? `count(*) FILTER (WHERE ${canonicalColumn(r)} IS NULL AND invalid_role IS DISTINCT FROM ${literal(r)})`
      : `count(*) - count(${canonicalColumn(r)})`;
  const counts = [
    ...mapped.map((r) => `${emptySql(r)} AS ${ident(r)}`),
    ...checked.map(
      (r) =>
        `count(*) FILTER (WHERE invalid_role = ${literal(r)}) AS ${ident(`invalid ${r}`)}, min(row_id) FILTER (WHERE invalid_role = ${literal(r)}) AS ${ident(`first ${r}`)}`,
    ),
  ];
  const idRoles = PADDED_ID_ROLES.filter((r) => parsed[r] !== undefined);
  counts.push(...idRoles.map((r) => `${zeroLedSql(r)} AS ${ident(`zero-led ${r}`)}`));
  const countRow = counts.length ? firstRow(await sql.query(`SELECT ${counts.join(', ')} FROM lines`, { parallel: true })) : {};
  const paddedIds = await mergePaddedIds(sql, sources, Object.fromEntries(idRoles.filter((r) => num(countRow[`zero-led ${r}`]) > 0).map((r) => [r, m[r]!])));
  // A line is named by its first value that failed (invalid_role); its other failed values, looked
  // for on those lines only, count as failed too, not as empty.
  const others =
    checked.length > 1 && checked.some((r) => num(countRow[`invalid ${r}`]) > 0)
      ? firstRow(
          await sql.query(
            `SELECT ${checked
              .map((r) => {
                const alsoFailed = `l.invalid_role <> ${literal(r)} AND ${failed(r, `l.${canonicalColumn(r)}`, `s.${col(r)!}`, textSql(`s.${col(r)!}`, trimSql))}`;
                return `count(*) FILTER (WHERE ${alsoFailed}) AS ${ident(`invalid ${r}`)}, min(l.row_id) FILTER (WHERE ${alsoFailed}) AS ${ident(`first ${r}`)}`;
              })
              .join(', ')}
            FROM lines l JOIN (${source}) s ON s.__rowid = l.row_id WHERE l.invalid_role IS NOT NULL`,
          ),
        )
      : {};
  const parseIssues: ParseIssue[] = [];
  const nulls: Partial<Record<Role, number>> = {};
  for (const r of mapped) nulls[r] = num(countRow[r]);
  for (const r of checked) {
    const also = num(others[`invalid ${r}`] ?? 0);
    if (parsedChecked.includes(r)) nulls[r]! -= also;
    const count = num(countRow[`invalid ${r}`]) + also;
    if (count === 0) continue;
    const firsts = [countRow[`first ${r}`], others[`first ${r}`]].filter((id) => id !== null && id !== undefined).map(num);
    const rowId = Math.min(...firsts);
    const value = firstRow(await sql.query(`SELECT ${col(r)!} AS v FROM raw WHERE rowid = ${rowId}`)).v;
    const where = locateRow(sources, rowId);
    const sheet = where ? sources.find((s) => s.name === where.file)?.sheet : undefined;
    parseIssues.push({
      role: r,
      column: m[r]!,
      count,
      example: where ? { ...where, ...(sheet !== undefined ? { sheet } : {}), value: String(value) } : undefined,
    });
  }
  // Numbers read under a guessed mark, in the columns still used (an order total set aside is not).
  const guessedUsed = guessedNumbers.filter((g) => m[g.role] !== undefined);
  const currency = await detectCurrency(
    sql,
    sources,
    mapping.layout,
    [m.unit_price, m.line_total].filter((c): c is string => c !== undefined),
    sample,
  );
  return {
    mapping,
    dateFormat,
    ...(dateFormatsByFile ? { dateFormatsByFile } : {}),
    ...(totalRows.length ? { totalRows } : {}),
    ...(roundedIds.length ? { roundedIds } : {}),
    ...(summaryRows ? { summaryRows } : {}),
    ...(emptyRows ? { emptyRows } : {}),
    ...(repeatedHeaders ? { repeatedHeaders } : {}),
    ...(excelText.length ? { excelText } : {}),
    ...(partialRefunds ? { partialRefunds } : {}),
    ...(discounts ? { discounts } : {}),
    numberFormats,
    ...(numberFormatsByFile ? { numberFormatsByFile } : {}),
    ...(guessedUsed.length ? { guessedNumbers: guessedUsed } : {}),
    ...(orderTotals ? { orderTotals } : {}),
    ...(paddedIds.length ? { paddedIds } : {}),
    ...(overlappingFiles ? { overlappingFiles } : {}),
    ...(reusedNumbers ? { reusedNumbers } : {}),
    ...(ambiguousDates ? { ambiguousDates } : {}),
    parseIssues,
    nulls,
    scanLevel,
    ...(currency ? { currency } : {}),
  };
}
