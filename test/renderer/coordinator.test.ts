import { describe, expect, it } from 'vitest';
import { Coordinator, type ResultState } from '../../renderer/state/coordinator.ts';

const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 0));
};

/** A controllable world: inputs, a log of job starts, jobs that finish when told. */
function world() {
  const inputs = { data: 1 as number | null, k: 3, threshold: 0.5 };
  const started: string[] = [];
  const cancelled: string[] = [];
  const gates = new Map<string, () => void>();
  const published: { name: string; state: ResultState }[] = [];
  const c = new Coordinator({
    publish: (name, state) => published.push({ name, state }),
    describeError: (e) => String((e as Error).message),
    isCancelled: (e) => (e as Error).name === 'AbortError',
    now: () => 0,
  });
  /**
   * A job that waits for `release(label)` (or resolves at once when `auto`). Like a job in the
   * worker, an aborted one still holds its lane until released, then rejects as cancelled.
   */
  const job =
    (label: (p: never) => string, value: (p: never, dep: (n: string) => unknown) => unknown, auto = false) =>
    async (params: unknown, ctx: { signal: AbortSignal; dep: (n: string) => unknown }) => {
      const l = label(params as never);
      started.push(l);
      if (!auto) {
        await new Promise<void>((resolve, reject) => {
          gates.set(l, resolve);
          ctx.signal.addEventListener('abort', () => {
            cancelled.push(l);
            gates.set(l, () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })));
          });
        });
      }
      return value(params as never, ctx.dep);
    };
  c.define('rows', {
    lane: 'sql',
    priority: 0,
    deps: () => [],
    params: () => (inputs.data === null ? null : { data: inputs.data }),
    run: job(
      (p: { data: number }) => `rows:${p.data}`,
      (p: { data: number }) => p.data * 10,
      true,
    ),
  });
  c.define('fit', {
    lane: 'worker',
    priority: 1,
    keep: 10,
    deps: () => ['rows'],
    params: () => ({ k: inputs.k }),
    run: job(
      (p: { k: number }) => `fit:${p.k}`,
      (p: { k: number }, dep) => `fit k=${p.k} of ${dep('rows')}`,
    ),
  });
  c.define('mine', {
    lane: 'worker',
    priority: 2,
    deps: () => ['rows'],
    params: () => ({ t: inputs.threshold }),
    run: job(
      (p: { t: number }) => `mine:${p.t}`,
      (p: { t: number }) => `rules@${p.t}`,
    ),
  });
  const release = async (label: string) => {
    await settle();
    const g = gates.get(label);
    if (!g) throw new Error(`${label} is not running; running: ${[...gates.keys()]}`);
    gates.delete(label);
    g();
    await settle();
  };
  return { c, inputs, started, cancelled, release, published };
}

describe('coordinator', () => {
  it('is lazy: nothing runs until a view needs it, and only what that view needs', async () => {
    const w = world();
    w.c.refresh();
    await settle();
    expect(w.started).toEqual([]);
    const release = w.c.need('segments-screen', ['rows']);
    await settle();
    expect(w.started).toEqual(['rows:1']);
    expect(w.c.value('rows')).toBe(10);
    expect(w.c.state('fit').status).toBe('idle');
    release();
    w.c.need('clusters-screen', ['fit']);
    await w.release('fit:3');
    expect(w.started).toEqual(['rows:1', 'fit:3']);
    expect(w.c.value('fit')).toBe('fit k=3 of 10');
  });

  it('runs the higher-priority job first within a lane', async () => {
    const w = world();
    w.c.need('baskets', ['mine']);
    w.c.need('clusters', ['fit']);
    await settle();
    // rows first (its dependants wait for it), then fit (priority 1) before mine (priority 2) on the same worker lane.
    expect(w.started).toEqual(['rows:1', 'fit:3']);
    await w.release('fit:3');
    expect(w.started).toEqual(['rows:1', 'fit:3', 'mine:0.5']);
  });

  it('cancels a job whose inputs changed and never publishes its late answer', async () => {
    const w = world();
    w.c.need('clusters', ['fit']);
    await settle();
    expect(w.started).toEqual(['rows:1', 'fit:3']);
    w.inputs.k = 4;
    w.c.refresh();
    await settle();
    expect(w.cancelled).toEqual(['fit:3']);
    await w.release('fit:3');
    await w.release('fit:4');
    expect(w.c.value('fit')).toBe('fit k=4 of 10');
    expect(w.published.filter((p) => p.name === 'fit' && p.state.status === 'ready').map((p) => JSON.parse(p.state.key!)[0].k)).toEqual([4]);
  });

  it('when k sweeps 3→10 while a fit runs, the values in between are never computed', async () => {
    const w = world();
    w.c.need('clusters', ['fit']);
    await settle();
    for (let k = 4; k <= 10; k++) {
      w.inputs.k = k;
      w.c.refresh();
      await settle();
    }
    await w.release('fit:3'); // the worker finishes the fit it was computing; its answer is dropped
    await w.release('fit:10');
    expect(w.started.filter((s) => s.startsWith('fit'))).toEqual(['fit:3', 'fit:10']);
    expect(w.cancelled).toEqual(['fit:3']);
    expect(w.c.value('fit')).toBe('fit k=10 of 10');
  });

  it('caches by inputs: going back to earlier inputs shows the cached result without a job', async () => {
    const w = world();
    w.c.need('clusters', ['fit']);
    await w.release('fit:3');
    w.inputs.k = 5;
    w.c.refresh();
    await w.release('fit:5');
    w.inputs.k = 3;
    w.c.refresh();
    await settle();
    expect(w.started).toEqual(['rows:1', 'fit:3', 'fit:5']);
    expect(w.c.state('fit')).toMatchObject({ status: 'ready', ms: null });
    expect(w.c.value('fit')).toBe('fit k=3 of 10');
  });

  it('new data invalidates every dependant; the shown value stays until the new one lands', async () => {
    const w = world();
    w.c.need('clusters', ['fit']);
    await w.release('fit:3');
    w.inputs.data = 2;
    w.c.refresh();
    await settle();
    expect(w.c.value('fit')).toBeUndefined();
    expect(w.c.shown('fit')).toBe('fit k=3 of 10');
    expect(w.c.state('fit').status).toBe('running');
    await w.release('fit:3');
    expect(w.c.value('fit')).toBe('fit k=3 of 20');
    w.inputs.data = null;
    w.c.refresh();
    await settle();
    expect(w.c.state('fit').status).toBe('idle');
  });

  it('a prefetched value is used when the view asks for it; a running prefetch is adopted, not repeated', async () => {
    const w = world();
    w.c.need('clusters', ['fit']);
    await w.release('fit:3');
    w.c.prefetch('fit', { k: 6 }, 'prefetch');
    w.c.prefetch('fit', { k: 7 }, 'prefetch');
    await w.release('fit:6');
    expect(w.c.has('fit', { k: 6 })).toBe(true);
    expect(w.c.state('fit').key).toContain('"k":3'); // a prefetch publishes nothing
    w.inputs.k = 7; // fit:7 is running in the prefetch lane: the view adopts it
    w.c.refresh();
    await settle();
    expect(w.c.state('fit').status).toBe('running');
    await w.release('fit:7');
    expect(w.c.value('fit')).toBe('fit k=7 of 10');
    w.inputs.k = 6;
    w.c.refresh();
    await settle();
    expect(w.c.value('fit')).toBe('fit k=6 of 10');
    expect(w.started.filter((s) => s.startsWith('fit'))).toEqual(['fit:3', 'fit:6', 'fit:7']);
  });

  it('reports an error once per inputs and recovers when they change', async () => {
    const w = world();
    w.c.define('bad', {
      lane: 'worker',
      priority: 0,
      deps: () => [],
      params: () => ({ k: w.inputs.k }),
      run: async (p) => {
        if ((p as { k: number }).k === 3) throw new Error('k = 3 is not allowed');
        return 'ok';
      },
    });
    w.c.need('v', ['bad']);
    await settle();
    expect(w.c.state('bad')).toMatchObject({ status: 'error', error: 'k = 3 is not allowed' });
    w.inputs.k = 4;
    w.c.refresh();
    await settle();
    expect(w.c.state('bad').status).toBe('ready');
  });
});
