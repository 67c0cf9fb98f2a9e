/**
 * A mapping saved with an analysis for earlier files, applied to new ones (the monthly re-run on
 * next month's export). A role whose column the new files lack is not an error, as a column the
 * user names for these files is (--map): it is detected afresh and said, and only when the role
 * is then needed and still missing does the step that needs it stop, naming the saved column.
 */
import { missingRoles, type MappingResult } from './detect-mapping.ts';
import type { ColumnMapping, Role } from './roles.ts';

/** A saved role whose column the files lack, and the column detection chose instead (null: none). */
export interface RemappedRole {
  role: Role;
  saved: string;
  detected: string | null;
}

/**
 * The saved roles that fit `columns` and are not set in `given` (which wins), and those whose
 * column is missing. A role saved as '' (deliberately not mapped) always fits.
 */
export function fitSavedMapping(
  saved: ColumnMapping | undefined,
  columns: readonly string[],
  given: ColumnMapping,
): { fitting: ColumnMapping; missing: { role: Role; saved: string }[] } {
  const fitting: ColumnMapping = {};
  const missing: { role: Role; saved: string }[] = [];
  for (const [role, column] of Object.entries(saved ?? {}) as [Role, string][]) {
    if (given[role] !== undefined) continue;
    if (column === '' || columns.includes(column)) fitting[role] = column;
    else missing.push({ role, saved: column });
  }
  return { fitting, missing };
}

/**
 * The mapping an analysis keeps after a read: the roles set by hand (given, saved and fitting, or
 * remembered), each with its column ('' where deliberately unmapped). A saved role the files lacked
 * was detected, so it is kept no longer: the app's analysis after a re-run and the one `run` writes.
 */
export function pinnedMapping({ mapping, manual }: Pick<MappingResult, 'mapping' | 'manual'>): ColumnMapping {
  const pinned: ColumnMapping = {};
  for (const r of Object.keys(manual) as Role[]) if (manual[r]) pinned[r] = mapping[r] ?? '';
  return pinned;
}

/** One warning per saved role detected afresh: the saved column and what was read instead. */
export function remappedWarnings(remapped: readonly RemappedRole[] | undefined): string[] {
  return (remapped ?? []).map(
    (r) =>
      `the analysis maps ${r.role} to "${r.saved}", which these files do not have: ${r.role} was detected afresh, ${
        r.detected !== null ? `and is read from "${r.detected}"` : 'and no column was found for it'
      }`,
  );
}

/**
 * Why `use` cannot run when the cause is a saved column the files lack: the saved columns and
 * the files' columns, to map instead; null when no saved column explains what is missing.
 */
export function missingSavedColumns(
  mapping: ColumnMapping,
  use: 'rfm' | 'baskets',
  loaded: { columns: readonly string[]; remapped?: readonly RemappedRole[] },
): string | null {
  const missing = missingRoles(mapping, use).length;
  // The saved roles left unmapped whose column would have met a need.
  const lost = (loaded.remapped ?? []).filter((r) => r.detected === null && missingRoles({ ...mapping, [r.role]: r.saved }, use).length < missing);
  if (lost.length === 0) return null;
  const saved = lost.map((r) => `${r.role} to "${r.saved}"`).join(' and ');
  const them = lost.length > 1 ? 'them' : 'it';
  return `the analysis maps ${saved}, which these files do not have, and no other column was found: map ${them} to one of their columns (${loaded.columns.join(', ')})`;
}
