/**
 * Change-to-chart timings (renderer/state/timing.ts), which the latency e2e test waits for: a
 * change is recorded once its result is in the store and every chart it redraws has drawn; a
 * change whose charts show its result already is recorded at the result, with no chart; a chart
 * redrawn before the result (a new axis format) does not complete it.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';

type Timing = import('../../renderer/state/timing.ts').Timing;
let t: typeof import('../../renderer/state/timing.ts');
const win = globalThis as unknown as { window?: { __ssTimings?: Timing[] }; requestAnimationFrame?: (f: () => void) => number };

beforeAll(async () => {
  // The page's globals, as far as the module uses them (no input listeners: no addEventListener).
  win.window = {};
  win.requestAnimationFrame = (f) => setTimeout(f, 0) as unknown as number;
  t = await import('../../renderer/state/timing.ts');
});

beforeEach(() => {
  win.window!.__ssTimings = [];
});

const recorded = () => win.window!.__ssTimings!;
/** Lets the timers run (the result's check, then the next frame). */
const turns = () => new Promise((r) => setTimeout(r, 5));

describe('change timings', () => {
  it('records a change whose charts show its result already at the result, with no chart', async () => {
    t.markChange('baskets');
    t.resultApplied('baskets');
    await turns();
    expect(recorded()).toHaveLength(1);
    expect(recorded()[0]).toMatchObject({ kind: 'baskets', charts: [] });
    expect(recorded()[0]!.ms).toBe(recorded()[0]!.resultMs);
  });

  it('waits for the result when a chart redraws before it, then for the redraw with it', async () => {
    t.markChange('baskets');
    t.drawDone(t.drawStarted('baskets', 'axis-format'));
    await turns();
    expect(recorded()).toHaveLength(0);
    t.resultApplied('baskets');
    const redraw = t.drawStarted('baskets', 'rules-scatter');
    await turns();
    expect(recorded()).toHaveLength(0);
    t.drawDone(redraw);
    await turns();
    expect(recorded().map((r) => r.charts.map((c) => c.chart))).toEqual([['axis-format', 'rules-scatter']]);
    expect(recorded()[0]!.frameMs).toBeGreaterThanOrEqual(recorded()[0]!.ms);
  });

  it('records a change once, and not an unfinished one a newer change replaced', async () => {
    t.markChange('clusters');
    const stale = t.drawStarted('clusters', 'scatter');
    t.markChange('clusters');
    t.resultApplied('clusters');
    const fresh = t.drawStarted('clusters', 'scatter');
    t.drawDone(stale);
    await turns();
    expect(recorded()).toHaveLength(0);
    t.drawDone(fresh);
    t.resultApplied('clusters');
    await turns();
    expect(recorded()).toHaveLength(1);
    expect(recorded()[0]!.charts).toHaveLength(1);
  });
});
