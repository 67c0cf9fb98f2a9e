/**
 * Changes to the analysis document, and the document as a file: save, open, autosave of the
 * session (restored at start-up) and the recent list. Every setter is one edit of the
 * document; the coordinator works out what has to be recomputed.
 */
import { PRESETS, parseAnalysis, serialiseAnalysis, type Analysis, type SegmentRuleSet } from '../../engine-client/index.ts';
import { coordinator, resultShown } from '../results.ts';
import { getPlatform } from '../services.ts';
import type { RecentAnalysis } from '../slices/analysis.ts';
import { getState, setState, useStore } from '../store.ts';
import { markChange, type TimedKind } from '../timing.ts';
import { describeError } from './errors.ts';

const SESSION_KEY = 'ss-session';
const RECENT_KEY = 'ss-recent';
const MAX_RECENT = 8;

/** One edit of the analysis document; `kind` marks the change for the latency measurements. */
export function updateAnalysis(edit: (a: Analysis) => void, kind?: TimedKind): void {
  if (kind) markChange(kind);
  const next = structuredClone(getState().analysis);
  edit(next);
  setState({ analysis: next });
  coordinator.refreshNow();
  if (kind) resultShown(kind);
}

export function setRules(rules: SegmentRuleSet): void {
  updateAnalysis((a) => {
    a.segments = rules;
  }, 'segments');
}

export function setPreset(name: string): void {
  const preset = PRESETS[name];
  if (preset) setRules(structuredClone(preset));
}

/** Sets the snapshot, then re-cleans: which lines are dated after it (after_snapshot) changes with it. */
export function setSnapshot(date: string | null): void {
  updateAnalysis((a) => {
    a.snapshot = date;
  }, 'segments');
  void import('./data.ts').then((m) => m.reclean());
}

export function setK(k: number): void {
  updateAnalysis((a) => {
    a.clustering.k = k;
  }, 'clusters');
}

export function setKAuto(auto: boolean): void {
  updateAnalysis((a) => {
    a.clustering.k = auto ? 'auto' : (coordinator.value<{ k: number }>('fit')?.k ?? 4);
  }, 'clusters');
}

export function setFeatureOptions(o: { log1p?: boolean; standardize?: boolean }): void {
  updateAnalysis((a) => {
    Object.assign(a.clustering, o);
  }, 'clusters');
}

export function setBasketParams(p: Partial<Analysis['baskets']>): void {
  updateAnalysis((a) => {
    Object.assign(a.baskets, p);
  }, 'baskets');
}

export function setExportSettings(p: Partial<Analysis['export']>): void {
  updateAnalysis((a) => {
    Object.assign(a.export, p);
  });
}

function readJson<T>(key: string): T | null {
  try {
    const text = localStorage.getItem(key);
    return text === null ? null : (JSON.parse(text) as T);
  } catch {
    return null;
  }
}

function writeJson(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, typeof value === 'string' ? value : JSON.stringify(value));
  } catch {
    // storage full or unavailable: the session is simply not kept
  }
}

function remember(a: Analysis): void {
  const json = serialiseAnalysis(a);
  const recent: RecentAnalysis[] = [{ name: a.name, savedAt: new Date().toISOString(), json }, ...getState().recent.filter((r) => r.name !== a.name)].slice(
    0,
    MAX_RECENT,
  );
  setState({ recent });
  writeJson(RECENT_KEY, recent);
}

/** The analysis as it stands, with the loaded files as its sources. */
export function currentAnalysis(): Analysis {
  const { analysis, dataset } = getState();
  return { ...analysis, sources: { ...analysis.sources, paths: dataset ? dataset.sources.map((s) => s.name) : analysis.sources.paths } };
}

function slug(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'analysis'
  );
}

/** File → Save analysis: the document as JSON, to a file of the user's choice; also kept in the recent list. */
export async function saveAnalysis(): Promise<void> {
  const a = currentAnalysis();
  try {
    const r = await getPlatform().save(new TextEncoder().encode(serialiseAnalysis(a)), {
      suggestedName: `${slug(a.name)}.analysis.json`,
      mime: 'application/json',
      extensions: ['json'],
    });
    if (!r.saved) return;
    remember(a);
    getState().toast('success', `Saved the analysis “${a.name}” to ${r.where}`);
  } catch (e) {
    getState().toast('error', `Could not save the analysis: ${describeError(e)}`);
  }
}

/**
 * File → Open analysis: every setting from the document. With data loaded, the files are
 * read again with its mapping and cleaning (what no longer fits is reported); without, the
 * settings wait for files to be opened.
 */
export async function openAnalysisText(text: string, fileName: string): Promise<boolean> {
  let a: Analysis;
  try {
    a = parseAnalysis(JSON.parse(text));
  } catch (e) {
    getState().toast('error', `${fileName}: ${e instanceof SyntaxError ? `not an analysis file (${e.message})` : describeError(e)}`);
    return false;
  }
  setState({ analysis: a });
  remember(a);
  coordinator.refresh();
  const { reloadWithAnalysis } = await import('./data.ts');
  await reloadWithAnalysis();
  getState().toast('success', `Opened the analysis “${a.name}”${getState().dataset ? '' : ': now open its files'}`);
  return true;
}

export function renameAnalysis(name: string): void {
  updateAnalysis((a) => {
    a.name = name;
  });
}

/** Restores the last session's analysis and the recent list; then keeps the session saved as it changes. */
export function restoreSession(): void {
  const recent = readJson<RecentAnalysis[]>(RECENT_KEY);
  if (Array.isArray(recent)) setState({ recent: recent.filter((r) => r && typeof r.json === 'string').slice(0, MAX_RECENT) });
  const saved = readJson<unknown>(SESSION_KEY);
  if (saved !== null) {
    try {
      setState({ analysis: parseAnalysis(saved) });
    } catch (e) {
      getState().toast('error', `The last session's settings could not be restored: ${describeError(e)}`);
    }
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    writeJson(SESSION_KEY, serialiseAnalysis(currentAnalysis()));
  };
  useStore.subscribe((s, prev) => {
    if (s.analysis === prev.analysis) return;
    clearTimeout(timer);
    timer = setTimeout(flush, 250);
  });
  // A change made just before the window closes or reloads is kept too.
  if (typeof window !== 'undefined')
    window.addEventListener('pagehide', () => {
      if (timer !== undefined) flush();
    });
}
