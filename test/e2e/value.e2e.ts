/**
 * End-to-end, the Value screen (issue 16) in the web build in Chromium, on the bundled sample:
 * the fitted BG/NBD and Gamma-Gamma parameters shown are those of the engine's customerValue
 * run in Node on the same file with the same settings; both distributions are drawn; a holdout
 * date draws the calibration chart with the engine's totals; and a segment rule written on
 * P(alive) in the rule editor counts the customers the engine puts below 0.3.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildWeb } from '../../build/scripts/build-web.mjs';
import { computeRfm, customerValue, defaultAnalysis, openDataset, parseCsv, valueColumns, type ClvModel } from '../../engine/src/index.ts';
import { MemorySource, openDb } from '../helpers/engine.ts';
import { CHROMIUM } from '../helpers/chromium.ts';
import { openAppPage, type AppPage } from '../helpers/e2e-page.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SAMPLE = path.join(ROOT, 'assets/sample/sample-transactions.csv');
const SHOTS = path.join(ROOT, 'test/.artifacts/screenshots');
const HOLDOUT = '2025-09-01';
const BIN = path.join(ROOT, 'bin/segment-studio.mjs');
const hasChromium = existsSync(CHROMIUM);

async function download(page: Page, testId: string, dir: string): Promise<string> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const file = path.join(dir, d.suggestedFilename());
  await d.saveAs(file);
  return file;
}

const drawn = (page: Page, testId: string) => page.locator(`[data-testid="${testId}"] .main-svg`).first().waitFor({ timeout: 60_000 });

describe.skipIf(!hasChromium)('the Value screen in Chromium', () => {
  let app: AppPage;
  let page: Page;
  let errors: string[];
  // Expected figures: the engine in Node on the same file, with the app's default settings.
  let model: ClvModel;
  let holdout: ClvModel;
  let below: number;

  beforeAll(async () => {
    const a = defaultAnalysis();
    const sql = await openDb();
    await openDataset(sql, [new MemorySource('sample-transactions.csv', new Uint8Array(readFileSync(SAMPLE)))], { cleaning: { ...a.cleaning } });
    const rfm = await computeRfm(sql);
    model = await customerValue(sql, a.clv);
    holdout = await customerValue(sql, { ...a.clv, holdoutFrom: HOLDOUT });
    below = valueColumns(model, rfm.customerIds).pAlive.filter((p) => p < 0.3).length;

    mkdirSync(SHOTS, { recursive: true });
    app = await openAppPage(await buildWeb({ quiet: true }), { context: { viewport: { width: 1440, height: 960 }, acceptDownloads: true } });
    ({ page, errors } = app);
  }, 300_000);

  afterAll(async () => {
    await app?.close();
  });

  it('shows the fitted parameters, the convergence and independence check, and both distributions', async () => {
    await page.getByTestId('open-sample').click();
    await page.getByTestId('nav-value').click({ timeout: 90_000 });
    await page.getByTestId('bgnbd-params').waitFor({ timeout: 90_000 });
    const bg = model.bgNbd;
    const gg = model.gammaGamma;
    expect((await page.getByTestId('bgnbd-params').innerText()).trim()).toBe(
      `r ${bg.r.toFixed(4)} · α ${bg.alpha.toFixed(4)} · a ${bg.a.toFixed(4)} · b ${bg.b.toFixed(4)}`,
    );
    expect((await page.getByTestId('gg-params').innerText()).trim()).toBe(`p ${gg.p.toFixed(4)} · q ${gg.q.toFixed(4)} · v ${gg.v.toFixed(4)}`);
    expect(await page.getByTestId('gg-independence').innerText()).toContain(`= ${gg.check.correlation.toFixed(3)} over`);
    expect(await page.getByTestId('value-params').innerText()).toContain(bg.converged ? 'converged' : 'not converged');
    expect(await page.getByTestId('value-kpi-customers').innerText()).toContain(model.summary.customerIds.length.toLocaleString('en'));
    await drawn(page, 'palive-chart');
    await drawn(page, 'clv-chart');
    // CLV per segment: one row per rfm6 segment (five rules and the fallback).
    await page.getByTestId('value-group-row').first().waitFor();
    expect(await page.getByTestId('value-group-row').count()).toBe(6);
    expect(model.summary.customerIds.length).toBeGreaterThan(100);
    await page.screenshot({ path: path.join(SHOTS, 'value.png'), fullPage: true });
  });

  it('a holdout date draws the calibration chart with the engine’s totals', async () => {
    await page.getByTestId('value-holdout').fill(HOLDOUT);
    await drawn(page, 'calibration-chart');
    const t = holdout.holdout!.total;
    const total = await page.getByTestId('calibration-total').innerText();
    expect(total).toContain(`actual ${t.actual.toLocaleString('en')}, predicted ${Math.round(t.predicted).toLocaleString('en')}`);
    expect(holdout.holdout!.groups.map((g) => g.frequency)[0]).toBe('0');
    await page.screenshot({ path: path.join(SHOTS, 'value-holdout.png'), fullPage: true });
    await page.getByTestId('value-holdout').fill('');
    await page.getByTestId('calibration-chart').waitFor({ state: 'detached', timeout: 60_000 });
  });

  it('a segment rule on P(alive) < 0.3, written in the rule editor, counts the customers the engine puts below 0.3', async () => {
    expect(below).toBeGreaterThan(0);
    await page.getByTestId('nav-segments').click();
    await page.getByTestId('add-segment').click();
    const n = (await page.locator('[data-testid^="seg-rule-"]').count()) - 1;
    const cond = page.getByTestId(`cond-${n}-0`);
    await cond.getByLabel('field').selectOption('p_alive');
    await cond.getByLabel('operator').selectOption('<');
    await page.getByTestId(`cond-${n}-0-value`).fill('0.3');
    // First match wins: move it to the top.
    for (let i = n; i > 0; i--) await page.getByTestId(`seg-rule-${i}`).getByTitle('Move up').click();
    await page.waitForFunction(
      (want) => (document.querySelector('[data-testid="seg-count-0"]') as HTMLElement | null)?.innerText.trim() === want,
      below.toLocaleString('en'),
      { timeout: 60_000 },
    );
    expect(await page.getByTestId('rule-issue').count()).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, 'value-rule.png'), fullPage: true });
  });

  it('at 1280x720 no card of the Value screen overflows horizontally (holdout chart, CLV by cluster)', async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.getByTestId('nav-value').click();
    await page.getByTestId('value-holdout').fill(HOLDOUT);
    await drawn(page, 'calibration-chart');
    await page.getByTestId('value-group-by').getByText('Clusters').click();
    await page.getByTestId('value-group-row').first().waitFor({ timeout: 60_000 });
    await page.waitForTimeout(1000); // charts laid out
    const overflowing = await page.evaluate(() =>
      [...document.querySelectorAll('.card')]
        .filter((e) => e.scrollWidth > e.clientWidth + 1)
        .map((e) => e.getAttribute('data-testid') ?? e.textContent?.slice(0, 30)),
    );
    expect(overflowing).toEqual([]);
    // Clusters: one row per cluster of the fit (k = 4 by default).
    expect(await page.getByTestId('value-group-row').count()).toBe(4);
    await page.screenshot({ path: path.join(SHOTS, 'value-1280.png') });
    await page.setViewportSize({ width: 1440, height: 960 });
  });

  it('the campaign list with p_alive and clv is the one `run` writes, with the figures `clv` writes (holdout set)', async () => {
    await page.getByTestId('nav-export').click();
    await page.getByTestId('export-col-p_alive').check();
    await page.getByTestId('export-col-clv').check();
    await page.waitForFunction(() => !(document.querySelector('[data-testid="export-campaign-btn"]') as HTMLButtonElement).disabled, undefined, {
      timeout: 60_000,
    });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ss-value-e2e-'));
    const campaign = await download(page, 'export-campaign-btn', dir);
    await page.locator('summary', { hasText: 'Analysis' }).click();
    const analysis = await download(page, 'save-analysis', dir);
    const run = spawnSync(process.execPath, [BIN, 'run', analysis, SAMPLE, '--out', path.join(dir, 'run')], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(readFileSync(path.join(dir, 'run', 'campaign-segments.csv')).equals(readFileSync(campaign))).toBe(true);
    const clv = spawnSync(process.execPath, [BIN, 'clv', SAMPLE, '--out', path.join(dir, 'clv'), '--holdout-from', HOLDOUT], { encoding: 'utf8' });
    expect(clv.stderr).toBe('');
    const [head, ...rows] = parseCsv(readFileSync(campaign, 'utf8').replace(/^\ufeff/, ''));
    const [clvHead, ...clvRows] = parseCsv(readFileSync(path.join(dir, 'clv', 'clv.csv'), 'utf8'));
    const col = (h: string[], name: string) => h.indexOf(name);
    const byId = new Map(clvRows.map((r) => [r[0]!, r]));
    let modelled = 0;
    for (const r of rows) {
      const m = byId.get(r[col(head!, 'customer_id')]!);
      if (m) modelled++;
      expect(r[col(head!, 'p_alive')]).toBe(m ? m[col(clvHead!, 'p_alive')] : '');
      expect(r[col(head!, 'clv')]).toBe(m ? m[col(clvHead!, 'clv')] : '');
    }
    expect(modelled).toBe(holdout.summary.customerIds.length);
    expect(modelled).toBeLessThan(rows.length); // customers first seen in the holdout have no figure
    expect(errors).toEqual([]);
  });
});
