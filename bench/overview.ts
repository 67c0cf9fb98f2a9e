/**
 * Overview and as-of back-test speed on generated lines:
 * `node bin/run-ts.mjs bench/overview.ts [ROWS] [--native]` (default 1,000,000 lines; DuckDB-WASM's
 * Node bundle, as the app's worker runs it, or with --native the CLI's native DuckDB where
 * engine/cli/native-duckdb.ts exists). Loads bench/data/gen-<rows>.csv (generated once, see bench/data.ts) through
 * the engine, then times: condensing the kept lines into the Overview base (once per load or
 * cleaning change), the whole Overview from the base (all lines, and one segment's customers) and
 * from scratch, and an as-of recomputation (RFM, scores and segments up to the date, and the
 * outcome window) from the base and from the lines; each several times, median and spread.
 */
import os from 'node:os';
import { openNodeDuckDb, NodeFileSource } from '../engine/cli/node-duckdb.ts';
import { computeOverview, openDataset, prepareOverviewBase, runBacktest, type SqlPort } from '../engine/src/index.ts';
import { generatedCsv } from './data.ts';

const argv = process.argv.slice(2);
const native = argv.includes('--native');
const rows = Number(argv.find((a) => !a.startsWith('--')) ?? 1_000_000);
const REPEATS = 5;

/**
 * Runs `f` REPEATS times; prints the median wall time and the median CPU time of this process
 * (user + system). On a shared, busy machine the wall time waits for a core; the CPU time of
 * single-threaded DuckDB-WASM is what the wall time would be on an idle one.
 */
async function time<T>(label: string, f: () => Promise<T>): Promise<T> {
  const wall: number[] = [];
  const cpu: number[] = [];
  let out: T | undefined;
  for (let i = 0; i < REPEATS; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    out = await f();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(
    `${label.padEnd(64)} wall ${median(wall).toFixed(0).padStart(6)} ms (min ${Math.min(...wall).toFixed(0)})   cpu ${median(cpu).toFixed(0).padStart(6)} ms (min ${Math.min(...cpu).toFixed(0)})`,
  );
  return out!;
}

const file = generatedCsv(rows, (s) => console.log(s));
async function openDb(): Promise<SqlPort & { close(): void }> {
  if (!native) return openNodeDuckDb();
  // Not every checkout has the native adapter; the path is a variable so type checking does not require it.
  const modulePath = '../engine/cli/native-duckdb.ts';
  const mod = (await import(modulePath)) as { openNativeDuckDb(): Promise<SqlPort & { close(): void }> };
  return mod.openNativeDuckDb();
}

console.log(
  `${rows.toLocaleString('en-GB')} generated lines, ${native ? 'native DuckDB (@duckdb/node-api)' : 'DuckDB-WASM (Node bundle, single-threaded)'}; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`,
);
const sql = await openDb();
const t0 = performance.now();
const ds = await openDataset(sql, [new NodeFileSource(file)]);
console.log(
  `loaded ${ds.report.rows_read} lines (${ds.report.rows_kept} kept, ${ds.report.customers} customers) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);

const base = await time('condense kept into the Overview base (once per load/cleaning)', () => prepareOverviewBase(sql));
const overview = await time('overview from the base, all lines', () => computeOverview(sql, {}, base));
await time('overview from scratch (base included)', () => computeOverview(sql));
const lastDay = overview.scope.lastDay!;
const asOf = new Date(Date.parse(`${lastDay}T00:00:00Z`) - 90 * 86_400_000).toISOString().slice(0, 10);
const backtest = await time(`as-of recomputation from the base (${asOf}, 90 days)`, () => runBacktest(sql, { asOf }, base));
await time('as-of recomputation from the kept lines', () => runBacktest(sql, { asOf }));
const largest = [...backtest.groups].sort((a, b) => b.customers - a.customers)[0]!;
const members = backtest.assignment.filter((a) => a.segment === largest.group).map((a) => a.customerId);
await time(`overview from the base, one segment (${members.length} customers)`, () => computeOverview(sql, { customerIds: members }, base));
console.log(`load average ${os.loadavg()[0]!.toFixed(1)} at the end`);
sql.close();
