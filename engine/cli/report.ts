/** `segment-studio report`: the shareable HTML report of an analysis on the given data, written atomically. */
import path from 'node:path';
import {
  EngineError,
  basketMask,
  clusterCustomers,
  clusteringSkipped,
  collectReport,
  deriveRules,
  loadAnalysisBaskets,
  mineItemsets,
  missingRoles,
  renderReport,
  reportClusters,
  reportRules,
  scoreCustomers,
  supportFloorWarning,
  type Analysis,
  type Dataset,
  type ReportData,
  type SqlPort,
} from '../src/index.ts';
import { flag, type ParsedArgs } from './args.ts';
import { expandInputs } from './inputs.ts';
import { analysisOf } from './migrate.ts';
import type { CommandDeps } from './overview.ts';
import { digestFile } from './provenance.ts';
import { writeFileAtomic } from './write-file.ts';

/** Clusters and top rules as the analysis asks for them, by the same pipeline steps as `run` (and the app's workers). */
async function clustersAndRules(
  sql: SqlPort,
  ds: Dataset,
  a: Analysis,
): Promise<Pick<ReportData, 'clusters' | 'rules'> & { skipped: string | null; supportFloor?: string | null }> {
  const scored = await scoreCustomers(sql, a);
  const skipped = clusteringSkipped(a.clustering, scored.rfm.customerIds.length);
  const fit = a.clustering.enabled && skipped === null ? clusterCustomers(scored.rfm, a.clustering).fit : null;
  const mapping = ds.canonical.mapping.mapping;
  if (!a.baskets.enabled || missingRoles(mapping, 'baskets').length > 0) return { clusters: fit ? reportClusters(fit) : null, rules: null, skipped };
  const loaded = await loadAnalysisBaskets(sql, a.baskets, mapping);
  const mask = basketMask(loaded, a.baskets.restrict, {
    rfm: scored.rfm,
    segments: scored.segments,
    clusterLabels: fit?.labels ?? null,
    ...(fit ? { k: fit.k } : {}),
  });
  const itemsets = mineItemsets(loaded.baskets, mask, a.baskets);
  const rules = deriveRules(itemsets, a.baskets);
  return {
    clusters: fit ? reportClusters(fit) : null,
    rules: reportRules(rules.rules, { labels: loaded.baskets.itemLabels, names: loaded.itemNames }),
    skipped,
    supportFloor: supportFloorWarning(itemsets, a.baskets.minSupport),
  };
}

/** `report FILE|FOLDER --out report.html [--as-of DATE] [--compare DATE] [--analysis A.json]`; files given replace the analysis' sources. */
export async function runReport(sql: SqlPort, args: ParsedArgs, load: CommandDeps['load']): Promise<{ out: string; bytes: number; notes: string[] }> {
  const out = flag(args, 'out');
  if (out === undefined) throw new EngineError('invalid_argument', 'report needs --out report.html');
  const analysis = analysisOf(args);
  const file = flag(args, 'analysis');
  const inputs = args.inputs.length ? args.inputs : file !== undefined ? analysis.sources.paths.map((p) => path.resolve(path.dirname(file), p)) : [];
  if (inputs.length === 0) throw new EngineError('invalid_argument', 'report needs FILE or FOLDER (or an --analysis that names its sources)');
  const sources = expandInputs(inputs);
  const ds = await load({ ...args, inputs }, sql, analysis);
  const missing = missingRoles(ds.canonical.mapping.mapping, 'rfm');
  if (missing.length) throw new EngineError('mapping', `the report needs ${missing.join(', ')}; map them with --map role=Column`);
  const asOf = flag(args, 'as-of');
  const compare = flag(args, 'compare');
  const { skipped, supportFloor, ...found } = await clustersAndRules(sql, ds, analysis);
  const data = await collectReport(sql, ds, analysis, {
    ...(asOf !== undefined ? { asOf } : {}),
    ...(compare !== undefined ? { compare } : {}),
    sources: sources.map(digestFile),
    ...found,
  });
  // In the report's notes too: its clusters section is left out.
  if (skipped) data.notes.unshift(skipped);
  // Beside its top rules, which may each rest on one purchase.
  if (supportFloor) data.notes.push(supportFloor);
  const html = renderReport(data);
  writeFileAtomic(out, html);
  return { out: path.resolve(out), bytes: new TextEncoder().encode(html).length, notes: data.notes };
}

export function reportText(r: { out: string; bytes: number; notes: string[] }): string {
  return [...r.notes.map((n) => `note: ${n}`), `wrote ${r.out} (${r.bytes.toLocaleString('en')} bytes)`].join('\n');
}
