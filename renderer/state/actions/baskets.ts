import { basketsFor, isCancelled, type LoadedBaskets } from '../../engine-client/index.ts';
import { cache } from '../cache.ts';
import { client, serial, sql } from '../services.ts';
import type { BasketRestriction, BasketsSlice } from '../slices/baskets.ts';
import { getState, setState } from '../store.ts';
import { markChange, resultApplied } from '../timing.ts';
import { describeError } from './errors.ts';

let loadedKey = '';

export function invalidateBaskets(): void {
  cache.baskets = null;
  loadedKey = '';
}

async function ensureBaskets(): Promise<LoadedBaskets> {
  const { basketBy, itemBy } = getState();
  const key = `${basketBy}/${itemBy}`;
  if (!cache.baskets || loadedKey !== key) {
    const db = await sql();
    cache.baskets = await serial(() => basketsFor(db, basketBy, itemBy));
    loadedKey = key;
  }
  return cache.baskets;
}

/** 1 for baskets whose customer is in the chosen segment or cluster; null for all baskets. */
function maskFor(b: LoadedBaskets, r: BasketRestriction): Uint8Array | null {
  if (r.kind === 'all') return null;
  const rfm = cache.rfm;
  const labels = r.kind === 'segment' ? cache.segments?.codes : cache.fit?.labels;
  const target = r.kind === 'segment' ? (cache.segments?.names.indexOf(r.value) ?? -1) : Number(r.value);
  const mask = new Uint8Array(b.basketCustomers.length);
  if (!rfm || !labels) return mask;
  const row = new Map<string, number>();
  rfm.customerIds.forEach((id, i) => row.set(id, i));
  for (let k = 0; k < mask.length; k++) {
    const c = b.basketCustomers[k];
    const i = c == null ? undefined : row.get(c);
    if (i !== undefined && labels[i] === target) mask[k] = 1;
  }
  return mask;
}

export async function mineBaskets(): Promise<void> {
  if (!getState().dataset) return;
  setState({ mineStatus: 'running', mineError: null, mineProgress: { fraction: 0, message: 'building baskets' } });
  const t0 = performance.now();
  try {
    const b = await ensureBaskets();
    const s = getState();
    const mined = await client.latest('baskets', 'assoc/mine', {
      minSupport: s.minSupport, minConfidence: s.minConfidence, minLift: s.minLift, maxLen: s.maxLen, maxItemsets: 200_000, maxRules: 5000,
    }, {
      // Copies: the worker takes ownership of what it is sent, the cache keeps the originals.
      basketOffsets: b.baskets.basketOffsets.slice(), items: b.baskets.items.slice(), basketIds: b.baskets.basketIds.slice(),
      nItems: b.baskets.nItems, itemLabels: [...b.baskets.itemLabels], mask: maskFor(b, s.restrict),
    }, { onProgress: (fraction, message) => setState({ mineProgress: { fraction, message: message ?? '' } }) });
    cache.mined = mined;
    resultApplied('baskets');
    setState((st) => ({ mineStatus: 'ready', mineProgress: null, mineVersion: st.mineVersion + 1, lastMineMs: performance.now() - t0 }));
  } catch (e) {
    if (isCancelled(e)) return;
    setState({ mineStatus: 'error', mineProgress: null, mineError: describeError(e) });
  }
}

type BasketParams = Pick<BasketsSlice, 'minSupport' | 'minConfidence' | 'minLift' | 'maxLen' | 'restrict' | 'basketBy' | 'itemBy'>;

export function setBasketParams(p: Partial<BasketParams>): void {
  markChange('baskets');
  setState(p);
  if (p.basketBy || p.itemBy) invalidateBaskets();
  void mineBaskets();
}
