/**
 * Reports that group their lines under heading rows (QuickBooks' "Sales by Customer Detail"): a
 * row naming the group in the first column and nothing else, the group's lines below it (that
 * column empty), then the group's total ("Total for Amy's Bird Sanctuary", the amount beside it).
 * Each line takes the group of the heading above it (groupedColumnSql); the headings and the
 * groups' total rows, and any row filling an unnamed column after the first (a sub-group's heading
 * or total, one column in), are left out of `lines` (added to total_rows), counted and said.
 */
import type { DetectedLayout } from '../mapping/layouts.ts';
import type { Role } from '../mapping/roles.ts';
import type { SqlPort } from '../ports.ts';
import { ident } from '../sql/quote.ts';
import { firstRow, num, tableRows } from '../sql/rows.ts';
import { locateRow, type SourceInfo } from './read-sources.ts';
import { textSql, trimSql } from './text-sql.ts';

export interface GroupHeadings {
  column: string;
  /** The role the headings name (the customer, or the product), if the file has no column of its own for it. */
  role?: Role;
  headings: number;
  totals: number;
  /** The first heading, and where it stands. */
  example: { file: string; row: number; name: string } | undefined;
}

const text = (c: string) => textSql(ident(c), trimSql);

/** A heading row, given one of the `lead` columns is filled (its name): every other column empty. */
function headingSql(columns: readonly string[], lead: readonly string[]): string {
  return (
    columns
      .filter((c) => !lead.includes(c))
      .map((c) => `${text(c)} IS NULL`)
      .join(' AND ') || 'true'
  );
}

/** The group column as each line reads it: the name on the nearest heading row above, in the line's file. */
export function groupedColumnSql(columns: readonly string[], column: string): string {
  return `last_value(CASE WHEN ${headingSql(columns, [column])} THEN ${text(column)} END IGNORE NULLS) OVER (PARTITION BY "__source" ORDER BY rowid ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)`;
}

/**
 * The headings and group totals of a layout read so (DetectedLayout.groupHeading), added to
 * `total_rows` (made by findTotalRows before) so they are left out of `lines`; undefined for
 * other files. A total row is any other row with the group column filled: the lines leave it empty.
 */
export async function findGroupHeadings(
  sql: SqlPort,
  sources: readonly SourceInfo[],
  columns: readonly string[],
  layout: DetectedLayout | undefined,
): Promise<GroupHeadings | undefined> {
  const group = layout?.groupHeading;
  if (group === undefined) return undefined;
  // A row with any of the leading unnamed columns filled is a heading or a group's total (a job's, one column in);
  // a heading fills nothing else.
  const lead = [...new Set([group.column, ...group.indent])];
  const grouping = lead.map((c) => `${text(c)} IS NOT NULL`).join(' OR ');
  await sql.exec(
    `CREATE OR REPLACE TEMP TABLE group_rows AS SELECT rowid AS rid, ${headingSql(columns, lead)} AS heading, COALESCE(${lead.map(text).join(', ')}) AS name FROM raw
     WHERE (${grouping}) AND rowid NOT IN (SELECT rid FROM total_rows)`,
    { parallel: true },
  );
  const counts = firstRow(await sql.query('SELECT count(*) FILTER (WHERE heading) AS headings, count(*) FILTER (WHERE NOT heading) AS totals FROM group_rows'));
  const first = tableRows(await sql.query('SELECT rid, name FROM group_rows WHERE heading ORDER BY rid LIMIT 1'))[0];
  await sql.exec('INSERT INTO total_rows SELECT rid FROM group_rows');
  await sql.exec('DROP TABLE group_rows');
  const at = first ? locateRow(sources, num(first.rid)) : undefined;
  return {
    column: group.column,
    ...(group.role ? { role: group.role } : {}),
    headings: num(counts.headings),
    totals: num(counts.totals),
    example: at && first ? { ...at, name: String(first.name) } : undefined,
  };
}

/** The words for them (inspect, the Data screen); none without. */
export function groupHeadingNotes(g: GroupHeadings | undefined): string[] {
  if (g === undefined) return [];
  const what = g.role === 'customer' ? 'customer' : g.role === 'sku' ? 'product' : 'group';
  const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
  const read = g.role ? `each line is read as the ${what} whose heading stands above it` : 'the lines name their own customer and product';
  const e = g.example ? ` (e.g. "${g.example.name}", ${g.example.file} row ${g.example.row})` : '';
  return [`${plural(g.headings, `${what} heading`)} and ${plural(g.totals, 'total row')} of the report's groups left out: ${read}${e}`];
}
