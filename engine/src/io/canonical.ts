import { refuseMissingLineColumns } from './differing-columns.ts';
import { findDiscounts, type Discounts } from './discounts.ts';
import { lineDiscountColumn } from './line-discounts.ts';
import { findReturnedUnits, type ReturnedUnits } from './returned-units.ts';
import type { Table } from 'apache-arrow';
import { EngineError } from '../errors.ts';
import {
  TIME_THEN_TEXT_ZONE,
  UNAMBIGUOUS_FALLBACKS,
  WEEKDAY_PREFIX,
  ZONE_SUFFIX,
  ISO_12_HOUR,
  DAY_DOT,
  detectDateFormat,
  fitsDateFormat,
  isDayMonth,
  otherDayMonthFormat,
  strptimeFormats,
  textStrptimeFormats,
  withDayMonthOrder,
  type DateFormat,
  type DayMonthOrder,
  type DateOrder,
} from '../mapping/date-format.ts';
import { customerNameColumns, detectMapping, headerFit, orderKey, type MappingResult } from '../mapping/detect-mapping.ts';
import type { DetectedLayout } from '../mapping/layouts.ts';
import { DE_WORD, OTHER_MONTH_NAMES } from '../mapping/month-names.ts';
import { timeWordsSql } from '../mapping/time-words.ts';
import { timeOfDayFormat } from '../mapping/time-of-day.ts';
import { CURRENCY_MARKS, currenciesFromSymbols, findCurrencyColumn, type CurrencyInfo, type CurrencyLines } from '../mapping/currency.ts';
import {
  CURRENCY_PATTERN,
  DASH_CENTS,
  detectNumberFormat,
  MISGROUPED,
  MISGROUPED_SPACE,
  NEGATIVE_NOTATION,
  ODD_SPACES_SQL,
  QUANTITY_UNIT,
  quantityUnit,
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
import { findSharedOrders, type SharedOrders } from './shared-orders.ts';
import { findQuantityUnits, type QuantityUnits } from './quantity-units.ts';
import { findGroupHeadings, groupedColumnSql, type GroupHeadings } from './group-headings.ts';
import { idSql, nonBlankSql, scanLevelSql, textSql, trimSql } from './text-sql.ts';
import { findEmptyRows, type EmptyRows } from './empty-rows.ts';
import { NOT_LEFT_OUT } from './left-out-rows.ts';
import { findStatusColumn, orderStatusOf, type StatusColumn } from './status-column.ts';
import { countRefundRows, findRefundColumn, refundRowsOf, refundSignSql, type RefundRows } from './refund-rows.ts';
import { findMinorUnits, fromMinorUnitsSql, type MinorUnits } from './minor-units.ts';
import { findThousandQuantities, type ThousandQuantities } from './thousand-quantities.ts';
import { countFirstLineOrders, firstLineOrderColumns, namesProductSql, type FirstLineOrders } from './first-line-orders.ts';
import { contactEmailSql, findPlaceholderCustomers, withoutPlaceholdersSql, type PlaceholderCustomers } from './placeholder-customers.ts';
import { unguardExcelText } from './excel-text.ts';
import { findRepeatedHeaders, repeatedHeaderRows, type RepeatedHeaders } from './repeated-headers.ts';
import { findPartialRefunds, notSaleSql, type PartialRefunds } from './order-status.ts';
import { findSummaryRows, type SummaryRows } from './order-summary-rows.ts';
import { findGuessedNumbers, type GuessedColumn, type GuessedNumbers } from './guessed-numbers.ts';
import { findOrderTotals, findRepeatedOrderTotals, splitOrderTotals, type OrderTotals } from './order-totals.ts';
import { amountSql } from './amount.ts';
import { markOverlaps, type OverlappingFiles } from './overlapping-files.ts';
import { mergePaddedIds, PADDED_ID_ROLES, zeroLedSql, type PaddedIds } from './padded-ids.ts';
import { mergePhoneForms, type PhoneForms } from './phone-forms.ts';
import { datePartSql, findAmbiguousDates, type AmbiguousDates } from './ambiguous-dates.ts';
import { decideFolderDates, type FolderDates } from './file-date-formats.ts';
import { findSwappedDates, type SwappedDates } from './swapped-dates.ts';
import { dateAndTimeSql, timeOfDaySql } from './time-column.ts';
import { findRoundedIds, type RoundedIds } from './rounded-ids.ts';

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

/** A total line below the data ("Total", "Grand total"), or a note ("Report generated by …"), left out of the lines read. */
export interface TotalRow {
  file: string;
  row: number;
  label: string;
  /** A note: one field of words, every other blank. */
  note?: true;
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
  /** Dates written as day/month text among date cells, all past the 12th: the others may be swapped. */
  swappedDates?: SwappedDates;
  /** Total lines found below the data and left out. */
  totalRows?: TotalRow[];
  /** Id columns holding numbers too long for a spreadsheet to keep exactly. */
  roundedIds?: RoundedIds[];
  /** Orders' summary rows above their item rows, left out. */
  summaryRows?: SummaryRows;
  /** Heading and total rows of a report grouping its lines (QuickBooks'), left out; the lines read as their heading's group. */
  groupHeadings?: GroupHeadings;
  /** Rows with every field blank, left out. */
  emptyRows?: EmptyRows;
  /** Columns whose values were written ="…" (Excel's text guard), read without it. */
  excelText?: string[];
  /** The header row repeated below the data's start (exports joined), left out. */
  repeatedHeaders?: RepeatedHeaders;
  /** A status column of an export of no known layout, read as a layout's statuses are (see status-column.ts). */
  statusColumn?: StatusColumn;
  /** Orders the export marks refunded in part: counted in full, so flagged. */
  partialRefunds?: PartialRefunds;
  /** Refunds written as rows of their own, read as returns whatever their sign (see refund-rows.ts). */
  refundRows?: RefundRows;
  /** An order's fields written on its first line only, filled down to its lines (see first-line-orders.ts). */
  firstLineOrders?: FirstLineOrders;
  /** Money columns read as cents, as their headers say (see minor-units.ts). */
  minorUnits?: MinorUnits;
  /** Customer values naming nobody ("Walk-in Customer", "Guest"), read as no customer (see placeholder-customers.ts). */
  placeholderCustomers?: PlaceholderCustomers;
  /** Discounts the export writes beside lines priced before them: not taken off, so said (see discounts.ts). */
  discounts?: Discounts;
  numberFormats: Partial<Record<NumericRole, NumberFormat>>;
  /** Per file, when files of one folder write numbers differently ("2.499,00" here, "2499.00" there). */
  numberFormatsByFile?: Record<string, Partial<Record<NumericRole, NumberFormat>>>;
  /** A total column holding orders' totals, set aside for quantity × unit price or split over each order's lines (see order-totals.ts). */
  orderTotals?: OrderTotals;
  /** Orders found in more than one file (exports that overlap), read from one (see overlapping-files.ts). */
  overlappingFiles?: OverlappingFiles;
  /** Order numbers used on several days, and whether orders were read per number and day (see restarting-numbers.ts). */
  reusedNumbers?: ReusedNumbers;
  /** Orders as read holding lines of several customers on one day (see shared-orders.ts). */
  sharedOrders?: SharedOrders;
  /** Quantities written in several measures (kilos beside pieces), each read as its number. */
  quantityUnits?: QuantityUnits;
  /** Customer ids or product codes written both with and without leading zeros, read as one (see padded-ids.ts). */
  paddedIds?: PaddedIds[];
  /** Customers' phone numbers written with and without the country code, made one (phone-forms.ts). */
  phoneForms?: PhoneForms;
  /** Units returned or cancelled in a column of their own, not taken off (returned-units.ts). */
  returnedUnits?: ReturnedUnits[];
  /** Quantities every one written as whole thousands ("2.000" where "," is the decimal mark): maybe three decimals (thousand-quantities.ts). */
  thousandQuantities?: ThousandQuantities;
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
 * The currencies of the money: a layout's currency column (its stated values, most frequent first)
 * or a column named and filled like one (findCurrencyColumn), else the symbols or codes written in the sampled prices and line totals. Several are counted
 * line by line over the whole file (a line's first money value with a mark names its currency).
 */
async function detectCurrency(
  sql: SqlPort,
  sources: readonly SourceInfo[],
  layout: DetectedLayout | undefined,
  columns: readonly string[],
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
  const layoutColumn = layout?.currencyColumn;
  // A layout names its currency column, if any: another one found by its header may be the buyer's, not the amounts' (Gumroad).
  const column = layout ? layoutColumn : findCurrencyColumn(columns, sample);
  if (column !== undefined) {
    // A layout states codes; a column found by its header may hold marks, named as in the prices.
    const t = textSql(ident(column), trimSql);
    const named = `CASE WHEN regexp_matches(${t}, '^[A-Za-z]{3}$') THEN upper(${t}) ELSE ${marksSql(t)} END`;
    const lines = await counted(layoutColumn !== undefined ? `upper(${t})` : named);
    if (lines.length) return { codes: lines.map((l) => l.code), source: 'column', column, ...(lines.length > 1 ? { lines } : {}) };
  }
  const codes = currenciesFromSymbols(moneyColumns.flatMap((m) => (sample[m] ?? []).filter((v): v is string => v !== null)));
  if (codes.length < 2) return codes.length ? { codes, source: 'symbol' } : undefined;
  const lines = await counted(marksSql(`concat_ws(' ', ${moneyColumns.map(ident).join(', ')})`));
  return { codes: lines.map((l) => l.code), source: 'symbol', lines };
}

/** The currency the first matching mark in `text` names (CURRENCY_MARKS), else NULL. */
const marksSql = (text: string) =>
  `CASE ${CURRENCY_MARKS.map(([re, c]) => `WHEN regexp_matches(${text}, ${literal(re.source)}) THEN ${literal(c)}`).join(' ')} END`;

/**
 * Parses a number column as parseNumber does; inf and NaN (which TRY_CAST accepts) are
 * rejected in `finite`. No-break and thin spaces group like spaces, ’ like ', − like -; a
 * leading ' is dropped (normaliseNumberText).
 */
export function numberSql(col: string, f: NumberFormat): string {
  const unmarked = `CASE WHEN starts_with(${col}, '''') THEN substr(${col}, 2) ELSE ${col} END`;
  const plain = `replace(replace(regexp_replace(${unmarked}, ${literal(ODD_SPACES_SQL)}, ' ', 'g'), '’', ''''), '−', '-')`;
  let e = f.symbols ? `regexp_replace(${plain}, ${literal(`${CURRENCY_PATTERN}|\\s`)}, '', 'g')` : `trim(${plain})`;
  // A quantity's unit ("1,25 kg"), as parseNumber strips it.
  if (f.units) e = `regexp_replace(${e}, ${literal(QUANTITY_UNIT)}, '\\1', 'i')`;
  // "2'466.–" and "12,-" as 2466 and 12 (DASH_CENTS), then "(12.50)" and "12,50-" as "-12.50"
  // (NEGATIVE_NOTATION), looked for only where the text holds ")" or a dash: the rest of the
  // column is cleaned as before.
  const dashed = ['-', '−', '–', '—'].map((d) => `contains(${col}, '${d}')`).join(' OR ');
  e = `CASE WHEN contains(${col}, ')') OR ${dashed} THEN regexp_replace(regexp_replace(${e}, ${literal(DASH_CENTS)}, '\\1'), ${literal(NEGATIVE_NOTATION)}, '-\\1\\2') ELSE ${e} END`;
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
  guessed: (GuessedColumn & { role: NumericRole })[];
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
  a !== undefined && b !== undefined && a.decimal === b.decimal && a.thousands === b.thousands && a.symbols === b.symbols && a.units === b.units;

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
function monthNameText(t: string, otherLanguages = false): string {
  let e = `regexp_replace(${t}, ${literal(WEEKDAY_PREFIX)}, '', 'i')`;
  e = `regexp_replace(${e}, ${literal(TIME_THEN_TEXT_ZONE)}, '\\1')`;
  e = `regexp_replace(${e}, '(\\d)\\.(\\pL)', '\\1 \\2', 'g')`;
  e = `regexp_replace(${e}, '(\\pL)\\.(\\d)', '\\1 \\2', 'g')`;
  e = `regexp_replace(${e}, '(\\pL)\\.', '\\1', 'g')`;
  // "Sept", as British English writes it (and Node's en-GB dates): strptime's %b knows "Sep".
  e = `regexp_replace(${e}, '(?i)\\bsept\\b', 'Sep')`;
  if (otherLanguages) e = `regexp_replace(regexp_replace(${e}, ${literal(DAY_DOT)}, '\\1 ', 'g'), ${literal(DE_WORD)}, ' ', 'gi')`;
  e = `regexp_replace(${e}, '[-/,]+', ' ', 'g')`;
  e = `trim(regexp_replace(${e}, '\\s+', ' ', 'g'))`;
  return otherLanguages ? englishMonths(e) : e;
}

/** Each word that names a month in another language (month-names.ts) as strptime's English abbreviation. */
function englishMonths(e: string): string {
  const names = literalList(OTHER_MONTH_NAMES.map(([n]) => n));
  const english = literalList(['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']);
  const months = `[${OTHER_MONTH_NAMES.map(([, m]) => m).join(', ')}]`;
  return `array_to_string(list_transform(string_split(${e}, ' '), w -> coalesce(${english}[${months}[list_position(${names}, lower(w))]], w)), ' ')`;
}

/** Day 0 of Excel serial dates: 1899-12-30, or 1904-01-01 in the workbooks that use the 1904 system. */
const EXCEL_EPOCH = "TIMESTAMP '1899-12-30'";

function excelEpochSql(sources: readonly SourceInfo[]): string {
  const of1904 = sources.filter((s) => s.date1904).map((s) => s.name);
  return of1904.length ? `CASE WHEN "__source" IN (${of1904.map(literal).join(', ')}) THEN TIMESTAMP '1904-01-01' ELSE ${EXCEL_EPOCH} END` : EXCEL_EPOCH;
}

/** A date column's trimmed text, its times written with words read as plain times where the format found some. */
const dateText = (col: string, f: DateFormat) => (f.timeWords ? timeWordsSql(trimSql(col)) : trimSql(col));

function oneDateSql(col: string, f: DateFormat, withZones: boolean, epoch = EXCEL_EPOCH): string {
  const t = dateText(col, f);
  switch (f.order) {
    case 'iso': {
      // A 12-hour time first: its "PM" would otherwise be dropped as a zone's name, and 3:12 PM read as 3:12.
      const twelveHour = `try_strptime(upper(regexp_replace(${t}, ${literal(ISO_12_HOUR)}, '\\1 \\2 \\3M')), ['%Y-%m-%d %I:%M %p', '%Y-%m-%d %I:%M:%S %p'])`;
      if (!withZones) return `COALESCE(TRY_CAST(${t} AS TIMESTAMP), ${twelveHour})`;
      return `COALESCE(${twelveHour}, TRY_CAST(regexp_replace(${t}, '(\\d{1,2}:\\d{2}(:\\d{2}(\\.\\d+)?)?)\\s*${ZONE_SUFFIX}$', '\\1') AS TIMESTAMP))`;
    }
    case 'excel_serial':
      // To the nearest millisecond: Excel keeps 15 significant digits, so 14:25:00 on a day of 2024
      // is 45623.6006944444 (microseconds short of it), read as 14:24:59.999991 and shown 14:24:59.
      return `(${epoch} + to_microseconds(CAST(round(TRY_CAST(${t} AS DOUBLE) * 86400000) AS BIGINT) * 1000))`;
    case 'epoch_s':
    case 'epoch_ms':
      return `(TIMESTAMP '1970-01-01' + to_microseconds(TRY_CAST(${t} AS BIGINT) * ${f.order === 'epoch_s' ? 1000000 : 1000}))`;
    case 'compact':
      return `try_strptime(${t}, ${literalList(textStrptimeFormats('compact'))})`;
    case 'dmy_text':
    case 'mdy_text':
      return `try_strptime(${monthNameText(t, f.otherMonthNames)}, ${literalList(textStrptimeFormats(f.order))})`;
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
  const fallback = (order: DateOrder): DateFormat => ({
    order,
    separator: '',
    yearDigits: 4,
    ambiguous: false,
    label: order,
    ...(f.timeWords ? { timeWords: true } : {}),
  });
  const rest = UNAMBIGUOUS_FALLBACKS.filter((o) => o !== f.order);
  const others = rest.filter((o) => o !== 'dmy_text' && o !== 'mdy_text').map((o) => oneDateSql(col, fallback(o), true));
  // Both month-name orders in one call: written twice, DuckDB would compute the shared text
  // clean-up for every line up front (common subexpressions), where COALESCE needs it only for
  // the few lines the column's own format did not read (1.4 s of CPU on 1M lines).
  const text = rest.filter((o): o is 'dmy_text' | 'mdy_text' => o === 'dmy_text' || o === 'mdy_text');
  if (text.length)
    others.push(`try_strptime(${monthNameText(dateText(col, f), f.otherMonthNames)}, ${literalList(text.flatMap((o) => textStrptimeFormats(o)))})`);
  const also = f.also ? [oneDateSql(col, f.also, withZones, epoch)] : [];
  return `COALESCE(${[oneDateSql(col, f, withZones, epoch), ...also, ...others].join(', ')})`;
}

/** The date expression: one format, or one per file when the files differ. */
function dateSqlByFile(col: string, global: DateFormat, byFile: Record<string, DateFormat> | undefined, withZones: boolean, epoch: string): string {
  if (!byFile) return dateSql(col, global, withZones, epoch);
  const cases = Object.entries(byFile).map(([file, f]) => `WHEN ${literal(file)} THEN ${dateSql(col, f, withZones, epoch)}`);
  return `CASE "__source" ${cases.join(' ')} ELSE ${dateSql(col, global, withZones, epoch)} END`;
}

/**
 * The dates of a folder's files (file-date-formats.ts): each file's own format from its first
 * values, and where those leave the day/month order open, from the largest first and second
 * parts of that file's whole column. `order` settles a day/month format's order as the dataset's
 * was (a chosen order, a layout's); `evidence` is false when the order was chosen.
 */
async function folderDates(
  sql: SqlPort,
  sources: readonly SourceInfo[],
  column: string,
  format: DateFormat | undefined,
  order: (f: DateFormat) => DateFormat,
  evidence: boolean,
): Promise<FolderDates> {
  const heads = await fileHeadValues(sql, sources, column, FILE_SAMPLE);
  const values = new Map([...heads].map(([f, vs]) => [f, vs.map((v) => v.trim())]));
  const own = new Map<string, DateFormat | undefined>();
  for (const s of sources) if (values.has(s.name)) own.set(s.name, detectDateFormat(values.get(s.name)!));
  const open = [...own].filter(([, f]) => evidence && f !== undefined && isDayMonth(f) && f.ambiguous).map(([file]) => file);
  if (open.length > 0) {
    const c = trimSql(ident(column));
    const where = open.length < own.size ? ` WHERE "__source" IN (${open.map(literal).join(', ')})` : '';
    const parts = tableRows(
      await sql.query(`SELECT "__source" AS f, max(${datePartSql(c, 'first')}) AS a, max(${datePartSql(c, 'second')}) AS b FROM raw${where} GROUP BY 1`, {
        parallel: true,
      }),
    );
    for (const r of parts) own.set(String(r.f), detectDateFormat(values.get(String(r.f)) ?? [], { first: num(r.a), second: num(r.b) }));
  }
  for (const [file, f] of own) if (f !== undefined) own.set(file, order(f));
  const firstValues = new Map([...values].flatMap(([file, vs]) => (vs.length > 0 ? [[file, vs[0]!] as const] : [])));
  return decideFolderDates(own, firstValues, format);
}

/** Labels of total lines: "Total", "Grand total", "Subtotal", "Totals:", and their German, Dutch, French, Italian, Spanish names. */
const TOTAL_LABEL = /^\s*(((grand|sub)[ -]?)?totals?|summe|gesamt(summe)?|totaal|total (général|general)|totale( complessivo)?|suma total|sum)\s*:?\s*$/i;

/** A report's footer below the data, as eBay's orders report ends: "38","record(s) downloaded" then "Seller ID : name". */
const FOOTER_LABEL = /^\s*(record\(s\) downloaded|seller id\s*:.*)$/i;

const isTotalLabel = (v: string) => TOTAL_LABEL.test(v) || FOOTER_LABEL.test(v);

/** Words, as a note below the data is written ("Report generated by TillPro on 2024-03-03", "End of report"). */
const NOTE = /\p{L}.*\s\S|\S\s.*\p{L}/u;

/** The note a row holds: its one non-blank field, when that is words; a line of a sale has more (in a table of three columns or more). */
function noteOf(r: Record<string, unknown>, columns: readonly string[]): string | undefined {
  if (columns.length < 3) return undefined;
  const filled = columns.map((c) => (r[c] === null || r[c] === undefined ? '' : String(r[c]).trim())).filter((v) => v !== '');
  return filled.length === 1 && NOTE.test(filled[0]!) ? filled[0] : undefined;
}

/** Lines looked at above a file's last line for total lines. */
const TOTAL_TAIL = 50;

/**
 * Total lines below the data: at the end of a file, after its last line with an invoice (or
 * customer), lines whose invoice and customer are empty or the label itself, with a cell
 * reading "Total", "Grand total" and the like; and notes there, a line whose one field is words
 * ("Report generated by TillPro on 2024-03-03"). They go into `total_rows`, are left out of
 * `lines`, and are reported. Only files whose last line has no key, or a key of words (a note's),
 * are looked at, so a clean folder costs one lookup of its last lines' keys.
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
  // A last line whose invoice or customer is words may be a note: its other fields are looked at below.
  const maybeNote = (r: Record<string, unknown>) => keys.some((k) => NOTE.test(text(r[k])));
  const suspects = files.filter((_, i) => last.has(ends[i]!) && (keyless(last.get(ends[i]!)!) || maybeNote(last.get(ends[i]!)!)));
  if (suspects.length === 0) return [];
  const ids = suspects.flatMap((s) => {
    const end = s.firstRowId + s.rows;
    return Array.from({ length: Math.min(s.rows, TOTAL_TAIL) }, (_, k) => end - 1 - k);
  });
  const tail = new Map(tableRows(await sql.query(`SELECT rowid AS __id, ${cols} FROM raw WHERE rowid IN (${ids.join(', ')})`)).map((r) => [num(r.__id), r]));
  const found: { rid: number; label: string; note?: true }[] = [];
  for (const s of suspects) {
    for (let id = s.firstRowId + s.rows - 1; id >= s.firstRowId; id--) {
      const r = tail.get(id);
      const note = r === undefined ? undefined : noteOf(r, columns);
      if (r === undefined || (!keyless(r) && note === undefined)) break;
      const label = columns.map((c) => text(r[c])).find(isTotalLabel);
      if (label !== undefined) found.push({ rid: id, label });
      else if (note !== undefined) found.push({ rid: id, label: note, note: true });
    }
  }
  if (found.length === 0) return [];
  found.sort((a, b) => a.rid - b.rid);
  await sql.exec(`INSERT INTO total_rows VALUES ${found.map((f) => `(${f.rid})`).join(', ')}`);
  return found.flatMap((f) => {
    const where = locateRow(sources, f.rid);
    return where ? [{ ...where, label: f.label, ...(f.note ? { note: true as const } : {}) }] : [];
  });
}

/** Excel's error values (a formula that failed): invalid wherever they stand, never an id or a name. */
export const EXCEL_ERROR = '^#(NULL!|DIV/0!|VALUE!|REF!|NAME\\?|NUM!|N/A|GETTING_DATA|SPILL!|CALC!|FIELD!|BLOCKED!|CONNECT!|BUSY!|UNKNOWN!)$';

/** Text roles whose Excel error values make a line invalid (dates and numbers fail to parse anyway). */
const ERROR_CHECKED_TEXT: readonly Role[] = ['invoice', 'customer', 'sku', 'description', 'category'];

/**
 * The customer key: first and last names read together (customerNameColumns), else the mapped
 * column, else (for a recognised layout) its fallbacks in turn,
 * as a Shopify order with no email is known by its phone. Emails compare case-insensitively,
 * phone numbers (a column headed as one: "Billing Phone") by their digits.
 * A value naming no customer (the layout's, or `placeholders` found) is none.
 */
function customerSql(m: MappingResult, placeholders: PlaceholderCustomers | undefined): string {
  const names = customerNameColumns(m.mapping);
  if (names) return idKeySql(`concat_ws(' ', ${names.map((c) => textSql(ident(c), trimSql)).join(', ')})`);
  const column = m.mapping.customer!;
  const layout = m.layout;
  const fallbacks = customerFallbacks(m);
  const key = (c: string) => (isEmailColumn(m, c) ? `lower(${textSql(ident(c), trimSql)})` : isPhoneColumn(m, c) ? phoneKeySql(ident(c)) : idKeySql(ident(c)));
  const anonymous = layout?.anonymousCustomer;
  const known = anonymous !== undefined && !m.manual.customer ? `NULLIF(${key(column)}, ${literal(anonymous)})` : key(column);
  const main = placeholders ? withoutPlaceholdersSql(known, placeholders) : known;
  return fallbacks.length ? `COALESCE(${[main, ...fallbacks.map(key)].join(', ')})` : main;
}

/** The columns a recognised layout's customer falls back to, in turn (none once the customer is mapped by hand). */
function customerFallbacks(m: MappingResult): readonly string[] {
  const layout = m.layout;
  return layout && !m.manual.customer && layout.mapping.customer === m.mapping.customer ? layout.customerFallback : [];
}

const isEmailColumn = (m: MappingResult, c: string) => c === m.mapping.email || c === m.layout?.mapping.email;
const isPhoneColumn = (m: MappingResult, c: string) =>
  !isEmailColumn(m, c) && (c === m.mapping.phone || c === m.layout?.mapping.phone || headerFit('phone', c) > 0);

/** The customer key holds phone numbers: the customer column, or one it falls back to, is a phone's. */
function phoneKeyed(m: MappingResult): boolean {
  return [m.mapping.customer!, ...customerFallbacks(m)].some((c) => isPhoneColumn(m, c));
}

/**
 * A phone number as a customer key: its digits, however written ("(555) 123-4567" = "555.123.4567"),
 * less a trunk "(0)" written after the country code ("+44 (0)7700…" dials as "+44 7700…"); none without.
 */
function phoneKeySql(col: string): string {
  return `NULLIF(regexp_replace(${idKeySql(col)}, '\\(0\\)|[^0-9]', '', 'g'), '')`;
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
 * order number itself down to the next one), in file order, never across files; so for an
 * export of no known layout found to write so (`firstLine`, first-line-orders.ts).
 */
function sourceSql(
  columns: readonly string[],
  invoice: string | undefined,
  layout: DetectedLayout | undefined,
  withoutTotals: boolean,
  firstLine: FirstLineOrders | undefined,
): string {
  const levels = layout?.orderLevel ?? firstLine?.columns ?? [];
  const orderLevel = invoice !== undefined ? levels.filter((c) => c !== invoice) : [];
  const fillInvoice = (layout?.invoiceOnFirstLineOnly === true || firstLine !== undefined) && invoice !== undefined;
  const group = layout?.groupHeading?.column;
  if (group !== undefined) {
    // Each line takes the group of the heading above it, before headings and totals are left out.
    const grouped = `SELECT rowid AS __rowid, * REPLACE (${groupedColumnSql(columns, group)} AS ${ident(group)}) FROM raw`;
    return withoutTotals ? `SELECT * FROM (${grouped}) WHERE __rowid NOT IN (SELECT rid FROM total_rows)` : grouped;
  }
  if (orderLevel.length === 0 && !fillInvoice) {
    // rowid of a subquery is its own: the table's is carried as __rid.
    return withoutTotals
      ? `SELECT __rid AS __rowid, * EXCLUDE (__rid) FROM (SELECT rowid AS __rid, * FROM raw WHERE ${NOT_LEFT_OUT})`
      : `SELECT rowid AS __rowid, * FROM raw`;
  }
  const inv = textSql(ident(invoice!), trimSql);
  const order = fillInvoice ? `last_value(${inv} IGNORE NULLS) OVER (PARTITION BY "__source" ORDER BY rowid ${WHOLE_ORDER_SO_FAR})` : inv;
  // Found in an export of no known layout: only a line naming a product takes its order's fields (a
  // row of a number alone may be the order's subtotal).
  const onlyWhere = (fill: string, c: string) =>
    layout === undefined && firstLine ? `CASE WHEN ${namesProductSql(firstLine)} THEN ${fill} ELSE ${ident(c)} END` : fill;
  const filled = columns.map((c) =>
    orderLevel.includes(c)
      ? `${onlyWhere(`last_value(${textSql(ident(c), trimSql)} IGNORE NULLS) OVER (PARTITION BY "__source", __order ORDER BY __rowid ${WHOLE_ORDER_SO_FAR})`, c)} AS ${ident(c)}`
      : c === invoice
        ? `${onlyWhere('__order', c)} AS ${ident(c)}`
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

/**
 * The dataset's date format with the day/month format of values written otherwise, where the
 * sample shows some (date-format.ts otherDayMonthFormat); their order settled, as the column's
 * own would be, by the largest parts over the whole column (only such values have parts).
 */
async function withOtherDayMonth(
  sql: SqlPort,
  sampled: readonly (string | null)[],
  format: DateFormat,
  column: string,
  order: (f: DateFormat) => DateFormat,
): Promise<DateFormat> {
  const values = sampled.filter((v): v is string => v !== null);
  let also = otherDayMonthFormat(values, format);
  if (also?.ambiguous) also = otherDayMonthFormat(values, format, await dateParts(sql, column));
  return also ? { ...format, also: order(also), label: `${format.label}; some ${order(also).label}` } : format;
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

/** Where a raw value first occurs (in `file`, when given), for messages: file, line and column. */
async function locateValue(
  sql: SqlPort,
  sources: readonly SourceInfo[],
  column: string,
  value: string,
  file?: string,
): Promise<{ file?: string; row?: number }> {
  const inFile = file === undefined ? '' : ` AND "__source" = ${literal(file)}`;
  const r = firstRow(await sql.query(`SELECT min(rowid) AS id FROM raw WHERE trim(${ident(column)}) = ${literal(value.trim())}${inFile}`));
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

  // A chosen order is every day/month file's; else a layout's where the values leave it open.
  const order = (f: DateFormat) => (!isDayMonth(f) ? f : options.dateOrder ? withDayMonthOrder(f, options.dateOrder) : withLayoutDateOrder(f, mapping.layout));
  let dates: FolderDates = { format: undefined };
  if (m.date !== undefined) {
    const values = (sample[m.date] ?? []).filter((v): v is string => v !== null);
    let format = detectDateFormat(values);
    if (format && isDayMonth(format)) {
      format = detectDateFormat(values, await dateParts(sql, m.date));
      if (format) format = order(format);
    }
    // Each file's own format is looked for where the sample (every n-th line: each file but the smallest in it) shows
    // another than the dataset's, or leaves a day/month order to settle per file: a folder of one
    // clean format (Online Retail's ISO days) skips the look at every file's head (300 ms there).
    const mixed = !format || isDayMonth(format) || values.some((v) => v.trim() !== '' && !fitsDateFormat(format!, v.trim()));
    const several = sources.filter((s) => s.rows > 0).length > 1;
    dates = several && mixed ? await folderDates(sql, sources, m.date, format, order, !options.dateOrder) : { format };
    if (!dates.format) {
      const example = dates.unfit?.value ?? values.find((v) => v.trim() !== '');
      if (example === undefined) {
        const file = sources.length === 1 ? { file: sources[0]!.name } : {};
        throw new EngineError('mapping', 'the date column holds no values', { ...file, column: m.date });
      }
      const where = await locateValue(sql, sources, m.date, example, dates.unfit?.file);
      throw new EngineError('mapping', `no known date format fits values such as "${example}"`, { ...where, column: m.date });
    }
  }
  const { byFile: dateFormatsByFile } = dates;
  // Where files are read each in its own format, the sample's other values are those files' own.
  const dateFormat = dates.format && !dateFormatsByFile ? await withOtherDayMonth(sql, sample[m.date!] ?? [], dates.format, m.date!, order) : dates.format;
  const swappedDates = dateFormat?.also && !dateFormat.also.ambiguous ? await findSwappedDates(sql, sources, m.date!, dateFormat.also) : undefined;
  // Dates read day-first by default: in the files whose format leaves the order open.
  const withLines = sources.filter((s) => s.rows > 0).map((s) => s.name);
  const ambiguousFiles = withLines.filter((f) => {
    const own = dateFormatsByFile?.[f] ?? dateFormat;
    return own?.ambiguous || own?.also?.ambiguous;
  });
  const ambiguousDates =
    ambiguousFiles.length > 0
      ? await findAmbiguousDates(sql, sources, m.date!, ambiguousFiles.length < withLines.length ? ambiguousFiles : undefined)
      : undefined;
  const totalRows = await findTotalRows(sql, columns, sources, m);
  const roundedIds = await findRoundedIds(sql, sources, m);
  const summaryRows = await findSummaryRows(sql, sources, mapping.layout, m.invoice);
  const groupHeadings = await findGroupHeadings(sql, sources, columns, mapping.layout);
  const emptyRows = await findEmptyRows(sql, columns, sources);
  const repeatedHeaders = await findRepeatedHeaders(sql, columns, sources);
  // Orders no sale or refunded in part, as the layout tells or, without one, a status column.
  const statusColumn = mapping.layout === undefined ? await findStatusColumn(sql, columns, Object.values(m), sources) : undefined;
  const orderStatus = orderStatusOf(mapping.layout, statusColumn);
  const partialRefunds = await findPartialRefunds(sql, sources, orderStatus, m.invoice);
  // A layout's discount column, else one the sampled lines show the amounts are before.
  const discountColumn = mapping.layout ? mapping.layout.discounts : lineDiscountColumn(columns, m, sample);
  const discounts = await findDiscounts(sql, sources, discountColumn, orderStatus, m);
  // Where the layout reads partial refunds (WooCommerce's refunded_total), their units (item_refunded_qty) are that refund said again.
  const returnedUnits = mapping.layout?.partlyRefunded ? [] : await findReturnedUnits(sql, sources, columns, m);
  const numberFormats: Partial<Record<NumericRole, NumberFormat>> = {};
  const numericColumns: Partial<Record<NumericRole, string>> = {};
  for (const r of NUMERIC_ROLES) if (m[r] !== undefined) numericColumns[r] = m[r];
  const { formats: perFile, guessed } = await fileNumberFormats(sql, sources, numericColumns, sample, options.decimalMark);
  const { numbers: guessedNumbers, formats: scanned } = await findGuessedNumbers(sql, sources, guessed);
  // Where the whole file decided a guessed convention otherwise (guessed-numbers.ts).
  for (const g of guessed) {
    for (const file of g.files) {
      const own = perFile.get(file);
      const was = own?.[g.role];
      const f = scanned.get(file);
      if (own && was && f) own[g.role] = { ...was, ...f };
    }
  }
  // Quantities all whole thousands where the file's own convention groups them, not where a guess did (said already).
  const guessedThousands = guessedNumbers.some((g) => g.role === 'quantity' && g.readAs === 'thousands');
  const thousandQuantities = m.quantity !== undefined && !guessedThousands ? await findThousandQuantities(sql, sources, m.quantity, perFile) : undefined;
  // Quantities written with units ("1,25 kg"), read as their numbers in every file (quantity-units.ts).
  const units = m.quantity !== undefined && (sample[m.quantity] ?? []).some((v) => v !== null && quantityUnit(v) !== undefined);
  if (units) for (const own of perFile.values()) if (own.quantity) own.quantity = { ...own.quantity, units: true };
  const byRole = new Map<NumericRole, Map<string, NumberFormat>>();
  for (const r of Object.keys(numericColumns) as NumericRole[]) {
    const formats = [...perFile].map(([file, f]) => [file, f[r]] as const).filter((e): e is readonly [string, NumberFormat] => e[1] !== undefined);
    // One format for all (the usual case), else the dataset's own plus each file's.
    numberFormats[r] =
      formats.length > 0 && formats.every(([, f]) => sameFormat(f, formats[0]![1]))
        ? formats[0]![1]
        : withChosenMark(detectNumberFormat((sample[m[r]!] ?? []).filter((v): v is string => v !== null)), options.decimalMark);
    if (r === 'quantity' && units) numberFormats[r] = { ...numberFormats[r]!, units: true };
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
  if (parsed.email) parsed.email = contactEmailSql(parsed.email);
  // Without an invoice column an order is a line or a visit (orderKey), named here so RFM, the
  // Overview and exports count orders as everywhere: a line by its number in `raw`, a visit by its
  // customer and day (VISIT_INVOICE, from the parsed values).
  const orders = orderKey(m);
  if (orders === 'line') parsed.invoice = `CAST(__rowid + 1 AS VARCHAR)`;
  // An order's fields on its first line only, in an export of no known layout: filled down to its lines.
  const firstLineFound = mapping.layout === undefined ? firstLineOrderColumns(m, sample) : undefined;
  const firstLineOrders = firstLineFound ? await countFirstLineOrders(sql, sources, firstLineFound, m) : undefined;
  // A placeholder is a whole customer value: one name of two is not ("Guest" is a surname too).
  const placeholderCustomers =
    m.customer !== undefined && !mapping.manual.customer && !customerNameColumns(m)
      ? await findPlaceholderCustomers(sql, sources, m.customer, sample[m.customer] ?? [])
      : undefined;
  if (col('customer')) parsed.customer = customerSql(mapping, placeholderCustomers);
  if (col('date') && dateFormat) {
    const withZones = (sample[m.date!] ?? []).some((v) => v !== null && TIME_WITH_ZONE.test(v.trim()));
    parsed.date = dateSqlByFile(col('date')!, dateFormat, dateFormatsByFile, withZones, excelEpochSql(sources));
  }
  // A time of day in a column of its own (detect-mapping.ts withTimeOfDay) sets the date's time.
  const timeOfDay = parsed.date && col('time') ? timeOfDaySql(col('time')!, timeOfDayFormat(sample[m.time!] ?? [])) : undefined;
  if (parsed.date && timeOfDay) parsed.date = dateAndTimeSql(parsed.date, timeOfDay);
  for (const r of NUMERIC_ROLES) if (col(r)) parsed[r] = numberSqlByFile(col(r)!, numberFormats[r]!, byRole.get(r));
  // Money its header says is in cents ("total_cents"), whole numbers in the sample: read in the currency's units.
  const minorUnits = findMinorUnits(m, sample);
  for (const { role } of minorUnits) parsed[role] = fromMinorUnitsSql(parsed[role]!);
  // A total column holding orders' totals is set aside where quantity × unit price can take its
  // place; without them, split over each order's lines once the lines are read, where lines are
  // products (without, an invoice's rows may be its instalments, equal ones too).
  const totalsMayRepeat = mapping.layout === undefined && !mapping.manual.line_total && orders === 'invoice' && parsed.line_total !== undefined;
  const orderTotals = !totalsMayRepeat
    ? undefined
    : parsed.quantity && parsed.unit_price
      ? await findOrderTotals(sql, sources, m.line_total!, {
          invoice: parsed.invoice!,
          quantity: parsed.quantity,
          price: parsed.unit_price,
          total: parsed.line_total!,
        })
      : (parsed.sku ?? parsed.description)
        ? await findRepeatedOrderTotals(sql, sources, m.line_total!, {
            invoice: parsed.invoice!,
            total: parsed.line_total!,
            item: (parsed.sku ?? parsed.description)!,
          })
        : undefined;
  if (orderTotals && !orderTotals.split) {
    delete parsed.line_total;
    delete m.line_total;
    delete mapping.confidence.line_total;
    delete numberFormats.line_total;
    for (const f of Object.values(numberFormatsByFile ?? {})) delete f.line_total;
  }

  // Refunds written as rows of their own, told by the layout's type column or one found: returns, whatever their sign.
  const refundMark = refundRowsOf(mapping.layout, mapping.layout === undefined ? await findRefundColumn(sql, columns, Object.values(m)) : undefined);
  const unsigned = { ...(parsed.quantity ? { quantity: parsed.quantity } : {}), ...(parsed.line_total ? { line_total: parsed.line_total } : {}) };
  if (refundMark) for (const r of ['quantity', 'line_total'] as const) if (parsed[r]) parsed[r] = refundSignSql(refundMark, parsed[r]);

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
    totalRows.length > 0 || summaryRows !== undefined || groupHeadings !== undefined || emptyRows !== undefined || repeatedHeaders !== undefined,
    firstLineOrders,
  );
  const cancelled = notSaleSql(orderStatus);
  const refundRows = refundMark ? await countRefundRows(sql, sources, source, refundMark, unsigned) : undefined;
  const scanLevel = await isScanLevel(sql, parsed.quantity);
  // Layouts filling order fields down do it with windows over every line: a source worth keeping once computed.
  const fillsDown = source.includes(' OVER ');
  const hashed = [...new Set([m.invoice, m.date, m.time, m.sku ?? m.description, m.quantity].filter((c): c is string => c !== undefined))];
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
  // Over each order's lines but its duplicates, which the duplicate rule leaves out.
  if (orderTotals?.split) await splitOrderTotals(sql, parsed.unit_price === undefined && parsed.quantity !== undefined);
  await markCancellations(sql);
  // After cancellations are matched to their orders by number ("C17" cancels "17"), as the SQL export does.
  const reuseShown =
    orders === 'invoice' &&
    m.date !== undefined &&
    (options.orderNumbers === 'daily' ||
      sampleShowsReuse(sample[m.invoice!] ?? [], sample[m.date] ?? [], m.customer !== undefined ? sample[m.customer] : undefined));
  const reusedNumbers = reuseShown ? await readRestartingNumbers(sql, sources, options.orderNumbers) : undefined;
  // Orders as now read that hold several customers' lines: the sample showed a number with several customers, or days.
  const sharedOrders = reuseShown && m.customer !== undefined ? await findSharedOrders(sql, sources, reusedNumbers?.daily === true) : undefined;
  const quantityUnits = units ? await findQuantityUnits(sql, sources, m.quantity!) : undefined;

  // Empty values per mapped role and invalid values per checked role: one scan of `lines`. A value
  // that failed to parse is counted as invalid, not as empty (both are NULL in `lines`). The time
  // of day is no column of `lines`: counted below.
  const mapped = (Object.keys(m) as Role[]).filter((r) => r !== 'time');
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
  const phoneForms = parsed.customer !== undefined && phoneKeyed(mapping) ? await mergePhoneForms(sql, sources, m.customer!) : undefined;
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
  const issue = async (r: Role, count: number, rowId: number) => {
    const value = firstRow(await sql.query(`SELECT ${col(r)!} AS v FROM raw WHERE rowid = ${rowId}`)).v;
    const where = locateRow(sources, rowId);
    const sheet = where ? sources.find((s) => s.name === where.file)?.sheet : undefined;
    parseIssues.push({
      role: r,
      column: m[r]!,
      count,
      example: where ? { ...where, ...(sheet !== undefined ? { sheet } : {}), value: String(value) } : undefined,
    });
  };
  for (const r of mapped) nulls[r] = num(countRow[r]);
  for (const r of checked) {
    const also = num(others[`invalid ${r}`] ?? 0);
    if (parsedChecked.includes(r)) nulls[r]! -= also;
    const count = num(countRow[`invalid ${r}`]) + also;
    if (count === 0) continue;
    const firsts = [countRow[`first ${r}`], others[`first ${r}`]].filter((id) => id !== null && id !== undefined).map(num);
    await issue(r, count, Math.min(...firsts));
  }
  // A time of day that does not parse leaves its line at its day's midnight, kept: its day, all
  // that recency, visits and daily order numbers use, is right. One more scan of the lines read,
  // only where a time column is read.
  if (timeOfDay) {
    const t = col('time')!;
    const bad = `${nonBlankSql(t)} AND ${timeOfDay} IS NULL`;
    const r = firstRow(
      await sql.query(
        `SELECT count(*) FILTER (WHERE ${nonBlankSql(t)} IS NOT TRUE) AS empty, count(*) FILTER (WHERE ${bad}) AS bad, min(__rowid) FILTER (WHERE ${bad}) AS first FROM (${source})`,
        { parallel: true },
      ),
    );
    nulls.time = num(r.empty);
    if (num(r.bad) > 0) await issue('time', num(r.bad), num(r.first));
  }
  // Numbers read under a guessed mark, in the columns still used (an order total set aside is not).
  const guessedUsed = guessedNumbers.filter((g) => m[g.role] !== undefined);
  const currency = await detectCurrency(
    sql,
    sources,
    mapping.layout,
    columns,
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
    ...(groupHeadings ? { groupHeadings } : {}),
    ...(emptyRows ? { emptyRows } : {}),
    ...(repeatedHeaders ? { repeatedHeaders } : {}),
    ...(excelText.length ? { excelText } : {}),
    ...(statusColumn ? { statusColumn } : {}),
    ...(partialRefunds ? { partialRefunds } : {}),
    ...(refundRows ? { refundRows } : {}),
    ...(placeholderCustomers ? { placeholderCustomers } : {}),
    ...(minorUnits.length ? { minorUnits } : {}),
    ...(firstLineOrders ? { firstLineOrders } : {}),
    ...(discounts ? { discounts } : {}),
    numberFormats,
    ...(numberFormatsByFile ? { numberFormatsByFile } : {}),
    ...(guessedUsed.length ? { guessedNumbers: guessedUsed } : {}),
    ...(orderTotals ? { orderTotals } : {}),
    ...(paddedIds.length ? { paddedIds } : {}),
    ...(phoneForms ? { phoneForms } : {}),
    ...(returnedUnits.length ? { returnedUnits } : {}),
    ...(thousandQuantities ? { thousandQuantities } : {}),
    ...(overlappingFiles ? { overlappingFiles } : {}),
    ...(reusedNumbers ? { reusedNumbers } : {}),
    ...(sharedOrders ? { sharedOrders } : {}),
    ...(quantityUnits ? { quantityUnits } : {}),
    ...(ambiguousDates ? { ambiguousDates } : {}),
    ...(swappedDates ? { swappedDates } : {}),
    parseIssues,
    nulls,
    scanLevel,
    ...(currency ? { currency } : {}),
  };
}
