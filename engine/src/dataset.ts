import { cleaningReport, flagLines, RETURNS_ONLY, type CleaningReport } from './clean/clean.ts';
import { defaultCleaningOptions, type CleaningOptions } from './clean/rules.ts';
import { buildCanonical, type CanonicalInfo, type CanonicalOptions } from './io/canonical.ts';
import { locateRow, readSources, type LaterChecks, type ReadOptions, type SourceInfo } from './io/read-sources.ts';
import type { FileCopy } from './io/file-copies.ts';
import { headerSignature, recallMapping, type MappingMemory } from './mapping/remembered.ts';
import { fitSavedMapping, type RemappedRole } from './mapping/saved-mapping.ts';
import type { ColumnMapping, Role } from './mapping/roles.ts';
import type { DataSource, JobControl, SqlPort } from './ports.ts';
import { throwIfCancelled } from './errors.ts';
import { tableRows } from './sql/rows.ts';

export interface OpenOptions extends ReadOptions, LaterChecks, CanonicalOptions {
  /** Roles set for these files (the CLI's --map): a column they lack stops the load. */
  mapping?: ColumnMapping;
  /**
   * Roles saved with an analysis for earlier files, under `mapping`: one whose column these
   * files lack is detected afresh and said (LoadedLines.remapped), as a re-run must go on.
   */
  savedMapping?: ColumnMapping;
  /** Mappings the user confirmed per layout: the one for these files' header fills the roles `mapping` leaves. */
  remembered?: MappingMemory;
  cleaning?: CleaningOptions;
  control?: JobControl;
}

/** Everything known about a loaded dataset; the lines themselves stay in DuckDB. */
export interface Dataset extends LoadedLines {
  report: CleaningReport;
}

/** A dataset before its cleaning report (see openLines): `kept` is defined, RFM and every later step can run. */
export interface LoadedLines {
  sources: SourceInfo[];
  columns: string[];
  canonical: CanonicalInfo;
  cleaning: CleaningOptions;
  /** The non-product and junk lists `lines` is flagged with (see applyCleaning). */
  flaggedWith: string;
  /** The header signature of the files (see headerSignature). */
  layoutSignature: string;
  /** The roles taken from a remembered mapping, when one was applied. */
  recalled?: ColumnMapping;
  /** Saved roles (OpenOptions.savedMapping) whose column these files lack, and what was read instead. */
  remapped?: RemappedRole[];
  /** Files left out as byte-for-byte copies of others read (file-copies.ts). */
  copies?: FileCopy[];
  /** Files left out as texts beside tables, such as a README.txt (text-files.ts). */
  textFiles?: string[];
}

/**
 * Loads files into DuckDB (`raw`), maps them to the canonical `lines` table and cleans them
 * into `kept`, with the cleaning report. The pipeline every front end shares: CLI, workers and tests.
 */
export function openDataset(sql: SqlPort, sources: readonly DataSource[], options: OpenOptions = {}): Promise<Dataset> {
  return replaceLoaded(sql, async (port) => {
    const lines = await load(port, sources, options);
    return { ...lines, report: await datasetReport(port, lines) };
  });
}

/**
 * openDataset without the cleaning report: the app shows segments first and asks for the
 * report (datasetReport) afterwards, while nothing changed the tables in between.
 */
export function openLines(sql: SqlPort, sources: readonly DataSource[], options: OpenOptions = {}): Promise<LoadedLines> {
  return replaceLoaded(sql, (port) => load(port, sources, options));
}

/** The cleaning report of the dataset whose tables DuckDB holds (its last load or re-clean). */
export function datasetReport(sql: SqlPort, lines: Pick<LoadedLines, 'cleaning' | 'sources'>): Promise<CleaningReport> {
  return cleaningReport(sql, lines.cleaning, (rowId) => locateRow(lines.sources, rowId));
}

/**
 * The dataset already loaded stays whole until the new one is: a failed or cancelled load puts it back.
 * It is set aside at the load's first statement, not before: the files are sniffed and registered
 * first (a folder of many small files: those of its first run, the rest while DuckDB reads them),
 * which needs no SQL, so a host whose database is still starting (DuckDB-WASM) sniffs meanwhile;
 * a load that fails before any statement has changed nothing.
 */
async function replaceLoaded<T>(sql: SqlPort, loadNew: (port: SqlPort) => Promise<T>): Promise<T> {
  let previous: ReturnType<typeof setAside> | undefined;
  const asideFirst = () => (previous ??= setAside(sql));
  // The port's own capabilities (registration, workbook or Parquet conversion) through its prototype.
  const port: SqlPort = Object.create(sql);
  port.exec = async (statement, options) => {
    await asideFirst();
    return sql.exec(statement, options);
  };
  port.query = async (statement, options) => {
    await asideFirst();
    return sql.query(statement, options);
  };
  try {
    const dataset = await loadNew(port);
    await (await asideFirst()).drop();
    return dataset;
  } catch (e) {
    // Nothing to put back when no statement ran (or setting aside failed, as it would have before the load).
    const aside = await previous?.catch(() => undefined);
    await aside?.restore();
    throw e;
  }
}

/** The tables a load replaces: the lines read, the canonical lines, the customers left out in net mode, and the view of the kept ones. */
const LOADED_TABLES = ['raw', 'lines', RETURNS_ONLY] as const;
const LOADED_VIEW = 'kept';
const ASIDE = '__previous_';

/**
 * Renames the loaded tables out of the way (a rename, not a copy: no extra memory until the new
 * lines are read). `restore` drops what a failed load left and renames them back; `drop` frees them.
 */
async function setAside(sql: SqlPort): Promise<{ restore(): Promise<void>; drop(): Promise<void> }> {
  // Tables and views in one look-up, those set aside by a load that never finished too: each
  // statement is a round trip to DuckDB-WASM's worker, and a fresh database (the CLI's) needs none but this.
  // The main schema's only: the as-of views keep their own `kept` (backtest.ts AS_OF_SCHEMA).
  const rows = tableRows(
    await sql.query(
      `SELECT table_name AS n, true AS is_table FROM duckdb_tables() WHERE NOT temporary AND schema_name = 'main'
       UNION ALL SELECT view_name, false FROM duckdb_views() WHERE NOT temporary AND schema_name = 'main'`,
    ),
  );
  const present = (isTable: boolean, wanted: readonly string[]) =>
    rows
      .filter((r) => Boolean(r.is_table) === isTable)
      .map((r) => String(r.n))
      .filter((n) => wanted.includes(n));
  const aside = (names: readonly string[]) => names.map((n) => `${ASIDE}${n}`);
  const dropAside = async (tables: readonly string[], views: readonly string[]) => {
    for (const v of views) await sql.exec(`DROP VIEW IF EXISTS ${v}`);
    for (const t of tables) await sql.exec(`DROP TABLE IF EXISTS ${t}`);
  };
  // Left by a load that never finished.
  await dropAside(present(true, aside(LOADED_TABLES)), present(false, aside([LOADED_VIEW])));
  const tables = present(true, LOADED_TABLES);
  const views = present(false, [LOADED_VIEW]);
  for (const t of tables) await sql.exec(`ALTER TABLE ${t} RENAME TO ${ASIDE}${t}`);
  for (const v of views) await sql.exec(`ALTER VIEW ${v} RENAME TO ${ASIDE}${v}`);
  return {
    async restore() {
      if (tables.length === 0 && views.length === 0) return;
      await sql.exec(`DROP VIEW IF EXISTS ${LOADED_VIEW}`);
      for (const t of LOADED_TABLES) await sql.exec(`DROP TABLE IF EXISTS ${t}`);
      for (const t of tables) await sql.exec(`ALTER TABLE ${ASIDE}${t} RENAME TO ${t}`);
      for (const v of views) await sql.exec(`ALTER VIEW ${ASIDE}${v} RENAME TO ${v}`);
    },
    // Only what was set aside here exists under those names.
    drop: () => dropAside(aside(tables), aside(views)),
  };
}

async function load(sql: SqlPort, sources: readonly DataSource[], options: OpenOptions): Promise<LoadedLines> {
  const control = options.control;
  const progress = control?.onProgress;
  progress?.(0, 'reading files');
  const read = await readSources(sql, sources, {
    ...(options.sheet !== undefined ? { sheet: options.sheet } : {}),
    ...(options.layout !== undefined ? { layout: options.layout } : {}),
    ...(options.encoding !== undefined ? { encoding: options.encoding } : {}),
    ...(options.checkedAfterLoad ? { checkedAfterLoad: options.checkedAfterLoad } : {}),
    // Reading is the first half of a load's progress.
    ...(control ? { control: { ...(control.signal ? { signal: control.signal } : {}), onProgress: (f, m) => progress?.(0.5 * f, m) } } : {}),
  });
  throwIfCancelled(options.control?.signal);
  progress?.(0.5, 'detecting columns');
  const saved = fitSavedMapping(options.savedMapping, read.columns, options.mapping ?? {});
  const given = { ...saved.fitting, ...options.mapping };
  const recalled = recalledRoles(options.remembered, read.columns, given);
  const canonical = await buildCanonical(
    sql,
    read.columns,
    read.sources,
    { ...recalled, ...given },
    {
      ...(options.decimalMark !== undefined ? { decimalMark: options.decimalMark } : {}),
      ...(options.dateOrder !== undefined ? { dateOrder: options.dateOrder } : {}),
      ...(options.orderNumbers !== undefined ? { orderNumbers: options.orderNumbers } : {}),
    },
  );
  throwIfCancelled(options.control?.signal);
  progress?.(0.8, 'cleaning');
  const cleaning = options.cleaning ?? defaultCleaningOptions();
  const flaggedWith = await flagLines(sql, cleaning, canonical.mapping.mapping.description !== undefined);
  progress?.(1, 'loaded');
  const detected = canonical.mapping.mapping;
  const remapped = saved.missing.map((m) => ({ ...m, detected: detected[m.role] ?? null }));
  return {
    ...read,
    canonical,
    cleaning,
    flaggedWith,
    layoutSignature: headerSignature(read.columns),
    ...(recalled ? { recalled } : {}),
    ...(remapped.length ? { remapped } : {}),
  };
}

/** The remembered roles for this header that the explicit mapping leaves free (role and column). */
function recalledRoles(memory: MappingMemory | undefined, columns: readonly string[], explicit: ColumnMapping): ColumnMapping | undefined {
  const remembered = recallMapping(memory, columns);
  if (!remembered) return undefined;
  const taken = new Set(Object.values(explicit));
  const out: ColumnMapping = {};
  for (const [role, column] of Object.entries(remembered) as [Role, string][])
    if (explicit[role] === undefined && (column === '' || !taken.has(column))) out[role] = column;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Re-applies cleaning after a rule or list changed; the loaded lines are reused. */
export async function recleanDataset(sql: SqlPort, dataset: Dataset, cleaning: CleaningOptions): Promise<Dataset> {
  const lines = await recleanLines(sql, dataset, cleaning);
  return { ...lines, report: await datasetReport(sql, lines) };
}

/** recleanDataset without the report (see openLines). */
export async function recleanLines<T extends LoadedLines>(sql: SqlPort, dataset: T, cleaning: CleaningOptions): Promise<Omit<T, 'report'>> {
  const { report: _previous, ...lines } = dataset as T & { report?: CleaningReport };
  const hasDescription = dataset.canonical.mapping.mapping.description !== undefined;
  return { ...lines, cleaning, flaggedWith: await flagLines(sql, cleaning, hasDescription, dataset.flaggedWith) };
}
