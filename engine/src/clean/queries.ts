import type { Table } from 'apache-arrow';
import type { SqlPort } from '../ports.ts';
import { firstRow, num } from '../sql/rows.ts';
import { CLEANING_RULES, type CleaningRule } from './rules.ts';

/**
 * Lines each rule matches on its own, whether or not it is switched on: what toggling it would
 * remove at most. One pass over the flag columns of `lines`.
 */
export async function ruleMatches(sql: SqlPort): Promise<Record<CleaningRule, number>> {
  const row = firstRow(await sql.query(`SELECT ${CLEANING_RULES.map((r) => `count(*) FILTER (WHERE "f_${r}") AS "${r}"`).join(', ')} FROM lines`));
  return Object.fromEntries(CLEANING_RULES.map((r) => [r, num(row[r])])) as Record<CleaningRule, number>;
}

/** The first `limit` kept (or removed) lines in file order, for a preview grid, as Arrow. */
export async function previewLines(sql: SqlPort, which: 'kept' | 'removed', limit: number): Promise<Table> {
  const n = Math.max(0, Math.floor(limit));
  const cols = `source_file, invoice, customer, strftime(ts, '%Y-%m-%d %H:%M') AS date, sku, description, quantity, unit_price, amount, country`;
  if (which === 'kept') return sql.query(`SELECT ${cols} FROM kept ORDER BY row_id LIMIT ${n}`);
  return sql.query(`SELECT ${cols} FROM lines l WHERE NOT EXISTS (SELECT 1 FROM kept k WHERE k.row_id = l.row_id) ORDER BY row_id LIMIT ${n}`);
}
