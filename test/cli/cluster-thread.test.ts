/**
 * `segment` clusters on a thread of its own in the compiled CLI (engine/cli/cluster-thread.ts with
 * cluster-worker.ts, built here as build-cli.mjs builds it): the outcome equals clusterCustomers'
 * in this thread, for a fixed k and for k = auto, and its errors come back as the same EngineError.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { clusterThread } from '../../engine/cli/cluster-thread.ts';
import { clusterCustomers, defaultAnalysis, EngineError, type AnalysisClustering, type RfmColumns } from '../../engine/src/index.ts';

let worker: URL;
beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ss-cluster-thread-'));
  const outfile = path.join(dir, 'cluster-worker.mjs');
  await build({
    entryPoints: [new URL('../../engine/cli/cluster-worker.ts', import.meta.url).pathname],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'warning',
  });
  worker = pathToFileURL(outfile);
}, 60_000);

/** n customers from a seeded generator: three groups of spenders, repeated values included. */
function customers(n: number): RfmColumns {
  let s = 12345;
  const next = () => (s = (s * 48271) % 2147483647) / 2147483647;
  const rfm = { recencyDays: new Float64Array(n), frequency: new Float64Array(n), monetary: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const g = i % 3;
    rfm.recencyDays[i] = Math.floor(next() * (g === 0 ? 30 : 365));
    rfm.frequency[i] = 1 + Math.floor(next() * (g === 2 ? 40 : 4));
    rfm.monetary[i] = Math.round(next() * (g === 2 ? 5000 : 300) * 100) / 100;
  }
  return rfm;
}

const settings = (k: AnalysisClustering['k']): AnalysisClustering => ({ ...defaultAnalysis().clustering, enabled: true, k });

describe('the clustering thread', () => {
  it.each([4, 'auto'] as const)('gives the outcome of clusterCustomers in this thread (k = %s)', async (k) => {
    const rfm = customers(3000);
    const got = await clusterThread(settings(k), worker)(rfm);
    expect(got).toEqual(clusterCustomers(rfm, settings(k)));
    if (k === 'auto') expect(got.elbow?.entries.length).toBeGreaterThan(1);
  });

  it("passes clusterCustomers' EngineError on", async () => {
    const rfm = customers(1);
    let expected: unknown;
    try {
      clusterCustomers(rfm, settings(4));
    } catch (e) {
      expected = e;
    }
    expect(expected).toBeInstanceOf(EngineError);
    const got = await clusterThread(settings(4), worker)(rfm).catch((e: unknown) => e);
    expect(got).toBeInstanceOf(EngineError);
    expect(got).toMatchObject({ code: (expected as EngineError).code, message: (expected as EngineError).message });
  });

  it('clusters in this thread where the worker is not built (running from source)', async () => {
    const rfm = customers(500);
    const missing = pathToFileURL(path.join(tmpdir(), 'no-such-dir', 'cluster-worker.mjs'));
    expect(await clusterThread(settings(3), missing)(rfm)).toEqual(clusterCustomers(rfm, settings(3)));
  });
});
