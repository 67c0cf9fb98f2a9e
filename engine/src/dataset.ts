import { applyCleaning, type CleaningReport } from './clean/clean.ts';
import { defaultCleaningOptions, type CleaningOptions } from './clean/rules.ts';
import { buildCanonical, type CanonicalInfo } from './io/canonical.ts';
import { locateRow, readSources, type SourceInfo } from './io/read-sources.ts';
import type { ColumnMapping } from './mapping/roles.ts';
import type { DataSource, JobControl, SqlPort } from './ports.ts';
import { throwIfCancelled } from './errors.ts';

export interface OpenOptions {
  sheet?: string;
  mapping?: ColumnMapping;
  cleaning?: CleaningOptions;
  control?: JobControl;
}

/** Everything known about a loaded dataset; the lines themselves stay in DuckDB. */
export interface Dataset {
  sources: SourceInfo[];
  columns: string[];
  canonical: CanonicalInfo;
  cleaning: CleaningOptions;
  report: CleaningReport;
  /** The non-product and junk lists `lines` is flagged with (see applyCleaning). */
  flaggedWith: string;
}

/**
 * Loads files into DuckDB (`raw`), maps them to the canonical `lines` table and cleans them
 * into `kept`. The pipeline every front end shares: CLI, workers and tests.
 */
export async function openDataset(sql: SqlPort, sources: readonly DataSource[], options: OpenOptions = {}): Promise<Dataset> {
  const progress = options.control?.onProgress;
  progress?.(0, 'reading files');
  const read = await readSources(sql, sources, options.sheet !== undefined ? { sheet: options.sheet } : {});
  throwIfCancelled(options.control?.signal);
  progress?.(0.5, 'detecting columns');
  const canonical = await buildCanonical(sql, read.columns, read.sources, options.mapping);
  throwIfCancelled(options.control?.signal);
  progress?.(0.8, 'cleaning');
  const cleaning = options.cleaning ?? defaultCleaningOptions();
  const locate = (rowId: number) => locateRow(read.sources, rowId);
  const { listsKey, ...report } = await applyCleaning(sql, cleaning, canonical.mapping.mapping.description !== undefined, undefined, locate);
  progress?.(1, 'loaded');
  return { ...read, canonical, cleaning, report, flaggedWith: listsKey };
}

/** Re-applies cleaning after a rule or list changed; the loaded lines are reused. */
export async function recleanDataset(sql: SqlPort, dataset: Dataset, cleaning: CleaningOptions): Promise<Dataset> {
  const hasDescription = dataset.canonical.mapping.mapping.description !== undefined;
  const { listsKey, ...report } = await applyCleaning(sql, cleaning, hasDescription, dataset.flaggedWith, (rowId) => locateRow(dataset.sources, rowId));
  return { ...dataset, cleaning, report, flaggedWith: listsKey };
}
