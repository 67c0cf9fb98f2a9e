/** SQL quoting for identifiers and literals built from user data (column names, file names). */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export function literalList(values: readonly string[]): string {
  return `[${values.map(literal).join(', ')}]`;
}
