/**
 * The names a file's columns are read under: its header cells trimmed; an empty cell named by its
 * position (as DuckDB would), and so is a name SQL would confuse with another: "rowid" (a table's
 * row number, which a column of that name would hide), "filename" (read_csv's column naming each
 * file), names starting "__" (ours, as the source file's), and a name differing from an earlier
 * column's only in case (SQL compares names without case). A name written twice alike stays, and
 * the load refuses it by name.
 */
export function columnNames(cells: readonly string[]): string[] {
  const names = cells.map((cell) => cell.trim());
  const lower = names.map((name) => name.toLowerCase());
  return names.map((name, i) => {
    if (name === '') return `column${i}`;
    const l = lower[i]!;
    const taken = l === 'rowid' || l === 'filename' || l.startsWith('__') || lower.slice(0, i).some((e, j) => e === l && names[j] !== name);
    return taken ? `${name} (column ${i + 1})` : name;
  });
}
