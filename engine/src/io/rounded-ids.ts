/**
 * Ids a program may have rounded on the way into the file: numbers of more than 15 digits, which
 * a spreadsheet keeps to 15 significant digits ("12345678901234567" → "12345678901234600") and a
 * program holding numbers as doubles to about 16, or written in scientific notation
 * ("1.23457E+15"). Different customers or orders then read as one.
 *
 * A rounding writer rounds a whole column, so a file's column holding one long id that no
 * rounding can produce was written in full, and its long ids are not flagged (Toast's 18-digit
 * order ids): no writer's rounding leaves more than 17 significant digits unless it prints a
 * double's exact value, and those are the values a double holds; below 2^53 a double holds every
 * integer, so there only a spreadsheet's 15 digits round.
 */
import type { Role } from '../mapping/roles.ts';
import type { SqlPort } from '../ports.ts';
import { ident } from '../sql/quote.ts';
import { num, tableRows } from '../sql/rows.ts';
import { locateRow, SOURCE_COLUMN, type SourceInfo } from './read-sources.ts';

export interface RoundedIds {
  role: Role;
  column: string;
  count: number;
  examples: { file: string; row: number; value: string }[];
}

/** Digits a spreadsheet keeps exactly. */
const EXACT_DIGITS = 15;
/** Significant digits a double's shortest or 17-digit print may have. */
const PRINTED_DIGITS = 17;
/** Integers from here on are not all held by a double. */
const DOUBLE_EXACT = '9007199254740992';

/** `v` (digits, a ".0" tail taken off) is an id no rounding writes: more digits than any print of a rounded value has. */
export function unroundedSql(v: string): string {
  const sig = `strlen(rtrim(ltrim(${v}, '0'), '0'))`;
  const n = `TRY_CAST(${v} AS HUGEINT)`;
  return `((${sig} > ${EXACT_DIGITS} AND ${n} < ${DOUBLE_EXACT}) OR (${sig} > ${PRINTED_DIGITS} AND CAST(CAST(${n} AS DOUBLE) AS HUGEINT) <> ${n}))`;
}

/**
 * The mapped id columns (invoice, customer, SKU) holding possibly rounded ids, with counts and
 * examples: numbers in scientific notation, and long numbers in files whose column shows no id
 * written in full.
 */
export async function findRoundedIds(sql: SqlPort, sources: readonly SourceInfo[], mapping: Partial<Record<Role, string>>): Promise<RoundedIds[]> {
  const roles = (['invoice', 'customer', 'sku'] as const).filter((r) => mapping[r] !== undefined);
  if (roles.length === 0) return [];
  const cols = roles.map((r) => ident(mapping[r]!));
  const digits = `'^\\d{${EXACT_DIGITS + 1},}(\\.0+)?$'`;
  const sci = `'^\\d(\\.\\d+)?[eE]\\+\\d+$'`;
  // One scan with a cheap test (more bytes than digits kept, or an exponent's "+"), so the patterns run on few values.
  const maybe = cols.map((c) => `strlen(${c}) > ${EXACT_DIGITS} OR contains(${c}, '+')`).join(' OR ');
  // __id: a file's own column may be called "id" (names compare without case in SQL).
  const file = ident(SOURCE_COLUMN);
  await sql.exec(`CREATE OR REPLACE TEMP TABLE long_ids AS SELECT rowid AS __id, ${file}, ${cols.join(', ')} FROM raw WHERE ${maybe}`, { parallel: true });
  const out: RoundedIds[] = [];
  for (const role of roles) {
    const column = mapping[role]!;
    const c = ident(column);
    const rows = tableRows(
      await sql.query(
        `WITH l AS (SELECT __id, ${file} AS f, trim(${c}) AS v, regexp_matches(trim(${c}), ${sci}) AS sci FROM long_ids
           WHERE regexp_matches(trim(${c}), ${digits}) OR regexp_matches(trim(${c}), ${sci})),
         written_in_full AS (SELECT DISTINCT f FROM l WHERE NOT sci AND ${unroundedSql(`regexp_replace(v, '\\.0+$', '')`)})
         SELECT __id, v, count(*) OVER () AS n FROM l WHERE sci OR f NOT IN (SELECT f FROM written_in_full) ORDER BY __id LIMIT 3`,
      ),
    );
    if (rows.length === 0) continue;
    const examples = rows.flatMap((e) => {
      const where = locateRow(sources, num(e.__id));
      return where ? [{ ...where, value: String(e.v) }] : [];
    });
    out.push({ role, column, count: num(rows[0]!.n), examples });
  }
  await sql.exec('DROP TABLE long_ids');
  return out;
}
