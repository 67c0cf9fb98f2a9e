/**
 * Loading data: open files (or the sample), re-read them with another mapping or sheet, re-run
 * the analysis on new files, re-clean. Each load gives the dataset a new identity, which every
 * derived result is keyed by, so the coordinator recomputes what the open views need.
 */
import {
  CLEANING_RULES,
  IMPLAUSIBLE_KINDS,
  MAX_TOTAL_TEXT_BYTES,
  checkBlankLines,
  checkMergedLines,
  cleaningOptions,
  openData,
  recleanData,
  pinnedMapping,
  remappedWarnings,
  sentence,
  type CleaningRule,
  type ColumnMapping,
  type DataSource,
  type ImplausibleKind,
  type Analysis,
  type Role,
  type TextLayout,
  type DecimalMark,
  type ChosenEncoding,
  type DayMonthOrder,
  type OrderNumbering,
  type ScoredRfm,
} from '../../engine-client/index.ts';
import { BrowserFileSource, prefetchHeads, rangeUrlOf } from '../../data/file-source.ts';
import { coordinator } from '../results.ts';
import { serial, sql, sqlToOpen } from '../services.ts';
import { getState, setState } from '../store.ts';
import { markChange } from '../timing.ts';
import { updateAnalysis } from './analysis.ts';
import { describeError } from './errors.ts';
import { forgetLayout, isRemembered, mappingMemory, rememberLayout } from './mapping-memory.ts';

export const SAMPLE_URL = 'sample/sample-transactions.csv';

/** The files behind the dataset shown (kept outside the store: they are handles, not data). */
let loadedSources: DataSource[] = [];

/** The files behind the dataset shown, for the export manifest's source hashes. */
export function loadedSourceFiles(): readonly DataSource[] {
  return loadedSources;
}
/** Loads in flight: a newer one (or a re-clean) makes an older one's result stale. */
let loadGeneration = 0;
/** Loads begun: a newer one makes the looks through an older one's files (checkRowsPastBlankLines) pointless; a re-clean does not. */
let filesGeneration = 0;
/** The load under way: its cancel switch and what the top bar showed before it. */
let current: { controller: AbortController; previousLabel: string } | null = null;

/** Today's local date, YYYY-MM-DD: the host's clock, which the engine never reads itself. */
function today(): string {
  const now = new Date();
  const two = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}`;
}

/** The engine's cleaning options: the analysis' cleaning and snapshot, and today. */
const currentCleaning = () => cleaningOptions(getState().analysis, today());

/** The top bar's name for the files: while loading, those chosen; once read, those read (copies left out: file-copies.ts). */
function labelFor(sources: DataSource[], copies: readonly { name: string }[] = []): string {
  const read = sources.filter((s) => !copies.some((c) => c.name === s.name));
  return read.length === 1 ? read[0]!.name : `${read.length} files`;
}

/**
 * Loads with the analysis' mapping as saved for earlier files: a re-run on next month's export
 * keeps every mapping that still fits. A role whose column the files lack is detected afresh by
 * the engine (dataset.remapped, also a figure warning); a saved date column these files leave
 * empty or write in no known format is dropped (and reported) until the files load.
 */
async function openFitting(
  sources: DataSource[],
  mapping: ColumnMapping,
  onProgress: (f: number, m?: string) => void,
  remembered: boolean,
  signal: AbortSignal,
  checkedAfterLoad: readonly DataSource[],
): Promise<{ dataset: Awaited<ReturnType<typeof openData>>; dropped: string[] }> {
  // Sniffing needs no DuckDB: it goes on while DuckDB-WASM may still be starting.
  const db = await sqlToOpen(sources);
  const memory = remembered ? await mappingMemory() : undefined;
  const pinned = { ...mapping };
  const dropped: string[] = [];
  const { analysis } = getState();
  for (;;) {
    try {
      const dataset = await serial(() =>
        openData(
          db,
          sources,
          {
            savedMapping: pinned,
            ...(memory ? { remembered: memory } : {}),
            cleaning: cleaningOptions(analysis, today()),
            ...(analysis.sources.sheet !== undefined ? { sheet: analysis.sources.sheet } : {}),
            ...(analysis.sources.layout !== undefined ? { layout: analysis.sources.layout } : {}),
            ...(analysis.sources.encoding !== undefined ? { encoding: analysis.sources.encoding } : {}),
            ...(analysis.sources.decimalMark !== undefined ? { decimalMark: analysis.sources.decimalMark } : {}),
            ...(analysis.sources.dateOrder !== undefined ? { dateOrder: analysis.sources.dateOrder } : {}),
            ...(analysis.sources.orderNumbers !== undefined ? { orderNumbers: analysis.sources.orderNumbers } : {}),
            checkedAfterLoad,
          },
          { onProgress, signal },
        ),
      );
      return { dataset, dropped: [...remappedWarnings(dataset.remapped).map(sentence), ...dropped] };
    } catch (e) {
      const column = (e as { code?: string; location?: { column?: string } }).location?.column;
      const roles = (Object.keys(pinned) as Role[]).filter((r) => pinned[r] === column);
      if ((e as { code?: string }).code !== 'mapping' || roles.length === 0) throw e;
      for (const r of roles) {
        delete pinned[r];
        dropped.push(`“${column}”, mapped as ${r}, cannot be read in these files (${(e as Error).message}): ${r} is detected afresh`);
      }
    }
  }
}

/**
 * Loads files into DuckDB with the analysis' settings. `keepMapping` keeps the roles the user
 * pinned (re-run, re-read); a fresh open detects every column again.
 */
/** Re-runs the analysis on new files (every setting kept), remembering the snapshot the customers were scored at until now. */
export function rerunOn(sources: DataSource[]): Promise<boolean> {
  const previousSnapshot = coordinator.value<ScoredRfm>('rfm')?.rfm.snapshot;
  return openSources(sources, { keepMapping: true, ...(previousSnapshot ? { previousSnapshot } : {}) });
}

export async function openSources(sources: DataSource[], options: { keepMapping?: boolean; previousSnapshot?: string } = {}): Promise<boolean> {
  if (sources.length === 0) return false;
  const gen = ++loadGeneration;
  const files = ++filesGeneration;
  // A newer load makes the one under way pointless: stop it at its next step.
  current?.controller.abort();
  const previousLabel = current?.previousLabel ?? getState().datasetLabel;
  const controller = new AbortController();
  current = { controller, previousLabel };
  // A fresh open starts from the first sheet and what is detected; a re-read keeps what was chosen.
  const { paths: _paths, ...chosen } = getState().analysis.sources;
  if (!options.keepMapping && Object.keys(chosen).length > 0)
    updateAnalysis((a) => {
      a.sources = { paths: a.sources.paths };
    });
  setState({ loadStatus: 'loading', loadError: null, loadProgress: { fraction: 0, message: 'starting DuckDB' }, datasetLabel: labelFor(sources) });
  // The cleaning report of the tables this load replaces stops at its next statement (results.ts).
  coordinator.refresh();
  // The files' heads are read while DuckDB may still be starting; the engine sniffs them from memory.
  // Not for files the engine refuses by their size alone: it reads none of their text.
  const releaseHeads = sources.reduce((n, s) => n + s.size, 0) <= MAX_TOTAL_TEXT_BYTES ? prefetchHeads(sources) : () => undefined;
  // The files looked through after the load where it leaves them unchecked (checkRowsPastBlankLines):
  // a desktop file DuckDB reads by ranges (over 128 MiB) is never read whole by the page: it stays unchecked, said so.
  const lookable = sources.filter((s) => rangeUrlOf(s) === null);
  try {
    const mapping = options.keepMapping ? getState().analysis.mapping : {};
    const requested = JSON.stringify(mapping);
    // A fresh open re-applies the mapping remembered for the files' layout; a re-read keeps the document's.
    const { dataset, dropped } = await openFitting(
      sources,
      mapping,
      (fraction, message) => {
        if (gen === loadGeneration) setState({ loadProgress: { fraction, message: message ?? '' } });
      },
      !options.keepMapping,
      controller.signal,
      lookable,
    );
    if (gen !== loadGeneration) return false;
    current = null;
    loadedSources = sources;
    const pinned = pinnedMapping(dataset.canonical.mapping);
    updateAnalysis((a) => {
      // Mapping edits made while this read ran are newer than its result: they stay for the next read.
      if (!options.keepMapping || JSON.stringify(a.mapping) === requested) a.mapping = pinned;
      a.sources.paths = sources.map((s) => s.name);
    });
    setState((s) => ({
      dataset,
      datasetId: s.datasetId + 1,
      loadStatus: 'ready',
      loadProgress: null,
      datasetLabel: labelFor(sources, dataset.copies),
      rerunNotes: dropped,
      // A re-read in another way (a decimal mark) keeps the last run's; a fresh open has none.
      lastRunSnapshot: options.previousSnapshot ?? (options.keepMapping ? s.lastRunSnapshot : null),
      mappingRemembered: isRemembered(dataset.columns),
    }));
    for (const note of dropped) getState().toast('info', note);
    if (dataset.recalled) getState().toast('info', `Applied the mapping remembered for these columns: ${describeMapping(dataset.recalled)}`);
    coordinator.refresh();
    if (dataset.sources.some((s) => s.blankLinesUnchecked) && lookable.length > 0) void checkRowsPastBlankLines(lookable, files);
    return true;
  } catch (e) {
    if (gen !== loadGeneration) return false;
    current = null;
    // A failed open keeps what was shown before.
    setState({
      loadStatus: getState().dataset ? 'ready' : 'error',
      loadProgress: null,
      loadError: describeError(e),
      datasetLabel: getState().dataset ? previousLabel : labelFor(sources),
    });
    getState().toast('error', describeError(e));
    coordinator.refresh();
    return false;
  } finally {
    releaseHeads();
    // Loaded or not, DuckDB reads these files no more: the bytes read ahead leave its memory (after this load's statements).
    void serial(async () => (await sql()).dropReadAheadFiles()).catch(() => undefined);
  }
}

/**
 * A large file's blank lines are looked for once it is shown (reading it again through the
 * browser would have slowed the load: blank-lines.ts), a piece at a time whenever no view is
 * computing, and given up when another load starts. In the rare file that has some, the same
 * files are read again, and every message then names the rows the file has (and the load, its
 * lines counted, looks for stray quotes itself). Else its stray quotes are looked for now.
 */
async function checkRowsPastBlankLines(sources: DataSource[], files: number): Promise<void> {
  const stale = {
    get aborted() {
      return files !== filesGeneration;
    },
  };
  // The screens the new dataset opens first render and ask for their results before this starts.
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  let found: boolean | undefined;
  try {
    found = await checkBlankLines(sources, { signal: stale }, () => coordinator.whenIdle());
  } catch (e) {
    if (stale.aborted) return;
    // The stray quotes are still looked for, as in a file whose lines were not counted (all its rows).
    getState().toast('error', `Could not look for blank lines between the rows (${describeError(e)}): rows after one are named too early in messages`);
  }
  if (stale.aborted) return;
  if (found) {
    getState().toast('info', 'Blank lines between the rows found: reading the files again so that row numbers count them');
    await openSources(sources, { keepMapping: true });
    return;
  }
  if (found === false) {
    // None: the files looked at are checked now (the Data screen's notice goes).
    const names = new Set(sources.map((s) => s.name));
    setState((st) =>
      st.dataset
        ? { dataset: { ...st.dataset, sources: st.dataset.sources.map((s) => (names.has(s.name) ? { ...s, blankLinesUnchecked: undefined } : s)) } }
        : {},
    );
  }
  await checkStrayQuotes(sources, stale);
}

/**
 * The stray quotes the load left to be looked for once the files' lines are counted (the
 * engine's checkMergedLines: a statement over the rows of a file whose lines outnumber them,
 * none for a clean file), when no view is computing, between the other statements. Those found
 * join the figure warnings.
 */
async function checkStrayQuotes(sources: DataSource[], stale: { readonly aborted: boolean }): Promise<void> {
  if (!getState().dataset?.sources.some((s) => s.mergedLinesUnchecked)) return;
  await coordinator.whenIdle();
  let merged: Awaited<ReturnType<typeof checkMergedLines>> | undefined;
  try {
    merged = await serial(async () => {
      const shown = getState().dataset;
      return stale.aborted || !shown ? undefined : checkMergedLines(await sql(), sources, shown.sources);
    });
  } catch (e) {
    if (!stale.aborted) getState().toast('error', `Could not look for stray quotes (${describeError(e)})`);
    return;
  }
  if (!merged || stale.aborted) return;
  const found = merged;
  setState((st) =>
    st.dataset
      ? {
          dataset: {
            ...st.dataset,
            sources: st.dataset.sources.map((s) => {
              if (!s.mergedLinesUnchecked) return s;
              const m = found.get(s.name);
              return { ...s, mergedLinesUnchecked: undefined, ...(m ? { mergedLines: m } : {}) };
            }),
          },
        }
      : {},
  );
}

/**
 * Stops the load under way. The screen goes back at once to the dataset shown before and its
 * name; the engine stops at its next step and puts that dataset's tables back.
 */
export function cancelLoad(): void {
  if (!current) return;
  const { controller, previousLabel } = current;
  current = null;
  loadGeneration++;
  controller.abort();
  const shown = getState().dataset !== null;
  setState({ loadStatus: shown ? 'ready' : 'empty', loadProgress: null, loadError: null, datasetLabel: shown ? previousLabel : '' });
  getState().toast('info', 'Loading cancelled');
  coordinator.refresh();
}

/** "customer ← “Kunde”, date ← “Datum”". */
export function describeMapping(m: ColumnMapping): string {
  return Object.entries(m)
    .map(([role, column]) => (column === '' ? `${role} not mapped` : `${role} ← “${column}”`))
    .join(', ');
}

/** The roles the user set by hand in a loaded dataset ('' for a role set to not mapped). */
/** The dropdown value that hands a role back to detection. */
export const DETECT = '*detect*';

export async function openSample(): Promise<void> {
  try {
    setState({ loadStatus: 'loading', loadProgress: { fraction: 0, message: 'fetching the sample' } });
    const res = await fetch(SAMPLE_URL);
    if (!res.ok) throw new Error(`the bundled sample is missing (${res.status})`);
    const blob = await res.blob();
    const name = SAMPLE_URL.split('/').pop()!;
    await openSources([new BrowserFileSource(new File([blob], name, { type: 'text/csv' }), name)], { keepMapping: true });
  } catch (e) {
    setState({ loadStatus: getState().dataset ? 'ready' : 'error', loadProgress: null, loadError: describeError(e) });
    getState().toast('error', describeError(e));
    coordinator.refresh();
  }
}

/** The files shown, read again with the analysis' mapping, sheet and cleaning (after opening an analysis). */
export async function reloadWithAnalysis(): Promise<void> {
  if (loadedSources.length) await openSources(loadedSources, { keepMapping: true });
}

/** Cleans the loaded lines again (after a rule, a list, an implausible-data choice or the snapshot changed). */
export async function reclean(): Promise<void> {
  const dataset = getState().dataset;
  if (!dataset) return;
  const gen = ++loadGeneration;
  setState({ recleaning: true });
  markChange('cleaning');
  try {
    const db = await sql();
    const next = await serial(() => recleanData(db, dataset, currentCleaning()));
    if (gen !== loadGeneration) return;
    // The files' facts the looks after the load added meanwhile are kept (cleaning changes none).
    setState((s) => ({ dataset: { ...next, sources: s.dataset?.sources ?? next.sources }, datasetId: s.datasetId + 1, recleaning: false }));
    coordinator.refresh();
  } catch (e) {
    setState({ recleaning: false });
    getState().toast('error', describeError(e));
  }
}

export async function setCleaning(p: Partial<ReturnType<typeof getState>['analysis']['cleaning']>): Promise<void> {
  updateAnalysis((a) => {
    Object.assign(a.cleaning, p);
  });
  await reclean();
}

export async function toggleRule(rule: CleaningRule): Promise<void> {
  const { rules } = getState().analysis.cleaning;
  const next = rules.includes(rule) ? rules.filter((r) => r !== rule) : [...rules, rule];
  await setCleaning({ rules: CLEANING_RULES.filter((r) => next.includes(r)) });
}

/** A re-read for mapping edits is under way; edits made meanwhile set `mappingDirty`. */
let mappingRead: Promise<void> | null = null;
let mappingDirty = false;

/** Excludes or keeps one kind of implausible line. */
export async function setImplausible(kind: ImplausibleKind, exclude: boolean): Promise<void> {
  const { implausible } = getState().analysis.cleaning;
  const next = exclude ? [...implausible.exclude, kind] : implausible.exclude.filter((k) => k !== kind);
  await setCleaning({ implausible: { ...implausible, exclude: IMPLAUSIBLE_KINDS.filter((k) => next.includes(k)) } });
}

/** The earliest plausible date (lines before it are early_date). */
export async function setMinDate(minDate: string): Promise<void> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(minDate)) return;
  await setCleaning({ implausible: { ...getState().analysis.cleaning.implausible, minDate } });
}

/**
 * Pins one role to a column ('' maps it to nothing; DETECT hands it back to detection), then
 * reads the files again. Quick edits
 * queue: each edits the document at once (the dropdown shows it as pending), one read runs at
 * a time, and when it ends with edits it has not seen, one more read takes them all, so the
 * last state wins and no edit is lost.
 */
export async function setMapping(role: Role, column: string): Promise<void> {
  if (!getState().dataset) return;
  updateAnalysis((a) => {
    if (column === DETECT) delete a.mapping[role];
    else a.mapping[role] = column;
  });
  setState((s) => ({ pendingMapping: { ...s.pendingMapping, [role]: column } }));
  mappingDirty = true;
  mappingRead ??= readMappingEdits();
  await mappingRead;
}

async function readMappingEdits(): Promise<void> {
  for (;;) {
    mappingDirty = false;
    const loaded = await openSources(loadedSources, { keepMapping: true });
    // Checked in the same turn as clearing `mappingRead`: an edit arriving later starts a new read.
    if (loaded && mappingDirty) continue;
    mappingRead = null;
    mappingDirty = false;
    const dataset = getState().dataset;
    if (!loaded && dataset)
      // A read that failed (or was cancelled) leaves the mapping of the dataset shown.
      updateAnalysis((a) => {
        a.mapping = pinnedMapping(dataset.canonical.mapping);
      });
    setState({ pendingMapping: {} });
    // A mapping that loaded is confirmed: remembered for files with these columns.
    if (loaded && dataset) await rememberLayout(dataset.columns, pinnedMapping(dataset.canonical.mapping));
    return;
  }
}

/** Forgets the mapping remembered for the layout shown and reads the files again with the columns detected afresh. */
export async function forgetRememberedMapping(): Promise<void> {
  const dataset = getState().dataset;
  if (!dataset) return;
  await forgetLayout(dataset.columns);
  updateAnalysis((a) => {
    a.mapping = {};
  });
  await openSources(loadedSources, { keepMapping: true });
}

/** Re-reads a workbook from another sheet (the mapping is detected afresh). */
export function setSheet(sheet: string): Promise<void> {
  return rereadAs('sheet', sheet);
}

/** Reads the text files again as a table, baskets or an item matrix ('auto': as detected); every column is detected afresh. */
export function setLayout(layout: TextLayout | 'auto'): Promise<void> {
  return rereadAs('layout', layout === 'auto' ? undefined : layout);
}

/**
 * Reads the text files again in the encoding chosen ('auto': detected per file); the mapping is
 * kept (a column whose header reads otherwise now is detected afresh, and said).
 */
export function setEncoding(encoding: ChosenEncoding | 'auto'): Promise<void> {
  return rereadAs('encoding', encoding === 'auto' ? undefined : encoding, { keepMapping: true });
}

/** Reads the numbers again with the decimal mark chosen ('auto': detected per file and column); the mapping is kept. */
export function setDecimalMark(mark: DecimalMark | 'auto'): Promise<void> {
  return rereadAs('decimalMark', mark === 'auto' ? undefined : mark, { keepMapping: true });
}

/** Reads the dates again in the day/month order chosen ('auto': detected per file); the mapping is kept. */
export function setDateOrder(order: DayMonthOrder | 'auto'): Promise<void> {
  return rereadAs('dateOrder', order === 'auto' ? undefined : order, { keepMapping: true });
}

/** Reads the files again with order numbers restarting or unique ('auto': decided on the data); the mapping is kept. */
export function setOrderNumbers(numbering: OrderNumbering | 'auto'): Promise<void> {
  return rereadAs('orderNumbers', numbering === 'auto' ? undefined : numbering, { keepMapping: true });
}

/**
 * Reads the files again another way, every column detected afresh unless `keepMapping` (a decimal
 * mark changes values, not columns). A read that fails (an item matrix chosen for a file that is
 * none) keeps the data shown, and so the way it was read and its mapping: the choice goes back,
 * or the screen would claim a layout the data was not read in.
 */
async function rereadAs<K extends 'sheet' | 'layout' | 'encoding' | 'decimalMark' | 'dateOrder' | 'orderNumbers'>(
  key: K,
  value: Analysis['sources'][K],
  options: { keepMapping?: boolean } = {},
): Promise<void> {
  const { sources, mapping } = getState().analysis;
  const put = (a: Analysis, v: Analysis['sources'][K]) => {
    if (v === undefined) delete a.sources[key];
    else a.sources[key] = v;
  };
  updateAnalysis((a) => {
    put(a, value);
    if (!options.keepMapping) a.mapping = {};
  });
  const read = await openSources(loadedSources, { keepMapping: true });
  // Failed, not overtaken by a newer load (which clears the error as it starts).
  if (!read && getState().loadStatus === 'ready' && getState().loadError !== null)
    updateAnalysis((a) => {
      put(a, sources[key]);
      a.mapping = mapping;
    });
}

export function showPreview(which: 'kept' | 'removed'): void {
  setState({ previewWhich: which });
  coordinator.refresh();
}
