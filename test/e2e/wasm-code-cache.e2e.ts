/**
 * End-to-end, structural (not timed; bench/app-open.ts measures speed): a desktop app keeps its
 * browser profile between starts, and a later start loads DuckDB-WASM's compiled code from
 * Chromium's code cache instead of compiling the 34 MB module again (renderer/data/wasm-response.ts,
 * the static server's cache headers). Two starts of Chromium on one profile, each traced: the
 * first compiles thousands of functions and writes the module to the cache, the second
 * deserialises it and compiles only a few; both show the same segments of the bundled sample.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import { buildWeb } from '../../build/scripts/build-web.mjs';
import { startStaticServer } from '../../build/scripts/static-server.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from '../helpers/chromium.ts';
import { endWasmTrace, startWasmTrace, wasmCacheBytes, type WasmTraceSummary } from '../helpers/wasm-trace.ts';

const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`e2e skipped: ${CHROMIUM} not found (apt-get install -y chromium)`);

describe.skipIf(!hasChromium)('a later start reuses DuckDB-WASM compiled code', () => {
  let server: { url: string; close(): Promise<void> };
  let profile: string;

  beforeAll(async () => {
    server = await startStaticServer({ root: await buildWeb({ quiet: true }) });
    profile = mkdtempSync(path.join(os.tmpdir(), 'ss-e2e-profile-'));
  });
  afterAll(async () => {
    await server?.close();
    rmSync(profile, { recursive: true, force: true });
  });

  /** One start of the browser on the profile: the sample's segment counts and the start's wasm trace. */
  async function start(waitForCache: boolean): Promise<{ counts: string[]; trace: WasmTraceSummary }> {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      args: [...CHROMIUM_ARGS],
      viewport: { width: 1440, height: 900 },
    });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      const cdp = await startWasmTrace(page);
      await page.goto(new URL('?sample', server.url).href);
      await page.waitForFunction(() => (document.querySelector('[data-testid="nav-segments"]') as HTMLButtonElement | null)?.disabled === false, undefined, {
        timeout: 120_000,
        polling: 100,
      });
      await page.getByTestId('nav-segments').click();
      await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid="seg-count-0"]')?.textContent ?? ''), undefined, {
        timeout: 60_000,
        polling: 100,
      });
      const counts = await page.locator('[data-testid^="seg-count-"]').allInnerTexts();
      if (waitForCache) {
        const t0 = Date.now();
        while (wasmCacheBytes(profile) < 1024 ** 2 && Date.now() - t0 < 90_000) await page.waitForTimeout(500);
      }
      return { counts, trace: await endWasmTrace(cdp) };
    } finally {
      await context.close();
    }
  }

  it('compiles on the first start, deserialises on the next, with the same segments', async () => {
    const first = await start(true);
    expect(wasmCacheBytes(profile)).toBeGreaterThan(1024 ** 2);
    const later = await start(false);

    // First start: nothing to load from; every function DuckDB runs is compiled (thousands).
    expect(first.trace['wasm.Deserialize']).toBeUndefined();
    expect(first.trace['wasm.CompileLazy']?.count).toBeGreaterThan(2000);
    // Later start: the module's code comes from the cache, once; few functions are compiled.
    expect(later.trace['wasm.Deserialize']?.count).toBe(1);
    expect(later.trace['wasm.CompileLazy']?.count ?? 0).toBeLessThan(first.trace['wasm.CompileLazy']!.count / 5);

    expect(first.counts.length).toBeGreaterThan(0);
    expect(later.counts).toEqual(first.counts);
  }, 400_000);
});
