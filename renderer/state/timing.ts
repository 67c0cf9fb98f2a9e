/**
 * Change-to-chart latency: an action marks when a parameter changed, a chart reports when it
 * has drawn the result. Figures go to `window.__ssTimings` (read by the end-to-end test).
 */
export type TimedKind = 'segments' | 'clusters' | 'baskets' | 'cleaning';

const started = new Map<TimedKind, number>();

export interface Timing {
  kind: TimedKind;
  ms: number;
}

declare global {
  interface Window {
    __ssTimings?: Timing[];
  }
}

export function markChange(kind: TimedKind): void {
  started.set(kind, performance.now());
}

export function chartDrawn(kind: TimedKind): void {
  const t0 = started.get(kind);
  if (t0 === undefined) return;
  started.delete(kind);
  (window.__ssTimings ??= []).push({ kind, ms: performance.now() - t0 });
}
