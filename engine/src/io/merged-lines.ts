/**
 * Lines a stray quote read as text. A quote that opens a field on one line and is closed on a later
 * one (`"Mug` on row 52, `Big"` on row 55) makes one value of everything between: DuckDB reads a
 * quoted field across line breaks, as it must for multi-line descriptions (Shopify's product
 * text), so the lines between are no rows and nothing fails. Such a value is told from a
 * description by its delimiters: it holds the rest of the line its quote opened on and the start
 * of the one it closed on, with the whole lines between: records of the file. Its first line holds
 * the delimiters of the columns after its own, its last those of the columns before, and every
 * line between (but a blank one) those of a whole record. A note of a few lines holds its commas
 * anywhere, rarely so; a file of fewer than MIN_COLUMNS columns gives too few to tell.
 *
 * Only where a file's lines outnumber its rows is `raw` looked at (read-sources.ts: the lines are
 * counted in the pass over the file that finds blank lines, blank-lines.ts); a clean file pays
 * nothing. A file a load leaves to its host to look through (the app's large files in a browser)
 * is searched once that pass has counted its lines (checkMergedLines). The rows are kept as read,
 * and said so: a mend would guess which quote was meant.
 */
import type { SqlPort } from '../ports.ts';
import { ident, literal } from '../sql/quote.ts';
import { num, tableRows } from '../sql/rows.ts';

/** Fewer columns and a line of text can hold as many delimiters as a record. */
export const MIN_COLUMNS = 3;

/** How many examples a file's warning names. */
const EXAMPLES = 3;

/** Values of one file holding whole lines of it: how many, the lines in them, and the first few. */
export interface MergedLines {
  count: number;
  /** Lines read inside those values, past the lines their quotes opened on. */
  lines: number;
  examples: MergedValue[];
}

/** A value holding lines: its row (as messages name rows), the line of the file its quote opened on, its column, the lines in it. */
export interface MergedValue {
  row: number;
  line: number;
  column: string;
  lines: number;
}

/** A file of `raw` to look through: its name in `raw`, its columns, its delimiter, whether its lines end in a CR alone. */
export interface MergedFile {
  name: string;
  columns: readonly string[];
  delimiter: string;
  crLines: boolean;
}

/** A value found in `raw`: its rowid, column, lines in it, and the line breaks in the file's rows above it. */
export interface FoundValue {
  id: number;
  column: string;
  lines: number;
  before: number;
}

/**
 * Per file, the values holding whole lines of it (files with none left out): one statement per
 * delimiter, columns and line break among `files` (a folder's files share them).
 */
export async function findMergedLines(
  sql: SqlPort,
  files: readonly MergedFile[],
  several: boolean,
): Promise<Map<string, { count: number; lines: number; first: FoundValue[] }>> {
  const groups = new Map<string, MergedFile[]>();
  for (const f of files) {
    const key = [f.delimiter, f.crLines, ...f.columns].join('\u0000');
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const out = new Map<string, { count: number; lines: number; first: FoundValue[] }>();
  for (const group of groups.values()) {
    const columns = group[0]!.columns;
    const rows = tableRows(await sql.query(mergedLinesSql(group, several), { parallel: true }));
    for (const r of rows) {
      const name = String(r.f);
      const found = out.get(name) ?? { count: num(r.n), lines: num(r.total), first: [] };
      found.first.push({ id: num(r.id), column: columns[num(r.col)]!, lines: num(r.brk), before: num(r.before) });
      out.set(name, found);
    }
  }
  return out;
}

/**
 * The statement for files of one delimiter, columns and line break: their rows with a line break
 * in a value (the line breaks summed over the rows above each in its file, for its place in the
 * file), those with a value shaped as lines of records (the first holding the delimiters of the
 * columns after its own, the last of those before it, each between but a blank one a record's),
 * the first EXAMPLES of them in each file with their count and lines.
 */
function mergedLinesSql(files: readonly MergedFile[], several: boolean): string {
  const { delimiter, crLines, columns } = files[0]!;
  const width = columns.length;
  const cols = columns.map(ident);
  // The file's own line break (a CRLF holds one LF): looking for both took twice as long.
  const lineBreak = `chr(${crLines ? 13 : 10})`;
  const count = (c: string, what: string) => `length(${c}) - length(replace(${c}, ${what}, ''))`;
  const delimiters = (c: string) => count(c, literal(delimiter));
  const source = ident('__source');
  const where = [
    ...(several ? [`${source} IN (${files.map((f) => literal(f.name)).join(', ')})`] : []),
    // A value of a line break and width - 1 delimiters is at least `width` bytes long: the
    // length, kept with each value, spares most short values (ids, numbers) the search.
    `(${cols.map((c) => `(strlen(${c}) >= ${width} AND contains(${c}, ${lineBreak}))`).join(' OR ')})`,
  ].join(' AND ');
  // A blank line of a CRLF file read by its LF holds its CR.
  const between = (parts: string) => `len(list_filter(${parts}[2:-2], p -> rtrim(p, chr(13)) <> '' AND ${delimiters('p')} < ${width - 1})) = 0`;
  const records = (c: string, i: number) => {
    const parts = `string_split(${c}, ${lineBreak})`;
    return `${delimiters(`${parts}[1]`)} >= ${width - 1 - i} AND ${delimiters(`${parts}[-1]`)} >= ${i} AND ${between(parts)}`;
  };
  const counts = cols.map((c, i) => `COALESCE(${count(c, lineBreak)}, 0) AS b${i}, COALESCE(${count(c, lineBreak)} > 0 AND ${records(c, i)}, false) AS r${i}`);
  const col = `CASE ${cols.map((_, i) => `WHEN r${i} THEN ${i}`).join(' ')} END`;
  const inFile = 'PARTITION BY f ORDER BY id';
  return `WITH v AS (SELECT rowid AS id, ${source} AS f, ${counts.join(', ')} FROM raw WHERE ${where}),
    m AS (SELECT id, f, ${col} AS col, CASE ${col} ${cols.map((_, i) => `WHEN ${i} THEN b${i}`).join(' ')} END AS brk,
      COALESCE(sum(${cols.map((_, i) => `b${i}`).join(' + ')}) OVER (${inFile} ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before FROM v QUALIFY col IS NOT NULL)
    SELECT id, f, col, brk, before, count(*) OVER (PARTITION BY f) AS n, sum(brk) OVER (PARTITION BY f) AS total FROM m
    QUALIFY row_number() OVER (${inFile}) <= ${EXAMPLES} ORDER BY id`;
}

/** The figure warning for each file whose values hold whole lines of it (figure-warnings.ts). */
export function mergedLineWarnings(sources: readonly { name: string; mergedLines?: MergedLines }[]): string[] {
  return sources.flatMap((s) => {
    const m = s.mergedLines;
    if (!m) return [];
    const one = m.count === 1;
    const lines = (n: number) => `${n.toLocaleString('en-US')} ${n === 1 ? 'line' : 'lines'}`;
    const where = m.examples
      .map((e) => `a quote opens "${e.column}" on row ${e.row} (line ${e.line} of the file) and closes ${lines(e.lines)} down, on line ${e.line + e.lines}`)
      .join('; ');
    return [
      `${s.name}: ${m.count.toLocaleString('en-US')} ${one ? 'value holds' : 'values hold'} ${lines(m.lines)} of the file read as text, their rows not read: ${where}${one ? '' : m.count > m.examples.length ? '; ...' : ''}. ${one ? 'Its row is' : 'The rows are'} kept as read (values before the quote from the line it opens on, those after it from the line it closes on); put right the stray quote in the file (remove it, or double it inside a quoted value) and load it again`,
    ];
  });
}

/** The words for files whose search for such values is still to come (the app's large files: the Data screen); undefined when none. */
export function mergedLinesUncheckedNote(sources: readonly { name: string; mergedLinesUnchecked?: true }[]): string | undefined {
  const unchecked = sources.filter((s) => s.mergedLinesUnchecked);
  if (unchecked.length === 0) return undefined;
  return `not yet looked through for stray quotes (a quote opened on one line and closed on a later one reads the lines between as text): ${unchecked.map((s) => s.name).join(', ')}`;
}
