/**
 * End-to-end, the page's thread after a load (the standard: the UI thread never blocks): a user
 * opens a file once the app has started; when the load ends the app shows the Overview and draws
 * its charts. Plotly was loaded while the page was idle before (charts/Plot.tsx preloadPlotly,
 * app/lazy-screens.ts), and the charts draw one per task (charts/draw-turns.ts), so from the
 * load's end until every chart is drawn no task of the page is long enough to hold up a click:
 * the bound, 600 ms, is far above the longest measured (0.1-0.3 s on a loaded machine) and far
 * below what it was (Plotly's evaluation plus every chart in one task: 1.3-2.3 s).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { buildWeb } from '../../build/scripts/build-web.mjs';
import { CHROMIUM } from '../helpers/chromium.ts';
import { collectErrors, serveAndLaunch, type ServedBrowser } from '../helpers/e2e-page.ts';

const SAMPLE = path.resolve(import.meta.dirname, '../../assets/sample/sample-transactions.csv');
const hasChromium = existsSync(CHROMIUM);
const BOUND_MS = 600;

declare global {
  interface Window {
    __ssOverviewLongTasks?: { start: number; ms: number }[];
    __ssLoadEnd?: number;
  }
}

describe.skipIf(!hasChromium)("the page's thread after a load", () => {
  let served: ServedBrowser;
  let browser: Browser;
  let server: ServedBrowser['server'];

  beforeAll(async () => {
    served = await serveAndLaunch(await buildWeb({ quiet: true }));
    ({ browser, server } = served);
  });

  afterAll(async () => {
    await served?.close();
  });

  it(`runs no task over ${BOUND_MS} ms from the load's end until the Overview's charts are drawn`, async () => {
    const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    const errors = collectErrors(page, false);
    await page.addInitScript(() => {
      window.__ssOverviewLongTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__ssOverviewLongTasks!.push({ start: e.startTime, ms: e.duration });
      }).observe({ type: 'longtask', buffered: true });
      // The load's end: the screens are enabled (a mutation observer runs at the end of the task that enables them).
      const watch = new MutationObserver(() => {
        const b = document.querySelector<HTMLButtonElement>('[data-testid="nav-segments"]');
        if (b && !b.disabled && window.__ssLoadEnd === undefined) window.__ssLoadEnd = performance.now();
      });
      document.addEventListener('DOMContentLoaded', () =>
        watch.observe(document.documentElement, { subtree: true, childList: true, attributes: true, attributeFilter: ['disabled'] }),
      );
    });
    try {
      await page.goto(server.url);
      await page.getByTestId('open-files-btn').waitFor();
      // The app started and sat idle (the user picking a file): Plotly is loaded meanwhile, without a chart on the page.
      await page.waitForFunction(() => performance.getEntriesByType('resource').some((r) => /\/plotly[^/]*\.js$/.test(r.name)), undefined, { timeout: 60_000 });
      expect(await page.locator('.plot').count()).toBe(0);
      await page.setInputFiles('#ss-open-files', [SAMPLE]);
      await page.waitForFunction(() => window.__ssLoadEnd !== undefined, undefined, { timeout: 120_000 });
      await page.getByTestId('ov-kpis').waitFor({ timeout: 60_000 });
      // Every chart of the Overview drawn.
      await page.waitForFunction(
        () => {
          const plots = [...document.querySelectorAll('[data-testid="overview"] .plot')];
          return plots.length >= 5 && plots.every((p) => !p.hasAttribute('data-loading') && p.querySelector('.main-svg'));
        },
        undefined,
        { timeout: 60_000 },
      );
      const { tasks, loadEnd, now } = await page.evaluate(() => ({
        tasks: window.__ssOverviewLongTasks!,
        loadEnd: window.__ssLoadEnd!,
        now: performance.now(),
      }));
      const after = tasks.filter((t) => t.start + t.ms > loadEnd && t.start < now);
      expect(after.filter((t) => t.ms > BOUND_MS)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await page.context().close();
    }
  });
});
