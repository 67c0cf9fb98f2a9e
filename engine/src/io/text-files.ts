/**
 * A text beside tables: a README.txt in a downloaded dataset's folder or archive, notes kept
 * with a month's exports. Read as a table it has one named column (its title), words split at
 * spaces, or whatever its commas make of its first lines, and would stop the load (refused for
 * lacking the others' columns, or for its ragged rows). Where another file read with it is a
 * table of three columns or more, and the text's "header" names none of its columns, it holds no
 * sales: it is left out and said.
 */

/** A file as read: its name, header, whether it is delimited text, and its delimiter. */
export interface ReadFile {
  name: string;
  header: readonly string[];
  text: boolean;
  delimiter?: string;
}

/** A header cell left empty, as columnNames names it. */
const UNNAMED = /^column\d+$/;

/** Which of the files (by index) are texts beside tables. */
export function textsBesideTables(files: readonly ReadFile[]): number[] {
  // One named column (the others, if any, unnamed cells of lines longer than the title), words
  // split at spaces, or a .txt whose first lines a comma split.
  const textLike = (f: ReadFile) => f.text && (f.header.filter((c) => !UNNAMED.test(c)).length <= 1 || f.delimiter === ' ' || /\.txt$/i.test(f.name));
  const tables = files.filter((f) => !textLike(f) && f.header.length >= 3);
  if (tables.length === 0) return [];
  const named = new Set(tables.flatMap((f) => f.header.map((c) => c.toLowerCase())));
  return files.flatMap((f, i) => (textLike(f) && !f.header.some((c) => named.has(c.toLowerCase())) ? [i] : []));
}

/** The words for them (every command's warnings, the Data screen). */
export function textFileWarnings(names: readonly string[] | undefined): string[] {
  if (!names?.length) return [];
  const one = names.length === 1;
  const shown = names.slice(0, 3).join(', ') + (names.length > 3 ? ` and ${names.length - 3} more` : '');
  return [
    `${one ? '1 file is a text' : `${names.length} files are texts`} of one column, not a table as the others are, and ${one ? 'was' : 'were'} left out: ${shown}`,
  ];
}
