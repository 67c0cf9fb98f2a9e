/**
 * The app in Chromium, timed as a user meets it (issue 14): the production web build served
 * locally, Debian's Chromium driven by playwright-core, a fresh browser per run.
 *
 *   node bin/run-ts.mjs bench/app-open.ts [--runs 3] [--gen FILE] [--or DIR] [--only cold|open|gen|or|desktop] [--profile fresh|same] [--web DIR [--no-build]] [--trace DIR] [--chromium-arg SWITCH]
 *
 * - cold start: navigation to the shell's first paint (first-contentful-paint), and to the
 *   bundled sample's segments shown (`?sample`, then the Segments screen), twice: the first start
 *   in a fresh browser profile (a first run: nothing cached), and a later start of a browser on a
 *   profile that one untimed start used before (a desktop app keeps its profile between starts:
 *   HTTP cache and Chromium's compiled-code cache). The two alternate run by run;
 * - open → segments shown: from handing the files to the open dialog's input to the Segments
 *   screen listing its counts, for the 1M-line file and Online Retail's 305 daily files, in a
 *   fresh profile and in a later start (same profile, as for the cold start);
 * - the same opens on the desktop path, in a later start: the renderer's desktop platform, files
 *   picked in the "native dialog" and read through the preload's API, against the preload double
 *   of the e2e tests (test/helpers/electron-path-double.ts: the real main-process handlers, HTTP
 *   standing in for Electron's IPC and app:// protocol), from the click on Open files;
 * - in a later start, the opens both at once (the files handed as soon as the Open button shows,
 *   as when a file is opened with the app) and in a started app (handed once DuckDB-WASM is up,
 *   3 s after navigation at the earliest, as a user picking a file in a running app).
 * Peak memory is the browser's whole process tree (resident, sampled every 200 ms).
 * Prints a Markdown table; medians of `runs`. `--trace DIR` writes each open's DuckDB-WASM calls
 * (ms from the open) as DIR/<case>-<run>.json, to compare statement by statement, and for each
 * cold start a summary of Chromium's WebAssembly trace events (compilation, code cache) as
 * DIR/cold-<profile>-<run>.wasm.json; `--cpu-trace DIR` writes each open's (and, without
 * `--trace`, each cold start's) Chromium trace with V8's CPU samples of every thread of the page
 * (the page, DuckDB's worker, the analytics worker) as DIR/<case>-<run>.trace.json, from the open
 * (a `ss-open` mark; a cold start: from navigation) to the segments shown (`ss-shown`): open it in
 * DevTools' Performance panel, or summarise it with `node bench/cpu-trace-summary.mjs FILE`; `--web DIR`
 * builds somewhere else than bench/data/web-production (two benchmarks at once).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type CDPSession, type Page } from 'playwright-core';
import { build } from 'vite';
import { startStaticServer } from '../build/scripts/static-server.mjs';
import { desktopInitScript, findPidByArg, processTreeRss, startDesktopDouble } from '../test/helpers/electron-path-double.ts';
import { CHROMIUM, CHROMIUM_ARGS } from '../test/helpers/chromium.ts';
import { endWasmTrace, startWasmTrace, wasmCacheBytes } from '../test/helpers/wasm-trace.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const opt = (name: string, fallback: string): string => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1]! : fallback;
};
const runs = Number(opt('runs', '3'));
/** One part only: `cold` (the cold start), `open` (the opens), `gen` or `or` (one input), `desktop` (the desktop path's opens). */
const only = opt('only', '');
const genFile = opt('gen', '/tmp/gen1m.csv');
const orDir = path.resolve(root, opt('or', '../shared/data/online-retail/by-day'));
const traceDir = opt('trace', '');
const cpuTraceDir = opt('cpu-trace', '');
/** `--chromium-arg X` (repeatable): one more switch for Chromium, for experiments (say, `--js-flags=…`). */
const ARGS = [...CHROMIUM_ARGS, ...argv.flatMap((a, i) => (a === '--chromium-arg' && argv[i + 1] !== undefined ? [argv[i + 1]!] : []))];
/** `--profile fresh|same`: only one of the two profiles, for the cold start and the opens. */
const profiles = opt('profile', 'fresh,same').split(',');

if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found (apt-get install -y chromium)`);

const web = path.resolve(root, opt('web', 'bench/data/web-production'));
process.env.NODE_ENV = 'production';
// `--no-build` serves the build already in `--web DIR` (say, of another commit, for an A/B comparison).
if (!argv.includes('--no-build'))
  await build({ configFile: path.join(root, 'build/vite.config.ts'), logLevel: 'error', build: { outDir: web, emptyOutDir: true } });
const server = await startStaticServer({ root: web });
const desktop = await startDesktopDouble(web);
/**
 * The preload's stand-in, run in the page before its scripts. As source text: tsx compiles this
 * file keeping function names, through a `__name` helper the page does not have.
 */
const DESKTOP_PRELOAD = `var __name = (f) => f; (${desktopInitScript.toString()})();`;

interface Sample {
  ms: number;
  paintMs?: number;
  /** Cold start only: navigation → each step (ms), see `coldStart`. */
  phases?: ColdPhases;
  /** Open only: where the time went, see `openBreakdown`. */
  parts?: OpenParts;
  peakMb: number;
  /** CPU time of the browser's whole process tree from launch to the end of the case (ms): comparable on a loaded machine, where wall times are not. */
  cpuMs?: number;
}

/** Where a cold start's time goes, each from navigation: DuckDB-WASM's worker created, ready for queries, the sample loaded (screens enabled). */
interface ColdPhases {
  workerMs: number;
  /** The module compiled (or loaded from the code cache) and instantiated. */
  instantiatedMs: number;
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
              : !/\boverview_/.test(c.what) && /\b(raw|lines|kept|dup_rows|item_flags|long_ids|total_rows)\b/.test(c.what)
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

/** Starts a Chromium trace of the page's process with V8's CPU samples (`--cpu-trace`). */
async function startCpuTrace(page: Page): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  const categories = ['disabled-by-default-v8.cpu_profiler', 'toplevel', 'devtools.timeline', 'v8', 'v8.wasm', 'blink.user_timing', '__metadata'];
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: categories }, transferMode: 'ReturnAsStream' });
  return cdp;
}

/** Ends the trace and writes it as `file` (Chromium's trace event JSON). */
async function endCpuTrace(cdp: CDPSession, file: string): Promise<void> {
  const done = new Promise<string>((resolve) => cdp.once('Tracing.tracingComplete', (e) => resolve(e.stream!)));
  await cdp.send('Tracing.end');
  const handle = await done;
  const chunks: string[] = [];
  for (;;) {
    const chunk = await cdp.send('IO.read', { handle });
    chunks.push(chunk.base64Encoded ? Buffer.from(chunk.data, 'base64').toString('utf8') : chunk.data);
    if (chunk.eof) break;
  }
  await cdp.send('IO.close', { handle });
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, chunks.join(''));
}

/** User + system CPU (ms) of a process tree, its reaped children included (Linux /proc; clock ticks of 10 ms). */
function processTreeCpuMs(rootPid: number): number {
  const children = new Map<number, number[]>();
  const ticks = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // After the parenthesised command: state, ppid, …, utime, stime, cutime, cstime (fields 14-17).
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks.set(Number(entry), Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]));
      children.set(Number(f[1]), [...(children.get(Number(f[1])) ?? []), Number(entry)]);
    } catch {
      // The process ended while we looked.
    }
  }
  let total = 0;
  const stack = [rootPid];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    total += ticks.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total * 10;
}

/**
 * A fresh browser; `act` runs against its page while the process tree's memory is sampled. With
 * `profile` (a directory) the browser keeps its profile there, on disk, as a desktop app does;
 * without, a new profile is made and removed afterwards.
 */
async function withBrowser(act: (page: Page) => Promise<Omit<Sample, 'peakMb'>>, profile?: string, initScript?: string): Promise<Sample> {
  // An unknown switch Chromium ignores, to find its main process for the memory samples.
  const tag = `--ss-bench-run=${process.pid}-${runCount++}`;
  const dir = profile ?? mkdtempSync(path.join(os.tmpdir(), 'ss-bench-profile-'));
  const context = await chromium.launchPersistentContext(dir, { executablePath: CHROMIUM, args: [...ARGS, tag], viewport: { width: 1440, height: 900 } });
  if (initScript) await context.addInitScript({ content: initScript });
  const pid = findPidByArg(tag);
  let peak = 0;
  const sampler = setInterval(() => {
    if (pid !== null) peak = Math.max(peak, processTreeRss(pid));
  }, 200);
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const r = await act(page);
    return { ...r, peakMb: Math.round(peak / 1024 ** 2), ...(pid !== null ? { cpuMs: processTreeCpuMs(pid) } : {}) };
  } finally {
    clearInterval(sampler);
    await context.close();
    if (!profile) rmSync(dir, { recursive: true, force: true });
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
  const loadedMs = await page.evaluate(() => {
    // When the click reaches the page (Playwright first waits for the button to be stable and hit).
    document.addEventListener('click', () => performance.mark('ss-clicked'), { capture: true, once: true });
    return performance.now();
  });
  await page.getByTestId('nav-segments').click();
  await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid="seg-count-0"]')?.textContent ?? ''), undefined, WATCH);
  return loadedMs;
}

/**
 * One cold start. `profile`: 'fresh' is a first start in a new profile; 'same' starts a browser on
 * a profile after an untimed start on it, closed once Chromium has written DuckDB-WASM's compiled
 * code to the profile's cache (once enough of it is optimised; at most 15 s after the segments are shown).
 */
let coldCount = 0;
async function coldStart(profile: 'fresh' | 'same'): Promise<Sample> {
  const run = coldCount++;
  return onProfile(profile, (dir) => withBrowser((page) => timedColdStart(page, `cold-${profile}-${run}`), dir));
}

/** Runs `act` in a new profile ('fresh': none kept) or one an untimed start of the sample used before ('same'). */
async function onProfile(profile: 'fresh' | 'same', act: (dir: string | undefined) => Promise<Sample>, via: 'input' | 'desktop' = 'input'): Promise<Sample> {
  const dir = profile === 'same' ? mkdtempSync(path.join(os.tmpdir(), 'ss-bench-profile-')) : undefined;
  try {
    if (dir)
      await withBrowser(
        async (page) => {
          // On the origin the case uses: Chromium keeps compiled code per origin.
          await page.goto(new URL('?sample', via === 'desktop' ? desktop.url : server.url).href);
          await segmentsShown(page);
          // Until Chromium has written DuckDB-WASM's compiled code to the profile (a build that cannot be cached waits it out).
          const t0 = Date.now();
          while (wasmCacheBytes(dir) < 1024 ** 2 && Date.now() - t0 < WARM_UP_LINGER_MS) await page.waitForTimeout(250);
          return { ms: 0 };
        },
        dir,
        via === 'desktop' ? DESKTOP_PRELOAD : undefined,
      );
    return await act(dir);
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}
/** How long at most the warm-up start stays open after its segments are shown. */
const WARM_UP_LINGER_MS = 15_000;

const timedColdStart = async (page: Page, name: string) => {
  const cdp = traceDir ? await startWasmTrace(page) : undefined;
  // One trace at a time: `--trace` takes the cold start's.
  const cpu = cpuTraceDir && !traceDir ? await startCpuTrace(page) : undefined;
  await page.goto(new URL('?sample', server.url).href);
  const loadedMs = await segmentsShown(page);
  const [ms, paintMs, calls, jobs, clickedMs, resources] = await page.evaluate(
    () =>
      [
        performance.mark('ss-shown').startTime,
        performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
        window.__ssSql ?? [],
        window.__ssJobs ?? [],
        performance.getEntriesByName('ss-clicked')[0]?.startTime ?? Number.NaN,
        performance.getEntriesByType('resource').map((r) => ({ name: r.name.replace(/^.*\//, ''), at: r.startTime, ms: r.duration })),
      ] as const,
  );
  if (cpu) await endCpuTrace(cpu, path.join(cpuTraceDir, `${name}.trace.json`));
  // DuckDB-WASM's own calls, recorded by renderer/data/sql-trace.ts: the worker starts with `instantiate`, is ready once the database is open.
  const instantiate = calls.find((c) => c.kind === 'instantiate');
  const open = calls.find((c) => c.kind === 'open');
  const duckdbMs = open ? open.at + open.ms : Number.NaN;
  if (cdp) {
    mkdirSync(traceDir, { recursive: true });
    writeFileSync(path.join(traceDir, `${name}.wasm.json`), JSON.stringify(await endWasmTrace(cdp), null, 1));
    // The SQL calls and the coordinator's jobs from navigation, to compare two builds statement by statement.
    const round = (c: { at: number; ms?: number }) => ({ ...c, at: Math.round(c.at), ...(c.ms === undefined ? {} : { ms: Math.round(c.ms) }) });
    writeFileSync(
      path.join(traceDir, `${name}.json`),
      JSON.stringify(
        {
          ms: Math.round(ms),
          loadedMs: Math.round(loadedMs),
          clickedMs: Math.round(clickedMs),
          calls: calls.map(round),
          jobs: jobs.map(round),
          resources: resources.map(round),
        },
        null,
        1,
      ),
    );
  }
  return {
    ms,
    paintMs,
    phases: { workerMs: instantiate?.at ?? Number.NaN, instantiatedMs: instantiate ? instantiate.at + instantiate.ms : Number.NaN, duckdbMs, loadedMs },
    // From DuckDB ready to the segments shown: the sample's statements, and the UI thread's own time.
    parts: openBreakdown([...calls], duckdbMs, ms),
  };
};

let traceCount = 0;
let cpuTraceCount = 0;
/** `via`: the browser's file input, or the desktop platform's open dialog (answered by the preload double). */
/**
 * How long a user takes to pick files at the least, for an open in a started app: until then the
 * app does what it does once up (DuckDB-WASM's start, loading Plotly when idle).
 */
const PICKING_MS = 3000;
/**
 * `via`: the browser's file input, or the desktop platform's open dialog (answered by the preload
 * double). `when`: at once (files handed as soon as the Open button shows: a file opened with the
 * app from the desktop), or in a started app (once DuckDB-WASM is up and PICKING_MS after navigation).
 */
const openToSegments = (files: string[], name: string, dir?: string, via: 'input' | 'desktop' = 'input', when: 'at once' | 'started' = 'at once') =>
  withBrowser(
    async (page) => {
      await page.goto(via === 'desktop' ? desktop.url : server.url);
      await page.getByTestId('open-files-btn').waitFor();
      if (when === 'started')
        await page.waitForFunction((ms) => performance.now() >= ms && (window.__ssSql ?? []).some((c) => c.kind === 'open' && !c.failed), PICKING_MS, WATCH);
      const cpu = cpuTraceDir ? await startCpuTrace(page) : undefined;
      if (via === 'desktop') desktop.answerOpen(files);
      const t0 = await page.evaluate(() => performance.mark('ss-open').startTime);
      if (via === 'desktop') await page.getByTestId('open-files-btn').click();
      else await page.setInputFiles('#ss-open-files', files);
      await segmentsShown(page);
      const [t1, calls] = await page.evaluate(() => [performance.mark('ss-shown').startTime, window.__ssSql ?? []] as const);
      if (cpu) await endCpuTrace(cpu, path.join(cpuTraceDir, `${name}-${cpuTraceCount++}.trace.json`));
      if (traceDir) {
        mkdirSync(traceDir, { recursive: true });
        const since = calls.filter((c) => c.at + c.ms > t0).map((c) => ({ ...c, at: Math.round(c.at - t0), ms: Math.round(c.ms) }));
        writeFileSync(path.join(traceDir, `${name}-${traceCount++}.json`), JSON.stringify({ ms: Math.round(t1 - t0), calls: since }, null, 1));
      }
      return { ms: t1 - t0, parts: openBreakdown([...calls], t0, t1) };
    },
    dir,
    via === 'desktop' ? DESKTOP_PRELOAD : undefined,
  );

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const wanted = (part: 'cold' | 'gen' | 'or' | 'desktop') => only === '' || only === part || (only === 'open' && part !== 'cold');
const chosen: { name: string; run: () => Promise<Sample> }[] = [];
if (wanted('cold')) {
  if (profiles.includes('fresh')) chosen.push({ name: 'cold start, bundled sample (`?sample`), first start (fresh profile)', run: () => coldStart('fresh') });
  if (profiles.includes('same')) chosen.push({ name: 'cold start, bundled sample (`?sample`), later start (same profile)', run: () => coldStart('same') });
}
/** An open in a fresh profile, and in a browser started on a profile used once before (`--profile` picks one). */
const openCases = (name: string, files: string[], trace: string) => {
  if (profiles.includes('fresh') && only !== 'desktop') chosen.push({ name, run: () => openToSegments(files, trace) });
  if (profiles.includes('same') && only !== 'desktop') {
    chosen.push({ name: `${name}, later start (same profile)`, run: () => onProfile('same', (dir) => openToSegments(files, `${trace}-same`, dir)) });
    chosen.push({
      name: `${name}, later start, in a started app`,
      run: () => onProfile('same', (dir) => openToSegments(files, `${trace}-started`, dir, 'input', 'started')),
    });
  }
  // The desktop app's usual start: a later one (its profile is kept).
  if (profiles.includes('same') && wanted('desktop'))
    for (const when of ['at once', 'started'] as const)
      chosen.push({
        name: `${name}, desktop path (preload double), later start${when === 'started' ? ', in a started app' : ''}`,
        run: () =>
          onProfile('same', (dir) => openToSegments(files, `${trace}-desktop${when === 'started' ? '-started' : ''}`, dir, 'desktop', when), 'desktop'),
      });
};
if ((wanted('gen') || only === 'desktop') && existsSync(genFile)) openCases(`open → segments shown: ${path.basename(genFile)}`, [genFile], 'gen');
if ((wanted('or') || only === 'desktop') && existsSync(orDir)) {
  const files = readdirSync(orDir)
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .map((f) => path.join(orDir, f));
  openCases(`open → segments shown: Online Retail, ${files.length} daily files`, files, 'or');
}

const cores = os.cpus();
process.stdout.write(`Machine: ${cores[0]?.model ?? '?'}, ${cores.length} cores, ${Math.round(os.totalmem() / 1024 ** 3)} GiB RAM, Node ${process.version}\n`);
process.stdout.write(`Chromium ${CHROMIUM}, production build; load average at start ${os.loadavg()[0]!.toFixed(1)}; median of ${runs} fresh browsers\n\n`);
process.stdout.write('| case | median s | min–max s | shell painted s | browser CPU s | peak MB (browser tree) |\n|---|---:|---:|---:|---:|---:|\n');
const coldPhases: { name: string; phases: ColdPhases[] }[] = [];
const breakdowns: { name: string; parts: OpenParts[] }[] = [];
// Run by run, the cases alternate: a machine's load changes over time, and so would a comparison of cases run one after another.
const samplesOf = chosen.map(() => [] as Sample[]);
for (let i = 0; i < runs; i++) for (const [k, c] of chosen.entries()) samplesOf[k]!.push(await c.run());
for (const [k, c] of chosen.entries()) {
  const samples = samplesOf[k]!;
  const ms = samples.map((s) => s.ms);
  const paint = samples.map((s) => s.paintMs).filter((p): p is number => p !== undefined);
  const cpu = samples.map((s) => s.cpuMs).filter((c): c is number => c !== undefined);
  process.stdout.write(
    `| ${c.name} | ${(median(ms) / 1000).toFixed(2)} | ${(Math.min(...ms) / 1000).toFixed(2)}–${(Math.max(...ms) / 1000).toFixed(2)} | ${
      paint.length ? (median(paint) / 1000).toFixed(2) : ''
    } | ${cpu.length ? (median(cpu) / 1000).toFixed(2) : ''} | ${median(samples.map((s) => s.peakMb))} |\n`,
  );
  const phases = samples.map((s) => s.phases).filter((p): p is ColdPhases => p !== undefined);
  const short = c.name.replace('cold start, bundled sample (`?sample`), ', 'cold start, ');
  if (phases.length) coldPhases.push({ name: short, phases });
  const parts = samples.map((s) => s.parts).filter((p): p is OpenParts => p !== undefined);
  if (parts.length) breakdowns.push({ name: phases.length ? `${short}, from DuckDB ready` : c.name, parts });
}
if (coldPhases.length)
  process.stdout.write(
    "\nCold starts: 'first start (fresh profile)' is a browser on a new, empty profile (nothing cached: the app's first run); 'later start (same profile)' is a browser started on a profile that one untimed start used before, as every later start of the desktop app (its profile, userData, is kept): HTTP cache and Chromium's compiled-code cache (DuckDB-WASM's module, the scripts). The two alternate run by run.\n",
  );
for (const { name, phases } of coldPhases) {
  const s = (xs: number[]) => (median(xs) / 1000).toFixed(2);
  process.stdout.write(
    `\n${name}, from navigation (medians, s): DuckDB-WASM's worker created ${s(phases.map((p) => p.workerMs))}, instantiated ${s(phases.map((p) => p.instantiatedMs))}, ready ${s(phases.map((p) => p.duckdbMs))}, sample loaded (screens enabled) ${s(phases.map((p) => p.loadedMs))}\n`,
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
await desktop.close();
