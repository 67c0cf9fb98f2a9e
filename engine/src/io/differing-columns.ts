/**
 * Files read together whose columns differ: a shop's monthly exports gain columns over the years
 * (a platform adds one, the shop a custom field), and now and then a column is renamed ("Qty",
 * later "Quantity"). `raw` has every file's columns (read-sources.ts):
 * - columns are matched by name, case aside, as DuckDB matches them;
 * - a column a file has under another name is read as one with the earlier files' column, when
 *   the two names are one name written differently ("Unit Price", "UnitPrice") or two names of
 *   one role ("Qty", "Quantity"), no file has both, and neither could be matched otherwise;
 * - a file without a column reads it as empty. Whether that can stand depends on the column's
 *   role, known once the mapping is (canonical.ts): a column that says what a line is (LINE_ROLES)
 *   cannot be empty on one file's lines, which would all be dropped or be worth nothing without a
 *   word, so such a load is refused naming the file and the column (two shops' exports in one
 *   folder end here too); any other mapped column is said, with the files and lines without it.
 *   The customer is such another: a till's export without customers beside the web shop's is
 *   anonymous sales, which RFM leaves out and baskets can use, each said with its count
 *   (missing_customer, anonymous-baskets.ts). So is a column read under another name. Columns no
 *   role reads are not said.
 */
import { EngineError } from '../errors.ts';
import { HEADER_SYNONYMS, ROLES, normaliseHeader, type ColumnMapping, type Role } from '../mapping/roles.ts';

/** Roles whose column every file must have. */
export const LINE_ROLES = ['invoice', 'date', 'sku', 'description', 'quantity', 'unit_price', 'line_total'] as const satisfies readonly Role[];

/** A column a file names otherwise, read under the earlier files' name. */
export interface RenamedColumn {
  from: string;
  to: string;
}

/** The columns of `columns` that `header` lacks, case aside. */
export function absent(header: readonly string[], columns: readonly string[]): string[] {
  const has = new Set(header.map((c) => c.toLowerCase()));
  return columns.filter((c) => !has.has(c.toLowerCase()));
}

/** Two names for one column: one name written differently, or two names of one role. */
function sameColumn(a: string, b: string): boolean {
  const x = normaliseHeader(a);
  const y = normaliseHeader(b);
  return x !== '' && (x === y || ROLES.some((r) => HEADER_SYNONYMS[r].includes(x) && HEADER_SYNONYMS[r].includes(y)));
}

/**
 * Every file's header as read (renamed columns under the earlier name), the union of the columns
 * (the first file's, then those later files add, as the first to have each spells it), and per
 * file the columns it names otherwise.
 */
export function matchColumns(headers: readonly (readonly string[])[]): { headers: string[][]; columns: string[]; renamed: RenamedColumn[][] } {
  const both = (a: string, b: string) => headers.some((h) => absent(h, [a, b]).length === 0);
  const columns: string[] = [];
  const renamed: RenamedColumn[][] = [];
  const out = headers.map((header, i) => {
    const lacking = i === 0 ? [] : absent(header, columns);
    const fresh = absent(columns, header);
    const pairs = lacking.flatMap((to) => fresh.filter((from) => sameColumn(to, from) && !both(to, from)).map((from) => ({ from, to })));
    // Only pairs with no rival on either side: two candidates leave both columns as they are.
    const kept = pairs.filter((p) => pairs.filter((q) => q.from === p.from || q.to === p.to).length === 1);
    renamed.push(kept);
    const read = header.map((c) => kept.find((p) => p.from === c)?.to ?? c);
    columns.push(...absent(columns, read));
    return read;
  });
  return { headers: out, columns, renamed };
}

interface Source {
  name: string;
  /** Set for a workbook's sheet. */
  sheet?: string;
  rows: number;
  missingColumns?: readonly string[];
  renamedColumns?: readonly RenamedColumn[];
}

const roleName = (role: Role) => role.replace('_', ' ');
const lacks = (s: Source, column: string) => s.missingColumns?.includes(column) === true;
const mapped = (mapping: ColumnMapping) => (Object.entries(mapping) as [Role, string][]).filter(([, c]) => c !== '');

/** Throws when a file lacks a column a line role is read from. */
export function refuseMissingLineColumns(sources: readonly Source[], mapping: ColumnMapping): void {
  for (const [role, column] of mapped(mapping)) {
    if (!(LINE_ROLES as readonly Role[]).includes(role)) continue;
    const without = sources.find((s) => lacks(s, column));
    if (without === undefined) continue;
    const other = sources.find((s) => !lacks(s, column))!;
    throw new EngineError(
      'shape_mismatch',
      `it has no column "${column}", the ${roleName(role)} of ${other.name}'s lines: files read together must each have the columns that say what a line is; open them apart, or give this file the column`,
      { file: without.name, column },
    );
  }
}

/** Per mapped column: the files without it, and the files that name it otherwise. */
export function differingColumnWarnings(sources: readonly Source[], mapping: ColumnMapping): string[] {
  const list = (files: readonly Source[]) => {
    const lines = files.reduce((a, s) => a + s.rows, 0);
    const more = files.length > 3 ? ` and ${files.length - 3} more` : '';
    return `${files
      .slice(0, 3)
      .map((s) => s.name)
      .join(', ')}${more}; ${lines.toLocaleString('en-US')} ${lines === 1 ? 'line' : 'lines'}`;
  };
  const of = `of ${sources.length} ${sources.every((s) => s.sheet !== undefined) ? 'sheets' : 'files'}`;
  return mapped(mapping).flatMap(([role, column]) => {
    const without = sources.filter((s) => lacks(s, column));
    const names = [...new Set(sources.flatMap((s) => (s.renamedColumns ?? []).filter((r) => r.to === column).map((r) => `"${r.from}"`)))];
    const renaming = sources.filter((s) => s.renamedColumns?.some((r) => r.to === column));
    return [
      ...(without.length ? [`${without.length} ${of} have no column "${column}" (${list(without)}): their lines are read with no ${roleName(role)}`] : []),
      ...(renaming.length
        ? [
            `${renaming.length} ${of} have ${names.join(' or ')} where the others have "${column}" (${list(renaming)}): read as one column, the ${roleName(role)}`,
          ]
        : []),
    ];
  });
}
