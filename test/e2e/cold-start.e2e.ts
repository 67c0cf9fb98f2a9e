/**
 * End-to-end, structural (not timed; the app benchmark measures speed): what the app's first
 * screen waits for on a cold start in Chromium, with the production build.
 *
 * - The shell (sidebar, top bar, the Data screen) is drawn while DuckDB-WASM's WebAssembly is
 *   held back by the test, so it cannot have been instantiated: nothing on the first screen
 *   waits for it. DuckDB's worker asked for the wasm at start-up, before any file was opened,
 *   and the sample's bytes were fetched meanwhile; the wasm comes as application/wasm, which
 *   streaming compilation needs.
 * - DuckDB-WASM's worker starts from the entry chunk, before the UI's chunk (React, the shell) has
 *   even arrived: it is the longest step of a cold start. The shell's frame (sidebar, top bar) is
 *   drawn meanwhile from index.html, where the build rendered it. The worker fetches (and compiles) its
 *   module from its first moment, before duckdb-wasm's own worker script has arrived, and only once.
 * - No Plotly chunk is in the entry's static imports, and none is requested while DuckDB-WASM
 *   starts or the sample loads (its evaluation, a long task, would hold them back): only once
 *   the sample is loaded (ahead of the Overview's charts when the page is idle, or by them); while
 *   it is held back, the Overview shows its figures and a placeholder in each chart's place;
 *   once it arrives the charts draw.
 * - A screen whose code cannot be loaded says so in its place; the other screens still work.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page, Route } from 'playwright-core';
import { buildWeb } from '../../build/scripts/build-web.mjs';
import { CHROMIUM } from '../helpers/chromium.ts';
import { collectErrors, serveAndLaunch, type ServedBrowser } from '../helpers/e2e-page.ts';

const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`e2e skipped: ${CHROMIUM} not found (apt-get install -y chromium)`);

/** A request the test holds until `release()`: resolves `seen` when the page asks for it. */
function holdBack(page: Page, match: (url: string) => boolean) {
  let seen!: (url: string) => void;
  const requested = new Promise<string>((r) => {
    seen = r;
  });
  const held: Route[] = [];
  let open = false;
  void page.route(
    (url) => match(url.href),
    (route) => {
      seen(route.request().url());
      if (open) void route.continue();
      else held.push(route);
    },
  );
  return {
    requested,
    release() {
      open = true;
      for (const r of held.splice(0)) void r.continue();
    },
  };
}

describe.skipIf(!hasChromium)('cold start: what the first screen waits for', () => {
  let served: ServedBrowser;
  let browser: Browser;
  let server: ServedBrowser['server'];
  let webRoot: string;

  beforeAll(async () => {
    webRoot = await buildWeb({ quiet: true });
    served = await serveAndLaunch(webRoot);
    ({ browser, server } = served);
  });

  afterAll(async () => {
    await served?.close();
  });

  it("keeps Plotly out of the entry chunk's static imports", () => {
    const assets = readdirSync(path.join(webRoot, 'assets'));
    const plotly = assets.filter((f) => /^plotly.*\.js$/.test(f));
    expect(plotly).toHaveLength(1);
    const html = readFileSync(path.join(webRoot, 'index.html'), 'utf8');
    // The entry script and every chunk the page preloads with it: the code of the first screen.
    const initial = [...html.matchAll(/(?:src|href)="\.\/assets\/([^"]+\.js)"/g)].map((m) => m[1]!);
    expect(initial.length).toBeGreaterThan(0);
    expect(initial.some((f) => f.startsWith('plotly'))).toBe(false);
    for (const f of initial) expect(readFileSync(path.join(webRoot, 'assets', f), 'utf8')).not.toContain(plotly[0]!.replace(/\.js$/, ''));
  });

  it("keeps SheetJS, the workbooks' fallback reader, out of the first screen's chunks", () => {
    const html = readFileSync(path.join(webRoot, 'index.html'), 'utf8');
    const initial = [...html.matchAll(/(?:src|href)="\.\/assets\/([^"]+\.js)"/g)].map((m) => m[1]!);
    const withSheetJs = readdirSync(path.join(webRoot, 'assets')).filter(
      (f) => f.endsWith('.js') && readFileSync(path.join(webRoot, 'assets', f), 'utf8').includes('SheetJS'),
    );
    // Loaded on demand: by the analytics worker (which converts workbooks) and by the engine's in-process fallback.
    expect(withSheetJs.length).toBeGreaterThan(0);
    expect(initial.filter((f) => withSheetJs.includes(f))).toEqual([]);
  });

  it("starts DuckDB-WASM before the UI's code has arrived", async () => {
    const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    // The UI (React, the store, the shell) is a chunk of its own, preloaded by index.html: held back here.
    const ui = holdBack(page, (u) => /\/assets\/start-[^/]*\.js$/.test(u));
    const wasm = holdBack(page, (u) => u.endsWith('.wasm'));
    try {
      await page.goto(server.url);
      await ui.requested;
      // DuckDB's worker is running and asks for its wasm while no UI code has arrived.
      expect(await wasm.requested).toMatch(/duckdb-eh[^/]*\.wasm$/);
      // The shell's frame, drawn into index.html at build time, is on screen meanwhile (in its theme); React's is not.
      await page.locator('[data-static-shell] nav.sidebar').waitFor({ state: 'visible' });
      expect(await page.locator('[data-static-shell] h1').innerText()).toBe('Data');
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toMatch(/^(light|dark)$/);
      expect(await page.locator('.app:not([data-static-shell])').count()).toBe(0);
      ui.release();
      wasm.release();
      await page.getByTestId('open-files-btn').waitFor();
      // React's shell took the frame's place.
      expect(await page.locator('[data-static-shell]').count()).toBe(0);
    } finally {
      await page.context().close();
    }
  });

  it("fetches DuckDB-WASM's module from its worker's start, before duckdb-wasm's own worker script has arrived, and once", async () => {
    const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    const wasmRequests: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('.wasm')) wasmRequests.push(r.url());
    });
    // duckdb-wasm's worker script (the 770 kB that handles 'instantiate'): held back here.
    const script = holdBack(page, (u) => /\/assets\/duckdb-browser-eh\.worker-[^/]*\.js$/.test(u));
    const wasm = holdBack(page, (u) => u.endsWith('.wasm'));
    try {
      await page.goto(new URL('?sample', server.url).href);
      await script.requested;
      // No instantiation can have been asked for (nothing handles it yet): the module is on its way all the same.
      expect(await wasm.requested).toMatch(/duckdb-eh[^/]*\.wasm$/);
      script.release();
      wasm.release();
      // The instantiation then takes the module fetched at the start: the sample loads, the module was fetched once.
      await page.getByTestId('nav-segments').click({ timeout: 120_000 });
      await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid="seg-count-0"]')?.textContent ?? ''), undefined, { timeout: 120_000 });
      expect(wasmRequests).toHaveLength(1);
    } finally {
      await page.context().close();
    }
  });

  it('draws the shell before DuckDB-WASM can be instantiated, and loads Plotly only once the sample is loaded', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    const errors = collectErrors(page, false);
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    // The wasm's media type, which WebAssembly.instantiateStreaming (compiling while it downloads) requires.
    const wasmType = page.waitForResponse((r) => r.url().endsWith('.wasm')).then((r) => r.headers()['content-type']);
    // One screen's code cannot be loaded: that screen says so, the rest of the app is unaffected.
    await page.route(/\/MigrationScreen[^/]*\.js$/, (route) => route.abort());
    const wasm = holdBack(page, (u) => u.endsWith('.wasm'));
    const plotly = holdBack(page, (u) => /\/plotly[^/]*\.js$/.test(u));
    // Whether the sample was loaded (the screens enabled) when Plotly was asked for (it is held until checked).
    const loadedWhenAsked = plotly.requested.then(() =>
      page.evaluate(() => (document.querySelector('[data-testid="nav-segments"]') as HTMLButtonElement | null)?.disabled === false),
    );
    try {
      await page.goto(new URL('?sample', server.url).href);

      // DuckDB's worker asks for its wasm without any file opened (?sample aside)…
      expect(await wasm.requested).toMatch(/duckdb-eh[^/]*\.wasm$/);
      // …and the first screen is all there while the wasm is held back.
      await page.locator('nav.sidebar').waitFor();
      await page.getByTestId('nav-data').waitFor();
      await page.getByTestId('open-files-btn').waitFor();
      await page.getByTestId('loading').waitFor();
      expect(await page.locator('h1').innerText()).toBe('Data');
      // The sample's bytes came in parallel, not after DuckDB.
      await page.waitForFunction(() =>
        performance.getEntriesByType('resource').some((r) => r.name.endsWith('sample-transactions.csv') && (r as PerformanceResourceTiming).responseEnd > 0),
      );
      expect(requests.some((u) => u.endsWith('.wasm'))).toBe(true);
      expect(requests.filter((u) => /\/plotly[^/]*\.js$/.test(u))).toEqual([]);

      wasm.release();
      expect(await wasmType).toBe('application/wasm');
      // The sample is loaded and the app moves to the Overview: figures shown, charts waiting for Plotly.
      await page.getByTestId('ov-kpis').waitFor({ timeout: 120_000 });
      await page.locator('.plot[data-loading]').first().waitFor({ timeout: 60_000 });
      expect(await plotly.requested).toMatch(/plotly/);
      expect(await loadedWhenAsked).toBe(true);

      plotly.release();
      await page.locator('.plot:not([data-loading]) .main-svg').first().waitFor({ timeout: 60_000 });
      await page.locator('.plot[data-loading]').first().waitFor({ state: 'detached', timeout: 60_000 });
      await page.getByTestId('nav-migration').click();
      await page.getByTestId('screen-error').waitFor();
      // Another screen, loaded on demand, works as before.
      await page.getByTestId('nav-segments').click();
      await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid="seg-count-0"]')?.textContent ?? ''), undefined, { timeout: 60_000 });
      expect(await page.getByTestId('screen-error').count()).toBe(0);
      // The only errors logged are the blocked screen's.
      expect(errors.filter((e) => !/MigrationScreen/.test(e))).toEqual([]);
    } finally {
      await page.context().close();
    }
  });
});
