/**
 * CLV speed: fitting BG/NBD + Gamma-Gamma on 100k simulated customers (goal < 1 s) and on
 * Online Retail (goal < 200 ms), plus the per-customer values. Run with
 * `node bin/run-ts.mjs bench/clv.ts [--runs 5]`. Times are medians over the runs after one warm-up.
 */
import {
  createRng,
  customerSummary,
  customerValues,
  fitBgNbd,
  fitGammaGamma,
  openDataset,
  simulateBgNbd,
  type BgNbdFit,
  type GammaGammaFit,
  type PurchaseHistory,
} from '../engine/src/index.ts';
import { expandInputs } from '../engine/cli/inputs.ts';
import { openNativeDuckDb } from '../engine/cli/native-duckdb.ts';

const ONLINE_RETAIL = new URL('../../shared/data/online-retail/by-day/', import.meta.url).pathname;
const runsFlag = process.argv.indexOf('--runs');
const RUNS = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 5;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function timed<T>(f: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = f();
  return { value, ms: performance.now() - t0 };
}

/** Median times of the two fits and of the values, after one warm-up run. */
function benchFits(label: string, h: PurchaseHistory & { meanSpend: Float64Array }, unit: 'day' | 'week'): void {
  const fits: number[] = [];
  const bgTimes: number[] = [];
  const ggTimes: number[] = [];
  let bg!: BgNbdFit;
  let gg!: GammaGammaFit;
  for (let run = 0; run <= RUNS; run++) {
    const a = timed(() => fitBgNbd(h));
    const b = timed(() => fitGammaGamma(h.x, h.meanSpend));
    bg = a.value;
    gg = b.value;
    if (run === 0) continue; // warm-up: JIT compilation
    bgTimes.push(a.ms);
    ggTimes.push(b.ms);
    fits.push(a.ms + b.ms);
  }
  const values = timed(() => customerValues(bg, gg, h, { unit }));
  const f = (v: number) => v.toFixed(4);
  console.log(`${label}: ${h.x.length} customers (${gg.customers} repeat), unit ${unit}`);
  console.log(
    `  BG/NBD r ${f(bg.r)} alpha ${f(bg.alpha)} a ${f(bg.a)} b ${f(bg.b)}; LL ${bg.logLikelihood.toFixed(1)}; converged ${bg.converged}; ${bg.iterations} iterations, starts agreeing ${bg.agreeingStarts}/3`,
  );
  console.log(
    `  Gamma-Gamma p ${f(gg.p)} q ${f(gg.q)} v ${f(gg.v)}; LL ${gg.logLikelihood.toFixed(1)}; converged ${gg.converged}; corr(x, spend) ${gg.check.correlation.toFixed(3)}`,
  );
  console.log(
    `  fit BG/NBD ${median(bgTimes).toFixed(0)} ms + Gamma-Gamma ${median(ggTimes).toFixed(0)} ms = ${median(fits).toFixed(0)} ms (median of ${RUNS}; min ${Math.min(...fits).toFixed(0)} ms)`,
  );
  console.log(`  per-customer values (P(alive), 12-month expected purchases, AOV, CLV): ${values.ms.toFixed(0)} ms`);
}

const truth = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const sim = simulateBgNbd(truth, 100_000, createRng(2005), { minT: 27, maxT: 39, spend: { p: 6.25, q: 3.74, v: 15.44 } });
benchFits('simulated from the CDNOW parameters', sim, 'week');

const sql = await openNativeDuckDb();
const load = await (async () => {
  const t0 = performance.now();
  await openDataset(sql, expandInputs([ONLINE_RETAIL]));
  const t1 = performance.now();
  const summary = await customerSummary(sql, { unit: 'day' });
  return { summary, loadMs: t1 - t0, summaryMs: performance.now() - t1 };
})();
console.log(`Online Retail: load and clean ${load.loadMs.toFixed(0)} ms, customer summary in SQL ${load.summaryMs.toFixed(0)} ms`);
benchFits('Online Retail (by-day, default cleaning)', load.summary, 'day');
sql.close();
