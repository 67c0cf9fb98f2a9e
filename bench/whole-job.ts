/**
 * The whole job — read, clean, RFM, quintile scores, write customers.csv — timed from outside,
 * as a user runs it: our CLI `segment` against the same job written with pandas
 * (bench/peers/pandas_job.py) and as plain SQL on native DuckDB (bench/peers/duckdb_job.ts).
 *
 *   node bin/run-ts.mjs bench/whole-job.ts [--runs 3] [--gen FILE] [--rows 1000000] [--or DIR] [--only gen|or]
 *
 * Each figure is the median of `runs` fresh processes, the tools taking turns (ours, pandas,
 * DuckDB, ours, ...) so that a drift in the machine's speed touches all of them alike. Wall time is
 * read around the child; peak RSS is the kernel's accounting of the finished child (GNU time's %M).
 * Our CLI is the compiled build (built first), the DuckDB peer is compiled too, so no run pays for
 * TypeScript. Ours does more than the peers (mapping detection, seven cleaning rules, segments,
 * segments.csv); the customer counts are printed side by side.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const opt = (name: string, fallback: string): string => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1]! : fallback;
};
const runs = Number(opt('runs', '3'));
const rows = Number(opt('rows', '1000000'));
const genFile = opt('gen', `/tmp/gen${rows >= 1e6 && rows % 1e6 === 0 ? `${rows / 1e6}m` : rows}.csv`);
const orDir = path.resolve(root, opt('or', '../shared/data/online-retail/by-day'));
const only = opt('only', '');

interface Run {
  ms: number;
  rssMb: number;
  stdout: string;
}

const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/** One fresh process: wall ms around it, peak RSS from GNU time (when installed). */
function measure(cmd: string, args: string[], env: Record<string, string> = {}): Run {
  const stats = path.join(os.tmpdir(), `whole-job-${process.pid}.time`);
  const [file, all] = TIME ? [TIME, ['-f', '%M', '-o', stats, cmd, ...args]] : [cmd, args];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(file, all, { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const rssMb = TIME ? Math.round(Number(readFileSync(stats, 'utf8').trim().split('\n').pop()) / 1024) : NaN;
  return { ms, rssMb, stdout: r.stdout };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** A Python that has pandas: Debian's python3-pandas lives in /usr/bin/python3's path. */
function findPandasPython(): { python: string; version: string } | undefined {
  for (const python of ['/usr/bin/python3', 'python3']) {
    const r = spawnSync(python, ['-c', 'import pandas; print(pandas.__version__)'], { encoding: 'utf8' });
    if (r.status === 0) return { python, version: r.stdout.trim() };
  }
  return undefined;
}

function step(what: string, cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`${what} failed`);
}

// Build what is timed: our CLI (dist-cli/main.mjs) and the DuckDB peer, both plain JavaScript.
step('building the CLI', process.execPath, ['build/scripts/build-cli.mjs', '--strict']);
const peerJs = path.join(root, 'bench/data/peers/duckdb_job.mjs');
mkdirSync(path.dirname(peerJs), { recursive: true });
{
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: [path.join(root, 'bench/peers/duckdb_job.ts')],
    outfile: peerJs,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['@duckdb/node-api'],
    logLevel: 'warning',
  });
}
const pandas = findPandasPython();

interface Tool {
  name: string;
  run(input: string, out: string): Run;
  customers(r: Run): number;
}
const tools: Tool[] = [
  {
    name: 'ours: segment-studio segment (native DuckDB, compiled)',
    run: (input, out) =>
      measure(process.execPath, [path.join(root, 'bin/segment-studio.mjs'), 'segment', input, '--out', out, '--json'], { SEGMENT_STUDIO_FROM_SOURCE: '0' }),
    customers: (r) => Number(JSON.parse(r.stdout).customers),
  },
  ...(pandas
    ? [
        {
          name: `pandas ${pandas.version} script (${pandas.python})`,
          run: (input: string, out: string) => measure(pandas.python, [path.join(root, 'bench/peers/pandas_job.py'), input, out]),
          customers: (r: Run) => Number(JSON.parse(r.stdout.trim().split('\n').pop()!).customers),
        },
      ]
    : []),
  {
    name: 'native DuckDB SQL script (@duckdb/node-api)',
    run: (input, out) => measure(process.execPath, [peerJs, input, out]),
    customers: (r) => Number(JSON.parse(r.stdout.trim().split('\n').pop()!).customers),
  },
];

const inputs: { name: string; path: string }[] = [];
if (only !== 'or') {
  if (!existsSync(genFile)) step(`generating ${genFile}`, process.execPath, ['bin/run-ts.mjs', 'engine/cli/gen.ts', '--rows', String(rows), '--out', genFile]);
  inputs.push({ name: `${rows.toLocaleString('en-US')} generated lines (${Math.round(readFileSync(genFile).length / 1e6)} MB CSV)`, path: genFile });
}
if (only !== 'gen') inputs.push({ name: 'Online Retail, 305 daily files', path: orDir });

const cpu = os.cpus();
process.stdout.write(`Machine: ${cpu[0]?.model ?? '?'}, ${cpu.length} cores, ${Math.round(os.totalmem() / 1024 ** 3)} GiB RAM, Node ${process.version}\n`);
process.stdout.write(
  `Load average at start: ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}\n`,
);
if (!pandas) process.stdout.write('pandas: not installed (neither /usr/bin/python3 nor python3 imports it): the pandas peer is left out\n');
process.stdout.write(`Median of ${runs} fresh processes each, tools taking turns${TIME ? '' : '; /usr/bin/time missing, so no peak RSS'}.\n`);

const work = mkdtempSync(path.join(os.tmpdir(), 'whole-job-'));
for (const input of inputs) {
  const results = tools.map(() => [] as Run[]);
  for (let i = 0; i < runs; i++) {
    tools.forEach((t, k) => {
      const out = path.join(work, `${k}-${i}`);
      results[k]!.push(t.run(input.path, out));
      rmSync(out, { recursive: true, force: true });
    });
  }
  const med = results.map((rs) => median(rs.map((r) => r.ms)));
  process.stdout.write(`\n${input.name}\n`);
  process.stdout.write(`| tool | median s | min–max s | peak RSS MB (median) | customers |\n|---|---:|---:|---:|---:|\n`);
  tools.forEach((t, k) => {
    const rs = results[k]!;
    const ms = rs.map((r) => r.ms);
    process.stdout.write(
      `| ${t.name} | ${(med[k]! / 1000).toFixed(2)} | ${(Math.min(...ms) / 1000).toFixed(2)}–${(Math.max(...ms) / 1000).toFixed(2)} | ${median(rs.map((r) => r.rssMb))} | ${t.customers(rs[0]!)} |\n`,
    );
  });
  tools.slice(1).forEach((t, k) => {
    process.stdout.write(`ratio ours / ${t.name.split(' (')[0]}: ${(med[0]! / med[k + 1]!).toFixed(2)}\n`);
  });
}
rmSync(work, { recursive: true, force: true });
