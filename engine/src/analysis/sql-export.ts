/**
 * An analysis' cleaning, RFM, scores and segments as one plain SQL query over a transactions
 * table, to run where the data lives (`segment-studio sql`). Built from the definitions the
 * engine itself runs — the cleaning predicates (../clean/rule-sql.ts), the RFM aggregation
 * (../rfm/compute-rfm.ts), the score methods (../rfm/scores-sql.ts), the rule language
 * (../segments/rules-sql.ts) — with the differences between databases in ../sql/dialect.ts.
 * test/engine/sql-export compares its result with the engine's customer by customer.
 */
import { implausibleSql } from '../clean/implausible.ts';
import { cancellationMatchSql, fixedRuleSql, listRuleSql, removingRules, returnsOnlyCustomersSql } from '../clean/rule-sql.ts';
import { CLEANING_RULES, IMPLAUSIBLE_KINDS, type CleaningRule } from '../clean/rules.ts';
import { EngineError } from '../errors.ts';
import { CUSTOMER_COLUMNS } from '../export/customers.ts';
import { VISIT_INVOICE } from '../io/canonical.ts';
import { DAILY_INVOICE_SQL } from '../io/restarting-numbers.ts';
import { idSql, scanLevelSql, textSql } from '../io/text-sql.ts';
import { dateAndTimeSql } from '../io/time-column.ts';
import { orderKey } from '../mapping/detect-mapping.ts';
import { amountSql } from '../io/amount.ts';
import { defaultSnapshotSql, rfmSql } from '../rfm/compute-rfm.ts';
import { scoreSql } from '../rfm/scores-sql.ts';
import { checkRuleSet } from '../segments/check-rules.ts';
import { segmentCaseSql } from '../segments/rules-sql.ts';
import type { SqlDialect } from '../sql/dialect.ts';
import { ident, literal } from '../sql/quote.ts';
import type { Analysis } from './document.ts';
import { cleaningOptions } from './pipeline.ts';

/** The columns the transactions table may have: one row per order line. Other columns are ignored. */
export const TRANSACTION_COLUMNS = [
  { name: 'invoice', type: 'text', meaning: 'order (invoice) number; "C" + digits marks a cancellation invoice' },
  { name: 'customer', type: 'text (or a number)', meaning: 'customer id; NULL or blank for guests' },
  { name: 'date', type: 'timestamp (or date)', meaning: 'when the order was placed' },
  { name: 'time', type: 'time', meaning: "the time of day, where the date has none: the line's time is the date's day at it" },
  { name: 'sku', type: 'text', meaning: 'product code' },
  { name: 'description', type: 'text', meaning: 'product name' },
  { name: 'quantity', type: 'number', meaning: 'units; negative for returns' },
  { name: 'price', type: 'number', meaning: 'unit price' },
  { name: 'amount', type: 'number', meaning: "the line's total, where there is no quantity and price" },
  { name: 'cancelled', type: 'boolean', meaning: 'true on the lines of an order the shop cancelled (implausible kind cancelled_order)' },
] as const;

export type TransactionColumn = (typeof TRANSACTION_COLUMNS)[number]['name'];

/** The columns read unless told: an order line table with quantity and unit price. */
export const DEFAULT_TRANSACTION_COLUMNS: readonly TransactionColumn[] = ['invoice', 'customer', 'date', 'sku', 'description', 'quantity', 'price'];

/** The query's result columns: customers.csv's, without the cluster (k-means is not SQL). */
export const SQL_EXPORT_COLUMNS = CUSTOMER_COLUMNS.filter((c) => c !== 'cluster');

export interface SqlExportOptions {
  dialect: SqlDialect;
  /** The transactions table, optionally qualified ("sales.order_lines"); default "transactions". */
  table?: string;
  /** Today's date (YYYY-MM-DD) for the future-date check, as the engine is given it; absent: not checked. */
  today?: string;
  /**
   * The table's columns (DEFAULT_TRANSACTION_COLUMNS when absent), as the engine's mapping would
   * have them: without `invoice` an order is a line or a visit, as the engine counts them
   * (orderKey); `amount` is the line total where there is no quantity and price.
   */
  columns?: readonly string[];
}

const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*){0,2}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The columns a query reads, checked: known names, and a customer, a date and an amount (quantity and price, or amount). */
function tableColumns(given: readonly string[] | undefined): TransactionColumn[] {
  const names = TRANSACTION_COLUMNS.map((c) => c.name) as readonly string[];
  const columns = [...(given ?? DEFAULT_TRANSACTION_COLUMNS)];
  const unknown = columns.filter((c) => !names.includes(c));
  if (unknown.length)
    throw new EngineError('invalid_argument', `--columns: unknown column ${unknown.map((c) => `"${c}"`).join(', ')}; columns are ${names.join(', ')}`);
  const has = (c: string) => columns.includes(c);
  const missing = [
    ...(['customer', 'date'] as const).filter((c) => !has(c)),
    // A line without a quantity is one unit at its price (amount.ts).
    ...(has('amount') || has('price') ? [] : ['price (with quantity where a line holds several units), or amount']),
  ];
  if (missing.length) throw new EngineError('invalid_argument', `--columns: RFM needs ${missing.join(', ')}`);
  return columns as TransactionColumn[];
}

/** A comment block: every line prefixed, so no value can end the comment. */
const comment = (lines: string[]) => lines.map((l) => `-- ${l.replace(/[\r\n]+/g, ' ')}`).join('\n');

/**
 * The analysis as one SELECT over the transactions table, one row per customer ordered by
 * customer id, with a comment block describing the table it expects. Throws EngineError for
 * what has no SQL form here (breakpoint scores, rules on the customer-value model).
 */
export function analysisSql(a: Pick<Analysis, 'name' | 'sources' | 'cleaning' | 'snapshot' | 'scoring' | 'segments'>, options: SqlExportOptions): string {
  const d = options.dialect;
  const table = options.table ?? 'transactions';
  if (!TABLE_NAME.test(table))
    throw new EngineError('invalid_argument', `--table: "${table}" is not a table name (letters, digits, _ and $, optionally schema.table)`);
  if (a.snapshot !== null && !DATE.test(a.snapshot)) throw new EngineError('invalid_argument', `snapshot must be a date YYYY-MM-DD, got "${a.snapshot}"`);
  if (options.today !== undefined && !DATE.test(options.today))
    throw new EngineError('invalid_argument', `today must be a date YYYY-MM-DD, got "${options.today}"`);
  checkRuleSet(a.segments, a.scoring.bins);
  const columns = tableColumns(options.columns);
  const has = (name: TransactionColumn) => columns.includes(name);
  // Without an invoice, an order is a line or a visit, as the engine decides it from the same roles.
  const orders = orderKey(Object.fromEntries((['invoice', 'customer', 'date', 'sku', 'description'] as const).filter(has).map((c) => [c, c])));
  // Order numbers that restart are named per day as the engine does; whether they restart is not
  // looked for here (the SQL reads no data until it runs): the analysis says so, or they are taken as they are.
  const daily = orders === 'invoice' && has('date') && a.sources.orderNumbers === 'daily';
  const col = (name: string) => ident(name);
  const text = (name: TransactionColumn) => (has(name) ? textSql(`CAST(${col(name)} AS VARCHAR)`) : 'CAST(NULL AS VARCHAR)');
  const number = (name: TransactionColumn) => `CAST(${has(name) ? col(name) : 'NULL'} AS ${d.double})`;
  const fixed = fixedRuleSql(d);
  const lists = listRuleSql(a.cleaning, has('description'), d);
  const cancel = cancellationMatchSql('c', 'o', d, 'o.item');
  // Per line, as the engine's `lines` table holds them. Cancellations also when they match an
  // original line: a join on distinct originals, as EXISTS inside an OR PostgreSQL runs once per
  // line. The list rules once per distinct item, as the engine does: text is trimmed with empty
  // as NULL, so '' stands for NULL in a join key that hashes; materialised, or PostgreSQL pushes
  // the kept filter back into the per-line scan.
  const flags: Record<CleaningRule, string> = {
    ...fixed,
    cancellation: `${fixed.cancellation} OR COALESCE(cancels_original, false)`,
    non_product: 'i.non_product',
    junk_description: 'i.junk_description',
  };
  const implausible = implausibleSql(cleaningOptions(a, options.today ?? null));
  const excluded = IMPLAUSIBLE_KINDS.filter((k) => a.cleaning.implausible.exclude.includes(k));
  const keep = [...removingRules(a.cleaning).map((r) => `NOT "f_${r}"`), ...excluded.map((k) => `NOT (${implausible[k]})`)];
  const snapshot = a.snapshot !== null ? `DATE ${literal(a.snapshot)}` : defaultSnapshotSql('kept', d);
  const score = (value: string, higherIsBetter: boolean) => scoreSql(a.scoring.method, a.scoring.bins, { value, higherIsBetter }, 'customer_id', d);
  const segment = segmentCaseSql(a.segments, {
    r: 'r_score',
    f: 'f_score',
    m: 'm_score',
    recency_days: 'recency_days',
    frequency: 'frequency',
    monetary: 'monetary',
  });
  const scoreText = (s: string) => `CAST(${s} AS VARCHAR)`;

  const header = comment([
    `Segment Studio: the analysis "${a.name}" as ${d.name === 'postgres' ? 'PostgreSQL' : 'DuckDB'} SQL (segment-studio sql).`,
    `Reads the table ${table}, one row per order line, with the columns:`,
    ...TRANSACTION_COLUMNS.filter((c) => has(c.name)).map((c) => `  ${c.name.padEnd(12)} ${c.type.padEnd(20)} ${c.meaning}`),
    ...(orders === 'line' ? ['Without an invoice column each line is one order.'] : []),
    ...(orders === 'visit' ? ["Without an invoice column each visit, a customer's lines of one day, is one order."] : []),
    ...(orders === 'invoice'
      ? [
          daily
            ? 'Order numbers restart (the analysis\' sources.orderNumbers is "daily"): an order is a number on one day.'
            : 'Each order number is one order; if they restart (a till\'s receipts), set the analysis\' sources.orderNumbers to "daily".',
        ]
      : []),
    'Returns one row per customer, ordered by customer id:',
    `  ${SQL_EXPORT_COLUMNS.join(', ')}`,
    `Cleaning: ${a.cleaning.rules.length ? a.cleaning.rules.join(', ') : 'no rules'}; returns ${a.cleaning.returns === 'net' ? 'netted' : 'dropped'}; implausible lines excluded: ${excluded.join(', ') || 'none'}.`,
    `Snapshot: ${a.snapshot ?? 'the day after the last kept line'}. Scores: ${a.scoring.method}, ${a.scoring.bins} bins. Segments: ${a.segments.name}.`,
    !has('invoice')
      ? 'Without an invoice column no line is a duplicate, as in the engine.'
      : !has('quantity')
        ? 'Without quantities each line is one unit at its price, and no line is a duplicate, as in the engine.'
        : 'Duplicates are lines equal in every column above, of the same invoice and time.',
  ]);
  // A visit is named from the customer and time as read: one step more.
  const read = orders === 'visit' ? 'lines_read' : 'src';
  // A number on one day is named once the lines are flagged, as the engine does: "C17" cancels "17".
  const flagged = daily ? 'flagged' : 'lines';
  const lineColumns = [
    'customer',
    'ts',
    'sku',
    'description',
    'quantity',
    'unit_price',
    'line_total',
    'order_cancelled',
    'amount',
    'is_duplicate',
    'cancels_original',
  ];
  return `${header}
WITH ${read} AS (
  SELECT ${has('invoice') ? text('invoice') : orders === 'line' ? 'CAST(row_number() OVER () AS VARCHAR)' : 'CAST(NULL AS VARCHAR)'} AS invoice,
    ${idSql(`CAST(${col('customer')} AS VARCHAR)`)} AS customer,
    ${has('time') ? dateAndTimeSql(col('date'), `CAST(${col('time')} AS TIME)`) : `CAST(${col('date')} AS TIMESTAMP)`} AS ts,
    ${text('sku')} AS sku,
    ${text('description')} AS description,
    ${number('quantity')} AS quantity,
    ${number('price')} AS unit_price,
    ${number('amount')} AS line_total,
    ${has('cancelled') ? `CAST(${col('cancelled')} AS BOOLEAN)` : 'CAST(NULL AS BOOLEAN)'} AS order_cancelled
  FROM ${table}
),${
    orders === 'visit'
      ? `
src AS (
  SELECT ${VISIT_INVOICE} AS invoice, customer, ts, sku, description, quantity, unit_price, line_total, order_cancelled FROM lines_read
),`
      : ''
  }
deduplicated AS (
  SELECT src.*, ${amountSql(has('quantity'))} AS amount,
    ${
      // Duplicates are of one invoice, as the engine finds them: none without an invoice column,
      // nor without quantities (a line per unit, as a till's scans).
      has('invoice') && has('quantity')
        ? `(invoice IS NOT NULL AND ts IS NOT NULL AND NOT ${scanLevelSql('quantity', 'src')}
     AND row_number() OVER (PARTITION BY invoice, customer, ts, sku, description, quantity, unit_price) > 1)`
        : 'false'
    } AS is_duplicate
  FROM src
),
originals AS (
  SELECT DISTINCT invoice, COALESCE(sku, description) AS item, customer FROM deduplicated
),
items AS ${d.materialized} (
  SELECT sku, description, (${lists.non_product}) AS non_product, (${lists.junk_description}) AS junk_description
  FROM (SELECT DISTINCT sku, description FROM deduplicated) AS distinct_items
),
matched AS (
  SELECT c.*, (${cancel.candidate} AND o.invoice IS NOT NULL) AS cancels_original
  FROM deduplicated c LEFT JOIN originals o ON ${cancel.join}
),
${flagged} AS (
  SELECT c.*,
    ${CLEANING_RULES.map((r) => `(${flags[r]}) AS "f_${r}"`).join(',\n    ')}
  FROM matched c JOIN items i ON COALESCE(i.sku, '') = COALESCE(c.sku, '') AND COALESCE(i.description, '') = COALESCE(c.description, '')
),${
    daily
      ? `
lines AS (
  SELECT CASE WHEN ts IS NOT NULL THEN ${DAILY_INVOICE_SQL} ELSE invoice END AS invoice, ${[...lineColumns, ...CLEANING_RULES.map((r) => `"f_${r}"`)].join(', ')}
  FROM flagged
),`
      : ''
  }
kept_by_rules AS (
  SELECT * FROM lines WHERE ${keep.length ? keep.join(' AND ') : 'true'}
),
kept AS (
  SELECT * FROM kept_by_rules${
    a.cleaning.returns === 'net'
      ? `
  WHERE customer IS NULL OR customer NOT IN (${returnsOnlyCustomersSql('kept_by_rules')})`
      : ''
  }
),
rfm AS (
  ${rfmSql('kept', snapshot, d)}
),
scored AS (
  SELECT rfm.*, ${score('recency_days', false)} AS r_score,
    ${score('frequency', true)} AS f_score,
    ${score('monetary', true)} AS m_score
  FROM rfm
)
SELECT customer_id, recency_days, frequency, monetary, first_purchase, last_purchase, r_score, f_score, m_score,
  ${scoreText('r_score')} || ${scoreText('f_score')} || ${scoreText('m_score')} AS rfm_code,
  ${segment} AS segment
FROM scored
ORDER BY ${d.byteOrder('customer_id')};
`;
}
