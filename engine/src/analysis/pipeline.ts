/**
 * The use cases, step by step: load → clean → RFM → scores → segments → clusters → baskets →
 * rules. Each step takes the analysis (or its section) and a port, and returns typed results.
 * The CLI, the worker handlers and the tests call these and nothing else, so a setting means
 * the same thing everywhere (k range, restarts, samples, caps, cluster numbering).
 */
import type { Baskets } from '../assoc/baskets.ts';
import { suggestMinSupport } from '../assoc/estimate.ts';
import { mineFrequentItemsets, type FrequentItemsets } from '../assoc/frequent-itemsets.ts';
import { selectBasketsByMask } from '../assoc/restrict.ts';
import { generateRules, type AssociationRules } from '../assoc/rules.ts';
import { customerHistories } from '../recommend/histories.ts';
import { recommendProducts, type Recommendations } from '../recommend/recommend.ts';
import type { CleaningOptions } from '../clean/rules.ts';
import { elbow, suggestK } from '../cluster/elbow.ts';
import { prepareFeatures, type RfmColumns } from '../cluster/features.ts';
import { kmeans } from '../cluster/kmeans.ts';
import { profileClusters } from '../cluster/profiles.ts';
import { openDataset, openLines, type Dataset, type LoadedLines, type OpenOptions } from '../dataset.ts';
import { EngineError } from '../errors.ts';
import { missingRoles, orderKey } from '../mapping/detect-mapping.ts';
import { noCustomerInLayout } from '../mapping/layouts.ts';
import { ORDERS_NEEDED, summaryReportIs } from '../mapping/summary-report.ts';
import type { ColumnMapping } from '../mapping/roles.ts';
import type { MappingMemory } from '../mapping/remembered.ts';
import { missingSavedColumns } from '../mapping/saved-mapping.ts';
import { loadBaskets, type BasketKey, type ItemKey, type LoadedBaskets } from '../market/load-baskets.ts';
import type { DataSource, JobControl, SqlPort } from '../ports.ts';
import { computeRfm, type RfmTable } from '../rfm/compute-rfm.ts';
import { scoreRfm, type RfmScores } from '../rfm/scores.ts';
import { applyRules, summariseSegments, type SegmentAssignment, type SegmentSummaryRow, type ValueColumns } from '../segments/apply-rules.ts';
import { checkRuleSet } from '../segments/check-rules.ts';
import { valueFieldsUsed } from '../segments/rule-set.ts';
import { customerSummary, dayBefore, type CustomerSummary } from '../clv/summary-sql.ts';
import { fitCustomerValue, modelCustomerValue, type ClvModel, type ClvModelOptions } from '../clv/model.ts';
import {
  CLUSTER_K_RANGE,
  ELBOW_SAMPLE,
  MAX_ITEMSETS,
  MAX_RULES,
  SILHOUETTE_SAMPLE,
  clusterNumber,
  type Analysis,
  type AnalysisBaskets,
  type AnalysisClv,
  type AnalysisClustering,
  type BasketRestriction,
} from './document.ts';
import { resolveGroupName } from './group-name.ts';

/**
 * The engine's cleaning options from the analysis: its cleaning section and snapshot, and
 * today's date as the host gives it (the engine has no clock), for the implausible-date checks.
 */
export function cleaningOptions(a: Pick<Analysis, 'cleaning' | 'snapshot'>, today: string | null): CleaningOptions {
  const c = a.cleaning;
  return { ...c, implausible: { minDate: c.implausible.minDate, exclude: [...c.implausible.exclude] }, snapshot: a.snapshot, today };
}

/** What the host provides to a load: today's date (YYYY-MM-DD, null: not checked) and job control. */
export interface LoadHost {
  today: string | null;
  control?: JobControl;
  /** Mappings the user confirmed per header layout (the host stores them); re-applied where the analysis maps nothing. */
  remembered?: MappingMemory;
  /**
   * The roles of the analysis' mapping the user set for these very files (the CLI's --map): a
   * column they lack stops the load. The others were saved for earlier files: one whose column
   * these lack is detected afresh and said (a re-run on next month's export goes on).
   */
  given?: ColumnMapping;
}

/** Reads the sources into DuckDB (`raw` → `lines` → `kept`) with the analysis' mapping, sheet and cleaning. */
export function loadData(sql: SqlPort, sources: readonly DataSource[], a: Analysis, host: LoadHost): Promise<Dataset> {
  return openDataset(sql, sources, openOptions(a, host));
}

/**
 * loadData without the cleaning report, which datasetReport gives afterwards (it only reads the
 * tables, so a host may run it beside RFM and scoring, on another connection of the same database).
 */
export function loadLines(sql: SqlPort, sources: readonly DataSource[], a: Analysis, host: LoadHost): Promise<LoadedLines> {
  return openLines(sql, sources, openOptions(a, host));
}

function openOptions(a: Analysis, host: LoadHost): OpenOptions {
  const control = host.control;
  const given = host.given ?? {};
  return {
    mapping: Object.fromEntries(Object.entries(a.mapping).filter(([role]) => role in given)),
    savedMapping: a.mapping,
    cleaning: cleaningOptions(a, host.today),
    ...(a.sources.sheet !== undefined ? { sheet: a.sources.sheet } : {}),
    ...(a.sources.layout !== undefined ? { layout: a.sources.layout } : {}),
    ...(a.sources.encoding !== undefined ? { encoding: a.sources.encoding } : {}),
    ...(a.sources.decimalMark !== undefined ? { decimalMark: a.sources.decimalMark } : {}),
    ...(a.sources.dateOrder !== undefined ? { dateOrder: a.sources.dateOrder } : {}),
    ...(a.sources.orderNumbers !== undefined ? { orderNumbers: a.sources.orderNumbers } : {}),
    ...(control ? { control } : {}),
    ...(host.remembered ? { remembered: host.remembered } : {}),
  };
}

/**
 * Refuses to score when a role RFM needs is not mapped: never score every customer with 0 orders.
 * Given the loaded files, a need a saved column would have met names that column and the files'
 * columns, and an export whose layout has no customer column says so rather than send the user
 * looking for one (a till's staff column is no customer).
 */
export function requireRoles(
  mapping: ColumnMapping,
  use: 'rfm' | 'baskets',
  loaded?: Pick<LoadedLines, 'columns' | 'remapped'> & { canonical?: Pick<LoadedLines['canonical'], 'mapping'> },
): void {
  const missing = missingRoles(mapping, use);
  if (missing.length) {
    const summary = loaded?.canonical?.mapping.summaryReport;
    // A summary report has no column to map: what it lacks is the orders.
    if (summary)
      throw new EngineError('mapping', `${use === 'rfm' ? 'RFM needs' : 'baskets need'} ${missing.join(', ')}; ${summaryReportIs(summary)}: ${ORDERS_NEEDED}`);
    const saved = loaded ? missingSavedColumns(mapping, use, loaded) : null;
    const none = use === 'rfm' ? noCustomerInLayout(mapping.customer, loaded?.canonical?.mapping.layout) : undefined;
    throw new EngineError(
      'mapping',
      `${use === 'rfm' ? 'RFM needs' : 'baskets need'} ${missing.join(', ')}; ${none ? `${none}; ` : ''}${saved ?? `map ${missing.length > 1 ? 'them' : 'it'} to a column${none ? ' that holds customers, if the file has one' : ''}`}`,
    );
  }
}

export interface ScoredCustomers {
  rfm: RfmTable;
  scores: RfmScores;
  segments: SegmentAssignment;
  summary: SegmentSummaryRow[];
  /** P(alive) and CLV per customer, when the rules use them or the caller asked (`withValue`). */
  value?: ValueColumns;
}

/**
 * RFM over `kept` at the analysis' snapshot, scores with its scoring, then its segment rules.
 * The customer-value model is fitted too when the rules refer to p_alive or clv, or `withValue`.
 * `onRfm` is given the RFM values as soon as they are read, before the scores (work that needs
 * only them, such as clustering on another thread, can start there).
 */
export async function scoreCustomers(
  sql: SqlPort,
  a: Pick<Analysis, 'snapshot' | 'scoring' | 'segments' | 'clv'>,
  { withValue = false, control, onRfm }: { withValue?: boolean; control?: JobControl; onRfm?: (rfm: RfmTable) => void } = {},
): Promise<ScoredCustomers> {
  const rfm = await computeRfm(sql, a.snapshot !== null ? { snapshot: a.snapshot } : {});
  onRfm?.(rfm);
  const scores = scoreRfm(rfm, { bins: a.scoring.bins, method: a.scoring.method });
  const value = withValue || valueFieldsUsed(a.segments).length ? valueColumns(await customerValue(sql, a.clv, control), rfm.customerIds) : undefined;
  return { rfm, scores, ...segmentCustomers(a.segments, scores, rfm, value), ...(value ? { value } : {}) };
}

/** Re-applies segment rules to scores already computed (the live rule editor's path). */
export function segmentCustomers(
  rules: Analysis['segments'],
  scores: RfmScores,
  rfm: RfmTable,
  value?: ValueColumns,
): { segments: SegmentAssignment; summary: SegmentSummaryRow[] } {
  checkRuleSet(rules, scores.bins);
  const segments = applyRules(rules, scores, rfm, value);
  const only = oneCustomerWarning(rfm);
  return { segments: only === null ? segments : { ...segments, warnings: [only] }, summary: summariseSegments(segments, rfm) };
}

/**
 * Scores and segments rank customers against each other: one customer's file (a customer column
 * holding the same value on every line, as a shop's own number or a customer type) ranks nobody.
 * Said once, in place of every segment it leaves empty.
 */
function oneCustomerWarning(rfm: Pick<RfmTable, 'customerIds' | 'frequency'>): string | null {
  if (rfm.customerIds.length !== 1) return null;
  const orders = rfm.frequency[0]!;
  return `every kept line is one customer's ("${rfm.customerIds[0]}", ${orders.toLocaleString('en-US')} ${orders === 1 ? 'order' : 'orders'}): scores and segments rank customers against each other, so they say nothing here; if the customer column holds the same value on every line rather than who bought, map the buyer's column as the customer (the Data screen; --map customer=COLUMN)`;
}

/** The CLV model's options from the analysis' value settings: a holdout from D fits on the days before D. */
export function clvModelOptions(c: AnalysisClv): ClvModelOptions {
  return {
    unit: c.unit,
    months: c.horizonMonths,
    monthlyDiscount: c.monthlyDiscount,
    ...(c.holdoutFrom !== null ? { calibrationEnd: dayBefore(c.holdoutFrom) } : {}),
  };
}

/**
 * The customer-value use case: the BTYD summary of `kept` in SQL, BG/NBD + Gamma-Gamma fits,
 * P(alive), expected purchases and CLV per customer, the holdout check when a holdout is set.
 * `segment-studio clv` and `run` call this; the app runs its two halves (below) apart.
 */
export function customerValue(sql: SqlPort, c: AnalysisClv, control?: JobControl): Promise<ClvModel> {
  return modelCustomerValue(sql, clvModelOptions(c), control);
}

/** The SQL half of customerValue (the app runs it against DuckDB-WASM). */
export function customerValueSummary(sql: SqlPort, c: AnalysisClv): Promise<CustomerSummary> {
  return customerSummary(sql, clvModelOptions(c));
}

/** The fitting half of customerValue (the app runs it in its analytics worker). */
export function fitValueModel(summary: CustomerSummary, c: Pick<AnalysisClv, 'horizonMonths' | 'monthlyDiscount'>, control?: JobControl): ClvModel {
  return fitCustomerValue(summary, { months: c.horizonMonths, monthlyDiscount: c.monthlyDiscount }, control);
}

/**
 * P(alive) and CLV in the order of `customerIds` (the RFM customers). A customer the value
 * model does not cover (no purchase day up to the calibration end) gets NaN: no rule on
 * p_alive or clv matches them and exports leave the cell empty.
 */
export function valueColumns(model: Pick<ClvModel, 'summary' | 'values'>, customerIds: readonly string[]): ValueColumns {
  const row = new Map<string, number>();
  model.summary.customerIds.forEach((id, i) => row.set(id, i));
  const out: ValueColumns = { pAlive: new Float64Array(customerIds.length).fill(NaN), clv: new Float64Array(customerIds.length).fill(NaN) };
  customerIds.forEach((id, i) => {
    const j = row.get(id);
    if (j === undefined) return;
    out.pAlive[i] = model.values.pAlive[j]!;
    out.clv[i] = model.values.clv[j]!;
  });
  return out;
}

export type FeatureSettings = Pick<AnalysisClustering, 'log1p' | 'standardize' | 'seed'>;

export interface ElbowCurve {
  entries: { k: number; inertia: number; silhouette: number }[];
  /** Best silhouette, smallest k among ties. */
  suggestedK: number;
  fitSize: number;
  fitSampled: boolean;
  silhouetteSampleSize: number;
  silhouetteSampled: boolean;
}

/** Inertia and silhouette for k over CLUSTER_K_RANGE on seeded samples (ELBOW_SAMPLE, SILHOUETTE_SAMPLE). */
export function elbowCurve(rfm: RfmColumns, f: FeatureSettings, control?: JobControl): ElbowCurve {
  const prepared = prepareFeatures(rfm, { log1p: f.log1p, standardize: f.standardize });
  const r = elbow(
    prepared.points,
    prepared.d,
    {
      kMin: CLUSTER_K_RANGE.min,
      kMax: Math.min(CLUSTER_K_RANGE.max, prepared.n),
      nInit: 1,
      seed: f.seed,
      sampleSize: ELBOW_SAMPLE,
      silhouette: true,
      silhouetteSampleSize: SILHOUETTE_SAMPLE,
    },
    control,
  );
  return {
    entries: r.entries.map((e) => ({ k: e.k, inertia: e.inertia, silhouette: e.silhouette })),
    suggestedK: suggestK(r),
    fitSize: r.fitSize,
    fitSampled: r.fitSampled,
    silhouetteSampleSize: r.silhouetteSampleSize,
    silhouetteSampled: r.silhouetteSampled,
  };
}

export interface ClusterFit {
  k: number;
  /** Cluster per customer, 0-based, relabelled so that 0 is the most valuable (highest mean monetary). */
  labels: Int32Array;
  inertia: number;
  profiles: ReturnType<typeof profileClusters>['profiles'];
}

/** The fewest customers k-means runs on: clusters group customers by likeness, and one customer has no one to be like. */
const MIN_CLUSTER_CUSTOMERS = 2;

/**
 * Why the analysis' clustering is not run on this many customers, or null when it runs (or is
 * off). RFM and segments stand for a single customer; clusters do not, so `segment`, `run`,
 * `export` and `report` score and segment them, say this, and write no clusters.csv and an empty
 * cluster column, as with clustering off.
 */
export function clusteringSkipped(c: Pick<AnalysisClustering, 'enabled'>, customers: number): string | null {
  if (!c.enabled || customers >= MIN_CLUSTER_CUSTOMERS) return null;
  return `clustering skipped: k-means needs at least ${MIN_CLUSTER_CUSTOMERS} customers and the data has ${customers}, so there are no clusters`;
}

/** k-means with the analysis' restarts and seed on log1p/standardised RFM; clusters named from their profiles. */
export function fitClusters(rfm: RfmColumns, c: FeatureSettings & { k: number; restarts: number }, control?: JobControl): ClusterFit {
  const prepared = prepareFeatures(rfm, { log1p: c.log1p, standardize: c.standardize });
  if (prepared.n < MIN_CLUSTER_CUSTOMERS)
    throw new EngineError('invalid_argument', `clustering needs at least ${MIN_CLUSTER_CUSTOMERS} customers, found ${prepared.n}`);
  const fit = kmeans(prepared.points, prepared.d, { k: Math.min(c.k, prepared.n), nInit: c.restarts, seed: c.seed }, control);
  const prof = profileClusters(fit.labels, fit.k, rfm);
  return { k: fit.k, labels: prof.labels, inertia: fit.inertia, profiles: prof.profiles };
}

export interface ClusterOutcome {
  fit: ClusterFit;
  /** Present when k was 'auto'. */
  elbow?: ElbowCurve;
}

/** The analysis' clustering: a fixed k, or k = auto (the elbow's suggestion). */
export function clusterCustomers(rfm: RfmColumns, c: AnalysisClustering, control?: JobControl): ClusterOutcome {
  if (c.k !== 'auto') return { fit: fitClusters(rfm, { ...c, k: c.k }, control) };
  const curve = elbowCurve(rfm, c, control);
  return { fit: fitClusters(rfm, { ...c, k: curve.suggestedK }, control), elbow: curve };
}

/** "Cluster 2 – Recent frequent high spenders": the one label of a cluster, in the app and every export. */
export function clusterLabel(cluster: number, name: string | undefined): string {
  return `Cluster ${clusterNumber(cluster)}${name ? ` – ${name}` : ''}`;
}

/** The item the analysis asks for, or the description when no SKU column is mapped. */
export function basketItem(b: Pick<AnalysisBaskets, 'item'>, mapping: ColumnMapping): ItemKey {
  return b.item === 'sku' && mapping.sku === undefined ? 'description' : b.item;
}

/**
 * What the analysis groups baskets by: by invoice, data without an invoice column but with
 * customers is grouped by visit (a customer's purchases on one day), as analysts do, or by
 * customer when it has no dates either.
 */
export function basketKey(b: Pick<AnalysisBaskets, 'by'>, mapping: ColumnMapping): BasketKey {
  if (b.by !== 'invoice' || mapping.invoice !== undefined || mapping.customer === undefined) return b.by;
  return mapping.date !== undefined ? 'visit' : 'customer';
}

/** What an order and a basket are in data without an invoice column (canonical.ts, basketKey); null when it has one. */
export function noInvoiceNote(mapping: ColumnMapping): string | null {
  const orders = orderKey(mapping);
  if (orders === 'invoice' || orders === null) return null;
  if (orders === 'visit') return "no invoice column: each visit, a customer's purchases on one day, counts as one order and is one basket";
  const baskets = basketKey({ by: 'invoice' }, mapping) === 'visit' ? "visits, a customer's purchases on one day" : "customers' whole histories";
  return `no invoice column: each line counts as one order, and baskets are ${baskets}`;
}

/** Baskets (by invoice, customer or visit) of the analysis' items, from `kept`. */
export function loadAnalysisBaskets(sql: SqlPort, b: AnalysisBaskets, mapping: ColumnMapping): Promise<LoadedBaskets> {
  requireRoles(mapping, 'baskets');
  return loadBaskets(sql, { by: basketKey(b, mapping), item: basketItem(b, mapping), minItemsPerBasket: b.minItems });
}

/**
 * 1 for the baskets of customers in the restriction's segment or cluster, or null for all
 * baskets. Throws when the named segment or cluster does not exist, naming those that do.
 */
export function basketMask(
  loaded: { readonly basketCustomers: readonly (string | null)[] },
  restrict: BasketRestriction,
  customers: { rfm: Pick<RfmTable, 'customerIds'>; segments?: SegmentAssignment; clusterLabels?: Int32Array | null; k?: number },
): Uint8Array | null {
  if (restrict.kind === 'all') return null;
  let labels: ArrayLike<number>;
  let target: number;
  if (restrict.kind === 'segment') {
    if (!customers.segments) throw new EngineError('invalid_argument', 'baskets restricted to a segment need the segments');
    const names = customers.segments.names;
    target = names.indexOf(resolveGroupName(restrict.segment, names, 'segment', 'baskets of a segment (--segment, baskets.restrict)'));
    labels = customers.segments.codes;
  } else {
    if (!customers.clusterLabels || customers.k === undefined) throw new EngineError('invalid_argument', 'baskets restricted to a cluster need clustering on');
    if (restrict.cluster < 1 || restrict.cluster > customers.k)
      throw new EngineError('invalid_argument', `no cluster ${restrict.cluster}; clusters are 1 to ${customers.k}`);
    target = restrict.cluster - 1;
    labels = customers.clusterLabels;
  }
  const row = new Map<string, number>();
  customers.rfm.customerIds.forEach((id, i) => row.set(id, i));
  const mask = new Uint8Array(loaded.basketCustomers.length);
  for (let b = 0; b < mask.length; b++) {
    const c = loaded.basketCustomers[b];
    const i = c == null ? undefined : row.get(c);
    if (i !== undefined && labels[i] === target) mask[b] = 1;
  }
  return mask;
}

/** Itemsets as parallel columns (what the worker sends and the writers read). */
export interface ItemsetTable {
  n: number;
  offsets: Int32Array;
  items: Int32Array;
  counts: Int32Array;
  support: Float64Array;
}

/** Rules as parallel columns; rule r's antecedent is antecedentItems[antecedentOffsets[r] .. [r+1]). */
export interface RuleTable {
  n: number;
  antecedentOffsets: Int32Array;
  antecedentItems: Int32Array;
  consequent: Int32Array;
  support: Float64Array;
  confidence: Float64Array;
  lift: Float64Array;
  leverage: Float64Array;
  conviction: Float64Array;
  antecedentSupport: Float64Array;
  consequentSupport: Float64Array;
  count: Int32Array;
}

export interface MinedItemsets {
  nBaskets: number;
  nItems: number;
  minCount: number;
  itemsets: ItemsetTable;
  truncated: boolean;
  truncatedReason: string | null;
  /** The raw result, kept so rules can be re-derived for another confidence or lift without mining again. */
  raw: FrequentItemsets;
}

export interface MinedRules {
  rules: RuleTable;
  truncated: boolean;
  truncatedReason: string | null;
}

/** Frequent itemsets at the analysis' minSupport and maxLen (capped at MAX_ITEMSETS), on the masked baskets. */
export function mineItemsets(
  baskets: Baskets,
  mask: Uint8Array | null,
  b: Pick<AnalysisBaskets, 'minSupport' | 'maxLen'>,
  control?: JobControl,
): MinedItemsets {
  const chosen = mask ? selectBasketsByMask(baskets, mask) : baskets;
  // Below 1 a fraction of baskets; a whole number from 1 up is a count of baskets.
  const minSupport = b.minSupport < 1 ? b.minSupport : { count: b.minSupport };
  const raw = mineFrequentItemsets(chosen, { minSupport, maxLen: b.maxLen, maxItemsets: MAX_ITEMSETS, ...(control ? { control } : {}) });
  return {
    nBaskets: raw.nBaskets,
    nItems: raw.nItems,
    minCount: raw.minCount,
    itemsets: { n: raw.nItemsets, offsets: raw.offsets, items: raw.items, counts: raw.counts, support: raw.support },
    truncated: raw.truncated,
    truncatedReason: raw.truncatedReason ?? null,
    raw,
  };
}

/** Rules from mined itemsets at the analysis' confidence and lift, sorted by lift (capped at MAX_RULES). */
export function deriveRules(
  mined: Pick<MinedItemsets, 'raw'>,
  b: Pick<AnalysisBaskets, 'minConfidence' | 'minLift' | 'prune'>,
  control?: JobControl,
): MinedRules {
  const r: AssociationRules = generateRules(mined.raw, {
    minConfidence: b.minConfidence,
    minLift: b.minLift,
    pruneRedundant: b.prune,
    maxRules: MAX_RULES,
    sortBy: 'lift',
    ...(control ? { control } : {}),
  });
  return {
    rules: {
      n: r.nRules,
      antecedentOffsets: r.antecedentOffsets,
      antecedentItems: r.antecedentItems,
      consequent: r.consequents,
      support: r.support,
      confidence: r.confidence,
      lift: r.lift,
      leverage: r.leverage,
      conviction: r.conviction,
      antecedentSupport: r.antecedentSupport,
      consequentSupport: r.consequentSupport,
      count: r.count,
    },
    truncated: r.truncated,
    truncatedReason: r.truncatedReason ?? null,
  };
}

/** A minSupport that keeps the output manageable, for a run the caps cut short. */
export function saferMinSupport(baskets: Baskets, mask: Uint8Array | null, control?: JobControl): number {
  return suggestMinSupport(mask ? selectBasketsByMask(baskets, mask) : baskets, control ? { control } : {}).support;
}

/** The engine's rule shape from the pipeline's columns (what the recommender and its CSV read). */
export function associationRules(mined: MinedRules, nBaskets: number): AssociationRules {
  const r = mined.rules;
  return {
    nBaskets,
    nRules: r.n,
    antecedentOffsets: r.antecedentOffsets,
    antecedentItems: r.antecedentItems,
    consequents: r.consequent,
    count: r.count,
    support: r.support,
    confidence: r.confidence,
    lift: r.lift,
    leverage: r.leverage,
    conviction: r.conviction,
    antecedentSupport: r.antecedentSupport,
    consequentSupport: r.consequentSupport,
    truncated: mined.truncated,
    ...(mined.truncatedReason !== null ? { truncatedReason: mined.truncatedReason } : {}),
  };
}

/**
 * The next-best products of every customer with a purchase history in the baskets (all their
 * baskets, whatever restriction the rules were mined under): the top `topN` consequents of
 * rules whose antecedent they bought and whose consequent they did not (engine/src/recommend).
 */
export function recommendFor(
  loaded: Pick<LoadedBaskets, 'baskets' | 'basketCustomers'>,
  rules: AssociationRules,
  topN: number,
  control?: JobControl,
): Recommendations {
  return recommendProducts(rules, customerHistories(loaded.baskets, loaded.basketCustomers), loaded.baskets.itemLabels, {
    topN,
    ...(control ? { control } : {}),
  });
}
