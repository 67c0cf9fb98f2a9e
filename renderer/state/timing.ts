/**
 * Change-to-chart latency: an action marks when a parameter changed, every chart that redraws
 * with the change's new data registers its redraw, and once the last of them has drawn the
 * change is recorded in `window.__ssTimings` (read by the end-to-end test):
 *
 * - `resultMs`: change → result in the store (engine / worker done), when the kind has one;
 * - `firstMs`: change → the first chart redrawn;
 * - `ms`: change → every chart of the change redrawn with its result (the honest "charts
 *   updated" figure), or → its result in the store when the charts show it already;
 * - `frameMs`: change → the next animation frame after that (the frame that paints it).
 */
export type TimedKind = 'segments' | 'clusters' | 'baskets' | 'cleaning';

export interface Timing {
  kind: TimedKind;
  ms: number;
  firstMs: number;
  resultMs: number | null;
  frameMs?: number;
  /** Per chart: name and change → drawn. */
  charts: { chart: string; ms: number }[];
}

declare global {
  interface Window {
    __ssTimings?: Timing[];
  }
}

interface Pending {
  kind: TimedKind;
  t0: number;
  resultAt: number | null;
  outstanding: number;
  charts: { chart: string; ms: number }[];
}

const pending = new Map<TimedKind, Pending>();

/** A parameter of `kind` changed now (a newer change replaces an unfinished one). */
export function markChange(kind: TimedKind): void {
  lastChange = performance.now();
  pending.set(kind, { kind, t0: lastChange, resultAt: null, outstanding: 0, charts: [] });
}

let lastChange = -Infinity;
// Any input (typing, dragging, clicking) counts as activity too: a pause means none of it.
if (typeof window !== 'undefined' && typeof window.addEventListener === 'function') {
  const active = () => {
    lastChange = performance.now();
  };
  for (const type of ['input', 'pointerdown', 'keydown'] as const) window.addEventListener(type, active, { capture: true, passive: true });
}

/** Milliseconds since the user last changed a parameter or touched the UI (background work waits for a pause). */
export function sinceLastChange(): number {
  return performance.now() - lastChange;
}

/**
 * The change's result reached the store (or was there already: results.ts resultShown). The
 * charts it redraws start in React's commit of this update (drawStarted), before this timer
 * fires; when none does, they show it already (a value whose newer results never landed), and the
 * change is complete now.
 */
export function resultApplied(kind: TimedKind): void {
  const p = pending.get(kind);
  if (!p || p.resultAt !== null) return;
  const at = performance.now();
  p.resultAt = at;
  setTimeout(() => {
    if (pending.get(kind) === p && p.outstanding === 0) complete(p, at);
  }, 0);
}

/** A token for one chart redraw with new data; null when no change of `kind` is pending. */
export type DrawToken = { p: Pending; chart: string } | null;

/**
 * A chart starts (or schedules) a redraw with new data. Call it synchronously from the
 * commit that brought the data, so every chart of the change is counted before any finishes.
 */
export function drawStarted(kind: TimedKind, chart: string): DrawToken {
  const p = pending.get(kind);
  if (!p) return null;
  p.outstanding += 1;
  return { p, chart };
}

/** The chart's redraw finished; the last one of the change records the timing. */
export function drawDone(token: DrawToken): void {
  if (!token) return;
  const { p } = token;
  if (pending.get(p.kind) !== p) return; // a newer change took over
  const now = performance.now();
  p.charts.push({ chart: token.chart, ms: now - p.t0 });
  p.outstanding -= 1;
  // A chart redrawn before the result (a new axis format) does not complete the change: the
  // change's data comes with its result.
  if (p.outstanding > 0 || p.resultAt === null) return;
  complete(p, now);
}

/** Records the change, complete at `at`. */
function complete(p: Pending, at: number): void {
  pending.delete(p.kind);
  // Kept for the page (the e2e test reads it); the store driven without one (unit tests) keeps none.
  if (typeof window === 'undefined') return;
  const rec: Timing = {
    kind: p.kind,
    ms: at - p.t0,
    firstMs: p.charts[0]?.ms ?? at - p.t0,
    resultMs: p.resultAt === null ? null : p.resultAt - p.t0,
    charts: p.charts,
  };
  (window.__ssTimings ??= []).push(rec);
  requestAnimationFrame(() => {
    rec.frameMs = performance.now() - p.t0;
  });
}
