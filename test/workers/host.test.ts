import { describe, expect, it } from 'vitest';
import { serveJobs, type HandlerRegistry } from '../../workers/host.ts';
import type { FromWorker, ToWorker } from '../../workers/protocol.ts';
import { fakePort } from '../helpers/worker-port.ts';
import { analyticsHandlers } from '../../workers/handlers/index.ts';
import { EngineClient, isCancelled } from '../../renderer/engine-client/client.ts';
import { EngineError, basketsFromStrings, mineAssociationRules } from '../../engine/src/index.ts';

function rfm(n: number) {
  const recencyDays = new Float64Array(n),
    frequency = new Float64Array(n),
    monetary = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const g = i % 3;
    recencyDays[i] = [5, 90, 300][g]! + (i % 7);
    frequency[i] = [20, 5, 1][g]! + (i % 3);
    monetary[i] = [5000, 600, 40][g]! * (1 + (i % 5) / 10);
  }
  return { recencyDays, frequency, monetary };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('worker host', () => {
  it('runs a job, reports progress and transfers the result buffers', async () => {
    const f = fakePort();
    serveJobs(f.port, analyticsHandlers);
    f.send({
      type: 'request',
      id: 7,
      job: 'cluster/fit',
      params: { k: 3, restarts: 1, seed: 1, log1p: true, standardize: true, plotSample: 50 },
      input: rfm(300),
    });
    for (let i = 0; i < 50 && !f.out.some((o) => o.msg.type === 'result'); i++) await tick();
    const res = f.out.find((o) => o.msg.type === 'result')!;
    expect(res.msg).toMatchObject({ id: 7, job: 'cluster/fit' });
    const result = (res.msg as Extract<FromWorker, { type: 'result'; job: 'cluster/fit' }>).result;
    expect(result.labels).toHaveLength(300);
    expect(result.profiles).toHaveLength(3);
    expect(res.transfer).toContain(result.labels.buffer);
  });

  it('serialises EngineErrors with their code and location', async () => {
    const f = fakePort();
    const handlers: HandlerRegistry = {
      'cluster/fit': () => {
        throw new EngineError('invalid_argument', 'k must be ≥ 1', { column: 'k' });
      },
    };
    serveJobs(f.port, handlers);
    f.send({
      type: 'request',
      id: 1,
      job: 'cluster/fit',
      params: { k: 0, restarts: 1, seed: 1, log1p: true, standardize: true, plotSample: 5 },
      input: rfm(10),
    });
    await tick();
    expect(f.out[0]!.msg).toEqual({
      type: 'error',
      id: 1,
      error: { name: 'EngineError', message: 'k must be ≥ 1', code: 'invalid_argument', location: { column: 'k' } },
    });
  });

  it('cancels a job by id', async () => {
    const f = fakePort();
    let release!: () => void;
    const handlers: HandlerRegistry = {
      'cluster/elbow': async (_p, _i, ctx) => {
        await new Promise<void>((r) => {
          release = r;
        });
        if (ctx.signal.aborted) throw Object.assign(new Error('cancelled'), { code: 'cancelled' });
        return { result: { entries: [], suggestedK: 2, fitSize: 0, fitSampled: false, silhouetteSampleSize: 0, silhouetteSampled: false } };
      },
    };
    serveJobs(f.port, handlers);
    f.send({ type: 'request', id: 3, job: 'cluster/elbow', params: { seed: 1, log1p: true, standardize: true }, input: rfm(10) });
    await tick();
    f.send({ type: 'cancel', id: 3 });
    release();
    await tick();
    expect(f.out[0]!.msg).toMatchObject({ type: 'error', id: 3, error: { code: 'cancelled' } });
  });
});

describe('engine client (in-process fallback)', () => {
  it('runs the same handlers without a worker', async () => {
    const client = new EngineClient({ forceInProcess: true });
    expect(client.mode).toBe('in-process');
    const elbow = await client.run('cluster/elbow', { seed: 1, log1p: true, standardize: true }, rfm(300));
    expect(elbow.entries.map((e) => e.k)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(elbow.suggestedK).toBe(3);
  });

  it('an aborted job rejects as cancelled', async () => {
    const client = new EngineClient({ forceInProcess: true });
    const controller = new AbortController();
    const job = client.run('cluster/fit', { k: 3, restarts: 2, seed: 1, log1p: true, standardize: true, plotSample: 10 }, rfm(3000), {
      signal: controller.signal,
    });
    controller.abort();
    const r = await job.catch((e: unknown) => e);
    expect(isCancelled(r)).toBe(true);
  });
});

describe('engine client (worker)', () => {
  /** Installs a Worker stand-in served by serveJobs on a MessageChannel; counts the fits it computes. */
  function fakeWorker(fitted: number[]) {
    const handlers: HandlerRegistry = {
      ...analyticsHandlers,
      'cluster/fit': (params, input, ctx) => {
        fitted.push(params.k);
        return analyticsHandlers['cluster/fit']!(params, input, ctx);
      },
    };
    class FakeWorker {
      private readonly channel = new MessageChannel();
      constructor() {
        serveJobs(this.channel.port2 as unknown as Parameters<typeof serveJobs>[0], handlers);
        this.channel.port1.start();
        this.channel.port2.start();
      }
      postMessage(msg: unknown, transfer: Transferable[] = []) {
        this.channel.port1.postMessage(msg, transfer as never);
      }
      addEventListener(type: string, l: (ev: Event) => void) {
        if (type === 'message') this.channel.port1.addEventListener('message', l as never);
      }
      terminate() {
        this.channel.port1.close();
      }
    }
    const had = 'Worker' in globalThis,
      before = (globalThis as { Worker?: unknown }).Worker;
    (globalThis as { Worker?: unknown }).Worker = FakeWorker;
    return () => {
      if (had) (globalThis as { Worker?: unknown }).Worker = before;
      else delete (globalThis as { Worker?: unknown }).Worker;
    };
  }

  it('a named client runs its jobs in its own worker (a prefetch never queues behind the main one)', async () => {
    const names: string[] = [];
    const restore = fakeWorker([]);
    const Fake = (globalThis as unknown as { Worker: new (u: URL, o: { name: string }) => object }).Worker;
    (globalThis as { Worker?: unknown }).Worker = class extends (Fake as new (...a: unknown[]) => object) {
      constructor(u: URL, o: { name: string }) {
        super(u, o);
        names.push(o.name);
      }
    };
    try {
      const main = new EngineClient(),
        background = new EngineClient({ name: 'analytics-prefetch' });
      const params = { restarts: 1, seed: 1, log1p: true, standardize: true, plotSample: 10 };
      const [a, b] = await Promise.all([
        background.run('cluster/fit', { ...params, k: 3 }, rfm(3000)),
        main.run('cluster/fit', { ...params, k: 4 }, rfm(3000)),
      ]);
      expect([a.k, b.k]).toEqual([3, 4]);
      expect(names.sort()).toEqual(['analytics', 'analytics-prefetch']);
      main.dispose();
      background.dispose();
    } finally {
      restore();
    }
  });

  it('an aborted job rejects once the worker has let go of it, and its answer is dropped', async () => {
    const fitted: number[] = [];
    const restore = fakeWorker(fitted);
    try {
      const client = new EngineClient();
      const params = { restarts: 1, seed: 1, log1p: true, standardize: true, plotSample: 10 };
      const controller = new AbortController();
      const first = client.run('cluster/fit', { ...params, k: 3 }, rfm(3000), { signal: controller.signal });
      const order: string[] = [];
      first.catch(() => order.push('first rejected'));
      controller.abort();
      const second = client.run('cluster/fit', { ...params, k: 4 }, rfm(3000)).then((r) => {
        order.push('second resolved');
        return r;
      });
      expect((await second).k).toBe(4);
      expect(order).toEqual(['first rejected', 'second resolved']);
      expect(fitted).toEqual([3, 4]); // the worker finished k = 3 (a synchronous job), its answer went nowhere
      client.dispose();
    } finally {
      restore();
    }
  });

  it('a crashed worker (out of memory) is reported, and a fresh worker serves the next job', async () => {
    let created = 0;
    class CrashOnceWorker {
      private readonly generation = ++created;
      private readonly channel = new MessageChannel();
      private onError: ((ev: { message: string }) => void) | undefined;
      constructor() {
        serveJobs(this.channel.port2 as unknown as Parameters<typeof serveJobs>[0], analyticsHandlers);
        this.channel.port1.start();
        this.channel.port2.start();
      }
      postMessage(msg: ToWorker, transfer: Transferable[] = []) {
        // The first worker dies on its first job, as a worker does when WASM memory runs out.
        if (this.generation === 1 && msg.type === 'request') queueMicrotask(() => this.onError?.({ message: 'Out of memory' }));
        else this.channel.port1.postMessage(msg, transfer as never);
      }
      addEventListener(type: string, l: (ev: never) => void) {
        if (type === 'message') this.channel.port1.addEventListener('message', l as never);
        if (type === 'error') this.onError = l as (ev: { message: string }) => void;
      }
      terminate() {
        this.channel.port1.close();
      }
    }
    const had = 'Worker' in globalThis,
      before = (globalThis as { Worker?: unknown }).Worker;
    (globalThis as { Worker?: unknown }).Worker = CrashOnceWorker;
    try {
      const client = new EngineClient();
      const params = { k: 3, restarts: 1, seed: 1, log1p: true, standardize: true, plotSample: 10 };
      const crashed = await client.run('cluster/fit', params, rfm(500)).catch((e: unknown) => e);
      expect(crashed).toMatchObject({ code: 'worker_crashed', message: 'Out of memory' });
      const again = await client.run('cluster/fit', params, rfm(500));
      expect(again.k).toBe(3);
      expect(created).toBe(2);
      client.dispose();
    } finally {
      if (had) (globalThis as { Worker?: unknown }).Worker = before;
      else delete (globalThis as { Worker?: unknown }).Worker;
    }
  });
});

describe('resident baskets in the analytics worker', () => {
  const LISTS = [
    ['a', 'b'],
    ['a', 'b', 'c'],
    ['a', 'c'],
    ['b', 'c'],
    ['a', 'b'],
    ['c', 'd'],
    ['a', 'b', 'd'],
  ];
  const raw = () =>
    basketsFromStrings(
      LISTS.flatMap((l, i) => l.map(() => `B${i}`)),
      LISTS.flat(),
    );
  const baskets = () => {
    const b = raw();
    // Baskets 0-3 are customer C1's, 4-6 customer C2's.
    return {
      basketOffsets: b.basketOffsets,
      items: b.items,
      basketIds: b.basketIds,
      nItems: b.nItems,
      itemLabels: [...b.itemLabels],
      itemNames: b.itemLabels.map((l) => l.toUpperCase()),
      basketCustomers: LISTS.map((_, i) => (i < 4 ? 'C1' : 'C2')),
    };
  };
  const params = { handle: 1, maskKey: 'all', minSupport: 0.2, maxLen: 3, minConfidence: 0.5, minLift: 0, prune: false };

  it('mines once per minSupport: confidence and lift changes re-derive rules from the cached itemsets, equal to mining afresh', async () => {
    const client = new EngineClient({ forceInProcess: true });
    await client.run('assoc/load', { handle: 1 }, baskets());
    const first = await client.run('assoc/mine', params, { mask: null });
    expect(first.mined).toBe(true);
    const stricter = await client.run('assoc/mine', { ...params, minConfidence: 0.7, minLift: 1 }, { mask: null });
    expect(stricter.mined).toBe(false);
    const fresh = mineAssociationRules(raw(), { minSupport: 0.2, maxLen: 3, minConfidence: 0.7, minLift: 1, sortBy: 'lift' });
    expect(stricter.rules.n).toBe(fresh.rules.nRules);
    expect(Array.from(stricter.rules.confidence)).toEqual(Array.from(fresh.rules.confidence));
    expect(stricter.rules.n).toBeLessThan(first.rules.n);
    const lower = await client.run('assoc/mine', { ...params, minSupport: 0.1 }, { mask: null });
    expect(lower.mined).toBe(true);
    expect(lower.itemsets.n).toBeGreaterThan(first.itemsets.n);
    // Another mask is another set of baskets: mined again.
    const masked = await client.run('assoc/mine', { ...params, minSupport: 0.1, maskKey: 'first-four' }, { mask: Uint8Array.from([1, 1, 1, 1, 0, 0, 0]) });
    expect(masked.mined).toBe(true);
    expect(masked.nBaskets).toBe(4);
  });

  it('recommends from the resident baskets and the cached rules: a product the customer has not bought, from a rule whose antecedent they have', async () => {
    const client = new EngineClient({ forceInProcess: true });
    await client.run('assoc/load', { handle: 3 }, baskets());
    const p = { ...params, handle: 3, minSupport: 0.1, minConfidence: 0.2 };
    await client.run('assoc/mine', p, { mask: null });
    const best = await client.run('assoc/recommend', p, { mask: null });
    // C2 has bought every item already; C1 all but d, and {a}, {b}, {c}, {a, b} => d hold at 20 %.
    expect(best.customerIds).toEqual(['C1']);
    expect(best.productCodes).toEqual(['d']);
    expect(best.productNames).toEqual(['D']);
  });

  it("gives a product's and a rule's cross-sell audience from the resident baskets, without evicting the cached rules", async () => {
    const client = new EngineClient({ forceInProcess: true });
    await client.run('assoc/load', { handle: 4 }, baskets());
    const p = { ...params, handle: 4, minSupport: 0.1, minConfidence: 0.2 };
    const mined = await client.run('assoc/mine', p, { mask: null });
    const d = baskets().itemLabels.indexOf('d');
    // C1 bought a, b, c and never d; C2 bought d: the audience for d is C1.
    expect((await client.run('assoc/audience', { ...p, audience: { product: d } }, { mask: null })).customerIds).toEqual(['C1']);
    const toD = Array.from(mined.rules.consequent).indexOf(d);
    expect(toD).toBeGreaterThanOrEqual(0);
    expect((await client.run('assoc/audience', { ...p, audience: { rule: toD } }, { mask: null })).customerIds).toEqual(['C1']);
    // Both customers bought a: nobody is left to sell it to.
    expect((await client.run('assoc/audience', { ...p, audience: { product: baskets().itemLabels.indexOf('a') } }, { mask: null })).customerIds).toEqual([]);
    expect((await client.run('assoc/mine', p, { mask: null })).mined).toBe(false);
  });

  it('refuses a handle it does not hold with a message, not a crash', async () => {
    const client = new EngineClient({ forceInProcess: true });
    await client.run('assoc/load', { handle: 2 }, baskets());
    await expect(client.run('assoc/mine', { ...params, handle: 1 }, { mask: null })).rejects.toThrow(/no longer loaded/);
  });
});
