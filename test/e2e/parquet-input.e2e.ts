/**
 * End-to-end, Parquet input in the app (issue 14 item 1), in the web build in Debian's
 * Chromium: a generated CSV written as Parquet by native DuckDB (COPY ... (FORMAT PARQUET),
 * typed columns: TIMESTAMP, DOUBLE, BIGINT) opens in the app — decoded by hyparquet in the
 * analytics worker, since DuckDB-WASM has no parquet offline — and shows the lines kept, the
 * customers and the segment sizes of `segment-studio segment` on the CSV and on the Parquet.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb } from '../../build/scripts/build-web.mjs';
import { openNativeDuckDb } from '../../engine/cli/native-duckdb.ts';
import { generateCsv, literal, tableRows } from '../../engine/src/index.ts';
import { CHROMIUM } from '../helpers/chromium.ts';
import { loaded, openAppPage, type AppPage } from '../helpers/e2e-page.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/segment-studio.mjs');
const int = (s: string) => Number(s.replace(/[^\d.-]/g, ''));

interface CliSegment {
  rows_kept: number;
  customers: number;
  segments: { segment: string; customers: number }[];
}

function cliSegment(file: string, out: string): CliSegment {
  const r = spawnSync(process.execPath, [BIN, 'segment', file, '--out', out, '--json'], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as CliSegment;
}

describe.skipIf(!existsSync(CHROMIUM))('Parquet input in the app, in Chromium', () => {
  let app: AppPage;
  let page: Page;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ss-parquet-e2e-'));
  const csv = path.join(dir, 'orders.csv');
  const parquet = path.join(dir, 'orders.parquet');

  beforeAll(async () => {
    const chunks: string[] = [];
    generateCsv({ rows: 30_000, seed: 7 }, (c) => chunks.push(c));
    writeFileSync(csv, chunks.join(''));
    const duck = await openNativeDuckDb();
    try {
      await duck.exec(`COPY (SELECT * FROM read_csv(${literal(csv)})) TO ${literal(parquet)} (FORMAT PARQUET)`);
      const types = tableRows(await duck.query(`SELECT column_type AS t FROM (DESCRIBE SELECT * FROM read_parquet(${literal(parquet)}))`)).map((r) => r.t);
      expect(types).toEqual(expect.arrayContaining(['TIMESTAMP', 'DOUBLE', 'BIGINT']));
    } finally {
      duck.close();
    }
    app = await openAppPage(await buildWeb({ quiet: true }), { context: { viewport: { width: 1440, height: 960 } } });
    ({ page } = app);
  }, 600_000);

  afterAll(async () => {
    await app?.close();
  });

  it('opens the Parquet file and shows the lines, customers and segment sizes of the CLI on the CSV and on the Parquet', async () => {
    const fromCsv = cliSegment(csv, path.join(dir, 'cli-csv'));
    const fromParquet = cliSegment(parquet, path.join(dir, 'cli-parquet'));
    expect(fromParquet.segments).toEqual(fromCsv.segments);
    expect(fromParquet.rows_kept).toBe(fromCsv.rows_kept);

    await page.setInputFiles('#ss-open-files', parquet);
    // Decoded in the analytics worker, the load shows its progress in rows.
    await page.waitForFunction(
      () => /decoding orders\.parquet/.test(document.querySelector('[data-testid="load-progress-message"]')?.textContent ?? ''),
      undefined,
      {
        timeout: 300_000,
        polling: 50,
      },
    );
    await loaded(page, 300_000);
    expect(await page.getByTestId('dataset-label').innerText()).toBe('orders.parquet');
    await page.getByTestId('nav-data').click();
    await page.getByTestId('kpi-lines').waitFor({ timeout: 300_000 });
    await expect.poll(async () => int(await page.getByTestId('kpi-lines').locator('.value').innerText()), { timeout: 300_000 }).toBe(fromCsv.rows_kept);
    expect(int(await page.getByTestId('kpi-customers').locator('.value').innerText())).toBe(fromCsv.customers);

    await page.getByTestId('nav-segments').click();
    await page.getByTestId('seg-row-0').waitFor({ timeout: 300_000 });
    const shown: { segment: string; customers: number }[] = [];
    for (const row of await page.locator('[data-testid^="seg-row-"]').all()) {
      const cells = await row.locator('td').allInnerTexts();
      shown.push({ segment: cells[0]!.trim(), customers: int(cells[1]!) });
    }
    const expected = fromCsv.segments.filter((s) => s.customers > 0).map((s) => ({ segment: s.segment, customers: s.customers }));
    expect(shown.filter((s) => s.customers > 0)).toEqual(expected);
  }, 900_000);
});
