/**
 * A whole analysis, headless: every step of the pipeline the document asks for, and every
 * output file it implies. `segment-studio run` is this plus writing the files.
 */
import { datasetReport, type Dataset, type LoadedLines } from '../dataset.ts';
import { EngineError, throwIfCancelled } from '../errors.ts';
import { customerProfiles, profilesById } from '../export/customer-profile.ts';
import { toCsv, type Cell } from '../export/csv.ts';
import { nextBestProducts, recommendationRows, RECOMMENDATION_COLUMNS, type NextBest } from '../recommend/recommendations-csv.ts';
import { PERSONAL_COLUMNS } from './document.ts';
import { needsValue } from './value-columns.ts';
import { supportFloorWarning } from './support-floor.ts';
import type { DataSource, JobControl, SqlPort } from '../ports.ts';
import { missingRoles } from '../mapping/detect-mapping.ts';
import type { Analysis } from './document.ts';
import type { ColumnMapping } from '../mapping/roles.ts';
import {
  campaignExport,
  campaignNeeds,
  clustersCsv,
  customerFiles,
  groupSuppression,
  itemsetsCsv,
  NEXT_BEST_NEEDS_RULES,
  resolveSelection,
  rulesCsv,
  type CampaignList,
  type CampaignExtras,
  type ItemText,
  type OutputFile,
} from './outputs.ts';
import {
  associationRules,
  basketMask,
  clusterCustomers,
  clusteringSkipped,
  deriveRules,
  loadAnalysisBaskets,
  loadData,
  loadLines,
  mineItemsets,
  recommendFor,
  requireRoles,
  scoreCustomers,
  type ClusterOutcome,
  type MinedItemsets,
  type MinedRules,
  type ScoredCustomers,
} from './pipeline.ts';

export interface BasketOutcome {
  nBaskets: number;
  itemsets: MinedItemsets;
  rules: MinedRules;
  /** Item codes and display names of the rules and itemsets. */
  items: ItemText;
  /** The warning of mining under the support floor (supportFloorWarning), or null. */
  supportFloor: string | null;
  /** recommendations.csv's rows (RECOMMENDATION_COLUMNS order), when export.recommend > 0. */
  recommendations: Cell[][] | null;
  /** The top recommended product by customer id, when recommendations or a next-best column were asked for. */
  nextBest: ReadonlyMap<string, NextBest> | null;
}

export interface AnalysisRun {
  dataset: Dataset;
  scored: ScoredCustomers;
  clusters: ClusterOutcome | null;
  /** Why clustering was not run although the analysis has it on (clusteringSkipped: too few customers). */
  clusteringSkipped: string | null;
  baskets: BasketOutcome | null;
  /** Why baskets were not mined although the analysis has them on: the roles they need, missing (data without items). */
  basketsSkipped: string | null;
  /** The campaign list(s) written, with their columns and the groups suppressed; null when grouping by cluster without clusters. */
  campaign: CampaignList | null;
  /** Every output, in a stable order. */
  files: OutputFile[];
}

export interface RunOptions {
  /** Today (YYYY-MM-DD) as the host's clock says: lines dated later are implausible. Null: not checked. */
  today: string | null;
  control?: JobControl;
  /** The roles the user set for these files (LoadHost.given); the analysis' others were saved for earlier files. */
  given?: ColumnMapping;
  /** Replaces customer ids in customers.csv (e.g. a salted hash); never stored in the analysis. */
  customerId?: (id: string) => string;
  /**
   * Another connection to the same database (the CLI's native one): the cleaning report, which
   * only reads the tables, is computed there while the customers are scored on `sql`. Without
   * it the report comes first, on `sql`.
   */
  reportOn?: SqlPort;
}

/**
 * Loads the sources and runs the analysis: scores and segments always; clusters and baskets
 * when enabled. Files: customers.csv, segments.csv, the campaign list(s), clusters.csv,
 * rules.csv and itemsets.csv. Deterministic for a given analysis and data.
 */
export async function runAnalysis(sql: SqlPort, sources: readonly DataSource[], a: Analysis, options: RunOptions): Promise<AnalysisRun> {
  const control = options.control;
  const needs = campaignNeeds(a.export);
  const personal = a.export.columns.filter((c) => PERSONAL_COLUMNS.includes(c));
  if (options.customerId && personal.length) {
    throw new EngineError('invalid_argument', `pseudonymised exports never carry personal columns; remove ${personal.join(', ')} from the export columns`);
  }
  if (options.customerId && a.export.format === 'email')
    throw new EngineError('invalid_argument', 'pseudonymised exports never carry emails; choose the csv format');
  if (needs.nextBest && !a.baskets.enabled) throw new EngineError('invalid_argument', NEXT_BEST_NEEDS_RULES);
  const host = { today: options.today, ...(control ? { control } : {}), ...(options.given ? { given: options.given } : {}) };
  if (!options.reportOn) return analyse(sql, await loadData(sql, sources, a, host), a, options);
  const lines = await loadLines(sql, sources, a, host);
  // Both settle before anything is returned or thrown; when both fail, the report's error is the
  // one that came first without the second connection.
  const [report, run] = await Promise.allSettled([datasetReport(options.reportOn, lines), analyse(sql, lines, a, options)]);
  if (report.status === 'rejected') throw report.reason;
  if (run.status === 'rejected') throw run.reason;
  return { ...run.value, dataset: { ...lines, report: report.value } };
}

/** runAnalysis after the load: scores, clusters, baskets and the files (the dataset's report is not read). */
async function analyse<D extends LoadedLines>(
  sql: SqlPort,
  dataset: D,
  a: Analysis,
  options: RunOptions,
): Promise<Omit<AnalysisRun, 'dataset'> & { dataset: D }> {
  const control = options.control;
  const needs = campaignNeeds(a.export);
  throwIfCancelled(control?.signal);
  const mapping = dataset.canonical.mapping.mapping;
  requireRoles(mapping, 'rfm', dataset);
  const scored = await scoreCustomers(sql, a, { withValue: needsValue(a.export.columns), ...(control ? { control } : {}) });
  throwIfCancelled(control?.signal);
  const clusteringSkip = clusteringSkipped(a.clustering, scored.rfm.customerIds.length);
  const clusters = a.clustering.enabled && clusteringSkip === null ? clusterCustomers(scored.rfm, a.clustering) : null;
  const fit = clusters?.fit ?? null;
  const files = customerFiles(scored, fit, options.customerId);
  const extras: CampaignExtras = {
    ...(needs.profiles ? { profiles: profilesById(await customerProfiles(sql)) } : {}),
    ...(options.customerId ? { customerId: options.customerId } : {}),
  };
  let baskets: BasketOutcome | null = null;
  const basketFiles: OutputFile[] = [];
  // Baskets are on by default: data without items (customer, date, amount) is scored without
  // them, said so, unless a column of the export needs their rules.
  const basketRoles = missingRoles(mapping, 'baskets');
  const basketsSkipped = a.baskets.enabled && basketRoles.length > 0 && !needs.nextBest ? `baskets skipped: they need ${basketRoles.join(', ')}` : null;
  if (a.baskets.enabled && basketsSkipped === null) {
    throwIfCancelled(control?.signal);
    requireRoles(mapping, 'baskets', dataset);
    const loaded = await loadAnalysisBaskets(sql, a.baskets, mapping);
    const mask = basketMask(loaded, a.baskets.restrict, {
      rfm: scored.rfm,
      segments: scored.segments,
      clusterLabels: fit?.labels ?? null,
      ...(fit ? { k: fit.k } : {}),
    });
    const itemsets = mineItemsets(loaded.baskets, mask, a.baskets);
    const rules = deriveRules(itemsets, a.baskets);
    const items = { labels: loaded.baskets.itemLabels, names: loaded.itemNames };
    const supportFloor = supportFloorWarning(itemsets, a.baskets.minSupport);
    baskets = { nBaskets: itemsets.nBaskets, itemsets, rules, items, supportFloor, recommendations: null, nextBest: null };
    basketFiles.push({ name: 'rules.csv', text: rulesCsv(rules.rules, items) }, { name: 'itemsets.csv', text: itemsetsCsv(itemsets.itemsets, items) });
    if (a.export.recommend > 0 || needs.nextBest) {
      const assoc = associationRules(rules, itemsets.nBaskets);
      const recs = recommendFor(loaded, assoc, Math.max(1, a.export.recommend), control);
      extras.nextBest = nextBestProducts(recs, items);
      baskets.nextBest = extras.nextBest;
      if (a.export.recommend > 0) {
        const seg = scored.segments;
        // Customers of groups too small to export (minGroupSize) are left out here too.
        const keeps = groupSuppression(a.export, scored, fit)?.keeps ?? (() => true);
        const segmentOf = new Map<string, string>();
        scored.rfm.customerIds.forEach((id, i) => {
          if (keeps(i)) segmentOf.set(id, seg.names[seg.codes[i]!]!);
        });
        const rows = recommendationRows({
          segments: seg.names,
          recommendations: recs,
          rules: assoc,
          itemLabels: items.labels,
          itemNames: items.names,
          segmentOf,
          ...(options.customerId ? { customerId: options.customerId } : {}),
        });
        baskets.recommendations = rows;
        basketFiles.push({ name: 'recommendations.csv', text: toCsv(RECOMMENDATION_COLUMNS, rows) });
      }
    }
  }
  // Resolved first: a name that selects no group is an error, not a header-only list.
  const selection = resolveSelection(a.export, scored, fit);
  const campaign = selection && campaignExport({ ...a.export, selection }, scored, fit, extras);
  if (campaign) files.push(...campaign.files);
  if (fit) files.push({ name: 'clusters.csv', text: clustersCsv(fit) });
  files.push(...basketFiles);
  return { dataset, scored, clusters, clusteringSkipped: clusteringSkip, baskets, basketsSkipped, campaign, files };
}
