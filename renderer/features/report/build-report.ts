/**
 * The shareable report from the app: the engine's collectReport over the loaded data (DuckDB's
 * worker) with the analysis, the clusters and rules the app's workers computed (the same
 * pipeline steps as the CLI), and the source files' SHA-256 — then renderReport, so the bytes
 * equal `segment-studio report` on the same files with the same analysis.
 */
import {
  collectReport,
  missingRoles,
  renderReport,
  reportClusters,
  reportRules,
  type Analysis,
  type CleaningReport,
  type FitResult,
  type MineResult,
} from '../../engine-client/index.ts';
import { loadedSourceFiles } from '../../state/actions/data.ts';
import { digestSource } from '../../state/actions/export.ts';
import { coordinator, resultNow, type BasketsValue } from '../../state/results.ts';
import { serial, sql } from '../../state/services.ts';
import { getState } from '../../state/store.ts';
import type { ResultName } from '../../state/slices/results.ts';

/** The results the report needs besides its own SQL: the cleaning report, the fit and the rules when the analysis asks for them. */
export function reportNeeds(a: Analysis, mapping: Parameters<typeof missingRoles>[0] | undefined): ResultName[] {
  return [
    'report',
    ...(a.clustering.enabled ? ['fit' as const] : []),
    ...(a.baskets.enabled && mapping && missingRoles(mapping, 'baskets').length === 0 ? ['mined' as const, 'baskets' as const] : []),
  ];
}

/** The report's HTML, or null while a result it needs is still being computed. */
export async function buildReport(options: { asOf?: string; compare?: string } = {}): Promise<string | null> {
  const { dataset, analysis } = getState();
  if (!dataset) return null;
  const needs = reportNeeds(analysis, dataset.canonical.mapping.mapping);
  const fit = coordinator.value<FitResult>('fit');
  const mined = coordinator.value<MineResult>('mined');
  const baskets = coordinator.value<BasketsValue>('baskets');
  if ((needs.includes('fit') && !fit) || (needs.includes('mined') && (!mined || !baskets))) return null;
  const sources = await Promise.all(loadedSourceFiles().map(digestSource));
  const report = await resultNow<CleaningReport>('report');
  if (getState().dataset !== dataset) return null; // another load meanwhile: that report is not this dataset's
  const data = await serial(async () =>
    collectReport(await sql(), { ...dataset, report }, analysis, {
      ...options,
      sources,
      clusters: needs.includes('fit') && fit && fit.labels.length >= 2 ? reportClusters(fit) : null,
      rules: needs.includes('mined') && mined && baskets ? reportRules(mined.rules, { labels: baskets.itemLabels, names: baskets.itemNames }) : null,
    }),
  );
  return renderReport(data);
}
