/**
 * The BI data mart: an analysis run as four typed tables (customers with scores, segment,
 * cluster and next-best product; the segment summary; the association rules; the
 * recommendations), each row stamped with the snapshot date so monthly runs can append. The
 * CLI writes them to Parquet files, a DuckDB database or PostgreSQL (`segment-studio export
 * --format parquet|duckdb`, `--to postgres`), the app to Parquet and PostgreSQL; the column lists
 * and types here are the one schema all follow, and `martSchemaMarkdown` documents it.
 */
import { sentence } from '../util/sentence.ts';
import type { Cell } from '../export/csv.ts';
import { CUSTOMER_COLUMNS, SEGMENT_COLUMNS, customerRows } from '../export/customers.ts';
import { RECOMMENDATION_COLUMNS, type NextBest } from '../recommend/recommendations-csv.ts';
import type { SqlDialect } from '../sql/dialect.ts';
import { ident, literal } from '../sql/quote.ts';
import { clusterNumbers, RULE_COLUMNS, type FitLabels } from './outputs.ts';
import type { ScoredCustomers } from './pipeline.ts';

export type MartType = 'text' | 'integer' | 'double' | 'date';

export interface MartColumn {
  name: string;
  type: MartType;
  about: string;
}

export interface MartTableSpec {
  name: string;
  about: string;
  columns: readonly MartColumn[];
}

/** A value: text, a number (integers for 'integer'), 'YYYY-MM-DD' for 'date', or null. */
export type MartValue = string | number | null;

export interface MartTable extends MartTableSpec {
  rows: MartValue[][];
}

const SNAPSHOT: MartColumn = { name: 'snapshot_date', type: 'date', about: 'the analysis snapshot (as-of date) of the run that wrote the row' };

const CUSTOMER_TYPES: Record<(typeof CUSTOMER_COLUMNS)[number], [MartType, string]> = {
  customer_id: ['text', 'customer id as in the source'],
  recency_days: ['integer', 'days from the last purchase to the snapshot'],
  frequency: ['integer', 'distinct orders (cancellations never count)'],
  monetary: ['double', 'spend over kept lines, rounded to cents'],
  first_purchase: ['date', 'date of the first kept purchase'],
  last_purchase: ['date', 'date of the last kept purchase'],
  r_score: ['integer', 'recency score, 1..bins, recent is high'],
  f_score: ['integer', 'frequency score, 1..bins'],
  m_score: ['integer', 'monetary score, 1..bins'],
  rfm_code: ['text', 'the three scores as a code, e.g. "545"'],
  segment: ['text', 'segment name (first matching rule, else the fallback)'],
  cluster: ['integer', 'k-means cluster, 1 = highest mean spend; NULL when clustering is off'],
};

const SEGMENT_TYPES: Record<(typeof SEGMENT_COLUMNS)[number], [MartType, string]> = {
  segment: ['text', 'segment name, in rule order, the fallback last'],
  customers: ['integer', 'customers in the segment'],
  share: ['double', 'share of all customers, 0..1'],
  revenue: ['double', 'sum of monetary'],
  revenue_share: ['double', 'share of all revenue'],
  mean_recency_days: ['double', 'mean recency in days'],
  mean_frequency: ['double', 'mean orders'],
  mean_monetary: ['double', 'mean spend'],
};

const RULE_TYPES: Record<(typeof RULE_COLUMNS)[number], [MartType, string]> = {
  antecedent: ['text', 'item codes bought, joined with " | "'],
  consequent: ['text', 'item code predicted'],
  antecedent_names: ['text', 'their names'],
  consequent_names: ['text', 'its name'],
  support: ['double', 'share of baskets holding all items of the rule'],
  confidence: ['double', 'P(consequent | antecedent)'],
  lift: ['double', 'confidence / P(consequent)'],
  leverage: ['double', 'support - P(antecedent) P(consequent)'],
  conviction: ['double', '(1 - P(consequent)) / (1 - confidence); NULL when infinite (confidence 1)'],
  count: ['integer', 'baskets holding all items of the rule'],
};

const RECOMMENDATION_TYPES: Record<(typeof RECOMMENDATION_COLUMNS)[number], [MartType, string]> = {
  customer_id: ['text', 'customer id'],
  segment: ['text', "the customer's segment"],
  rank: ['integer', '1 = best'],
  product_code: ['text', 'recommended item code'],
  product_name: ['text', 'its name'],
  antecedent_codes: ['text', 'the rule\'s antecedent, which the customer bought, joined with " | "'],
  antecedent_names: ['text', 'their names'],
  support: ['double', "the rule's support"],
  confidence: ['double', "the rule's confidence"],
  lift: ['double', "the rule's lift"],
  score: ['double', 'confidence x lift, the ranking score'],
};

const columns = <K extends string>(names: readonly K[], types: Record<K, [MartType, string]>): MartColumn[] =>
  names.map((name) => ({ name, type: types[name][0], about: types[name][1] }));

/** The four tables, in write order. */
export const MART_TABLES: readonly MartTableSpec[] = [
  {
    name: 'customer_segmentation',
    about: 'one row per customer: RFM values and scores, segment, cluster and next-best product',
    columns: [
      SNAPSHOT,
      ...columns(CUSTOMER_COLUMNS, CUSTOMER_TYPES),
      { name: 'next_best_product', type: 'text', about: 'top recommended item code; NULL without baskets or a recommendation' },
    ],
  },
  { name: 'segment_summary', about: 'one row per segment', columns: [SNAPSHOT, ...columns(SEGMENT_COLUMNS, SEGMENT_TYPES)] },
  {
    name: 'market_basket_rules',
    about: 'one row per association rule, by lift; empty when baskets are off',
    columns: [SNAPSHOT, ...columns(RULE_COLUMNS, RULE_TYPES)],
  },
  {
    name: 'recommendations',
    about: 'one row per customer and rank: next-best products with the rule as evidence; empty when baskets are off',
    columns: [SNAPSHOT, ...columns(RECOMMENDATION_COLUMNS, RECOMMENDATION_TYPES)],
  },
];

/** What a run gives the mart: the scored customers, the fit, and the basket outputs as rows. */
export interface MartSource {
  scored: ScoredCustomers;
  fit: FitLabels | null;
  /** rules.csv's rows (RULE_COLUMNS order); null without baskets. */
  ruleRows: readonly (readonly Cell[])[] | null;
  /** recommendations.csv's rows (RECOMMENDATION_COLUMNS order); null without recommendations. */
  recommendationRows: readonly (readonly Cell[])[] | null;
  /** Top recommended product code by customer id. */
  nextBest: ReadonlyMap<string, NextBest> | null;
}

/** A cell as a mart value: NaN and infinities (which no BI tool reads alike) are NULL. */
function value(c: Cell): MartValue {
  if (c === undefined || c === null) return null;
  if (typeof c === 'number') return Number.isFinite(c) ? c : null;
  return c;
}

/** The four tables of a run, every row led by its snapshot date. */
export function martTables(s: MartSource): MartTable[] {
  const snapshot = s.scored.rfm.snapshot;
  const ids = s.scored.rfm.customerIds;
  const customers = customerRows({ ...s.scored, ...(s.fit ? { clusters: clusterNumbers(s.fit) } : {}) }).map((r, i) => [
    snapshot,
    ...r.map(value),
    s.nextBest?.get(ids[i]!)?.code ?? null,
  ]);
  const summary = s.scored.summary.map((r) => [snapshot, ...SEGMENT_COLUMNS.map((k) => value(r[k]))]);
  const stamp = (rows: readonly (readonly Cell[])[] | null) => (rows ?? []).map((r) => [snapshot, ...r.map(value)]);
  const rows = [customers, summary, stamp(s.ruleRows), stamp(s.recommendationRows)];
  return MART_TABLES.map((spec, k) => ({ ...spec, rows: rows[k]! }));
}

/** The schema as Markdown: every table, column, type and meaning (written beside the files, and in docs). */
export function martSchemaMarkdown(): string {
  const parts = [
    '# Segment Studio data mart',
    '',
    'Written by `segment-studio export --format parquet|duckdb` or `--to postgres://…`, and by the app (Export → Data mart).',
    'Types: text, integer (64-bit), double (64-bit float), date. Every row carries `snapshot_date`, so monthly runs can be',
    'appended (`--append`) and told apart.',
  ];
  for (const t of MART_TABLES) {
    parts.push('', `## ${t.name}`, '', sentence(t.about), '', '| column | type | meaning |', '|---|---|---|');
    for (const c of t.columns) parts.push(`| ${c.name} | ${c.type} | ${c.about} |`);
  }
  return `${parts.join('\n')}\n`;
}

/** A column type in a dialect's DDL. */
function typeSql(t: MartType, d: SqlDialect): string {
  return { text: 'VARCHAR', integer: 'BIGINT', double: d.double, date: 'DATE' }[t];
}

/** CREATE TABLE for a mart table under `name` (already qualified and quoted as needed). */
export function martCreateSql(t: MartTableSpec, name: string, d: SqlDialect, ifNotExists = false): string {
  return `CREATE TABLE ${ifNotExists ? 'IF NOT EXISTS ' : ''}${name} (${t.columns.map((c) => `${ident(c.name)} ${typeSql(c.type, d)}`).join(', ')})`;
}

/** COMMENT ON statements carrying the schema document into the database (DuckDB and PostgreSQL alike). */
export function martCommentsSql(t: MartTableSpec, name: string): string[] {
  return [`COMMENT ON TABLE ${name} IS ${literal(t.about)}`, ...t.columns.map((c) => `COMMENT ON COLUMN ${name}.${ident(c.name)} IS ${literal(c.about)}`)];
}

/**
 * Rows as a VALUES list of literals, typed by the columns: dates as DATE literals, doubles cast
 * from their shortest text (a plain 0.010179010179010179 would be read as a DECIMAL and lose
 * the last bit).
 */
export function martValuesSql(t: MartTableSpec, rows: readonly MartValue[][], d: SqlDialect): string {
  const cell = (v: MartValue, type: MartType) => {
    if (v === null) return 'NULL';
    if (typeof v === 'number') return type === 'double' ? `CAST(${literal(String(v))} AS ${d.double})` : type === 'text' ? literal(String(v)) : String(v);
    return type === 'date' ? `DATE ${literal(v)}` : literal(v);
  };
  return rows.map((r) => `(${r.map((v, j) => cell(v, t.columns[j]!.type)).join(', ')})`).join(',\n');
}
