import { crosstab as engineCrosstab, isCancelled, type Crosstab, type FitResult, type RfmTable } from '../../engine-client/index.ts';
import { cache } from '../cache.ts';
import { client } from '../services.ts';
import { getState, setState } from '../store.ts';
import { markChange, resultApplied } from '../timing.ts';
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
  } catch (e) {
    if (isCancelled(e)) return;
    setState({ elbowStatus: 'error', clusterError: describeError(e) });
  }
}

/**
 * Fits already computed for these customers, by parameters. k-means is seeded, so the same
 * customers and parameters give the same fit: moving the k slider back to a value seen
 * before shows it at once. Keyed by the RFM table, so new data or a new snapshot starts afresh.
 */
const fitMemo = new WeakMap<RfmTable, Map<string, FitResult>>();
const FIT_MEMO_SIZE = 12;

function applyFit(fit: FitResult, k: number, t0: number): void {
  cache.fit = fit;
  resultApplied('clusters');
  setState((st) => ({ fitStatus: 'ready', fitProgress: null, fitVersion: st.fitVersion + 1, fittedK: k, profiles: fit.profiles, lastFitMs: performance.now() - t0 }));
  if (getState().restrict.kind === 'cluster') void mineBaskets();
}

export async function runFit(): Promise<void> {
  const rfm = cache.rfm;
  if (!rfm || rfm.customerIds.length < 2) return;
  const s = getState();
  let k = s.kAuto && s.elbow ? s.elbow.suggestedK : s.k;
  k = Math.min(k, rfm.customerIds.length);
  const params = { k, nInit: rfm.customerIds.length > 50_000 ? 1 : 3, seed: SEED, log1p: s.log1p, standardize: s.standardize, plotSample: 2500 };
  const key = JSON.stringify(params);
  let memo = fitMemo.get(rfm);
  if (!memo) fitMemo.set(rfm, (memo = new Map()));
  const t0 = performance.now();
  const known = memo.get(key);
  if (known) {
    client.cancel('clusters/fit'); // a fit still running for another k must not land after this one
    applyFit(known, k, t0);
    return;
  }
  setState({ fitStatus: 'running', fitProgress: { fraction: 0, message: '' }, clusterError: null });
  try {
    const fit = await client.latest('clusters/fit', 'cluster/fit', params, rfmCopy(), { onProgress: (fraction, message) => setState({ fitProgress: { fraction, message: message ?? '' } }) });
    if (cache.rfm !== rfm) return;
    memo.set(key, fit);
    if (memo.size > FIT_MEMO_SIZE) memo.delete(memo.keys().next().value!);
    applyFit(fit, k, t0);
  } catch (e) {
    if (isCancelled(e)) return;
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
