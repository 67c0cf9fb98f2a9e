import path from 'node:path';
import {
  clvCell,
  customerValue,
  defaultAnalysis,
  AMOUNT_NEEDED,
  EngineError,
  hasAmount,
  pAliveCell,
  round,
  significant,
  toCsv,
  TIME_UNITS,
  type AnalysisClv,
  type ClvModel,
  type ColumnMapping,
  type TimeUnit,
} from '../src/index.ts';
import { flag, numberFlag, type ParsedArgs } from './args.ts';
import { loadSaying } from './main.ts';
import { openNativeDuckDb } from './native-duckdb.ts';
import { writeFileAtomic } from './write-file.ts';

/** CLV needs who bought, when, and for how much; invoices and products are optional. */
function requireClvRoles(m: ColumnMapping): void {
  const missing: string[] = [];
  if (m.customer === undefined) missing.push('customer');
  if (m.date === undefined) missing.push('date');
  if (!hasAmount(m)) missing.push(AMOUNT_NEEDED);
  if (missing.length) throw new EngineError('mapping', `CLV needs ${missing.join(', ')}; map them with --map role=Column`);
}

/** --holdout-from DATE: the calibration period ends the day before. */
function holdoutFlag(args: ParsedArgs): string | null {
  const date = flag(args, 'holdout-from');
  if (date === undefined) return null;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`)))
    throw new EngineError('invalid_argument', `--holdout-from must be a date YYYY-MM-DD, got "${date}"`);
  return date;
}

function unitFlag(args: ParsedArgs): TimeUnit {
  const u = flag(args, 'unit') ?? defaultAnalysis().clv.unit;
  if (!(TIME_UNITS as readonly string[]).includes(u)) throw new EngineError('invalid_argument', `--unit must be ${TIME_UNITS.join(' or ')}, got "${u}"`);
  return u as TimeUnit;
}

export function clvCsv(m: ClvModel): string {
  const s = m.summary;
  const v = m.values;
  const holdout = s.holdout;
  const header = [
    'customer_id',
    'x',
    't_x',
    'T',
    'mean_spend',
    'p_alive',
    'expected_purchases',
    'expected_aov',
    'clv',
    ...(holdout ? ['holdout_purchases'] : []),
  ];
  const rows = s.customerIds.map((id, i) => [
    id,
    s.x[i]!,
    round(s.tx[i]!, 4),
    round(s.T[i]!, 4),
    round(s.meanSpend[i]!),
    pAliveCell(v.pAlive[i]!),
    significant(v.expectedPurchases[i]!),
    round(v.expectedAov[i]!),
    clvCell(v.clv[i]!),
    ...(holdout ? [holdout.x[i]!] : []),
  ]);
  return toCsv(header, rows);
}

/** logLikelihood -> log_likelihood, deeply, so the file reads in one style. */
function snakeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), snakeKeys(v)]));
}

/** The fitted model without the per-customer arrays: parameters, fit reports, checks, holdout. */
export function clvModelJson(m: ClvModel): Record<string, unknown> {
  const { summary: s, bgNbd, gammaGamma } = m;
  let total = 0;
  for (const c of m.values.clv) if (Number.isFinite(c)) total += c;
  return snakeKeys({
    unit: s.unit,
    calibration_end: s.calibrationEnd,
    horizon_months: m.months,
    monthly_discount: m.monthlyDiscount,
    customers: s.customerIds.length,
    repeat_customers: gammaGamma.customers,
    total_clv: round(total),
    bg_nbd: bgNbd,
    gamma_gamma: gammaGamma,
    ...(m.holdout ? { holdout: { from_after: s.calibrationEnd, to: s.holdout!.end, ...m.holdout } } : {}),
    warnings: m.warnings,
  }) as Record<string, unknown>;
}

/** `segment-studio clv`: fits BG/NBD + Gamma-Gamma and writes clv.csv and clv-model.json to --out. */
export async function clv(args: ParsedArgs): Promise<void> {
  const out = flag(args, 'out');
  if (out === undefined) throw new EngineError('invalid_argument', 'clv needs --out DIR');
  const d = defaultAnalysis().clv;
  const settings: AnalysisClv = {
    horizonMonths: numberFlag(args, 'horizon', d.horizonMonths),
    monthlyDiscount: numberFlag(args, 'discount', d.monthlyDiscount),
    unit: unitFlag(args),
    holdoutFrom: holdoutFlag(args),
  };
  const sql = await openNativeDuckDb();
  const ds = await loadSaying(args, sql);
  requireClvRoles(ds.canonical.mapping.mapping);
  const model = await customerValue(sql, settings);
  const files = [path.join(out, 'clv.csv'), path.join(out, 'clv-model.json')];
  const json = clvModelJson(model);
  writeFileAtomic(files[0]!, clvCsv(model));
  writeFileAtomic(files[1]!, `${JSON.stringify(json, null, 2)}\n`);
  process.stdout.write(`${flag(args, 'json') ? JSON.stringify({ ...json, files }, null, 2) : clvText(model, files)}\n`);
}

export function clvText(m: ClvModel, files: readonly string[]): string {
  const { bgNbd: bg, gammaGamma: gg, summary: s } = m;
  const fitNote = (c: boolean, ll: number) => `LL ${ll.toFixed(1)}, ${c ? 'converged' : 'NOT converged'}`;
  const lines = [
    `${s.customerIds.length} customers, calibration to ${s.calibrationEnd}, time in ${s.unit}s`,
    `BG/NBD: r ${bg.r.toFixed(4)}, alpha ${bg.alpha.toFixed(4)}, a ${bg.a.toFixed(4)}, b ${bg.b.toFixed(4)} (${fitNote(bg.converged, bg.logLikelihood)})`,
    `Gamma-Gamma (${gg.customers} repeat customers): p ${gg.p.toFixed(4)}, q ${gg.q.toFixed(4)}, v ${gg.v.toFixed(4)} (${fitNote(gg.converged, gg.logLikelihood)}); corr(x, spend) ${gg.check.correlation.toFixed(3)}`,
  ];
  if (m.holdout) {
    lines.push('', `holdout to ${s.holdout!.end} (${m.holdout.length.toFixed(2)} ${s.unit}s): repeat purchases per customer by calibration frequency`);
    lines.push(`${'x'.padEnd(5)}${'customers'.padStart(10)}${'actual'.padStart(10)}${'predicted'.padStart(11)}${'error'.padStart(9)}`);
    for (const g of m.holdout.groups) {
      lines.push(
        `${g.frequency.padEnd(5)}${String(g.customers).padStart(10)}${g.actual.toFixed(3).padStart(10)}${g.predicted.toFixed(3).padStart(11)}${g.error.toFixed(3).padStart(9)}`,
      );
    }
    const t = m.holdout.total;
    lines.push(`total: actual ${t.actual}, predicted ${t.predicted.toFixed(1)} (${(t.relativeError * 100).toFixed(1)}%)`);
  }
  for (const w of m.warnings) lines.push(`warning: ${w}`);
  lines.push('', `wrote ${files.join(', ')}`);
  return lines.join('\n');
}
