/**
 * Where the CLI's whole job spends its time: `segment` on each input with SEGMENT_STUDIO_TRACE,
 * which times every SQL statement in the native adapter; statements are grouped by what they
 * do, and the rest of the wall time (Node start, scoring in JavaScript, writing the CSVs) is
 * "outside SQL".
 *
 *   node bin/run-ts.mjs bench/profile.ts [--gen FILE] [--or DIR]
 *
 * Prints a Markdown table per input (one run each: a profile, not a timing; the timings are
 * whole-job.ts's medians).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const opt = (name: string, fallback: string): string => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1]! : fallback;
};
const inputs = [
  { name: '1M generated lines', path: opt('gen', '/tmp/gen1m.csv') },
  { name: 'Online Retail, 305 daily files', path: path.resolve(root, opt('or', '../shared/data/online-retail/by-day')) },
].filter((i) => existsSync(i.path));

/** First match wins: what a statement does, from its first words. */
const GROUPS: [string, RegExp][] = [
  ['read the files (CSV parsing into `raw`)', /^(CREATE TABLE raw|INSERT INTO raw)/],
  ['duplicates (hash, then compare the colliding lines)', /dup_rows/],
  ['the lines table (parse dates and numbers, fixed rules)', /^(CREATE OR REPLACE TABLE lines|INSERT INTO lines)/],
  ['cleaning flags (cancellations, lists, marks)', /^(UPDATE lines|CREATE OR REPLACE TEMP TABLE item_flags)/],
  ['RFM (per-customer aggregate)', /TABLE rfm|FROM rfm/],
  ['detection (samples, formats, ids, totals)', /USING SAMPLE|duckdb_columns|FROM raw|long_ids/],
  ['cleaning report (counts, examples, implausible)', /FROM lines|FROM kept|VIEW kept/],
];
const OTHER = 'other statements';

function profile(input: string): { wallMs: number; groups: Map<string, { ms: number; n: number }> } {
  const out = mkdtempSync(path.join(os.tmpdir(), 'ss-profile-'));
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [path.join(root, 'bin/segment-studio.mjs'), 'segment', input, '--out', out, '--json'], {
    encoding: 'utf8',
    env: { ...process.env, SEGMENT_STUDIO_TRACE: 'full', SEGMENT_STUDIO_FROM_SOURCE: '0' },
    maxBuffer: 256 * 1024 * 1024,
  });
  const wallMs = performance.now() - t0;
  rmSync(out, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`segment failed: ${r.stderr.slice(-1000)}`);
  const groups = new Map<string, { ms: number; n: number }>();
  for (const line of r.stderr.split('\n')) {
    const m = /^\[sql ([\d.]+) ms @\d+\] (.*)$/.exec(line);
    if (!m) continue;
    const name = GROUPS.find(([, re]) => re.test(m[2]!))?.[0] ?? OTHER;
    const g = groups.get(name) ?? { ms: 0, n: 0 };
    groups.set(name, { ms: g.ms + Number(m[1]), n: g.n + 1 });
  }
  return { wallMs, groups };
}

const spawnBuild = spawnSync(process.execPath, ['build/scripts/build-cli.mjs', '--strict'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
if (spawnBuild.status !== 0) throw new Error('building the CLI failed');
for (const input of inputs) {
  const { wallMs, groups } = profile(input.path);
  const sqlMs = [...groups.values()].reduce((s, g) => s + g.ms, 0);
  process.stdout.write(`\n${input.name}: ${(wallMs / 1000).toFixed(2)} s wall, one run (load average ${os.loadavg()[0]!.toFixed(1)})\n\n`);
  process.stdout.write('| where | statements | s | share |\n|---|---:|---:|---:|\n');
  const rows = [...groups].sort((a, b) => b[1].ms - a[1].ms);
  for (const [name, g] of rows) process.stdout.write(`| ${name} | ${g.n} | ${(g.ms / 1000).toFixed(2)} | ${Math.round((g.ms / wallMs) * 100)}% |\n`);
  process.stdout.write(
    `| outside SQL (Node start, scoring, writing files) | | ${((wallMs - sqlMs) / 1000).toFixed(2)} | ${Math.round(((wallMs - sqlMs) / wallMs) * 100)}% |\n`,
  );
}
