/**
 * Dataset jobs that need the SqlPort (DuckDB-WASM lives in its own worker, the port's
 * methods are async messages to it), so they run on the main thread through the engine
 * client: open files, re-clean; per-rule match counts and the preview page come from the engine.
 */
import {
  openDataset,
  recleanDataset,
  type CleaningOptions,
  type ColumnMapping,
  type DataSource,
  type Dataset,
  type JobControl,
  type MappingMemory,
  type SqlPort,
} from '../../engine-api.ts';

export interface OpenParams {
  mapping?: ColumnMapping;
  /** Mappings the user confirmed per header layout; re-applied to roles `mapping` leaves free. */
  remembered?: MappingMemory;
  cleaning?: CleaningOptions;
  sheet?: string;
}

export async function openData(sql: SqlPort, sources: readonly DataSource[], params: OpenParams, control?: JobControl): Promise<Dataset> {
  const opts: Parameters<typeof openDataset>[2] = {};
  if (params.mapping) opts.mapping = params.mapping;
  if (params.remembered) opts.remembered = params.remembered;
  if (params.cleaning) opts.cleaning = params.cleaning;
  if (params.sheet !== undefined) opts.sheet = params.sheet;
  if (control) opts.control = control;
  return openDataset(sql, sources, opts);
}

export async function recleanData(sql: SqlPort, dataset: Dataset, cleaning: CleaningOptions): Promise<Dataset> {
  return recleanDataset(sql, dataset, cleaning);
}

export { ruleMatches, previewLines } from '../../engine-api.ts';
