import type { DetectedLayout } from '../mapping/layouts.ts';
import type { SqlPort } from '../ports.ts';
import { ident } from '../sql/quote.ts';
import { firstRow, num, tableRows } from '../sql/rows.ts';
import { locateRow, type SourceInfo } from './read-sources.ts';
import { textSql, trimSql } from './text-sql.ts';

/** Orders' summary rows, left out of the lines (PlatformLayout.summaryRowWhenEmpty). */
export interface SummaryRows {
  /** The item column they leave empty. */
  column: string;
  count: number;
  examples: { file: string; row: number; order: string }[];
  /** Rows with neither an order nor an item (the empty row below eBay's header), left out too. */
  empty: number;
}

/**
 * The summary rows of orders written as a summary row above a row per item (eBay's orders
 * report): rows whose item column is empty, of an order that has item rows. Added to
 * `total_rows` (made by findTotalRows before), so they are left out of `lines`: their amount is
 * the items' subtotal, which the item rows count already. An order written on one row keeps it.
 * Rows with neither an order nor an item go with them (total lines below the data are left out already).
 */
export async function findSummaryRows(
  sql: SqlPort,
  sources: readonly SourceInfo[],
  layout: DetectedLayout | undefined,
  invoice: string | undefined,
): Promise<SummaryRows | undefined> {
  const column = layout?.summaryRowWhenEmpty;
  if (column === undefined || invoice === undefined) return undefined;
  const order = textSql(ident(invoice), trimSql);
  const item = textSql(ident(column), trimSql);
  const summary = `${order} IN (SELECT ${order} FROM raw WHERE ${item} IS NOT NULL)`;
  await sql.exec(
    `CREATE OR REPLACE TEMP TABLE summary_rows AS SELECT rowid AS rid, ${order} AS o FROM raw WHERE ${item} IS NULL AND (${order} IS NULL OR ${summary}) AND rowid NOT IN (SELECT rid FROM total_rows)`,
    {
      parallel: true,
    },
  );
  const counts = firstRow(await sql.query('SELECT count(o) AS summary, count(*) - count(o) AS empty FROM summary_rows'));
  const found = tableRows(await sql.query('SELECT rid, o FROM summary_rows WHERE o IS NOT NULL ORDER BY rid LIMIT 3'));
  await sql.exec('INSERT INTO total_rows SELECT rid FROM summary_rows');
  await sql.exec('DROP TABLE summary_rows');
  if (num(counts.summary) + num(counts.empty) === 0) return undefined;
  return {
    column,
    count: num(counts.summary),
    examples: found.flatMap((r) => {
      const where = locateRow(sources, num(r.rid));
      return where ? [{ ...where, order: String(r.o) }] : [];
    }),
    empty: num(counts.empty),
  };
}

/** The words for them (inspect, the Data screen); none without. */
export function summaryRowNotes(s: SummaryRows | undefined): string[] {
  if (s === undefined) return [];
  const e = s.examples[0];
  const empty = s.empty ? `${s.empty} row${s.empty === 1 ? '' : 's'} with neither an order nor an item left out` : '';
  if (s.count === 0) return [empty];
  const rows = `${s.count} order summary row${s.count === 1 ? '' : 's'}`;
  return [
    `${rows} left out (${s.column} empty, above the order's item rows: counting ${s.count === 1 ? 'it' : 'them'} would count the items twice)${e ? `, e.g. ${e.file} row ${e.row} (order ${e.order})` : ''}${empty ? `; ${empty}` : ''}`,
  ];
}
