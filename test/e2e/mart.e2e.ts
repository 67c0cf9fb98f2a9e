/**
 * End-to-end, the data mart from the app (issue 15 item 5), in the web build in Debian's
 * Chromium on the bundled sample: the Export screen's "Data mart (Parquet)" downloads a zip
 * whose four Parquet tables (written in the page by the engine's hyparquet-writer writer) hold the
 * same rows, values and column types as `segment-studio export --format parquet` on the same file
 * with the app's saved analysis — both read here by hyparquet — and are the same bytes, with
 * schema.md and a manifest.json whose hashes are the zip's files'.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb } from '../../build/scripts/build-web.mjs';
import { MART_TABLES, martSchemaMarkdown } from '../../engine/src/analysis/mart.ts';
import { CHROMIUM } from '../helpers/chromium.ts';
import { openAppPage, type AppPage } from '../helpers/e2e-page.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SAMPLE = path.join(ROOT, 'assets/sample/sample-transactions.csv');
const BIN = path.join(ROOT, 'bin/segment-studio.mjs');

async function download(page: Page, testId: string, dir: string): Promise<string> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const file = path.join(dir, d.suggestedFilename());
  await d.saveAs(file);
  return file;
}

const arrayBuffer = (b: Uint8Array) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
/** Values comparable across readers' runs: INT64 as decimal text, DATE as YYYY-MM-DD. */
const plain = (v: unknown) => (typeof v === 'bigint' ? `${v}n` : v instanceof Date ? v.toISOString().slice(0, 10) : v);
const rowsOf = async (bytes: Uint8Array) => (await parquetReadObjects({ file: arrayBuffer(bytes) })).map((o) => Object.values(o).map(plain));
/** Each column's name and Parquet types, as a reader sees them. */
const schemaOf = (bytes: Uint8Array) =>
  parquetMetadata(arrayBuffer(bytes))
    .schema.slice(1)
    .map((s) => `${s.name}:${s.type}:${s.converted_type ?? ''}`);

describe.skipIf(!existsSync(CHROMIUM))('the data mart from the app, in Chromium', () => {
  let app: AppPage;
  let page: Page;
  let errors: string[];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ss-mart-e2e-'));

  beforeAll(async () => {
    app = await openAppPage(await buildWeb({ quiet: true }), {
      context: { viewport: { width: 1440, height: 960 }, acceptDownloads: true },
      goto: '?sample',
      consoleErrors: false,
    });
    ({ page, errors } = app);
    await page.waitForFunction(() => (document.querySelector('[data-testid="nav-export"]') as HTMLButtonElement | null)?.disabled === false, undefined, {
      timeout: 300_000,
    });
  }, 600_000);

  afterAll(async () => {
    await app?.close();
  });

  it('"Data mart (Parquet)" gives the tables of segment-studio export --format parquet: rows, values, types; schema.md; manifest hashes', async () => {
    await page.locator('summary', { hasText: 'Analysis' }).click();
    const analysisFile = await download(page, 'save-analysis', dir);
    await page.keyboard.press('Escape');
    await page.getByTestId('nav-export').click();
    // The card computes what the tables need (fit, rules, recommendations) itself; the button says so meanwhile.
    await expect
      .poll(
        async () =>
          `${await page.getByTestId('export-mart-btn').innerText()} ${JSON.stringify(await page.evaluate(() => (window.__ssJobs ?? []).map((j) => j.name)))}`,
        { timeout: 600_000, interval: 1000 },
      )
      .toMatch(/^Data mart \(Parquet\) /);
    const zipFile = await download(page, 'export-mart-btn', mkdtempSync(path.join(dir, 'app-')));
    expect(path.basename(zipFile)).toBe('data-mart.zip');
    const zip = unzipSync(new Uint8Array(readFileSync(zipFile)));
    const names = MART_TABLES.map((t) => `${t.name}.parquet`);
    expect(Object.keys(zip).sort()).toEqual([...names, 'manifest.json', 'schema.md'].sort());

    const out = path.join(dir, 'cli');
    const r = spawnSync(process.execPath, [BIN, 'export', SAMPLE, '--analysis', analysisFile, '--out', out, '--format', 'parquet', '--json'], {
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    const cliTables = (JSON.parse(r.stdout) as { tables: { table: string; rows: number }[] }).tables;

    for (const t of MART_TABLES) {
      const app = zip[`${t.name}.parquet`]!;
      const cli = new Uint8Array(readFileSync(path.join(out, `${t.name}.parquet`)));
      const appRows = await rowsOf(app);
      expect(appRows.length, t.name).toBe(cliTables.find((c) => c.table === t.name)!.rows);
      expect(appRows, t.name).toEqual(await rowsOf(cli));
      expect(schemaOf(app), t.name).toEqual(schemaOf(cli));
      // One writer (the engine's) in both hosts: the same tables give the same bytes.
      expect(Buffer.from(app).equals(Buffer.from(cli)), `${t.name}: the app's file differs from the CLI's`).toBe(true);
    }
    // The sample mines rules and recommends: no table is empty, so the comparison covers every column.
    for (const c of cliTables) expect(c.rows, c.table).toBeGreaterThan(0);

    expect(new TextDecoder().decode(zip['schema.md'])).toBe(martSchemaMarkdown());
    const manifest = JSON.parse(new TextDecoder().decode(zip['manifest.json'])) as Record<string, unknown> & {
      outputs: { name: string; size: number; sha256: string }[];
    };
    expect(manifest.outputs.map((o) => o.name)).toEqual([...names, 'schema.md']);
    for (const o of manifest.outputs) {
      expect(o.size).toBe(zip[o.name]!.length);
      expect(o.sha256).toBe(createHash('sha256').update(zip[o.name]!).digest('hex'));
    }
    const cliManifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    for (const key of ['sources', 'rows', 'snapshot', 'scoring', 'segment_rules', 'clustering', 'baskets'])
      expect(manifest[key], key).toEqual(cliManifest[key]);
    expect(errors).toEqual([]);
  }, 900_000);
});
