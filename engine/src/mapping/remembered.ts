/**
 * Remembered mappings: a mapping the user confirmed for one source layout, re-applied the
 * next time files of that layout are opened (the app keeps the memory in Electron's userData
 * or the browser's localStorage, the CLI in a mappings file; see docs in README "Remembered
 * mappings"). Pure functions over a small JSON document; the hosts only store its text.
 */
import { sha256, toHex } from '../export/sha256.ts';
import { isRole, type ColumnMapping, type Role } from './roles.ts';

/**
 * The identity of a source layout: `h1:` and the first 16 hex digits of the SHA-256 of the
 * header names, each trimmed, sorted by UTF-16 code units and joined by a line feed. Order-
 * insensitive (a shop that moves a column keeps its layout) but exact otherwise: case, spelling
 * and every column count, so a remembered column always exists in a file of the same layout.
 */
export function headerSignature(columns: readonly string[]): string {
  const names = columns.map((c) => c.trim()).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `h1:${toHex(sha256(new TextEncoder().encode(names.join('\n')))).slice(0, 16)}`;
}

/** A column of the layout, or '' (the role deliberately not mapped). */
function fits(column: string, columns: readonly string[]): boolean {
  return column === '' || columns.includes(column);
}

export interface RememberedLayout {
  /** The roles the user set by hand ('' for a role set to not mapped). */
  mapping: ColumnMapping;
  /** The header names, to show which layout this is. */
  columns: string[];
  /** When it was saved (ISO 8601, given by the host: the engine has no clock). */
  savedAt: string;
}

/** Every remembered layout, by header signature. */
export interface MappingMemory {
  version: 1;
  layouts: Record<string, RememberedLayout>;
}

export function emptyMappingMemory(): MappingMemory {
  return { version: 1, layouts: {} };
}

/**
 * Reads a stored memory. Text that is not one (damaged, from a newer version) gives an empty
 * memory and a problem to show, never an error: a lost memory only costs a re-mapping.
 */
export function parseMappingMemory(text: string | null): { memory: MappingMemory; problem?: string } {
  if (text === null || text.trim() === '') return { memory: emptyMappingMemory() };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { memory: emptyMappingMemory(), problem: 'the remembered mappings are not valid JSON; starting afresh' };
  }
  const d = doc as { version?: unknown; layouts?: unknown };
  if (typeof d !== 'object' || d === null || d.version !== 1 || typeof d.layouts !== 'object' || d.layouts === null) {
    return { memory: emptyMappingMemory(), problem: 'the remembered mappings are not in a known format (version 1); starting afresh' };
  }
  const layouts: Record<string, RememberedLayout> = {};
  for (const [signature, entry] of Object.entries(d.layouts as Record<string, unknown>)) {
    const e = entry as Partial<RememberedLayout> | null;
    if (!e || typeof e !== 'object' || !Array.isArray(e.columns) || typeof e.mapping !== 'object' || e.mapping === null) continue;
    const columns = e.columns.filter((c): c is string => typeof c === 'string');
    const mapping: ColumnMapping = {};
    for (const [role, column] of Object.entries(e.mapping)) if (isRole(role) && typeof column === 'string' && fits(column, columns)) mapping[role] = column;
    if (Object.keys(mapping).length > 0) layouts[signature] = { mapping, columns, savedAt: typeof e.savedAt === 'string' ? e.savedAt : '' };
  }
  return { memory: { version: 1, layouts } };
}

export function serialiseMappingMemory(memory: MappingMemory): string {
  return `${JSON.stringify(memory, null, 2)}\n`;
}

/** The memory with `mapping` saved for the layout of `columns` (an empty mapping forgets it). */
export function rememberMapping(memory: MappingMemory, columns: readonly string[], mapping: ColumnMapping, savedAt: string): MappingMemory {
  const kept = Object.fromEntries(Object.entries(mapping).filter(([, c]) => c !== undefined && fits(c, columns))) as ColumnMapping;
  if (Object.keys(kept).length === 0) return forgetMapping(memory, columns);
  return { version: 1, layouts: { ...memory.layouts, [headerSignature(columns)]: { mapping: kept, columns: [...columns], savedAt } } };
}

/** The memory without the layout of `columns`. */
export function forgetMapping(memory: MappingMemory, columns: readonly string[]): MappingMemory {
  const layouts = { ...memory.layouts };
  delete layouts[headerSignature(columns)];
  return { version: 1, layouts };
}

/** The mapping remembered for the layout of `columns`, if any (only roles whose column is present). */
export function recallMapping(memory: MappingMemory | undefined, columns: readonly string[]): ColumnMapping | undefined {
  const entry = memory?.layouts[headerSignature(columns)];
  if (!entry) return undefined;
  const out: ColumnMapping = {};
  for (const [role, column] of Object.entries(entry.mapping) as [Role, string][]) if (fits(column, columns)) out[role] = column;
  return Object.keys(out).length > 0 ? out : undefined;
}
