import type { SqlPort } from '../ports.ts';
import { ident, literal } from '../sql/quote.ts';

/** One CSV field, always quoted so commas, quotes and newlines inside ids survive. */
function csvField(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

/**
 * Creates (or replaces) the temporary table `name` with VARCHAR `columns` from `rows`, handing
 * the values to DuckDB as a registered CSV buffer through the port rather than as SQL text.
 * Used for customer filters and customer → group assignments. O(rows).
 */
export async function registerStringTable(sql: SqlPort, name: string, columns: readonly string[], rows: Iterable<readonly string[]>): Promise<void> {
  const parts: string[] = [];
  for (const row of rows) parts.push(`${row.map(csvField).join(',')}\n`);
  const alias = `${name}.csv`;
  const columnTypes = columns.map((c) => `${literal(c)}: 'VARCHAR'`).join(', ');
  if (parts.length === 0) {
    await sql.exec(`CREATE OR REPLACE TEMP TABLE ${ident(name)} (${columns.map((c) => `${ident(c)} VARCHAR`).join(', ')})`);
    return;
  }
  await sql.registerBuffer(alias, new TextEncoder().encode(parts.join('')));
  try {
    await sql.exec(`CREATE OR REPLACE TEMP TABLE ${ident(name)} AS
      SELECT * FROM read_csv(${literal(alias)}, header = false, auto_detect = false, delim = ',', quote = '"', escape = '"',
        columns = {${columnTypes}})`);
  } finally {
    await sql.dropFile(alias);
  }
}
