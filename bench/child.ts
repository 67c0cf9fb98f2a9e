/**
 * One benchmark run in a fresh process: `node --expose-gc bin/run-ts.mjs bench/child.ts JSON`.
 * Prints one line "@@RESULT {...}" with the time of each step and the process's peak RSS by
 * the end of that step (getrusage maxrss: the data stays loaded, so a step's figure includes
 * what the earlier steps of the same run hold).
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { openNodeDuckDb, NodeFileSource } from '../engine/cli/node-duckdb.ts';
import { nodeRawInflater } from '../engine/cli/node-inflate.ts';
import {
  RecordingPort,
  basketArrays,
  fpgrowthSupport,
  stepBaskets,
  stepClean,
  stepElbow,
  stepExport,
  stepFeatures,
  stepItemsets,
  stepRead,
  stepRfm,
  stepRules,
  stepScores,
  stepSegments,
  type RecordedSql,
  type State,
} from './steps.ts';
import { mineFrequentItemsets, type FrequentItemsets } from '../engine/src/assoc/index.ts';
import { syntheticBaskets, type SyntheticBasketOptions } from '../engine/src/gen/index.ts';
import { setRawInflater } from '../engine/src/index.ts';

export type BenchCase =
  | {
      kind: 'pipeline';
      files: string[];
      supports: number[];
      /** Also run node-fpgrowth at these supports and ml-kmeans on the elbow's points. */
      fpgrowthSupports: number[];
      mlKmeans: boolean;
      /** Run the elbow (and ml-kmeans) on the first n customers too, when there are more. */
      elbowSubset?: number;
      exportDir?: string;
      /** Write the recorded SQL here for the native replay. */
      sqlLog?: string;
    }
  | { kind: 'xlsx'; file: string }
  | {
      kind: 'baskets';
      /** Synthetic basket generator options (engine/src/gen/baskets.ts), generated in this process. */
      gen: SyntheticBasketOptions;
      supports: number[];
      /** Also run node-fpgrowth at these supports, with the same minimum count. */
      fpgrowthSupports: number[];
    }
  | { kind: 'native'; sqlLog: string; steps: string[] };

export interface StepResult {
  step: string;
  ms: number;
  rss_mb: number;
  /** Extra facts about the step (customers, baskets, itemsets, ...). */
  info?: Record<string, number | string>;
}

export interface ChildResult {
  steps: StepResult[];
  baselines: StepResult[];
  checks: Record<string, unknown>;
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const rssMb = (): number => Math.round(process.resourceUsage().maxRSS / 1024);

async function timed<T>(fn: () => T | Promise<T>): Promise<[number, T]> {
  gc();
  const t0 = performance.now();
  const v = await fn();
  return [performance.now() - t0, v];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

async function pipeline(c: Extract<BenchCase, { kind: 'pipeline' }>): Promise<ChildResult> {
  const out: ChildResult = { steps: [], baselines: [], checks: {} };
  const s: State = { sql: new RecordingPort(await openNodeDuckDb()), sources: c.files.map((f) => new NodeFileSource(f)) };
  const step = async (name: string, fn: () => unknown, info?: () => Record<string, number | string>) => {
    const [ms] = await timed(fn);
    out.steps.push({ step: name, ms, rss_mb: rssMb(), ...(info ? { info: info() } : {}) });
  };
  /** For steps of a few milliseconds: the median of many repetitions. */
  const fastStep = async (name: string, fn: () => void, reps: number, info?: () => Record<string, number | string>) => {
    const times: number[] = [];
    for (let i = 0; i < reps; i++) times.push((await timed(fn))[0]);
    out.steps.push({ step: name, ms: median(times), rss_mb: rssMb(), ...(info ? { info: info() } : {}) });
  };

  await step(
    'read',
    () => stepRead(s),
    () => ({ lines: s.lines! }),
  );
  await step('clean', () => stepClean(s));
  await step(
    'rfm',
    () => stepRfm(s),
    () => ({ customers: s.rfm!.customerIds.length }),
  );
  await fastStep('scores', () => stepScores(s), 7);
  await fastStep(
    'segments',
    () => stepSegments(s),
    21,
    () => ({ customers: s.rfm!.customerIds.length }),
  );
  stepFeatures(s);
  const customers = s.rfm!.customerIds.length;
  await step(
    'elbow',
    () => stepElbow(s),
    () => ({ customers }),
  );
  const ourElbow = s.elbow!;
  let subset: Float64Array | undefined;
  if (c.elbowSubset !== undefined && customers > c.elbowSubset) {
    subset = s.points!.slice(0, c.elbowSubset * 3);
    await step(
      'elbow-subset',
      () => stepElbow(s, subset),
      () => ({ customers: c.elbowSubset! }),
    );
  }
  const subsetElbow = s.elbow!;
  await step(
    'baskets',
    () => stepBaskets(s),
    () => ({ baskets: s.baskets!.basketOffsets.length - 1, items: s.baskets!.nItems }),
  );
  for (const sup of c.supports) {
    await step(
      `itemsets@${sup}`,
      () => stepItemsets(s, sup),
      () => ({ itemsets: s.itemsets!.get(sup)!.nItemsets }),
    );
    let nRules = 0;
    await step(
      `rules@${sup}`,
      () => (nRules = stepRules(s, sup)),
      () => ({ rules: nRules }),
    );
  }
  if (c.exportDir !== undefined) {
    mkdirSync(c.exportDir, { recursive: true });
    await step('export', () => stepExport(s, c.exportDir!));
  }
  if (c.sqlLog !== undefined) {
    const log: { files: [string, string][]; statements: RecordedSql[] } = { files: [...s.sql.files], statements: s.sql.statements };
    writeFileSync(c.sqlLog, JSON.stringify(log));
  }

  // Baselines, after our steps so that they do not inflate our memory figures.
  if (c.fpgrowthSupports.length > 0) {
    const { FPGrowth } = await import('node-fpgrowth');
    const tx = basketArrays(s.baskets!);
    for (const sup of c.fpgrowthSupports) {
      const support = fpgrowthSupport(sup, tx.length);
      const [ms, sets] = await timed(() => new FPGrowth<number>(support).exec(tx));
      out.baselines.push({ step: `itemsets@${sup}`, ms, rss_mb: rssMb(), info: { itemsets: sets.length } });
      out.checks[`itemsets@${sup}`] = { ours: s.itemsets!.get(sup)!.nItemsets, fpgrowth: sets.length };
    }
  }
  if (c.mlKmeans) {
    const { kmeans } = await import('ml-kmeans');
    const runMl = (points: Float64Array, name: string, ours: typeof ourElbow) => {
      const data: number[][] = [];
      for (let i = 0; i < points.length; i += 3) data.push([points[i]!, points[i + 1]!, points[i + 2]!]);
      const inertias: number[] = [];
      const t0 = performance.now();
      for (let k = 2; k <= 10; k++) {
        const r = kmeans(data, k, { initialization: 'kmeans++', seed: k, maxIterations: 300 });
        let inertia = 0;
        for (let i = 0; i < data.length; i++) {
          const p = data[i]!;
          const q = r.centroids[r.clusters[i]!]!;
          inertia += (p[0]! - q[0]!) ** 2 + (p[1]! - q[1]!) ** 2 + (p[2]! - q[2]!) ** 2;
        }
        inertias.push(inertia);
      }
      const ms = performance.now() - t0;
      out.baselines.push({ step: name, ms, rss_mb: rssMb() });
      out.checks[name] = {
        k: ours.entries.map((e) => e.k),
        ours: ours.entries.map((e) => Math.round(e.inertia * 10) / 10),
        ml_kmeans: inertias.map((x) => Math.round(x * 10) / 10),
      };
    };
    gc();
    runMl(s.points!, 'elbow', ourElbow);
    if (subset !== undefined) runMl(subset, 'elbow-subset', subsetElbow);
  }
  return out;
}

/**
 * Reading a workbook on DuckDB-WASM (the app's database), inflated as the CLI does (Node's zlib;
 * the app's workers use DecompressionStream); CPU time beside wall time, for a shared machine.
 */
async function xlsx(c: Extract<BenchCase, { kind: 'xlsx' }>): Promise<ChildResult> {
  setRawInflater(nodeRawInflater);
  const s: State = { sql: new RecordingPort(await openNodeDuckDb()), sources: [new NodeFileSource(c.file)] };
  const cpu0 = process.cpuUsage();
  const [ms] = await timed(() => stepRead(s));
  const cpu = process.cpuUsage(cpu0);
  const cpu_ms = Math.round((cpu.user + cpu.system) / 1000);
  return { steps: [{ step: 'read', ms, rss_mb: rssMb(), info: { lines: s.lines!, cpu_ms } }], baselines: [], checks: {} };
}

/** Itemsets as "item,item,...=count" keys, for comparing two miners' outputs exactly. */
function itemsetKeys(sets: FrequentItemsets): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = 0; i < sets.nItemsets; i++) out.set(Array.from(sets.items.subarray(sets.offsets[i]!, sets.offsets[i + 1]!)).join(','), sets.counts[i]!);
  return out;
}

/**
 * Synthetic baskets generated in this process (no DuckDB, no file), then frequent itemsets
 * at each support without a length limit; node-fpgrowth after ours, with the same minimum
 * count, and an exact comparison of the two outputs.
 */
async function baskets(c: Extract<BenchCase, { kind: 'baskets' }>): Promise<ChildResult> {
  const out: ChildResult = { steps: [], baselines: [], checks: {} };
  const [genMs, b] = await timed(() => syntheticBaskets(c.gen));
  const nBaskets = b.basketOffsets.length - 1;
  let largest = 0;
  const used = new Uint8Array(b.nItems);
  for (let r = 0; r < nBaskets; r++) largest = Math.max(largest, b.basketOffsets[r + 1]! - b.basketOffsets[r]!);
  for (const item of b.items) used[item] = 1;
  out.steps.push({
    step: 'generate',
    ms: genMs,
    rss_mb: rssMb(),
    info: {
      baskets: nBaskets,
      items: used.reduce((a, x) => a + x, 0),
      lines: b.items.length,
      mean_size: Math.round((b.items.length / nBaskets) * 100) / 100,
      largest,
    },
  });
  const ours = new Map<number, FrequentItemsets>();
  for (const sup of c.supports) {
    const [ms, sets] = await timed(() => mineFrequentItemsets(b, { minSupport: sup, maxLen: Infinity }));
    ours.set(sup, sets);
    out.steps.push({
      step: `itemsets@${sup}`,
      ms,
      rss_mb: rssMb(),
      info: { itemsets: sets.nItemsets, min_count: sets.minCount, truncated: String(sets.truncated) },
    });
  }
  if (c.fpgrowthSupports.length > 0) {
    const { FPGrowth } = await import('node-fpgrowth');
    const tx = basketArrays(b);
    for (const sup of c.fpgrowthSupports) {
      const [ms, sets] = await timed(() => new FPGrowth<number>(fpgrowthSupport(sup, tx.length)).exec(tx));
      out.baselines.push({ step: `itemsets@${sup}`, ms, rss_mb: rssMb(), info: { itemsets: sets.length } });
      const mine = ours.get(sup);
      if (mine === undefined) continue;
      const a = itemsetKeys(mine);
      let identical = a.size === sets.length;
      for (const s of sets) {
        if (!identical) break;
        identical = a.get([...s.items].sort((x, y) => x - y).join(',')) === s.support;
      }
      out.checks[`itemsets@${sup}`] = { ours: mine.nItemsets, fpgrowth: sets.length, identical, minCount: mine.minCount };
    }
  }
  return out;
}

/** Replays the engine's SQL on native DuckDB (@duckdb/node-api), step by step. */
async function native(c: Extract<BenchCase, { kind: 'native' }>): Promise<ChildResult> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const log = JSON.parse(readFileSync(c.sqlLog, 'utf8')) as { files: [string, string][]; statements: RecordedSql[] };
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const subst = (sql: string): string => {
    let out = sql;
    for (const [alias, file] of log.files) out = out.split(`'${alias}'`).join(`'${file.replace(/'/g, "''")}'`);
    return out;
  };
  const threads = await conn.runAndReadAll(`SELECT current_setting('threads') AS t`);
  const out: ChildResult = { steps: [], baselines: [], checks: { threads: String(threads.getRows()[0]?.[0]) } };
  for (const step of c.steps) {
    const stmts = log.statements.filter((st) => st.step === step).map((st) => subst(st.sql));
    const [ms] = await timed(async () => {
      for (const sql of stmts) await conn.run(sql);
    });
    out.steps.push({ step, ms, rss_mb: rssMb(), info: { statements: stmts.length } });
  }
  conn.closeSync();
  return out;
}

const arg = process.argv[2];
if (arg === undefined) {
  process.stderr.write('usage: bench/child.ts CASE_JSON\n');
  process.exit(2);
}
const c = JSON.parse(arg) as BenchCase;
const result = c.kind === 'pipeline' ? await pipeline(c) : c.kind === 'xlsx' ? await xlsx(c) : c.kind === 'baskets' ? await baskets(c) : await native(c);
process.stdout.write(`@@RESULT ${JSON.stringify(result)}\n`);
process.exit(0);
