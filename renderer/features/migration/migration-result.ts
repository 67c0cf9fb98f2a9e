/**
 * The Migration screen's derived result: segments at two as-of dates of the loaded data and
 * the matrix between them (engine migrateAsOf, SQL in DuckDB's worker), as a coordinator query.
 * The two dates and what the matrix shows are view state, kept in this feature's own store.
 */
import { create } from 'zustand';
import { defaultMigrationFrom, migrateAsOf, type AsOfMigration, type OverviewBase, type ScoredRfm } from '../../engine-client/index.ts';
import { coordinator } from '../../state/results.ts';
import { serial, sql } from '../../state/services.ts';
import { getState } from '../../state/store.ts';

export interface MigrationView {
  /** Null: the default (the last run's snapshot after a re-run on new files, else 90 days before `to`, or halfway through a shorter history). */
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

/**
 * The first date by default, for the Migration screen and the report: after a re-run on new files
 * the snapshot of the run before ("since the last run") while it lies between the data's first
 * day and `to`; else the engine's default (90 days before, or halfway through a shorter history).
 */
export function defaultFrom(to: string, firstDay: string | null): { from: string; lastRun: boolean } {
  const last = getState().lastRunSnapshot;
  return last !== null && last < to && (firstDay === null || last > firstDay)
    ? { from: last, lastRun: true }
    : { from: defaultMigrationFrom(to, firstDay), lastRun: false };
}

/**
 * The dates in use: the chosen ones, else the snapshot the customers are scored at and the
 * default before it (defaultFrom). Null until the snapshot and the data's first day are known.
 */
export function migrationDates(
  snapshot: string | undefined = coordinator.value<ScoredRfm>('rfm')?.rfm.snapshot,
  v: Pick<MigrationView, 'from' | 'to'> = useMigrationView.getState(),
  firstDay: string | null | undefined = coordinator.value<OverviewBase>('overviewBase')?.firstDay,
): { from: string; to: string; lastRun: boolean } | null {
  if (!snapshot || firstDay === undefined) return null;
  const to = v.to ?? snapshot;
  return v.from !== null ? { from: v.from, to, lastRun: false } : { ...defaultFrom(to, firstDay), to };
}

coordinator.define('migration', {
  lane: 'sql',
  priority: 2,
  keep: 4,
  deps: () => ['rfm', 'overviewBase'],
  params: () => {
    const { dataset, datasetId, analysis } = getState();
    const dates = migrationDates();
    return dataset && dates ? { data: datasetId, from: dates.from, to: dates.to, rules: analysis.segments, scoring: analysis.scoring } : null;
  },
  run: async (p, ctx) => {
    const { from, to, rules, scoring } = p as {
      from: string;
      to: string;
      rules: Parameters<typeof migrateAsOf>[1]['rules'];
      scoring: Parameters<typeof migrateAsOf>[1]['scores'];
    };
    // The Overview's condensed rows, as the CLI's `migrate` reads them: the same figures, fewer rows.
    const base = ctx.dep<OverviewBase>('overviewBase');
    return serial(async () =>
      migrateAsOf(await sql(), { from, to, ...(rules ? { rules } : {}), ...(scoring ? { scores: scoring } : {}) }, base),
    ) as Promise<AsOfMigration>;
  },
});
