/**
 * Excel's text guard: exports that want a spreadsheet to keep "00123" (an id, a date) as text
 * write it as ="00123". Read as it stands the value is `="00123"`: ids kept the wrapper, and
 * dates and numbers so written did not parse at all, so their columns went unmapped. Columns
 * whose sampled values show the guard are unwrapped in `raw` before detection, and the sample
 * with them; a quote inside is doubled, as in any Excel string.
 */
import type { SqlPort } from '../ports.ts';
import { ident } from '../sql/quote.ts';

const GUARDED = /^="([\s\S]*)"$/;

/** The value without the guard (as the SQL below unwraps it); others as they are. */
export function unguard(v: string): string {
  const m = GUARDED.exec(v);
  return m ? m[1]!.replaceAll('""', '"') : v;
}

/** SQL: the text `x` holds a guarded value (GUARDED). */
export const guardedSql = (x: string) => `starts_with(${x}, '="') AND ends_with(${x}, '"') AND length(${x}) >= 3`;
/** SQL: a guarded value `x` without its guard (unguard). */
export const unguardSql = (x: string) => `replace(substr(${x}, 3, length(${x}) - 3), '""', '"')`;

/**
 * Unwraps the guarded values of the columns whose sample shows one, in `raw` and in `sample`;
 * the columns, in their order. A file without any costs nothing.
 */
export async function unguardExcelText(sql: SqlPort, sample: Record<string, (string | null)[]>): Promise<string[]> {
  const guarded = Object.keys(sample).filter((c) => sample[c]!.some((v) => v !== null && GUARDED.test(v)));
  for (const c of guarded) {
    const x = ident(c);
    await sql.exec(`UPDATE raw SET ${x} = ${unguardSql(x)} WHERE ${guardedSql(x)}`);
    sample[c] = sample[c]!.map((v) => (v === null ? null : unguard(v)));
  }
  return guarded;
}

/** The words for them (inspect, the Data screen). */
export function excelTextNote(columns: readonly string[]): string {
  return `values written ="…" (Excel's guard for text) read without it, in ${columns.map((c) => `"${c}"`).join(', ')}`;
}
