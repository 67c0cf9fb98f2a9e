/** A header cell as one line, trimmed: Excel's wrapped text ("Unit Price\n(GBP)") reads "Unit Price (GBP)", a name roles are matched to. */
const oneLine = (cell: string) => (cell.includes('\n') || cell.includes('\r') ? cell.replace(/\s*[\r\n]\s*/g, ' ') : cell).trim();

/**
 * The names a file's columns are read under: its header cells trimmed (oneLine); an empty cell named by its
 * position (as DuckDB would), and so is a name SQL would confuse with another: "rowid" (a table's
 * row number, which a column of that name would hide), "filename" (read_csv's column naming each
 * file), names starting "__" (ours, as the source file's), and a name an earlier column has,
 * written alike or in another case (SQL compares names without case): "Notes" and
 * "Notes (column 9)". Where a role reads one of such names, repeatedNameWarnings says which.
 */
export function columnNames(cells: readonly string[]): string[] {
  const names = cells.map(oneLine);
  const lower = names.map((name) => name.toLowerCase());
  return names.map((name, i) => {
    if (name === '') return `column${i}`;
    const l = lower[i]!;
    const taken = l === 'rowid' || l === 'filename' || l.startsWith('__') || lower.slice(0, i).includes(l);
    return taken ? `${name} (column ${i + 1})` : name;
  });
}

/** A name as columnNames gives it without the position it may have gained, in lower case. */
const baseName = (column: string) => column.replace(/ \(column \d+\)$/, '').toLowerCase();

/**
 * The columns whose name an earlier column has (columnNames gave them their position): detection
 * gives them no role, their name saying no more than their twin's; the user may map them.
 */
export function repeatedColumns(columns: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const c of columns) {
    const base = baseName(c);
    if (seen.has(base) && c.toLowerCase() !== base) repeated.add(c);
    seen.add(base);
  }
  return repeated;
}

/**
 * Roles reading a column whose name the header gives another column too (columnNames told them
 * apart by position): which one is read, and how to read the other.
 */
export function repeatedNameWarnings(columns: readonly string[], mapping: Readonly<Partial<Record<string, string>>>): string[] {
  return Object.entries(mapping).flatMap(([role, column]) => {
    if (column === undefined) return [];
    const others = columns.filter((c) => c !== column && baseName(c) === baseName(column));
    if (others.length === 0) return [];
    const names = [column, ...others].map((c) => `"${c}"`);
    const listed = `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
    return [
      `${names.length} columns of the header share one name (${listed}): the ${role.replaceAll('_', ' ')} is read from "${column}"; map it to another to read that one instead (--map ${role}="${others[0]}")`,
    ];
  });
}
