import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  EngineError, applyRules, checkRuleSet, computeRfm, customersCsv, missingRoles, parseRuleSet, preset, scoreRfm,
  segmentsCsv, summariseSegments, pseudonymiser, DEFAULT_PRESET, DEFAULT_SCORE_OPTIONS, round, type ScoreOptions, type Dataset, type SegmentRuleSet, type SqlPort,
} from '../src/index.ts';
import { flag, numberFlag, type ParsedArgs } from './args.ts';
import { clusterCustomers, type ClusterOutcome } from './cluster-step.ts';
import { writeFileAtomic } from './write-file.ts';

/** --preset NAME or --rules FILE (JSON), checked against the score scale. */
export function ruleSetFromArgs(args: ParsedArgs, bins: number): SegmentRuleSet {
  const file = flag(args, 'rules');
  let rules: SegmentRuleSet;
  if (file !== undefined) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new EngineError('invalid_rules', `not readable JSON (${(e as Error).message.split('\n')[0]})`, { file });
    }
    try {
      rules = parseRuleSet(json);
    } catch (e) {
      if (e instanceof EngineError) throw new EngineError('invalid_rules', e.message, { file });
      throw e;
    }
  } else rules = preset(flag(args, 'preset') ?? DEFAULT_PRESET);
  checkRuleSet(rules, bins);
  return rules;
}

/** --bins 2..10 (default 5) and --scores quantile|ntile (default quantile). */
export function scoreOptionsFromArgs(args: ParsedArgs): ScoreOptions {
  const method = flag(args, 'scores') ?? DEFAULT_SCORE_OPTIONS.method;
  if (method !== 'quantile' && method !== 'ntile') throw new EngineError('invalid_argument', '--scores must be quantile or ntile');
  return { bins: numberFlag(args, 'bins', DEFAULT_SCORE_OPTIONS.bins), method };
}

/** RFM, scores, segments and clusters for the loaded dataset; writes customers.csv and segments.csv. */
export async function runSegment(sql: SqlPort, ds: Dataset, args: ParsedArgs): Promise<Record<string, unknown>> {
  const missing = missingRoles(ds.canonical.mapping.mapping, 'rfm');
  if (missing.length) throw new EngineError('mapping', `RFM needs ${missing.join(', ')}; map them with --map role=Column`);
  const out = flag(args, 'out');
  if (out === undefined) throw new EngineError('invalid_argument', 'segment needs --out DIR');
  // --pseudonymise SALT: customer ids in customers.csv become salted hashes (salt checked before scoring).
  const salt = flag(args, 'pseudonymise');
  const customerId = salt !== undefined ? pseudonymiser(salt) : undefined;
  const snapshot = flag(args, 'snapshot');
  const rfm = await computeRfm(sql, snapshot !== undefined ? { snapshot } : {});
  const scores = scoreRfm(rfm, scoreOptionsFromArgs(args));
  const rules = ruleSetFromArgs(args, scores.bins);
  const segments = applyRules(rules, scores, rfm);
  const summary = summariseSegments(segments, rfm);
  const kFlag = flag(args, 'k');
  const clusters: ClusterOutcome | undefined = kFlag !== undefined ? clusterCustomers(rfm, kFlag, segments) : undefined;
  writeFileAtomic(path.join(out, 'customers.csv'), customersCsv({ rfm, scores, segments, ...(clusters ? { clusters: clusters.labels } : {}), ...(customerId ? { customerId } : {}) }));
  writeFileAtomic(path.join(out, 'segments.csv'), segmentsCsv(summary));
  return {
    snapshot: rfm.snapshot,
    customers: rfm.customerIds.length,
    preset: rules.name,
    rows_read: ds.report.rows_read,
    rows_kept: ds.report.rows_kept,
    segments: summary.map((s) => ({ ...s, share: round(s.share, 4), revenue: round(s.revenue), revenue_share: round(s.revenue_share, 4), mean_recency_days: round(s.mean_recency_days, 1), mean_frequency: round(s.mean_frequency, 2), mean_monetary: round(s.mean_monetary) })),
    warnings: segments.warnings,
    ...(clusters ? { clusters: clusters.summary } : {}),
    files: [path.join(out, 'customers.csv'), path.join(out, 'segments.csv')],
  };
}

export function segmentText(r: Record<string, unknown>): string {
  const segs = r.segments as { segment: string; customers: number; share: number; revenue: number; mean_recency_days: number; mean_frequency: number; mean_monetary: number }[];
  const lines = [`${r.customers} customers scored (snapshot ${r.snapshot}, preset ${r.preset})`, ''];
  lines.push(`${'segment'.padEnd(22)}${'customers'.padStart(10)}${'share'.padStart(8)}${'revenue'.padStart(14)}${'R days'.padStart(8)}${'F'.padStart(7)}${'M'.padStart(10)}`);
  for (const s of segs) {
    lines.push(`${s.segment.padEnd(22)}${String(s.customers).padStart(10)}${(s.share * 100).toFixed(1).padStart(7)}%${s.revenue.toFixed(2).padStart(14)}${s.mean_recency_days.toFixed(0).padStart(8)}${s.mean_frequency.toFixed(1).padStart(7)}${s.mean_monetary.toFixed(0).padStart(10)}`);
  }
  for (const w of r.warnings as string[]) lines.push(`warning: ${w}`);
  if (r.clusters) lines.push('', ...clusterLines(r.clusters as ClusterOutcome['summary']));
  lines.push('', `wrote ${(r.files as string[]).join(', ')}`);
  return lines.join('\n');
}

function clusterLines(c: ClusterOutcome['summary']): string[] {
  const out = [`k-means: k = ${c.k}${c.auto ? ' (best silhouette over k = 2..10)' : ''}, inertia ${c.inertia.toFixed(2)}`];
  if (c.elbow) out.push(`  elbow: ${c.elbow.map((e) => `k=${e.k} inertia ${e.inertia.toFixed(0)} silhouette ${e.silhouette.toFixed(3)}`).join('; ')}`);
  for (const p of c.profiles) {
    out.push(`  cluster ${p.cluster}: ${p.name} — ${p.size} customers, revenue share ${(p.revenue_share * 100).toFixed(1)}%, median ${p.median_recency_days} days / ${p.median_frequency} orders / ${p.median_monetary.toFixed(0)}`);
  }
  return out;
}
