/**
 * The dates the as-of views open on when none is chosen: the back-test's as-of date and the
 * migration's earlier date. One place, so the app's screens, its report card and the CLI's
 * report open on the same figures. Each is the usual date (a whole window before the data's
 * end) unless the history is too short to have customers before it; then halfway through the
 * history, so both sides have lines (the back-test then says its window runs past the data).
 */
import type { OverviewBase } from './base.ts';

/** The migration's usual gap between its two dates. */
const DEFAULT_MIGRATION_DAYS = 90;

const DAY_MS = 86_400_000;

/** YYYY-MM-DD `days` after `iso` (negative: before). */
export function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

/**
 * `usual` when some day of the data comes before it; else the day halfway from the data's first
 * day to `end` (exclusive), when there is one after the first day. Lines before a date are
 * those of earlier days, so a date on or before the first day has no customers.
 */
function withHistory(usual: string, firstDay: string | null, end: string): string {
  if (firstDay === null || usual > firstDay) return usual;
  const span = daysBetween(firstDay, end);
  return span >= 2 ? addDays(firstDay, Math.ceil(span / 2)) : usual;
}

/** The back-test's as-of date: the latest whose whole window lies in the data. Null without dated lines. */
export function defaultBacktestAsOf(base: Pick<OverviewBase, 'firstDay' | 'lastDay'>, windowDays: number): string | null {
  if (base.lastDay === null) return null;
  const end = addDays(base.lastDay, 1);
  return withHistory(addDays(end, -windowDays), base.firstDay, end);
}

/** The migration's earlier date, given its later one (`to`, usually the snapshot): 90 days before it. */
export function defaultMigrationFrom(to: string, firstDay: string | null): string {
  return withHistory(addDays(to, -DEFAULT_MIGRATION_DAYS), firstDay, to);
}
