/**
 * Quantities that are all whole thousands: "2.000", "1.000", "3.000" in a file whose decimal mark
 * is "," (its prices "12,50") read as 2000, 1000 and 3000, as a German writer means them. But a
 * system writing every quantity with three decimals writes the same "2.000" for two units, and a
 * shop whose every line sells a whole number of thousands is rare: the quantities, and the revenue
 * counted from them, may be 1,000 times too large. The file gives no way to tell, so nothing is
 * changed; where every quantity read is so written it is said, with counts and examples.
 */
import type { NumberFormat } from '../mapping/number-format.ts';
import type { SqlPort } from '../ports.ts';
import { ident, literal } from '../sql/quote.ts';
import { num, tableRows } from '../sql/rows.ts';
import { bareNumberSql, signedNumberPattern } from './guessed-numbers.ts';
import { NOT_LEFT_OUT } from './left-out-rows.ts';
import { locateRow, type SourceInfo } from './read-sources.ts';

export interface ThousandQuantities {
  column: string;
  /** The mark read as grouping thousands. */
  mark: '.' | ',';
  /** The quantities read, every one a whole number of thousands so written. */
  count: number;
  examples: { file: string; row: number; value: string }[];
}

const EXAMPLES = 3;
/** "2.000", "-1.000", "12.000.000": whole thousands written with the mark (no other digits after it). */
const WHOLE_THOUSANDS = { '.': signedNumberPattern('[1-9]\\d{0,2}(?:\\.000)+'), ',': signedNumberPattern('[1-9]\\d{0,2}(?:,000)+') };

/**
 * The quantity column's reading, where in the files whose format groups thousands with "." or ","
 * every quantity written is whole thousands with that mark; undefined otherwise.
 */
export async function findThousandQuantities(
  sql: SqlPort,
  sources: readonly SourceInfo[],
  column: string,
  formats: ReadonlyMap<string, { quantity?: NumberFormat }>,
): Promise<ThousandQuantities | undefined> {
  for (const mark of ['.', ','] as const) {
    const files = sources.filter((s) => s.rows > 0 && formats.get(s.name)?.quantity?.thousands === mark).map((s) => literal(s.name));
    if (files.length === 0) continue;
    const c = ident(column);
    const inFiles = `"__source" IN (${files.join(', ')}) AND ${NOT_LEFT_OUT}`;
    const thousands = `contains(${c}, ${literal(mark)}) AND regexp_matches(${bareNumberSql(c)}, ${WHOLE_THOUSANDS[mark]})`;
    // One quantity written otherwise ends the search: in most files the first line's does, at once.
    const other = await sql.query(`SELECT 1 FROM raw WHERE ${inFiles} AND trim(${c}) <> '' AND NOT (${thousands}) LIMIT 1`);
    if (other.numRows > 0) continue;
    const [r] = tableRows(await sql.query(`SELECT count(*) AS n FROM raw WHERE ${inFiles} AND ${thousands}`, { parallel: true }));
    const count = num(r?.n);
    if (count === 0) continue;
    const rows = tableRows(await sql.query(`SELECT rowid AS id, ${c} AS v FROM raw WHERE ${inFiles} AND ${thousands} ORDER BY rowid LIMIT ${EXAMPLES}`));
    const examples = rows.flatMap((e) => {
      const where = locateRow(sources, num(e.id));
      return where ? [{ ...where, value: String(e.v) }] : [];
    });
    return { column, mark, count, examples };
  }
  return undefined;
}

/** The words for quantities all whole thousands (the CLI's warnings, the Data screen's notice); none without. */
export function thousandQuantityWarnings(q: ThousandQuantities | undefined): string[] {
  if (!q) return [];
  const e = q.examples[0];
  const example = e ? ` such as "${e.value}" (${e.file} row ${e.row})` : '';
  const decimal = q.mark === '.' ? ',' : '.';
  const all = q.count === 1 ? 'The 1 quantity' : `All ${q.count.toLocaleString('en-US')} quantities`;
  return [
    `${all} in "${q.column}"${example} ${q.count === 1 ? 'is' : 'are'} whole thousands, read with "${q.mark}" grouping thousands ("2${q.mark}000" as 2000), the decimal mark being "${decimal}": if the file writes quantities with three decimals ("2${q.mark}000" for 2 units), quantities and the revenue counted from them are 1,000 times too large; export them without decimals, or with "${decimal}"`,
  ];
}
