/**
 * End-to-end (web build in Debian's Chromium): every screen at the desktop window's minimum size
 * (electron/main/persist.ts), with the bundled sample; and every label tied to its control. Nothing scrolls sideways, every table shows
 * all its columns and cells without cutting them, and every chart has room to be read: at this
 * width (764 px beside the sidebar) two-column screens put one column under the other and the
 * Segments screen's charts stand one per row beside the rules.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb } from '../../build/scripts/build-web.mjs';
import { MIN_WINDOW_SIZE } from '../../electron/main/persist.ts';
import { SCREENS } from '../../renderer/app/screens.ts';
import { CHROMIUM } from '../helpers/chromium.ts';
import { loaded, openAppPage, type AppPage } from '../helpers/e2e-page.ts';

const SHOTS = path.resolve(import.meta.dirname, '../.artifacts/screenshots');
/** Narrower than this, a chart's axis labels and bars crowd (the Segments screen's were 150 px). */
const MIN_CHART_WIDTH = 300;
/** A chart's legend or labels may take room, but not the plot's: the PCA scatter was 65 px beside its legend. */
const MIN_PLOT_WIDTH = 150;

interface Layout {
  pageOverflow: number;
  /** Tables: how many columns, and how far each scrolls sideways. */
  tables: { columns: number; overflow: number; cut: string[] }[];
  /** Each chart's width and its plotting area's (the chart less its axes, margins and legend). */
  charts: { width: number; plot: number }[];
}

/** What the screen's content looks like once its charts stop changing size. */
async function settledLayout(page: Page): Promise<Layout> {
  const measure = () =>
    page.evaluate((): Layout => {
      const d = document.documentElement;
      const content = document.querySelector('.content')!;
      const tables = Array.from(content.querySelectorAll('table.table')).map((t) => {
        const wrap = t.closest('.table-wrap') ?? t.parentElement!;
        const cut = Array.from(t.querySelectorAll('td'))
          .filter((c) => getComputedStyle(c).textOverflow === 'ellipsis' && c.scrollWidth > c.clientWidth + 1 && !c.title)
          .map((c) => c.textContent ?? '');
        return { columns: t.querySelector('tr')?.children.length ?? 0, overflow: wrap.scrollWidth - wrap.clientWidth, cut };
      });
      const charts = Array.from(content.querySelectorAll('.js-plotly-plot')).map((p) => ({
        width: Math.round(p.getBoundingClientRect().width),
        plot: Math.round((p as HTMLElement & { _fullLayout?: { _size?: { w: number } } })._fullLayout?._size?.w ?? 0),
      }));
      return { pageOverflow: d.scrollWidth - d.clientWidth, tables, charts };
    });
  let last = '';
  for (let i = 0; i < 60; i++) {
    await page.waitForTimeout(400);
    const busy = await page.locator('.spinner, [data-testid="screen-loading"]').count();
    const now = await measure();
    const key = JSON.stringify(now);
    if (busy === 0 && key === last) return now;
    last = key;
  }
  throw new Error(`the screen did not settle: ${last}`);
}

const hasChromium = existsSync(CHROMIUM);

describe.skipIf(!hasChromium)('the screens at the smallest window', () => {
  let app: AppPage;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    app = await openAppPage(await buildWeb({ quiet: true }), { context: { viewport: { ...MIN_WINDOW_SIZE } }, goto: '?sample' });
    page = app.page;
    await loaded(page, 300_000);
  }, 400_000);

  afterAll(async () => {
    await app?.close();
  });

  it.each(SCREENS.map((s) => s.id))(
    '%s: no sideways scrolling, whole tables, charts with room',
    async (id) => {
      await page.getByTestId(`nav-${id}`).click();
      const layout = await settledLayout(page);
      await page.screenshot({ path: path.join(SHOTS, `min-window-${id}.png`) });
      expect(layout.pageOverflow).toBe(0);
      // Every screen but Data draws a chart or a table, so the checks below have something to check.
      if (id !== 'data') expect(layout.tables.length + layout.charts.length).toBeGreaterThan(0);
      for (const t of layout.tables) {
        expect(t.overflow, `a table of ${t.columns} columns scrolls sideways`).toBeLessThanOrEqual(1);
        expect(t.cut, 'cells cut with an ellipsis').toEqual([]);
      }
      for (const c of layout.charts) {
        expect(c.width).toBeGreaterThanOrEqual(MIN_CHART_WIDTH);
        expect(c.plot, 'the plotting area beside axes and legend').toBeGreaterThanOrEqual(MIN_PLOT_WIDTH);
      }
      expect(app.errors).toEqual([]);
    },
    120_000,
  );

  it('on every screen each label names a control (what a screen reader reads, what a click on it focuses)', async () => {
    const unnamed: string[] = [];
    for (const { id } of SCREENS) {
      await page.getByTestId(`nav-${id}`).click();
      await settledLayout(page);
      const labels = await page.evaluate(() =>
        Array.from(document.querySelectorAll<HTMLLabelElement>('.content label')).map((l) => ({ text: l.innerText.trim(), named: l.control !== null })),
      );
      expect(labels.length, id).toBeGreaterThan(0);
      unnamed.push(...labels.filter((l) => !l.named).map((l) => `${id}: ${l.text}`));
    }
    expect(unnamed).toEqual([]);
  }, 120_000);

  it('at 1280 px, a common laptop, every table shows all its columns (the rules beside their chart were 8 px too wide)', async () => {
    await page.setViewportSize({ width: 1280, height: MIN_WINDOW_SIZE.height });
    const wide: string[] = [];
    for (const { id } of SCREENS) {
      await page.getByTestId(`nav-${id}`).click();
      const layout = await settledLayout(page);
      wide.push(...layout.tables.filter((t) => t.overflow > 1).map((t) => `${id}: ${t.columns} columns, ${t.overflow} px too wide`));
    }
    expect(wide).toEqual([]);
    await page.setViewportSize({ ...MIN_WINDOW_SIZE });
  }, 120_000);

  it('the migration matrix of 11 segments scrolls with its row names in view at the minimum, and fits at 1440 px', async () => {
    await page.getByTestId('nav-segments').click();
    await page.getByTestId('preset').selectOption('rfm11');
    await page.getByTestId('nav-migration').click();
    const wrap = page.getByTestId('migration-matrix').locator('xpath=..');
    // 11 segments, (gone) and the total: wider than 764 px, so it scrolls; the names do not.
    await expect.poll(async () => (await settledLayout(page)).tables[0]?.columns, { timeout: 60_000 }).toBe(14);
    const scrolled = await wrap.evaluate((w) => {
      w.scrollLeft = w.scrollWidth;
      const name = w.querySelector('tbody tr th')!.getBoundingClientRect();
      return { by: w.scrollLeft, nameLeft: Math.round(name.left - w.getBoundingClientRect().left) };
    });
    expect(scrolled.by).toBeGreaterThan(0);
    expect(scrolled.nameLeft).toBe(0);
    await page.setViewportSize({ width: 1440, height: MIN_WINDOW_SIZE.height });
    const wide = await settledLayout(page);
    expect(wide.tables[0]?.columns).toBe(14);
    expect(wide.tables[0]?.overflow).toBeLessThanOrEqual(1);
    await page.screenshot({ path: path.join(SHOTS, 'migration-rfm11-1440.png') });
    expect(app.errors).toEqual([]);
  }, 120_000);
});
