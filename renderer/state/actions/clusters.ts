import { crosstab as engineCrosstab, isCancelled, type Crosstab, type FitResult, type RfmTable } from '../../engine-client/index.ts';
import { cache } from '../cache.ts';
import { client, prefetchClient } from '../services.ts';
import { getState, setState } from '../store.ts';
import { markChange, resultApplied, sinceLastChange } from '../timing.ts';
import { mineBaskets } from './baskets.ts';
import { describeError } from './errors.ts';

const SEED = 42;

function rfmCopy() {
  const rfm = cache.rfm!;
  // The worker takes ownership of what it is sent; the cache keeps its own arrays.
  return { recencyDays: rfm.recencyDays.slice(), frequency: rfm.frequency.slice(), monetary: rfm.monetary.slice() };
}

/** Clusters × segments counts for the current fit and segment assignment. */
export function currentCrosstab(): Crosstab | null {
  const fit = cache.fit, seg = cache.segments;
  if (!fit || !seg || fit.labels.length !== seg.codes.length) return null;
  return engineCrosstab(fit.labels, fit.k, seg.codes, seg.names);
}

export async function runElbow(): Promise<void> {
  const rfm = cache.rfm;
  if (!rfm || rfm.customerIds.length < 3) return;
  const { log1p, standardize } = getState();
  setState({ elbowStatus: 'running' });
  try {
    const elbow = await client.latest('clusters/elbow', 'cluster/elbow', {
      kMin: 2, kMax: Math.min(10, rfm.customerIds.length - 1), seed: SEED, log1p, standardize, sampleSize: 50_000, silhouetteSample: 3000,
    }, rfmCopy());
    if (cache.rfm !== rfm) return;
    setState({ elbow, elbowStatus: 'ready' });
    if (getState().kAuto && getState().fittedK !== elbow.suggestedK) await runFit();
    else if (getState().fittedK && cache.fit) schedulePrefetch(rfm, getState().fittedK);
  } catch (e) {
    if (isCancelled(e)) return;
    setState({ elbowStatus: 'error', clusterError: describeError(e) });
    if (cache.rfm === rfm && getState().fittedK && cache.fit) schedulePrefetch(rfm, getState().fittedK);
  }
}

/**
 * Fits already computed for these customers, by parameters. k-means is seeded, so the same
 * customers and parameters give the same fit: moving the k slider back to a value seen
 * before shows it at once. Keyed by the RFM table, so new data or a new snapshot starts afresh;
 * the feature options (log1p, standardize) are part of the key. Segment rules do not change
 * the fit's inputs (the crosstab is computed from the labels on demand), so they keep it.
 * Fits prefetched in the background for neighbouring k land here too.
 */
const fitMemo = new WeakMap<RfmTable, Map<string, FitResult>>();
/** Every k of the slider (2..10) for each of the four feature-option combinations. */
const FIT_MEMO_SIZE = 40;
const K_MIN = 2, K_MAX = 10;

function memoFor(rfm: RfmTable): Map<string, FitResult> {
  let memo = fitMemo.get(rfm);
  if (!memo) fitMemo.set(rfm, (memo = new Map()));
  return memo;
}

function remember(memo: Map<string, FitResult>, key: string, fit: FitResult): void {
  memo.delete(key);
  memo.set(key, fit);
  if (memo.size > FIT_MEMO_SIZE) memo.delete(memo.keys().next().value!);
}

function fitParams(rfm: RfmTable, k: number, o: { log1p: boolean; standardize: boolean }) {
  return { k, nInit: rfm.customerIds.length > 50_000 ? 1 : 3, seed: SEED, log1p: o.log1p, standardize: o.standardize, plotSample: 2500 };
}

/** `t0` null: the fit came from the memo (fitted earlier, or prefetched), no fitting time to show. */
function applyFit(fit: FitResult, k: number, t0: number | null): void {
  cache.fit = fit;
  resultApplied('clusters');
  setState((st) => ({ fitStatus: 'ready', fitProgress: null, fitVersion: st.fitVersion + 1, fittedK: k, profiles: fit.profiles, lastFitMs: t0 === null ? null : performance.now() - t0 }));
  if (getState().restrict.kind === 'cluster') void mineBaskets();
}

/**
 * Prefetching: once a fit is shown (and the elbow is done), the fits of the neighbouring k
 * (k−1, k+1, then the rest of 2..10 by distance) are computed one at a time in a second,
 * dedicated worker and kept in the fit memo, so moving the slider to them is a cache hit.
 * They run apart from the main analytics worker, so a fit the user asks for never waits
 * behind one. A new user request, new data or new feature options stop the chain; the one
 * job already in the prefetch worker finishes and is kept (or reused, when it is the k asked for).
 */
interface PrefetchLog {
  /** Set false to turn prefetching off (the latency test does, to time fits in the worker). */
  enabled: boolean;
  /** Each fit prefetched: k and when it landed (performance.now()). */
  fits: { k: number; at: number }[];
  /** When the last chain found every k of the slider in the memo (performance.now()). */
  completeAt: number | null;
}
declare global {
  interface Window {
    __ssPrefetch?: PrefetchLog;
  }
}
const prefetchLog: PrefetchLog = { enabled: true, fits: [], completeAt: null };
if (typeof window !== 'undefined') window.__ssPrefetch = prefetchLog;

let prefetchGen = 0;
const PREFETCH_QUIET_MS = 300;
let inflight: { rfm: RfmTable; key: string; promise: Promise<FitResult> } | null = null;

function prefetchOrder(k: number, kMax: number): number[] {
  const ks: number[] = [];
  for (let j = K_MIN; j <= kMax; j++) if (j !== k) ks.push(j);
  // k−1, k+1, k−2, k+2, …: by distance, the smaller k first.
  return ks.sort((a, b) => Math.abs(a - k) - Math.abs(b - k) || a - b);
}

function stopPrefetch(): void {
  prefetchGen++;
}

function schedulePrefetch(rfm: RfmTable, k: number): void {
  const pc = prefetchClient;
  if (!pc || !prefetchLog.enabled || getState().elbowStatus === 'running') return; // the elbow's end schedules it
  const gen = ++prefetchGen;
  const o = { log1p: getState().log1p, standardize: getState().standardize };
  const kMax = Math.min(K_MAX, rfm.customerIds.length);
  void (async () => {
    // One job at a time in the prefetch worker: let the one still there land first.
    if (inflight) await inflight.promise.catch(() => undefined);
    for (const j of prefetchOrder(k, kMax)) {
      if (gen !== prefetchGen || cache.rfm !== rfm || !prefetchLog.enabled) return;
      const params = fitParams(rfm, j, o);
      const key = JSON.stringify(params);
      if (memoFor(rfm).has(key)) continue;
      // With few cores a prefetch slows what the user is doing (charts redrawing after an
      // edit): start each one only after a pause in the user's changes.
      while (sinceLastChange() < PREFETCH_QUIET_MS) {
        await new Promise((r) => setTimeout(r, PREFETCH_QUIET_MS - sinceLastChange() + 10));
        if (gen !== prefetchGen || cache.rfm !== rfm || !prefetchLog.enabled) return;
      }
      const promise = pc.latest('clusters/prefetch', 'cluster/fit', params, rfmCopy());
      const mine = (inflight = { rfm, key, promise });
      try {
        const fit = await promise;
        if (cache.rfm === rfm) {
          remember(memoFor(rfm), key, fit);
          prefetchLog.fits.push({ k: j, at: performance.now() });
        }
      } catch {
        return; // a prefetch is never worth an error message; the fit on demand will report it
      } finally {
        if (inflight === mine) inflight = null;
      }
    }
    if (gen === prefetchGen) prefetchLog.completeAt = performance.now();
  })();
}

/** Fit requests: a newer one (or a cache hit) makes an older one's answer stale. */
let fitRequest = 0;

export async function runFit(): Promise<void> {
  const rfm = cache.rfm;
  if (!rfm || rfm.customerIds.length < 2) return;
  const s = getState();
  let k = s.kAuto && s.elbow ? s.elbow.suggestedK : s.k;
  k = Math.min(k, rfm.customerIds.length);
  const params = fitParams(rfm, k, s);
  const key = JSON.stringify(params);
  const memo = memoFor(rfm);
  const request = ++fitRequest;
  const known = memo.get(key);
  if (known) {
    client.cancel('clusters/fit'); // a fit still running for another k must not land after this one
    applyFit(known, k, null);
    schedulePrefetch(rfm, k);
    return;
  }
  stopPrefetch();
  const t0 = performance.now();
  setState({ fitStatus: 'running', fitProgress: { fraction: 0, message: '' }, clusterError: null });
  try {
    let fit: FitResult;
    if (inflight && inflight.rfm === rfm && inflight.key === key) {
      // The prefetch worker is already computing this very fit: it started earlier, so it lands sooner.
      client.cancel('clusters/fit');
      fit = await inflight.promise;
    } else {
      fit = await client.latest('clusters/fit', 'cluster/fit', params, rfmCopy(), { onProgress: (fraction, message) => setState({ fitProgress: { fraction, message: message ?? '' } }) });
    }
    if (cache.rfm !== rfm || request !== fitRequest) return;
    remember(memo, key, fit);
    applyFit(fit, k, t0);
    schedulePrefetch(rfm, k);
  } catch (e) {
    if (isCancelled(e) || request !== fitRequest) return;
    setState({ fitStatus: 'error', fitProgress: null, clusterError: describeError(e) });
  }
}

export async function runClusters(): Promise<void> {
  await Promise.all([runFit(), runElbow()]);
}

export function setK(k: number): void {
  markChange('clusters');
  setState({ k, kAuto: false });
  void runFit();
}

export function setKAuto(kAuto: boolean): void {
  markChange('clusters');
  setState({ kAuto });
  void runFit();
}

export function setFeatureOptions(o: { log1p?: boolean; standardize?: boolean }): void {
  markChange('clusters');
  setState(o);
  void runClusters();
}
