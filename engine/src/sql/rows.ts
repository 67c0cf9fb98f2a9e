import type { Table } from 'apache-arrow';

/** Converts a small Arrow result to plain rows; BigInt counts become numbers. For summaries only. */
export function tableRows(table: Table): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const row of table) {
    const obj = (row as { toJSON(): Record<string, unknown> }).toJSON();
    for (const [k, v] of Object.entries(obj)) if (typeof v === 'bigint') obj[k] = Number(v);
    out.push(obj);
  }
  return out;
}

export function firstRow(table: Table): Record<string, unknown> {
  return tableRows(table)[0] ?? {};
}

export function num(v: unknown): number {
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number') return v;
  if (v === null || v === undefined) return 0;
  return Number(v);
}
