/**
 * Numbers read under a convention no value showed. Whole numbers and values such as "1.200" give
 * no sign whether "." marks decimals or groups thousands; such a file is read with "." as the
 * decimal mark, the common case, so "1.200" is 1.2: a figure that may be a thousand times off.
 * Those values are counted, with examples, over the files read that way, unless some value of the
 * files' numeric columns (beyond the sample that decided) shows a decimal point after all.
 */
import { CURRENCY_PATTERN } from '../mapping/number-format.ts';
import type { Role } from '../mapping/roles.ts';
import type { SqlPort } from '../ports.ts';
import { ident, literal } from '../sql/quote.ts';
import { num, tableRows } from '../sql/rows.ts';
import { locateRow, type SourceInfo } from './read-sources.ts';

export interface GuessedNumbers {
  role: Role;
  column: string;
  /** Values such as "1.200", read as 1.2. */
  count: number;
  examples: { file: string; row: number; value: string }[];
}

/** A numeric role whose convention was guessed in `files`. */
export interface GuessedColumn {
  role: Role;
  column: string;
  files: ReadonlySet<string>;
}

const EXAMPLES = 3;
/** The value without currency signs and spaces (no-break and thin ones too), as the number SQL reads it. */
const bare = (c: string) => `regexp_replace(${c}, ${literal(`${CURRENCY_PATTERN}|[\\s\\x{00A0}\\x{202F}\\x{2009}]`)}, '', 'g')`;
/** The whole value is `n`, signed or a negative as "(n)" or "n-" (NEGATIVE_NOTATION). */
const signed = (n: string) => literal(`^(?:[-+]?${n}|\\(${n}\\)|${n}-)$`);
/** One "." before exactly three digits: 1.2 if "." is decimal, 1200 if it groups. */
const AMBIGUOUS = signed('\\d{1,3}\\.\\d{3}');
/** A "." no grouping fits: "2.50", "1234.5", ".5". */
const POINT_DECIMAL = signed('\\d*\\.\\d+');

export async function findGuessedNumbers(sql: SqlPort, sources: readonly SourceInfo[], guessed: readonly GuessedColumn[]): Promise<GuessedNumbers[]> {
  const files = sources.filter((s) => s.rows > 0 && guessed.some((g) => g.files.has(s.name)));
  if (files.length === 0) return [];
  const inFiles = files.length === sources.length ? 'true' : files.map((s) => `rowid BETWEEN ${s.firstRowId} AND ${s.firstRowId + s.rows - 1}`).join(' OR ');
  // Only values holding a "." are stripped and matched: the scan costs a `contains` per value elsewhere.
  const stripped = guessed.map((g, i) => `CASE WHEN contains(${ident(g.column)}, '.') THEN ${bare(ident(g.column))} END AS s${i}`);
  const inGuessed = (i: number) => `"__source" IN (${[...guessed[i]!.files].map(literal).join(', ')})`;
  const ambiguous = (i: number) => `(regexp_matches(s${i}, ${AMBIGUOUS}) AND ${inGuessed(i)})`;
  const evidence = guessed.map((_, i) => `(regexp_matches(s${i}, ${POINT_DECIMAL}) AND NOT regexp_matches(s${i}, ${AMBIGUOUS}))`).join(' OR ');
  const perFile = tableRows(
    await sql.query(
      `SELECT "__source" AS f, count(*) FILTER (WHERE ${evidence}) AS evidence, ${guessed.map((_, i) => `count(*) FILTER (WHERE ${ambiguous(i)}) AS n${i}`).join(', ')}
      FROM (SELECT "__source", ${stripped.join(', ')} FROM raw WHERE ${inFiles}) GROUP BY 1`,
      { parallel: true },
    ),
  );
  // A file whose values show the decimal point elsewhere was read right.
  const unshown = perFile.filter((r) => num(r.evidence) === 0);
  const out: GuessedNumbers[] = [];
  for (const [i, g] of guessed.entries()) {
    const count = unshown.reduce((n, r) => n + num(r[`n${i}`]), 0);
    if (count === 0) continue;
    const names = unshown.filter((r) => num(r[`n${i}`]) > 0).map((r) => literal(String(r.f)));
    const rows = tableRows(
      await sql.query(
        `SELECT rowid AS id, ${ident(g.column)} AS v FROM raw
        WHERE "__source" IN (${names.join(', ')}) AND contains(${ident(g.column)}, '.') AND regexp_matches(${bare(ident(g.column))}, ${AMBIGUOUS})
        ORDER BY rowid LIMIT ${EXAMPLES}`,
      ),
    );
    const examples = rows.flatMap((r) => {
      const where = locateRow(sources, num(r.id));
      return where ? [{ ...where, value: String(r.v) }] : [];
    });
    out.push({ role: g.role, column: g.column, count, examples });
  }
  return out;
}

/** The words for numbers read under a guessed convention (the CLI's warnings, the Data screen's notice). */
export function guessedNumberWarnings(guessed: readonly GuessedNumbers[] | undefined): string[] {
  return (guessed ?? []).map((g) => {
    const e = g.examples[0];
    const example = e ? ` such as "${e.value}" (${e.file} row ${e.row})` : '';
    return (
      `${g.count} value${g.count === 1 ? '' : 's'} in ${g.column} (${g.role})${example} ${g.count === 1 ? 'was' : 'were'} read with "." as the decimal mark ` +
      `("1.200" as 1.2): no value in the file shows whether "." marks decimals or groups thousands; if it groups thousands, choose the decimal mark ","`
    );
  });
}
