/**
 * The Migration screen's derived result: segments at two as-of dates of the loaded data and
 * the matrix between them (engine migrateAsOf, SQL in DuckDB's worker), as a coordinator query.
 * The two dates and what the matrix shows are view state, kept in this feature's own store.
 */
import { create } from 'zustand';
import { migrateAsOf, type AsOfMigration, type ScoredRfm } from '../../engine-client/index.ts';
import { coordinator } from '../../state/results.ts';
import { serial, sql } from '../../state/services.ts';
import { getState } from '../../state/store.ts';

export interface MigrationView {
  /** Null: the default (90 days before `to`). */
  from: string | null;
  /** Null: the default (the analysis' snapshot, as the Segments screen scores customers). */
  to: string | null;
  measure: 'customers' | 'revenue';
  /** The selected cell [before, after]. */
  cell: [number, number] | null;
}

export const useMigrationView = create<MigrationView>()(() => ({ from: null, to: null, measure: 'customers', cell: null }));

/** Changing a date re-plans the query and clears the selected cell. */
export function setMigrationView(patch: Partial<MigrationView>): void {
  useMigrationView.setState('from' in patch || 'to' in patch ? { ...patch, cell: null } : patch);
  coordinator.refresh();
}

const DAY_MS = 86_400_000;
const shift = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/**
 * The dates in use: the chosen ones, else the snapshot the customers are scored at and 90 days
 * before it (the report's default migration too). Null until the snapshot is known.
 */
export function migrationDates(
  snapshot: string | undefined = coordinator.value<ScoredRfm>('rfm')?.rfm.snapshot,
  v: Pick<MigrationView, 'from' | 'to'> = useMigrationView.getState(),
): { from: string; to: string } | null {
  if (!snapshot) return null;
  const to = v.to ?? snapshot;
  return { from: v.from ?? shift(to, -90), to };
}

coordinator.define('migration', {
  lane: 'sql',
  priority: 2,
  keep: 4,
  deps: () => ['rfm'],
  params: () => {
    const { dataset, datasetId, analysis } = getState();
    const dates = migrationDates();
    return dataset && dates ? { data: datasetId, ...dates, rules: analysis.segments, scoring: analysis.scoring } : null;
  },
  run: async (p) => {
    const { from, to, rules, scoring } = p as {
      from: string;
      to: string;
      rules: Parameters<typeof migrateAsOf>[1]['rules'];
      scoring: Parameters<typeof migrateAsOf>[1]['scores'];
    };
    return serial(async () =>
      migrateAsOf(await sql(), { from, to, ...(rules ? { rules } : {}), ...(scoring ? { scores: scoring } : {}) }),
    ) as Promise<AsOfMigration>;
  },
});
