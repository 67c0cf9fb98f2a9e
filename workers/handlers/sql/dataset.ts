/**
 * Dataset jobs that need the SqlPort (DuckDB-WASM lives in its own worker, the port's
 * methods are async messages to it), so they run on the main thread through the engine
 * client: open files, re-clean, per-rule flag counts, a preview page.
 */
import {
  CLEANING_RULES,
  openDataset,
  recleanDataset,
  firstRow,
  num,
  type CleaningOptions,
  type CleaningRule,
  type ColumnMapping,
  type DataSource,
  type Dataset,
  type JobControl,
  type SqlPort,
} from '../../engine-api.ts';
import type { Table } from 'apache-arrow';

export interface OpenParams {
  mapping?: ColumnMapping;
  cleaning?: CleaningOptions;
  sheet?: string;
}

export async function openData(sql: SqlPort, sources: readonly DataSource[], params: OpenParams, control?: JobControl): Promise<Dataset> {
  const opts: Parameters<typeof openDataset>[2] = {};
  if (params.mapping) opts.mapping = params.mapping;
  if (params.cleaning) opts.cleaning = params.cleaning;
  if (params.sheet !== undefined) opts.sheet = params.sheet;
  if (control) opts.control = control;
  return openDataset(sql, sources, opts);
}

export async function recleanData(sql: SqlPort, dataset: Dataset, cleaning: CleaningOptions): Promise<Dataset> {
  return recleanDataset(sql, dataset, cleaning);
}

/** Lines each rule matches on its own (whether or not it is switched on): what toggling it would do. */
export async function ruleMatches(sql: SqlPort): Promise<Record<CleaningRule, number>> {
  const row = firstRow(
    await sql.query(`SELECT ${CLEANING_RULES.map((r) => `count(*) FILTER (WHERE "f_${r}") AS "${r}"`).join(', ')} FROM lines`),
  );
  return Object.fromEntries(CLEANING_RULES.map((r) => [r, num(row[r])])) as Record<CleaningRule, number>;
}

/** The first `limit` kept (or all) lines for the preview grid, as Arrow. */
export async function previewLines(sql: SqlPort, which: 'kept' | 'removed', limit: number): Promise<Table> {
  const cols = `source_file, invoice, customer, strftime(ts, '%Y-%m-%d %H:%M') AS date, sku, description, quantity, unit_price, amount, country`;
  if (which === 'kept') return sql.query(`SELECT ${cols} FROM kept ORDER BY row_id LIMIT ${limit}`);
  return sql.query(`SELECT ${cols} FROM lines WHERE row_id NOT IN (SELECT row_id FROM kept) ORDER BY row_id LIMIT ${limit}`);
}

