/**
 * Ids written both with and without leading zeros: the shop's system writes customer "000045",
 * and a file of the folder that was opened and saved in a spreadsheet has "45" (a spreadsheet
 * reads the id as a number and drops its zeros). Compared as text they are two customers, each
 * with part of the purchases: recency, frequency and monetary value split, silently. The same
 * for product codes, which split a product's baskets.
 *
 * Where one number is written in several ways among a column's all-digit ids, the lines take its
 * longest spelling (the system's own: a spreadsheet drops zeros, never adds them), and it is said
 * with counts and an example. Ids written one way only are left as they are: "007" alone stays
 * "007". Invoices are left as written: each file's orders are its own, so a spelling a spreadsheet
 * changed splits none (only exports that overlap, one of them saved so, would go unseen by
 * overlapping-files.ts).
 */
import type { SqlPort } from '../ports.ts';
import { ident } from '../sql/quote.ts';
import { firstRow, num, tableRows } from '../sql/rows.ts';
import { locateRow, type SourceInfo } from './read-sources.ts';

export interface PaddedIds {
  role: 'customer' | 'sku';
  column: string;
  /** Numbers written in more than one way. */
  ids: number;
  /** Lines whose id was rewritten to its longest spelling. */
  lines: number;
  /** The first such line: its id as written, the spelling it took, where it is. */
  example: { value: string; read: string; file: string; row: number } | undefined;
}

export const PADDED_ID_ROLES = ['customer', 'sku'] as const;

/** Lines of `lines` whose `role` id starts with "0": where none does, nothing can be merged (an aggregate for the caller's scan). */
export const zeroLedSql = (role: (typeof PADDED_ID_ROLES)[number]) => `count(*) FILTER (WHERE starts_with(${ident(role)}, '0'))`;

/**
 * Rewrites the `lines` table's ids that are one number written in several ways (see above), for
 * the roles given (mapped, and holding an id that starts with "0"); what was merged, per role.
 */
export async function mergePaddedIds(
  sql: SqlPort,
  sources: readonly SourceInfo[],
  columns: Partial<Record<(typeof PADDED_ID_ROLES)[number], string>>,
): Promise<PaddedIds[]> {
  const out: PaddedIds[] = [];
  for (const role of PADDED_ID_ROLES) {
    if (columns[role] === undefined) continue;
    const c = ident(role);
    await sql.exec(
      `CREATE OR REPLACE TEMP TABLE padded_ids AS
      SELECT spelling, longest FROM (
        SELECT spelling, count(*) OVER (PARTITION BY digits) AS ways,
          first_value(spelling) OVER (PARTITION BY digits ORDER BY length(spelling) DESC, spelling) AS longest
        FROM (SELECT DISTINCT ${c} AS spelling, ltrim(${c}, '0') AS digits FROM lines WHERE regexp_full_match(${c}, '[0-9]+'))
      ) WHERE ways > 1 AND spelling <> longest`,
    );
    const found = firstRow(await sql.query('SELECT count(DISTINCT longest) AS ids FROM padded_ids'));
    if (num(found.ids) > 0) {
      const first = tableRows(
        await sql.query(
          `SELECT l.row_id AS id, l.${c} AS value, p.longest AS read, count(*) OVER () AS n
          FROM lines l JOIN padded_ids p ON l.${c} = p.spelling ORDER BY l.row_id LIMIT 1`,
        ),
      )[0]!;
      await sql.exec(`UPDATE lines SET ${c} = p.longest FROM padded_ids p WHERE lines.${c} = p.spelling`);
      const where = locateRow(sources, num(first.id));
      out.push({
        role,
        column: columns[role]!,
        ids: num(found.ids),
        lines: num(first.n),
        example: where ? { value: String(first.value), read: String(first.read), ...where } : undefined,
      });
    }
    await sql.exec('DROP TABLE padded_ids');
  }
  return out;
}

const WHAT = {
  customer: ['customer id', 'customer ids', 'each customer counts once'],
  sku: ['product code', 'product codes', "each product's lines count together"],
} as const;

/** What was merged, with counts and an example. */
export function paddedIdWarnings(found: readonly PaddedIds[] | undefined): string[] {
  return (found ?? []).map((p) => {
    const [one, many, effect] = WHAT[p.role];
    const e = p.example;
    const example = e ? `, e.g. "${e.value}" at ${e.file} row ${e.row} read as "${e.read}"` : '';
    return (
      `${p.ids.toLocaleString('en-US')} ${p.ids === 1 ? `${one} is` : `${many} are`} written both with and without leading zeros in "${p.column}" ` +
      `(${p.lines.toLocaleString('en-US')} ${p.lines === 1 ? 'line' : 'lines'}${example}): each is read in its longest form, so that ${effect}; a spreadsheet may have dropped the zeros`
    );
  });
}
