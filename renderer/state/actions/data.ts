import { openData, previewLines, recleanData, ruleMatches, type CleaningRule, type ColumnMapping, type DataSource, type Role } from '../../engine-client/index.ts';
import { BrowserFileSource } from '../../data/file-source.ts';
import { cache } from '../cache.ts';
import { serial, sql } from '../services.ts';
import { getState, setState } from '../store.ts';
import { markChange } from '../timing.ts';
import { describeError } from './errors.ts';
import { recomputeRfm } from './segments.ts';

export const SAMPLE_URL = 'sample/sample-transactions.csv';
const PREVIEW_ROWS = 5000;

let generation = 0;

function labelFor(sources: DataSource[]): string {
  return sources.length === 1 ? sources[0]!.name : `${sources.length} files`;
}

/** Loads files into DuckDB, detects the mapping, cleans, then refreshes every screen. */
let currentSheet: string | undefined;

export async function openSources(sources: DataSource[], mapping?: ColumnMapping, sheet?: string): Promise<void> {
  if (sources.length === 0) return;
  const gen = ++generation;
  setState({ loadStatus: 'loading', loadError: null, loadProgress: { fraction: 0, message: 'starting DuckDB' }, datasetLabel: labelFor(sources) });
  try {
    const db = await sql();
    const dataset = await serial(() =>
      openData(db, sources, { cleaning: getState().cleaning, ...(mapping ? { mapping } : {}), ...(sheet !== undefined ? { sheet } : {}) }, {
        onProgress: (fraction, message) => setState({ loadProgress: { fraction, message: message ?? '' } }),
      }),
    );
    if (gen !== generation) return;
    cache.sources = sources;
    currentSheet = sheet;
    setState({ dataset, loadStatus: 'ready', loadProgress: null });
    await afterCleaning(gen);
  } catch (e) {
    if (gen !== generation) return;
    setState({ loadStatus: getState().dataset ? 'ready' : 'error', loadProgress: null, loadError: describeError(e) });
    getState().toast('error', describeError(e));
  }
}

async function afterCleaning(gen: number): Promise<void> {
  const db = await sql();
  const [matches, preview] = await serial(async () => [await ruleMatches(db), await previewLines(db, getState().previewWhich, PREVIEW_ROWS)] as const);
  if (gen !== generation) return;
  cache.preview = preview;
  setState((s) => ({ ruleMatches: matches, previewVersion: s.previewVersion + 1 }));
  await recomputeRfm();
}

export async function openSample(): Promise<void> {
  try {
    setState({ loadStatus: 'loading', loadProgress: { fraction: 0, message: 'fetching the sample' } });
    const res = await fetch(SAMPLE_URL);
    if (!res.ok) throw new Error(`the bundled sample is missing (${res.status})`);
    const blob = await res.blob();
    const name = SAMPLE_URL.split('/').pop()!;
    await openSources([new BrowserFileSource(new File([blob], name, { type: 'text/csv' }), name)]);
  } catch (e) {
    setState({ loadStatus: getState().dataset ? 'ready' : 'error', loadProgress: null, loadError: describeError(e) });
    getState().toast('error', describeError(e));
  }
}

async function reclean(): Promise<void> {
  const dataset = getState().dataset;
  if (!dataset) return;
  const gen = ++generation;
  setState({ recleaning: true });
  markChange('cleaning');
  try {
    const db = await sql();
    const next = await serial(() => recleanData(db, dataset, getState().cleaning));
    if (gen !== generation) return;
    setState({ dataset: next, recleaning: false });
    await afterCleaning(gen);
  } catch (e) {
    setState({ recleaning: false });
    getState().toast('error', describeError(e));
  }
}

export async function toggleRule(rule: CleaningRule): Promise<void> {
  const c = getState().cleaning;
  const rules = c.rules.includes(rule) ? c.rules.filter((r) => r !== rule) : [...c.rules, rule];
  setState({ cleaning: { ...c, rules } });
  await reclean();
}

export async function setReturnsMode(returns: 'drop' | 'net'): Promise<void> {
  setState({ cleaning: { ...getState().cleaning, returns } });
  await reclean();
}

export async function setNonProductCodes(codes: string[]): Promise<void> {
  setState({ cleaning: { ...getState().cleaning, nonProductCodes: codes } });
  await reclean();
}

/** Re-reads the files with one role pinned to a column (or unmapped with ''). */
export async function setMapping(role: Role, column: string): Promise<void> {
  const ds = getState().dataset;
  if (!ds) return;
  const mapping: ColumnMapping = { ...ds.canonical.mapping.mapping };
  const manual: ColumnMapping = {};
  for (const [r, col] of Object.entries(mapping) as [Role, string][]) if (ds.canonical.mapping.manual[r]) manual[r] = col;
  if (column === '') delete manual[role];
  else manual[role] = column;
  await openSources(cache.sources, manual, currentSheet);
}

/** Re-reads a workbook from another sheet (the mapping is detected afresh). */
export async function setSheet(sheet: string): Promise<void> {
  await openSources(cache.sources, undefined, sheet);
}

export async function setCleaningLists(lists: { nonProductCodes?: string[]; junkWords?: string[] }): Promise<void> {
  setState({ cleaning: { ...getState().cleaning, ...lists } });
  await reclean();
}

export async function showPreview(which: 'kept' | 'removed'): Promise<void> {
  setState({ previewWhich: which });
  const db = await sql();
  cache.preview = await serial(() => previewLines(db, which, PREVIEW_ROWS));
  setState((s) => ({ previewVersion: s.previewVersion + 1 }));
}
