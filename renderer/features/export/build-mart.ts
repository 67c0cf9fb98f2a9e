/**
 * The BI data mart from the app: the engine's martTables over the results the app computed
 * with the same pipeline steps as the CLI (scores and segments, the fit, the rules and the
 * recommendations from the analytics worker), written as Parquet by the engine's writer
 * (hyparquet-writer) in the analytics worker, with schema.md and manifest.json — one zip, the
 * files `segment-studio export --format parquet` writes into its folder, byte for byte.
 */
import { zipSync } from 'fflate';
import {
  campaignNeeds,
  groupSuppression,
  martSchemaMarkdown,
  martTables,
  missingRoles,
  nextBestProducts,
  recommendationRows,
  associationRules,
  ruleRows,
  type Analysis,
  type FitResult,
  type MartTable,
  type MineResult,
  type Recommendations,
  type ScoredRfm,
} from '../../engine-client/index.ts';
import { version } from '../../../package.json';
import { appManifest } from '../../state/actions/export.ts';
import { coordinator, type BasketsValue, type SegmentsValue } from '../../state/results.ts';
import { client } from '../../state/services.ts';
import type { ResultName } from '../../state/slices/results.ts';
import { getState } from '../../state/store.ts';

/** What the mart's tables are built from, as the CLI's run decides it (engine/src/analysis/run.ts). */
function martPlan(a: Analysis, mapping: Parameters<typeof missingRoles>[0] | undefined) {
  const clusters = a.clustering.enabled;
  const baskets = a.baskets.enabled && mapping !== undefined && missingRoles(mapping, 'baskets').length === 0;
  const recommendations = baskets && (a.export.recommend > 0 || campaignNeeds(a.export).nextBest);
  return { clusters, baskets, recommendations };
}

/** The results the mart waits for. */
export function martNeeds(a: Analysis, mapping: Parameters<typeof missingRoles>[0] | undefined): ResultName[] {
  const p = martPlan(a, mapping);
  return [
    'rfm',
    'segments',
    ...(p.clusters ? ['fit' as const] : []),
    ...(p.baskets ? ['baskets' as const, 'mined' as const] : []),
    ...(p.recommendations ? ['recommendations' as const] : []),
  ];
}

/** The four tables, or null while a result they need is still being computed. */
export function buildMartTables(): MartTable[] | null {
  const { dataset, analysis: a } = getState();
  if (!dataset) return null;
  const plan = martPlan(a, dataset.canonical.mapping.mapping);
  const r = coordinator.value<ScoredRfm>('rfm');
  const seg = coordinator.value<SegmentsValue>('segments');
  // The CLI clusters only with two customers or more (the app's fit refuses fewer).
  const clustered = plan.clusters && (r?.rfm.customerIds.length ?? 0) >= 2;
  const fit = clustered ? coordinator.value<FitResult>('fit') : null;
  const mined = plan.baskets ? coordinator.value<MineResult>('mined') : null;
  const b = plan.baskets ? coordinator.value<BasketsValue>('baskets') : null;
  const recs = plan.recommendations ? coordinator.value<Recommendations>('recommendations') : null;
  if (!r || !seg || (clustered && !fit) || (plan.baskets && (!mined || !b)) || (plan.recommendations && !recs)) return null;
  const scored = { ...r, ...seg };
  const fitted = fit && fit.labels.length === r.rfm.customerIds.length ? fit : null;
  let recommendationTable = null;
  if (recs && mined && b && a.export.recommend > 0) {
    // Customers of groups too small to export (minGroupSize) are left out, as in the CLI's run.
    const keeps = groupSuppression(a.export, scored, fitted)?.keeps ?? (() => true);
    const segmentOf = new Map<string, string>();
    r.rfm.customerIds.forEach((id, i) => {
      if (keeps(i)) segmentOf.set(id, seg.segments.names[seg.segments.codes[i]!]!);
    });
    recommendationTable = recommendationRows({
      segments: seg.segments.names,
      recommendations: recs,
      rules: associationRules({ rules: mined.rules, truncated: mined.truncated, truncatedReason: mined.truncatedReason }, mined.nBaskets),
      itemLabels: b.itemLabels,
      itemNames: b.itemNames,
      segmentOf,
    });
  }
  return martTables({
    scored,
    fit: fitted,
    ruleRows: mined && b ? ruleRows(mined.rules, { labels: b.itemLabels, names: b.itemNames }) : null,
    recommendationRows: recommendationTable,
    nextBest: recs && b ? nextBestProducts(recs, { labels: b.itemLabels, names: b.itemNames }) : null,
  });
}

/** The zip: one .parquet per table, schema.md and manifest.json (with every file's SHA-256). Null while results are pending. */
export async function buildMartZip(): Promise<{ bytes: Uint8Array; tables: { name: string; rows: number }[] } | null> {
  const tables = buildMartTables();
  if (!tables) return null;
  const { dataset, analysis } = getState();
  const plan = martPlan(analysis, dataset?.canonical.mapping.mapping);
  // Written in the analytics worker: a million customers take seconds of CPU.
  const { files: parquet } = await client.run('mart/parquet', { createdBy: `segment-studio ${version}` }, { tables });
  const outputs = [...parquet, { name: 'schema.md', content: new TextEncoder().encode(martSchemaMarkdown()) }];
  const fit = plan.clusters ? coordinator.value<FitResult>('fit') : null;
  const clusterK = fit && fit.labels.length === tables[0]!.rows.length ? fit.k : null;
  const manifest = await appManifest(null, outputs, { baskets: plan.baskets, clusterK });
  const files: Record<string, Uint8Array | [Uint8Array, { level: 0 }]> = { 'manifest.json': manifest };
  // Parquet pages are already snappy-compressed: stored as they are.
  for (const o of outputs) files[o.name] = o.name.endsWith('.parquet') ? [o.content, { level: 0 }] : o.content;
  return { bytes: zipSync(files, { level: 6 }), tables: tables.map((t) => ({ name: t.name, rows: t.rows.length })) };
}
