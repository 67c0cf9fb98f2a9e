/**
 * Every derived result of the app, as coordinator queries: what each depends on, the inputs
 * that identify it (from the analysis document and the loaded dataset), and how it is
 * computed (SQL in DuckDB's worker, or a job in the analytics worker). Views declare which
 * they need (useNeeds); the coordinator does the rest.
 */
import type { Table } from 'apache-arrow';
import {
  basketItem,
  basketKey,
  basketMask,
  customerProfiles,
  isCancelled,
  previewLines,
  profilesById,
  ruleMatches,
  scoredRfm,
  segmentCustomers,
  valueFieldsUsed,
  basketsFor,
  cleaningReportOf,
  JobError,
  type CleaningReport,
  type CleaningRule,
  type ElbowSummary,
  type FitResult,
  type MineResult,
  type NextBest,
  type ScoredRfm,
  type SegmentAssignment,
  type SegmentSummaryRow,
} from '../engine-client/index.ts';
import { describeError } from './actions/errors.ts';
import { Coordinator, type JobContext } from './coordinator.ts';
import { defineValueResults, type ValueColumns } from './results-value.ts';
import { defineOverviewResults } from './results-overview.ts';
import { client, prefetchClient, serial, sql, sqlUntil } from './services.ts';
import type { ResultName } from './slices/results.ts';
import { getState, setState, useStore } from './store.ts';
import { resultApplied, sinceLastChange, type TimedKind } from './timing.ts';

/** Every job the coordinator started, in order (window.__ssJobs: the laziness end-to-end test reads it). */
const jobLog: { name: string; prefetch: boolean; at: number }[] = [];
declare global {
  interface Window {
    __ssJobs?: typeof jobLog;
  }
}
if (typeof window !== 'undefined') window.__ssJobs = jobLog;

const TIMED: Partial<Record<ResultName, TimedKind>> = { segments: 'segments', fit: 'clusters', mined: 'baskets' };

/**
 * After a change of `kind` is planned: when the views show its result already (cached, and still
 * on screen because the results of the changes in between never landed), nothing is published,
 * yet the change's result is in the store.
 */
export function resultShown(kind: TimedKind): void {
  for (const [name, k] of Object.entries(TIMED)) {
    const s = coordinator.state(name);
    if (k === kind && s.status === 'ready' && s.key !== null && s.key === coordinator.currentKey(name)) resultApplied(kind);
  }
}

const PREVIEW_ROWS = 5000;
/** Customers plotted in PCA space (a seeded sample of larger sets). */
const PLOT_SAMPLE = 2500;

export const coordinator = new Coordinator({
  publish(name, state) {
    setState((s) => ({ results: { ...s.results, [name]: state } }));
    const kind = TIMED[name as ResultName];
    if (kind && state.status === 'ready') resultApplied(kind);
    if ((name === 'fit' || name === 'elbow') && state.status === 'ready') schedulePrefetch();
  },
  describeError,
  isCancelled,
  now: () => performance.now(),
  onJob: (name, prefetch) => {
    jobLog.push({ name, prefetch, at: performance.now() });
    if (jobLog.length > 5000) jobLog.splice(0, 1000); // a long session keeps the recent ones
  },
});

export interface SegmentsValue {
  segments: SegmentAssignment;
  summary: SegmentSummaryRow[];
}

export interface BasketsValue {
  /** The worker holds the baskets under this handle. */
  handle: number;
  nBaskets: number;
  itemLabels: readonly string[];
  itemNames: readonly string[];
  basketCustomers: readonly (string | null)[];
}

/** The loaded dataset's identity, or null: nothing derived exists without data. */
const data = () => (getState().dataset ? getState().datasetId : null);
defineValueResults(coordinator, data);
defineOverviewResults(coordinator, data);

const rfmColumns = (r: ScoredRfm) => ({
  // The worker takes ownership of what it is sent; the cached result keeps its own arrays.
  recencyDays: r.rfm.recencyDays.slice(),
  frequency: r.rfm.frequency.slice(),
  monetary: r.rfm.monetary.slice(),
});

/**
 * The cleaning report of the dataset shown (the engine's, as the CLI writes it). Not part of a
 * load: segments are shown first (RFM has the lower priority), then the report; none while a new
 * load replaces the tables, so an open takes DuckDB at the report's next statement.
 */
coordinator.define('report', {
  lane: 'sql',
  priority: 2,
  deps: () => [],
  params: () => (data() === null || getState().loadStatus === 'loading' ? null : { data: data() }),
  run: async (p, ctx) =>
    serial(async () => {
      const { dataset, datasetId } = getState();
      // A re-clean that ran first changed the tables: this report's inputs are gone (a newer one is planned).
      if (datasetId !== (p as { data: number }).data) throw new JobError({ name: 'CancelledError', message: 'cancelled', code: 'cancelled' });
      return cleaningReportOf(await sqlUntil(ctx.signal), dataset!);
    }) as Promise<CleaningReport>,
});

coordinator.define('matches', {
  lane: 'sql',
  priority: 5,
  deps: () => [],
  params: () => (data() === null ? null : { data: data() }),
  run: async () => serial(async () => ruleMatches(await sql())) as Promise<Record<CleaningRule, number>>,
});

coordinator.define('preview', {
  lane: 'sql',
  priority: 6,
  deps: () => [],
  params: () => (data() === null ? null : { data: data(), which: getState().previewWhich }),
  run: async (p) => serial(async () => previewLines(await sql(), (p as { which: 'kept' | 'removed' }).which, PREVIEW_ROWS)) as Promise<Table>,
});

coordinator.define('rfm', {
  lane: 'sql',
  priority: 0,
  deps: () => [],
  params: () => (data() === null ? null : { data: data(), snapshot: getState().analysis.snapshot, scoring: getState().analysis.scoring }),
  run: async () => {
    const { dataset, analysis } = getState();
    return serial(async () => scoredRfm(await sql(), dataset!.canonical.mapping.mapping, analysis));
  },
});

coordinator.define('segments', {
  lane: 'main',
  priority: 0,
  // Rules on p_alive or clv wait for the customer-value model.
  deps: () => (valueFieldsUsed(getState().analysis.segments).length ? ['rfm', 'valueColumns'] : ['rfm']),
  params: () => ({ rules: getState().analysis.segments }),
  // Synchronous: a rule edit's segments land in the same turn as the edit.
  run: (p, ctx) => {
    const { rfm, scores } = ctx.dep<ScoredRfm>('rfm');
    const rules = (p as { rules: Parameters<typeof segmentCustomers>[0] }).rules;
    const value = valueFieldsUsed(rules).length ? ctx.dep<ValueColumns>('valueColumns') : undefined;
    return segmentCustomers(rules, scores, rfm, value) satisfies SegmentsValue;
  },
});

const features = () => {
  const c = getState().analysis.clustering;
  return { log1p: c.log1p, standardize: c.standardize, seed: c.seed };
};

coordinator.define('elbow', {
  lane: 'analytics',
  priority: 3,
  deps: () => ['rfm'],
  params: () => features(),
  run: async (p, ctx) => {
    const r = ctx.dep<ScoredRfm>('rfm');
    if (r.rfm.customerIds.length < 3) throw new Error(`clustering needs at least 3 customers, found ${r.rfm.customerIds.length}`);
    return client.run('cluster/elbow', p as ReturnType<typeof features>, rfmColumns(r), { signal: ctx.signal, onProgress: ctx.onProgress });
  },
});

/** The fit's inputs for k (the elbow's suggestion when k is auto; null until it is known). */
function fitParams(k: number | 'auto') {
  const c = getState().analysis.clustering;
  const resolved = k === 'auto' ? coordinator.value<ElbowSummary>('elbow')?.suggestedK : k;
  return resolved === undefined ? null : { ...features(), k: resolved, restarts: c.restarts, plotSample: PLOT_SAMPLE };
}

coordinator.define('fit', {
  lane: 'analytics',
  priority: 1,
  keep: 40,
  deps: () => (getState().analysis.clustering.k === 'auto' ? ['rfm', 'elbow'] : ['rfm']),
  params: () => fitParams(getState().analysis.clustering.k),
  run: async (p, ctx: JobContext) => {
    const r = ctx.dep<ScoredRfm>('rfm');
    if (r.rfm.customerIds.length < 2) throw new Error(`clustering needs at least 2 customers, found ${r.rfm.customerIds.length}`);
    const params = p as NonNullable<ReturnType<typeof fitParams>>;
    const on = ctx.lane === 'prefetch' && prefetchClient ? prefetchClient : client;
    return on.run('cluster/fit', { ...params, k: Math.min(params.k, r.rfm.customerIds.length) }, rfmColumns(r), {
      signal: ctx.signal,
      onProgress: ctx.onProgress,
    });
  },
});

let nextHandle = 1;
coordinator.define('baskets', {
  lane: 'sql',
  priority: 4,
  deps: () => [],
  params: () => {
    const { dataset, analysis } = getState();
    if (!dataset) return null;
    const b = analysis.baskets;
    return { data: data(), by: basketKey(b, dataset.canonical.mapping.mapping), item: basketItem(b, dataset.canonical.mapping.mapping), minItems: b.minItems };
  },
  run: async (_p, ctx) => {
    const { dataset, analysis } = getState();
    const loaded = await serial(async () => basketsFor(await sql(), analysis.baskets, dataset!.canonical.mapping.mapping));
    const handle = nextHandle++;
    const b = loaded.baskets;
    // Copies go to the worker, which keeps them; mining never sends them again.
    await client.run(
      'assoc/load',
      { handle },
      {
        basketOffsets: b.basketOffsets.slice(),
        items: b.items.slice(),
        basketIds: b.basketIds.slice(),
        nItems: b.nItems,
        itemLabels: [...b.itemLabels],
        itemNames: [...loaded.itemNames],
        basketCustomers: [...loaded.basketCustomers],
      },
      { signal: ctx.signal },
    );
    return {
      handle,
      nBaskets: b.basketIds.length,
      itemLabels: b.itemLabels,
      itemNames: loaded.itemNames,
      basketCustomers: loaded.basketCustomers,
    } satisfies BasketsValue;
  },
});

coordinator.define('mined', {
  lane: 'analytics',
  priority: 2,
  deps: () => {
    const r = getState().analysis.baskets.restrict;
    return r.kind === 'segment' ? ['baskets', 'rfm', 'segments'] : r.kind === 'cluster' ? ['baskets', 'rfm', 'fit'] : ['baskets'];
  },
  params: () => {
    const b = getState().analysis.baskets;
    return { minSupport: b.minSupport, maxLen: b.maxLen, minConfidence: b.minConfidence, minLift: b.minLift, prune: b.prune, restrict: b.restrict };
  },
  run: async (p, ctx) =>
    client.run('assoc/mine', ...mineRequest(p as MineSettings, ctx), { signal: ctx.signal, onProgress: ctx.onProgress }) as Promise<MineResult>,
});

type MineSettings = ReturnType<typeof getState>['analysis']['baskets'];

/** The worker's mining request for these settings: the resident baskets' handle and the restriction's mask. */
function mineRequest(params: MineSettings, ctx: JobContext) {
  const b = ctx.dep<BasketsValue>('baskets');
  let mask: Uint8Array | null = null;
  if (params.restrict.kind !== 'all') {
    const r = ctx.dep<ScoredRfm>('rfm');
    const fit = params.restrict.kind === 'cluster' ? ctx.dep<FitResult>('fit') : null;
    const segments = params.restrict.kind === 'segment' ? ctx.dep<SegmentsValue>('segments').segments : undefined;
    mask = basketMask(b, params.restrict, { rfm: r.rfm, ...(segments ? { segments } : {}), clusterLabels: fit?.labels ?? null, ...(fit ? { k: fit.k } : {}) });
  }
  // Same restriction and same segment/cluster inputs: the worker's cached itemsets still hold.
  const maskKey =
    params.restrict.kind === 'all'
      ? 'all'
      : `${JSON.stringify(params.restrict)}@${coordinator.currentKey(params.restrict.kind === 'segment' ? 'segments' : 'fit')}`;
  return [
    {
      handle: b.handle,
      maskKey,
      minSupport: params.minSupport,
      maxLen: params.maxLen,
      minConfidence: params.minConfidence,
      minLift: params.minLift,
      prune: params.prune,
    },
    { mask },
  ] as const;
}

/** Contact and profile values per customer, for the campaign columns that ask for them. */
coordinator.define('profiles', {
  lane: 'sql',
  priority: 7,
  deps: () => [],
  params: () => (data() === null ? null : { data: data() }),
  run: async () => serial(async () => profilesById(await customerProfiles(await sql()))),
});

/** The next-best product per customer, from the rules the Baskets screen shows (mined in the worker). */
coordinator.define('nextBest', {
  lane: 'analytics',
  priority: 8,
  deps: () => ['mined'],
  params: () => coordinator.currentKey('mined') && { mined: true },
  run: async (_p, ctx) => {
    const mine = getState().analysis.baskets;
    const r = await client.run('assoc/recommend', ...mineRequest(mine, ctx), { signal: ctx.signal, onProgress: ctx.onProgress });
    return new Map(r.customerIds.map((id, i): [string, NextBest] => [id, { code: r.productCodes[i]!, name: r.productNames[i]! }]));
  },
});

/** The top max(1, export.recommend) products per customer with the evidence rule, from the rules the Baskets screen shows (the data mart's). */
coordinator.define('recommendations', {
  lane: 'analytics',
  priority: 8,
  deps: () => ['mined'],
  params: () => coordinator.currentKey('mined') && { topN: Math.max(1, getState().analysis.export.recommend) },
  run: async (p, ctx) => {
    const [mine, input] = mineRequest(getState().analysis.baskets, ctx);
    const { topN } = p as { topN: number };
    return client.run('assoc/recommendations', { ...mine, topN }, input, { signal: ctx.signal, onProgress: ctx.onProgress });
  },
});

/** The drill-down's cross-sell audience (a rule's, or a product's within a group), from the resident baskets. */
coordinator.define('audience', {
  lane: 'analytics',
  priority: 6,
  deps: () => ['mined'],
  params: () => {
    const d = getState().drill;
    if (d === null) return null;
    if (d.kind === 'rule') return { rule: d.rule };
    return d.product === undefined ? null : { product: d.product };
  },
  run: async (p, ctx) => {
    const [mine, input] = mineRequest(getState().analysis.baskets, ctx);
    const audience = p as { rule: number } | { product: number };
    const r = await client.run('assoc/audience', { ...mine, audience }, input, { signal: ctx.signal, onProgress: ctx.onProgress });
    return new Set(r.customerIds);
  },
});

let waiters = 0;
/**
 * The value of `name` for the current inputs, computed first when need be: an action that
 * needs it (an export's manifest needs the cleaning report) declares the need while it waits.
 * Rejects with the result's error, or when there are no inputs (no data, or files loading).
 */
export function resultNow<T>(name: ResultName): Promise<T> {
  const ready = coordinator.value<T>(name);
  if (ready !== undefined) return Promise.resolve(ready);
  return new Promise<T>((resolve, reject) => {
    const release = coordinator.need(`awaiting ${name} ${++waiters}`, [name]);
    const settle = (fn: () => void) => {
      unsubscribe();
      release();
      fn();
    };
    const check = () => {
      const key = coordinator.currentKey(name);
      const value = coordinator.value<T>(name);
      const state = getState().results[name];
      if (value !== undefined) settle(() => resolve(value));
      else if (key === null) settle(() => reject(new Error(`no ${name} for the data shown${getState().loadStatus === 'loading' ? ' while files load' : ''}`)));
      else if (state.status === 'error' && state.failedKey === key) settle(() => reject(new Error(state.error ?? `${name} failed`)));
    };
    const unsubscribe = useStore.subscribe(check);
    check();
  });
}

/** Fits for the other k of the slider, in the background worker, after a pause in the user's changes. */
const PREFETCH_QUIET_MS = 300;
export const prefetchLog = { enabled: true, fits: [] as { k: number; at: number }[], completeAt: null as number | null };
declare global {
  interface Window {
    __ssPrefetch?: typeof prefetchLog;
  }
}
if (typeof window !== 'undefined') window.__ssPrefetch = prefetchLog;

/** k−1, k+1, k−2, k+2, …: by distance, the smaller k first. */
function prefetchOrder(k: number, kMax: number): number[] {
  const ks: number[] = [];
  for (let j = 2; j <= kMax; j++) if (j !== k) ks.push(j);
  return ks.sort((a, b) => Math.abs(a - k) - Math.abs(b - k) || a - b);
}

let prefetchTimer: ReturnType<typeof setTimeout> | undefined;
/** Called when a fit lands: queue the neighbours once the user pauses (each one only if still missing). */
export function schedulePrefetch(): void {
  clearTimeout(prefetchTimer);
  if (!prefetchClient || !prefetchLog.enabled) return;
  prefetchTimer = setTimeout(() => {
    if (sinceLastChange() < PREFETCH_QUIET_MS) return schedulePrefetch();
    const fit = coordinator.value<FitResult>('fit');
    const r = coordinator.value<ScoredRfm>('rfm');
    if (!fit || !r || getState().results.elbow.status === 'running') return;
    const ks = prefetchOrder(fit.k, Math.min(10, r.rfm.customerIds.length));
    const missing = ks.map((k) => fitParams(k)!).filter((p) => !coordinator.has('fit', p));
    if (missing.length === 0) {
      prefetchLog.completeAt = performance.now();
      return;
    }
    const next = missing[0]!;
    void coordinator.prefetch('fit', next, 'prefetch').then(() => {
      if (coordinator.has('fit', next)) prefetchLog.fits.push({ k: next.k, at: performance.now() });
      schedulePrefetch();
    });
  }, PREFETCH_QUIET_MS);
}
