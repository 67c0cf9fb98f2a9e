import { describe, expect, it } from 'vitest';
import { createRng, fitValueModel, simulateBgNbd, type CustomerSummary } from '../../engine/src/index.ts';
import { EngineClient, isCancelled } from '../../renderer/engine-client/client.ts';
import { serveJobs } from '../../workers/host.ts';
import { analyticsHandlers } from '../../workers/handlers/index.ts';
import type { FromWorker, ToWorker } from '../../workers/protocol.ts';

/** 2,000 simulated customers as the SQL summary would give them (weeks, calibration only). */
function summary(): CustomerSummary {
  const s = simulateBgNbd({ r: 0.25, alpha: 4, a: 0.8, b: 2.4 }, 2000, createRng(7), { minT: 20, maxT: 40, spend: { p: 6, q: 4, v: 15 } });
  return { ...s, customerIds: Array.from({ length: 2000 }, (_, i) => `c${i}`), unit: 'week', calibrationEnd: '2024-12-31' };
}

const SETTINGS = { horizonMonths: 12, monthlyDiscount: 0.01 };

describe("the analytics worker's clv/fit job", () => {
  it('returns the pipeline fit with progress, and transfers the per-customer arrays', async () => {
    const out: { msg: FromWorker; transfer: Transferable[] }[] = [];
    let listener: ((ev: MessageEvent<ToWorker>) => void) | undefined;
    serveJobs(
      {
        postMessage: (msg, transfer) => out.push({ msg, transfer }),
        addEventListener: (_t, l) => {
          listener = l;
        },
      },
      analyticsHandlers,
    );
    listener!({ data: { type: 'request', id: 1, job: 'clv/fit', params: SETTINGS, input: summary() } } as MessageEvent<ToWorker>);
    for (let i = 0; i < 200 && !out.some((o) => o.msg.type === 'result' || o.msg.type === 'error'); i++) await new Promise((r) => setTimeout(r, 5));
    const res = out.find((o) => o.msg.type === 'result')!;
    const model = (res.msg as Extract<FromWorker, { type: 'result'; job: 'clv/fit' }>).result;
    const direct = fitValueModel(summary(), SETTINGS);
    expect(model.bgNbd.r).toBe(direct.bgNbd.r);
    expect(model.gammaGamma.p).toBe(direct.gammaGamma.p);
    expect(Array.from(model.values.clv)).toEqual(Array.from(direct.values.clv));
    expect(res.transfer).toContain(model.values.pAlive.buffer);
    expect(res.transfer).toContain(model.values.clv.buffer);
    expect(out.some((o) => o.msg.type === 'progress')).toBe(true);
  });

  it('is cancelled through the client', async () => {
    const client = new EngineClient({ forceInProcess: true });
    const controller = new AbortController();
    const progress: number[] = [];
    const job = client.run('clv/fit', SETTINGS, summary(), { signal: controller.signal, onProgress: (f) => progress.push(f) });
    controller.abort();
    const e = await job.catch((x: unknown) => x);
    expect(isCancelled(e)).toBe(true);
    const done = await client.run('clv/fit', SETTINGS, summary(), { onProgress: (f) => progress.push(f) });
    expect(done.values.pAlive).toHaveLength(2000);
    expect(progress.at(-1)).toBe(1);
  });
});
