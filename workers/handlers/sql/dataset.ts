/**
 * Dataset jobs that need the SqlPort (DuckDB-WASM lives in its own worker, the port's
 * methods are async messages to it), so they run on the main thread through the engine
 * client: open files, re-clean, the cleaning report; per-rule match counts and the preview page come from the engine.
 */
import {
  datasetReport,
  openLines,
  recleanLines,
  type CleaningOptions,
  type CleaningReport,
  type ColumnMapping,
  type DataSource,
  type JobControl,
  type LoadedLines,
  type MappingMemory,
  type SqlPort,
  type TextLayout,
  type ChosenEncoding,
  type DecimalMark,
  type DayMonthOrder,
  type OrderNumbering,
} from '../../engine-api.ts';

export interface OpenParams {
  mapping?: ColumnMapping;
  /** The analysis' mapping, saved for earlier files: a role whose column these lack is detected afresh and said (LoadedLines.remapped). */
  savedMapping?: ColumnMapping;
  /** Mappings the user confirmed per header layout; re-applied to roles `mapping` leaves free. */
  remembered?: MappingMemory;
  cleaning?: CleaningOptions;
  sheet?: string;
  layout?: TextLayout;
  encoding?: ChosenEncoding;
  decimalMark?: DecimalMark;
  dateOrder?: DayMonthOrder;
  orderNumbers?: OrderNumbering;
  /** The files the app looks through after the load where it leaves them unchecked (the engine's LaterChecks). */
  checkedAfterLoad?: readonly DataSource[];
}

/**
 * Reads the files into `lines` and defines `kept`, without the cleaning report: the app shows
 * segments first and computes the report (cleaningReportOf) after them, before the next load.
 */
export async function openData(sql: SqlPort, sources: readonly DataSource[], params: OpenParams, control?: JobControl): Promise<LoadedLines> {
  const opts: Parameters<typeof openLines>[2] = {};
  if (params.mapping) opts.mapping = params.mapping;
  if (params.savedMapping) opts.savedMapping = params.savedMapping;
  if (params.remembered) opts.remembered = params.remembered;
  if (params.cleaning) opts.cleaning = params.cleaning;
  if (params.sheet !== undefined) opts.sheet = params.sheet;
  if (params.layout !== undefined) opts.layout = params.layout;
  if (params.encoding !== undefined) opts.encoding = params.encoding;
  if (params.decimalMark !== undefined) opts.decimalMark = params.decimalMark;
  if (params.dateOrder !== undefined) opts.dateOrder = params.dateOrder;
  if (params.orderNumbers !== undefined) opts.orderNumbers = params.orderNumbers;
  if (params.checkedAfterLoad) opts.checkedAfterLoad = params.checkedAfterLoad;
  if (control) opts.control = control;
  return openLines(sql, sources, opts);
}

/** Flags the loaded lines again with other cleaning options (the report follows, as after a load). */
export async function recleanData(sql: SqlPort, dataset: LoadedLines, cleaning: CleaningOptions): Promise<LoadedLines> {
  return recleanLines(sql, dataset, cleaning);
}

/** The cleaning report of the dataset DuckDB holds (the engine's, as the CLI writes it). */
export function cleaningReportOf(sql: SqlPort, dataset: LoadedLines): Promise<CleaningReport> {
  return datasetReport(sql, dataset);
}

export { ruleMatches, previewLines } from '../../engine-api.ts';
