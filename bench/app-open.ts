/**
 * The app in Chromium, timed as a user meets it (issue 14): the production web build served
 * locally, Debian's Chromium driven by playwright-core, a fresh browser per run.
 *
 *   node bin/run-ts.mjs bench/app-open.ts [--runs 3] [--gen FILE] [--or DIR] [--only cold|open|gen|or] [--web DIR] [--trace DIR]
 *
 * - cold start: navigation to the shell's first paint (first-contentful-paint), and to the
 *   bundled sample's segments shown (`?sample`, then the Segments screen);
 * - open → segments shown: from handing the files to the open dialog's input to the Segments
 *   screen listing its counts, for the 1M-line file and Online Retail's 305 daily files.
 * Peak memory is the browser's whole process tree (resident, sampled every 200 ms).
 * Prints a Markdown table; medians of `runs`. `--trace DIR` writes each open's DuckDB-WASM calls
 * (ms from the open) as DIR/<case>-<run>.json, to compare statement by statement; `--web DIR`
 * builds somewhere else than bench/data/web-production (two benchmarks at once).
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { startStaticServer } from '../build/scripts/static-server.mjs';
import { findPidByArg, processTreeRss } from '../test/helpers/electron-path-double.ts';
import { CHROMIUM, CHROMIUM_ARGS } from '../test/helpers/chromium.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const opt = (name: string, fallback: string): string => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1]! : fallback;
};
const runs = Number(opt('runs', '3'));
/** One part only: `cold` (the cold start), `open` (the two opens), `gen` or `or` (one of them). */
const only = opt('only', '');
const genFile = opt('gen', '/tmp/gen1m.csv');
const orDir = path.resolve(root, opt('or', '../shared/data/online-retail/by-day'));
const traceDir = opt('trace', '');
const ARGS = [...CHROMIUM_ARGS];

if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found (apt-get install -y chromium)`);

const web = path.resolve(root, opt('web', 'bench/data/web-production'));
process.env.NODE_ENV = 'production';
await build({ configFile: path.join(root, 'build/vite.config.ts'), logLevel: 'error', build: { outDir: web, emptyOutDir: true } });
const server = await startStaticServer({ root: web });

interface Sample {
  ms: number;
  paintMs?: number;
  /** Cold start only: navigation → each step (ms), see `coldStart`. */
  phases?: ColdPhases;
  /** Open only: where the time went, see `openBreakdown`. */
  parts?: OpenParts;
  peakMb: number;
}

/** Where a cold start's time goes, each from navigation: DuckDB-WASM's worker created, ready for queries, the sample loaded (screens enabled). */
interface ColdPhases {
  workerMs: number;
  duckdbMs: number;
  loadedMs: number;
}

/** Where an open's time goes (ms), from the data layer's record of DuckDB-WASM calls (renderer/data/sql-trace.ts). */
type OpenParts = Record<(typeof OPEN_PARTS)[number], number>;
const OPEN_PARTS = [
  'DuckDB-WASM start waited for',
  'registering files',
  'reading the files',
  'detection, lines table, cleaning',
  'RFM',
  'other statements',
  'outside DuckDB (UI thread, rendering)',
] as const;

/** Sums the calls made after `t0` by what they do; time no call covers is the UI thread's own (sniffing, detection in JS, React). */
function openBreakdown(calls: { kind: string; what: string; at: number; ms: number }[], t0: number, t1: number): OpenParts {
  const parts = Object.fromEntries(OPEN_PARTS.map((p) => [p, 0])) as OpenParts;
  const spans: [number, number][] = [];
  for (const c of calls) {
    const from = Math.max(c.at, t0);
    const to = Math.min(c.at + c.ms, t1);
    if (to <= from) continue;
    spans.push([from, to]);
    const part: (typeof OPEN_PARTS)[number] =
      c.kind === 'instantiate' || c.kind === 'open'
        ? 'DuckDB-WASM start waited for'
        : c.kind === 'register' || c.kind === 'drop'
          ? 'registering files'
          : /^\s*(CREATE TABLE raw|INSERT INTO raw)/.test(c.what)
            ? 'reading the files'
            : /\brfm\b/.test(c.what)
              ? 'RFM'
              : /\b(raw|lines|kept|dup_rows|item_flags|long_ids|total_rows)\b/.test(c.what)
                ? 'detection, lines table, cleaning'
                : 'other statements';
    parts[part] += to - from;
  }
  // Registrations overlap each other (sent without waiting): count the wall time they span, once.
  const registers = calls.filter((c) => (c.kind === 'register' || c.kind === 'drop') && c.at + c.ms > t0);
  if (registers.length) parts['registering files'] = union(registers.map((c) => [Math.max(c.at, t0), c.at + c.ms]));
  parts['outside DuckDB (UI thread, rendering)'] = t1 - t0 - union(spans);
  return parts;
}

/** Total length of the union of [from, to) spans. */
function union(spans: [number, number][]): number {
  let total = 0;
  let end = -Infinity;
  for (const [from, to] of [...spans].sort((a, b) => a[0] - b[0])) {
    if (to <= end) continue;
    total += to - Math.max(from, end);
    end = to;
  }
  return total;
}

let runCount = 0;

/** A fresh browser; `act` runs against its page while the process tree's memory is sampled. */
async function withBrowser(act: (page: Page) => Promise<Omit<Sample, 'peakMb'>>): Promise<Sample> {
  // An unknown switch Chromium ignores, to find its main process for the memory samples.
  const tag = `--ss-bench-run=${process.pid}-${runCount++}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...ARGS, tag] });
  const pid = findPidByArg(tag);
  let peak = 0;
  const sampler = setInterval(() => {
    if (pid !== null) peak = Math.max(peak, processTreeRss(pid));
  }, 200);
  try {
    const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    const r = await act(page);
    return { ...r, peakMb: Math.round(peak / 1024 ** 2) };
  } finally {
    clearInterval(sampler);
    await browser.close();
  }
}

/**
 * How the benchmark watches the page: every 25 ms, not every animation frame (Playwright's
 * default), which keeps Chromium drawing frames for the whole run; that cost the page's thread
 * about 70 ms of CPU a second (Chromium traces of the cold start), taken from the app measured.
 */
const WATCH = { timeout: 600_000, polling: 25 };

/** From wherever the app is to the Segments screen showing its first segment's count; returns when the screens were enabled (page clock). */
async function segmentsShown(page: Page): Promise<number> {
  // Enabled, not merely absent: on a cold start the sidebar is drawn only once the UI's chunk has run.
  await page.waitForFunction(() => (document.querySelector('[data-testid="nav-segments"]') as HTMLButtonElement | null)?.disabled === false, undefined, WATCH);
  const loadedMs = await page.evaluate(() => performance.now());
  await page.getByTestId('nav-segments').click();
  await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid="seg-count-0"]')?.textContent ?? ''), undefined, WATCH);
  return loadedMs;
}

const coldStart = () =>
  withBrowser(async (page) => {
    await page.goto(new URL('?sample', server.url).href);
    const loadedMs = await segmentsShown(page);
    const [ms, paintMs, calls] = await page.evaluate(
      () => [performance.now(), performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN, window.__ssSql ?? []] as const,
    );
    // DuckDB-WASM's own calls, recorded by renderer/data/sql-trace.ts: the worker starts with `instantiate`, is ready once the database is open.
    const instantiate = calls.find((c) => c.kind === 'instantiate');
    const open = calls.find((c) => c.kind === 'open');
    const duckdbMs = open ? open.at + open.ms : Number.NaN;
    return {
      ms,
      paintMs,
      phases: { workerMs: instantiate?.at ?? Number.NaN, duckdbMs, loadedMs },
      // From DuckDB ready to the segments shown: the sample's statements, and the UI thread's own time.
      parts: openBreakdown([...calls], duckdbMs, ms),
    };
  });

let traceCount = 0;
const openToSegments = (files: string[], name: string) =>
  withBrowser(async (page) => {
    await page.goto(server.url);
    await page.getByTestId('open-files-btn').waitFor();
    const t0 = await page.evaluate(() => performance.now());
    await page.setInputFiles('#ss-open-files', files);
    await segmentsShown(page);
    const [t1, calls] = await page.evaluate(() => [performance.now(), window.__ssSql ?? []] as const);
    if (traceDir) {
      mkdirSync(traceDir, { recursive: true });
      const since = calls.filter((c) => c.at + c.ms > t0).map((c) => ({ ...c, at: Math.round(c.at - t0), ms: Math.round(c.ms) }));
      writeFileSync(path.join(traceDir, `${name}-${traceCount++}.json`), JSON.stringify({ ms: Math.round(t1 - t0), calls: since }, null, 1));
    }
    return { ms: t1 - t0, parts: openBreakdown([...calls], t0, t1) };
  });

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const wanted = (part: 'cold' | 'gen' | 'or') => only === '' || only === part || (only === 'open' && part !== 'cold');
const chosen: { name: string; run: () => Promise<Sample> }[] = [];
if (wanted('cold')) chosen.push({ name: 'cold start, bundled sample (`?sample`)', run: coldStart });
if (wanted('gen') && existsSync(genFile))
  chosen.push({ name: `open → segments shown: ${path.basename(genFile)}`, run: () => openToSegments([genFile], 'gen') });
if (wanted('or') && existsSync(orDir)) {
  const files = readdirSync(orDir)
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .map((f) => path.join(orDir, f));
  chosen.push({ name: `open → segments shown: Online Retail, ${files.length} daily files`, run: () => openToSegments(files, 'or') });
}

const cpu = os.cpus();
process.stdout.write(`Machine: ${cpu[0]?.model ?? '?'}, ${cpu.length} cores, ${Math.round(os.totalmem() / 1024 ** 3)} GiB RAM, Node ${process.version}\n`);
process.stdout.write(`Chromium ${CHROMIUM}, production build; load average at start ${os.loadavg()[0]!.toFixed(1)}; median of ${runs} fresh browsers\n\n`);
process.stdout.write('| case | median s | min–max s | shell painted s | peak MB (browser tree) |\n|---|---:|---:|---:|---:|\n');
let coldPhases: ColdPhases[] = [];
const breakdowns: { name: string; parts: OpenParts[] }[] = [];
for (const c of chosen) {
  const samples: Sample[] = [];
  for (let i = 0; i < runs; i++) samples.push(await c.run());
  const ms = samples.map((s) => s.ms);
  const paint = samples.map((s) => s.paintMs).filter((p): p is number => p !== undefined);
  process.stdout.write(
    `| ${c.name} | ${(median(ms) / 1000).toFixed(2)} | ${(Math.min(...ms) / 1000).toFixed(2)}–${(Math.max(...ms) / 1000).toFixed(2)} | ${
      paint.length ? (median(paint) / 1000).toFixed(2) : ''
    } | ${median(samples.map((s) => s.peakMb))} |\n`,
  );
  const phases = samples.map((s) => s.phases).filter((p): p is ColdPhases => p !== undefined);
  if (phases.length) coldPhases = phases;
  const parts = samples.map((s) => s.parts).filter((p): p is OpenParts => p !== undefined);
  if (parts.length) breakdowns.push({ name: phases.length ? 'cold start, from DuckDB ready' : c.name, parts });
}
if (coldPhases.length) {
  const s = (xs: number[]) => (median(xs) / 1000).toFixed(2);
  process.stdout.write(
    `\nCold start, from navigation (medians, s): DuckDB-WASM's worker created ${s(coldPhases.map((p) => p.workerMs))}, ready ${s(coldPhases.map((p) => p.duckdbMs))}, sample loaded (screens enabled) ${s(coldPhases.map((p) => p.loadedMs))}\n`,
  );
}
if (breakdowns.length) {
  // Medians per part, so the parts need not add up to the median total exactly.
  process.stdout.write(`\nWhere an open's time goes (medians, s; statements as the UI thread waits for them, Arrow decoding included)\n\n`);
  process.stdout.write(
    `| part | ${breakdowns.map((b) => b.name.replace('open → segments shown: ', '')).join(' | ')} |\n|---|${breakdowns.map(() => '---:').join('|')}|\n`,
  );
  for (const part of OPEN_PARTS)
    process.stdout.write(`| ${part} | ${breakdowns.map((b) => (median(b.parts.map((p) => p[part])) / 1000).toFixed(2)).join(' | ')} |\n`);
}
await server.close();
