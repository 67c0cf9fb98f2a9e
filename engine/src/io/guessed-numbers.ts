/**
 * Numbers read under a convention no sampled value showed. Whole numbers and values such as
 * "1.200" or "2,829" give no sign whether the mark is decimal or groups thousands; such a file is
 * read with "." as the decimal mark, the common case, and "," grouping ("2,829" as 2829, "1.200"
 * as 1.2): a figure that may be a thousand times off. The files are then scanned whole: a value
 * showing the convention anywhere ("2.50", "12,34", "0.500") decides it. Failing that, the
 * values' shape may: where every value with the mark has one group of three digits after it and
 * the whole values are all under 1,000 (German whole euros "3.722" beside "666"), the mark groups
 * thousands, as a decimal writer would have written some "12.5" (a trimmed zero) long before
 * writing as many whole prices. What was read either way is counted, with examples, and told.
 */
import { CURRENCY_PATTERN, ODD_SPACES_SQL, type NumberFormat } from '../mapping/number-format.ts';
import type { Role } from '../mapping/roles.ts';
import type { SqlPort } from '../ports.ts';
import { ident, literal } from '../sql/quote.ts';
import { num, tableRows } from '../sql/rows.ts';
import { locateRow, type SourceInfo } from './read-sources.ts';

type Mark = '.' | ',';

export interface GuessedNumbers {
  role: Role;
  column: string;
  /** The mark in the values counted, read as the decimal mark ("1.200" as 1.2) or as grouping thousands ("2,829" as 2829). */
  mark: Mark;
  readAs: 'decimal' | 'thousands';
  /** Why so: no value showed the convention ('unshown'), or the values' shape ('shape', see above). */
  basis: 'unshown' | 'shape';
  /** Values such as "1.200", read as `readAs` says. */
  count: number;
  examples: { file: string; row: number; value: string }[];
}

/** A numeric role whose convention was guessed in `files`. */
export interface GuessedColumn {
  role: Role;
  column: string;
  files: ReadonlySet<string>;
}

export interface GuessedReading {
  numbers: GuessedNumbers[];
  /** The files whose whole text decided a convention other than the guess ("." decimal, "," grouping). */
  formats: Map<string, Pick<NumberFormat, 'decimal' | 'thousands'>>;
}

const EXAMPLES = 3;
const COMMA_DECIMAL: Pick<NumberFormat, 'decimal' | 'thousands'> = { decimal: ',', thousands: '.' };
/** The value without currency signs and spaces (no-break and thin ones too), as the number SQL reads it. */
export const bareNumberSql = (c: string) => `regexp_replace(${c}, ${literal(`${CURRENCY_PATTERN}|\\s|${ODD_SPACES_SQL}`)}, '', 'g')`;
/** The whole value is `n`, signed or a negative as "(n)" or "n-" (NEGATIVE_NOTATION). */
export const signedNumberPattern = (n: string) => literal(`^(?:[-+]?(?:${n})|\\((?:${n})\\)|(?:${n})-)$`);
/** One mark before exactly three digits, after a first group that is no lone 0: "1.200" is 1.2 or 1200. */
const AMBIGUOUS: Record<Mark, string> = { '.': signedNumberPattern('[1-9]\\d{0,2}\\.\\d{3}'), ',': signedNumberPattern('[1-9]\\d{0,2},\\d{3}') };
/** A value only a decimal point fits ("2.50", "0.500", "1,234.5", "1,234,567"); the same for a decimal comma. */
const SHOWN: Record<Mark, string> = {
  '.': signedNumberPattern('\\d*\\.\\d+|\\d{1,3}(?:,\\d{3})+\\.\\d*|\\d{1,3}(?:,\\d{3}){2,}'),
  ',': signedNumberPattern('\\d*,\\d+|\\d{1,3}(?:\\.\\d{3})+,\\d*|\\d{1,3}(?:\\.\\d{3}){2,}'),
};
const WHOLE_SMALL = signedNumberPattern('\\d{1,3}');
const WHOLE_LARGE = signedNumberPattern('\\d{4,}');

/** How a file's values of one mark were read, and why. */
interface Reading {
  readAs: GuessedNumbers['readAs'];
  basis: GuessedNumbers['basis'];
}

export async function findGuessedNumbers(sql: SqlPort, sources: readonly SourceInfo[], guessed: readonly GuessedColumn[]): Promise<GuessedReading> {
  const formats = new Map<string, Pick<NumberFormat, 'decimal' | 'thousands'>>();
  const files = sources.filter((s) => s.rows > 0 && guessed.some((g) => g.files.has(s.name)));
  if (files.length === 0) return { numbers: [], formats };
  const inFiles = files.length === sources.length ? 'true' : files.map((s) => `rowid BETWEEN ${s.firstRowId} AND ${s.firstRowId + s.rows - 1}`).join(' OR ');
  const inGuessed = (i: number) => `"__source" IN (${[...guessed[i]!.files].map(literal).join(', ')})`;
  const marked = (c: string) => `(contains(${c}, '.') OR contains(${c}, ','))`;
  // Only values holding a mark are stripped and matched: the scan costs two `contains` per value elsewhere.
  const stripped = guessed.map((g, i) => `CASE WHEN ${marked(ident(g.column))} THEN ${bareNumberSql(ident(g.column))} END AS s${i}`);
  const shown = (m: Mark) => guessed.map((_, i) => `(regexp_matches(s${i}, ${SHOWN[m]}) AND NOT regexp_matches(s${i}, ${AMBIGUOUS[m]}))`).join(' OR ');
  const ambiguous = (i: number, m: Mark) =>
    `count(*) FILTER (WHERE regexp_matches(s${i}, ${AMBIGUOUS[m]}) AND ${inGuessed(i)}) AS ${m === '.' ? 'd' : 'c'}${i}`;
  const perFile = tableRows(
    await sql.query(
      `SELECT "__source" AS f, count(*) FILTER (WHERE ${shown('.')}) AS point, count(*) FILTER (WHERE ${shown(',')}) AS comma,
      ${guessed.flatMap((_, i) => [ambiguous(i, '.'), ambiguous(i, ',')]).join(', ')}
      FROM (SELECT "__source", ${stripped.join(', ')} FROM raw WHERE ${inFiles}) GROUP BY 1`,
      { parallel: true },
    ),
  );
  const count = (r: Record<string, unknown>, i: number, m: Mark) => num(r[`${m === '.' ? 'd' : 'c'}${i}`]);
  const columns = guessed.map((_, i) => i);
  // Per file and mark, how its ambiguous values were read; a file showing its convention has none.
  const readings = new Map<string, Partial<Record<Mark, Reading>>>();
  const shapeOf = new Map<string, Mark>();
  for (const r of perFile) {
    const [f, point, comma] = [String(r.f), num(r.point), num(r.comma)];
    if (point > 0) continue;
    if (comma > 0) {
      formats.set(f, COMMA_DECIMAL);
      continue;
    }
    const dots = columns.some((i) => count(r, i, '.') > 0);
    const commas = columns.some((i) => count(r, i, ',') > 0);
    if (dots !== commas) shapeOf.set(f, dots ? '.' : ',');
    readings.set(f, { '.': { readAs: 'decimal', basis: 'unshown' }, ',': { readAs: 'thousands', basis: 'unshown' } });
  }
  for (const [f, m] of await shapedFiles(sql, shapeOf, perFile, guessed)) {
    readings.set(f, { [m]: { readAs: 'thousands', basis: 'shape' } });
    if (m === '.') formats.set(f, COMMA_DECIMAL);
  }
  const numbers: GuessedNumbers[] = [];
  for (const [i, g] of guessed.entries()) {
    for (const m of ['.', ','] as const) {
      // The files of each reading of this column's values with the mark.
      const byReading = new Map<string, { reading: Reading; files: string[]; count: number }>();
      for (const r of perFile) {
        const reading = readings.get(String(r.f))?.[m];
        const n = count(r, i, m);
        if (!reading || n === 0) continue;
        const key = `${reading.readAs} ${reading.basis}`;
        const entry = byReading.get(key) ?? { reading, files: [], count: 0 };
        entry.files.push(String(r.f));
        entry.count += n;
        byReading.set(key, entry);
      }
      for (const { reading, files: names, count: n } of byReading.values()) {
        const rows = tableRows(
          await sql.query(
            `SELECT rowid AS id, ${ident(g.column)} AS v FROM raw
            WHERE "__source" IN (${names.map(literal).join(', ')}) AND contains(${ident(g.column)}, ${literal(m)}) AND regexp_matches(${bareNumberSql(ident(g.column))}, ${AMBIGUOUS[m]})
            ORDER BY rowid LIMIT ${EXAMPLES}`,
          ),
        );
        const examples = rows.flatMap((r) => {
          const where = locateRow(sources, num(r.id));
          return where ? [{ ...where, value: String(r.v) }] : [];
        });
        numbers.push({ role: g.role, column: g.column, mark: m, ...reading, count: n, examples });
      }
    }
  }
  return { numbers, formats };
}

/**
 * The files, of those whose ambiguous values hold one mark only, whose shape says the mark groups
 * thousands: in every column holding it, some whole value and none of 1,000 or more ("1234" beside
 * "2.829" is no grouping writer's). Scans only those files' unmarked values, once.
 */
async function shapedFiles(
  sql: SqlPort,
  shapeOf: ReadonlyMap<string, Mark>,
  perFile: readonly Record<string, unknown>[],
  guessed: readonly GuessedColumn[],
): Promise<[string, Mark][]> {
  if (shapeOf.size === 0) return [];
  const wholes = guessed.map((g, i) => {
    const c = ident(g.column);
    const v = `CASE WHEN NOT (contains(${c}, '.') OR contains(${c}, ',')) THEN ${bareNumberSql(c)} END`;
    return `count(*) FILTER (WHERE regexp_matches(${v}, ${WHOLE_SMALL})) AS small${i}, count(*) FILTER (WHERE regexp_matches(${v}, ${WHOLE_LARGE})) AS large${i}`;
  });
  const wholeCounts = new Map(
    tableRows(
      await sql.query(`SELECT "__source" AS f, ${wholes.join(', ')} FROM raw WHERE "__source" IN (${[...shapeOf.keys()].map(literal).join(', ')}) GROUP BY 1`, {
        parallel: true,
      }),
    ).map((r) => [String(r.f), r]),
  );
  return perFile.flatMap((r): [string, Mark][] => {
    const f = String(r.f);
    const m = shapeOf.get(f);
    const w = wholeCounts.get(f);
    if (!m || !w) return [];
    const holding = guessed.map((_, i) => i).filter((i) => num(r[`${m === '.' ? 'd' : 'c'}${i}`]) > 0);
    return holding.every((i) => num(w[`small${i}`]) > 0 && num(w[`large${i}`]) === 0) ? [[f, m]] : [];
  });
}

/** The words for numbers read under a guessed convention (the CLI's warnings, the Data screen's notice). */
export function guessedNumberWarnings(guessed: readonly GuessedNumbers[] | undefined): string[] {
  return (guessed ?? []).map((g) => {
    const e = g.examples[0];
    const example = e ? ` such as "${e.value}" (${e.file} row ${e.row})` : '';
    const other = g.mark === '.' ? ',' : '.';
    const read =
      g.readAs === 'decimal'
        ? `with "${g.mark}" as the decimal mark ("1${g.mark}200" as 1.2)`
        : `with "${g.mark}" grouping thousands ("1${g.mark}200" as 1200)`;
    const why =
      g.basis === 'shape'
        ? `every value with "${g.mark}" has three digits after it and the values without are whole numbers under 1,000, as where "${g.mark}" groups thousands, but no value shows a decimal mark`
        : `no value in the file shows whether "${g.mark}" marks decimals or groups thousands`;
    const choose =
      g.readAs === 'decimal' ? `if it groups thousands, choose the decimal mark "${other}"` : `if it marks decimals, choose the decimal mark "${g.mark}"`;
    return `${g.count} value${g.count === 1 ? '' : 's'} in ${g.column} (${g.role})${example} ${g.count === 1 ? 'was' : 'were'} read ${read}: ${why}; ${choose}`;
  });
}
