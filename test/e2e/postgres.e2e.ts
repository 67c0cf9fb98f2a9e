/**
 * End-to-end, the data mart to PostgreSQL from the desktop app (issue 15 item 5), in Debian's
 * Chromium with the preload test double (test/helpers/electron-path-double.ts), whose
 * `postgres*` calls run the REAL main-process writer (electron/main/postgres.ts) in this
 * process against the real server of SEGMENT_STUDIO_PG_URL. On the bundled sample the Export
 * screen's form tests the connection, writes the four tables, and the tables read back equal,
 * row for row and type for type, to those `segment-studio export … --to postgres` writes from
 * the same file with the app's saved analysis. A wrong password and a closed port are told in
 * words; the password is in no file, no localStorage and no analysis. The browser platform
 * says the form needs the desktop app. Skips without Chromium or without the server.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb } from '../../build/scripts/build-web.mjs';
import { MART_TABLES } from '../../engine/src/analysis/mart.ts';
import { CHROMIUM } from '../helpers/chromium.ts';
import { collectErrors, launchChromium } from '../helpers/e2e-page.ts';
import { desktopInitScript, startDesktopDouble, type DesktopDouble } from '../helpers/electron-path-double.ts';
import { PG_SKIP_REASON, PG_URL, connectPg } from '../helpers/postgres.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SAMPLE = path.join(ROOT, 'assets/sample/sample-transactions.csv');
const BIN = path.join(ROOT, 'bin/segment-studio.mjs');
const skip = !existsSync(CHROMIUM) ? `${CHROMIUM} not found` : PG_SKIP_REASON;
if (!existsSync(CHROMIUM)) console.warn(`e2e skipped: ${CHROMIUM} not found (apt-get install -y chromium)`);

describe.skipIf(skip !== undefined)(`the data mart to PostgreSQL from the desktop app${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let browser: Browser;
  let page: Page;
  let double: DesktopDouble;
  let client: pg.Client;
  let errors: string[];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ss-pg-e2e-'));
  const appSchema = `ss_e2e_app_${process.pid}`;
  const cliSchema = `ss_e2e_cli_${process.pid}`;
  const server = PG_URL ? new URL(PG_URL) : null;
  const password = server ? decodeURIComponent(server.password) : '';

  beforeAll(async () => {
    client = await connectPg();
    double = await startDesktopDouble(await buildWeb({ quiet: true }));
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1440, height: 960 } });
    await context.addInitScript(desktopInitScript);
    page = await context.newPage();
    errors = collectErrors(page, false);
    await page.goto(`${double.url}?sample`);
    await page.waitForFunction(() => (document.querySelector('[data-testid="nav-export"]') as HTMLButtonElement | null)?.disabled === false, undefined, {
      timeout: 300_000,
    });
  }, 600_000);

  afterAll(async () => {
    for (const s of [appSchema, cliSchema]) await client?.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
    await client?.end();
    await browser?.close();
    await double?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const fill = async (fields: Record<string, string>) => {
    for (const [k, v] of Object.entries(fields)) await page.getByTestId(`pg-${k}`).fill(v);
  };
  const status = async () => {
    const s = page.getByTestId('pg-status');
    await s.waitFor({ timeout: 120_000 });
    return { kind: await s.getAttribute('data-status'), text: (await s.textContent()) ?? '' };
  };
  /** Every row of a table, sorted, as text (the two schemas are compared with the same reader). */
  const rows = async (schema: string, table: string, where = '') =>
    (await client.query(`SELECT * FROM ${schema}.${table} ${where}`)).rows.map((r: Record<string, unknown>) => JSON.stringify(r)).sort();
  const types = async (schema: string, table: string) =>
    (
      await client.query(
        `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`,
        [schema, table],
      )
    ).rows;

  it('Test connection, then Write to PostgreSQL: the tables equal those segment-studio export --to postgres writes from the same file and analysis', async () => {
    const analysisFile = path.join(dir, 'analysis.json');
    double.answerSave(analysisFile);
    await page.locator('summary', { hasText: 'Analysis' }).click();
    await page.getByTestId('save-analysis').click();
    await expect.poll(() => existsSync(analysisFile), { timeout: 60_000 }).toBe(true);
    await page.keyboard.press('Escape');

    await page.getByTestId('nav-export').click();
    await page.getByTestId('pg-card').waitFor();
    expect(await page.getByTestId('pg-needs-desktop').count()).toBe(0);
    await fill({
      host: server!.hostname,
      port: server!.port,
      database: decodeURIComponent(server!.pathname.slice(1)),
      user: decodeURIComponent(server!.username),
      password,
      schema: appSchema,
    });
    await page.getByTestId('pg-test-btn').click();
    const tested = await status();
    expect(tested.kind, tested.text).toBe('ok');
    expect(tested.text).toMatch(new RegExp(`^Connected to PostgreSQL \\d.* as "${server!.username}"; the tables can be written to schema "${appSchema}"$`));

    await expect.poll(() => page.getByTestId('pg-write-btn').innerText(), { timeout: 600_000, interval: 1000 }).toBe('Write to PostgreSQL');
    await page.getByTestId('pg-write-btn').click();
    await expect.poll(async () => (await status()).text, { timeout: 300_000, interval: 500 }).toMatch(/^Wrote snapshot/);
    const written = await status();
    expect(written.kind).toBe('ok');

    const r = spawnSync(
      process.execPath,
      [BIN, 'export', SAMPLE, '--analysis', analysisFile, '--out', path.join(dir, 'cli'), '--to', 'postgres', '--schema', cliSchema, '--json'],
      {
        encoding: 'utf8',
        env: { ...process.env, SEGMENT_STUDIO_PG_URL: PG_URL },
      },
    );
    expect(r.status, r.stderr).toBe(0);

    for (const t of MART_TABLES) {
      const app = await rows(appSchema, t.name);
      expect(app.length, t.name).toBeGreaterThan(0);
      expect(app, t.name).toEqual(await rows(cliSchema, t.name));
      expect(await types(appSchema, t.name), t.name).toEqual(await types(cliSchema, t.name));
      expect(written.text).toContain(`"${appSchema}"."${t.name}" (${app.length.toLocaleString('en')} rows)`);
    }
    expect(written.text).toMatch(new RegExp(`^Wrote snapshot \\d{4}-\\d{2}-\\d{2} to postgres://${server!.username}@${server!.hostname}:${server!.port}/`));
    expect(errors).toEqual([]);
  }, 900_000);

  it('Append this snapshot keeps an earlier snapshot and replaces the same one', async () => {
    // An earlier month, as a monthly run would have left it: the same rows dated 2000-01-01.
    for (const t of MART_TABLES)
      await client.query(
        `INSERT INTO ${appSchema}.${t.name} SELECT DATE '2000-01-01', ${t.columns
          .slice(1)
          .map((c) => `"${c.name}"`)
          .join(', ')} FROM ${appSchema}.${t.name}`,
      );
    const snapshotOf = async (t: string) =>
      (await client.query(`SELECT to_char(snapshot_date, 'YYYY-MM-DD') AS d, count(*)::int AS n FROM ${appSchema}.${t} GROUP BY 1 ORDER BY 1`)).rows;
    const counts: Record<string, { d: string; n: number }[]> = {};
    for (const t of MART_TABLES) counts[t.name] = await snapshotOf(t.name);
    await page.getByTestId('pg-mode').getByText('Append this snapshot').click();
    await page.getByTestId('pg-write-btn').click();
    await expect.poll(async () => (await status()).text, { timeout: 300_000, interval: 500 }).toMatch(/^Appended snapshot/);
    for (const t of MART_TABLES) {
      expect(await snapshotOf(t.name), t.name).toEqual(counts[t.name]);
      expect(await rows(appSchema, t.name, "WHERE snapshot_date <> DATE '2000-01-01'"), t.name).toEqual(await rows(cliSchema, t.name));
    }
    expect(errors).toEqual([]);
  }, 600_000);

  it('a wrong password and a closed port are told in words; the password is stored nowhere', async () => {
    await fill({ password: 'not-the-password' });
    await page.getByTestId('pg-test-btn').click();
    await expect
      .poll(async () => (await status()).text, { timeout: 60_000 })
      .toMatch(/^Sign-in failed\. Sign-in refused: PostgreSQL at .* did not accept user/);
    await fill({ password, port: '1' });
    await page.getByTestId('pg-test-btn').click();
    await expect
      .poll(async () => (await status()).text, { timeout: 60_000 })
      .toBe(`Server not reachable. Cannot reach ${server!.hostname}:1: nothing accepts connections there: is PostgreSQL running, and is the port right?`);
    await fill({ port: 'abc' });
    await page.getByTestId('pg-test-btn').click();
    await expect.poll(async () => (await status()).text).toMatch(/^Check the form\. The port is a whole number/);

    const storage = await page.evaluate(() => JSON.stringify({ ...localStorage }));
    expect(storage).not.toContain(password);
    const remembered = JSON.parse(readFileSync(path.join(double.userData, 'postgres.json'), 'utf8'));
    expect(remembered).toEqual({
      host: server!.hostname,
      port: Number(server!.port),
      database: decodeURIComponent(server!.pathname.slice(1)),
      user: decodeURIComponent(server!.username),
      schema: appSchema,
      mode: 'append',
      ssl: false,
    });
    expect(readFileSync(path.join(dir, 'analysis.json'), 'utf8')).not.toContain(password);
    expect(errors).toEqual([]);
  }, 300_000);

  it('in a browser (no desktop app) the card says writing to PostgreSQL needs the desktop app', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 960 } });
    const web = await context.newPage();
    try {
      await web.goto(`${double.url}?sample`);
      await web.waitForFunction(() => (document.querySelector('[data-testid="nav-export"]') as HTMLButtonElement | null)?.disabled === false, undefined, {
        timeout: 300_000,
      });
      await web.getByTestId('nav-export').click();
      expect(await web.getByTestId('pg-needs-desktop').innerText()).toMatch(/^Writing to PostgreSQL needs the desktop app/);
      expect(await web.getByTestId('pg-write-btn').count()).toBe(0);
    } finally {
      await context.close();
    }
  }, 300_000);
});
