/**
 * The analytics worker protocol, types only. One map, `JobMap`, names every job with its
 * parameters (small JSON), input (typed arrays, transferred) and result; requests,
 * responses, progress, cancel and errors are all derived from it, so adding a job is one
 * entry here plus one handler file.
 */
import type {
  AnalysisBaskets,
  AnalysisClv,
  ClvModel,
  CustomerSummary,
  ElbowCurve,
  ItemsetTable,
  MartTable,
  Recommendations,
  RuleTable,
  WorkbookTables,
} from '../engine/src/index.ts';

/** Per-customer RFM columns, equal lengths, transferred (never copied) to the worker. */
export interface RfmInput {
  recencyDays: Float64Array;
  frequency: Float64Array;
  monetary: Float64Array;
}

export interface FeatureParams {
  /** log1p before scaling (default true). */
  log1p: boolean;
  /** z-score each feature (default true). */
  standardize: boolean;
  seed: number;
}

/** Inertia and silhouette per k over the engine's CLUSTER_K_RANGE, and the suggested k. */
export type ElbowSummary = ElbowCurve;

export interface ClusterProfileView {
  cluster: number;
  name: string;
  size: number;
  share: number;
  revenue: number;
  revenueShare: number;
  recencyDays: { mean: number; median: number };
  frequency: { mean: number; median: number };
  monetary: { mean: number; median: number };
}

export interface FitResult {
  k: number;
  /** Cluster per customer, relabelled so that cluster 0 is the most valuable. */
  labels: Int32Array;
  inertia: number;
  profiles: ClusterProfileView[];
  /** Customers plotted (a seeded sample when n is large) and their PCA coordinates (x0,y0,x1,y1...). */
  plotIndex: Int32Array;
  plotXY: Float32Array;
  /** Share of variance explained by PC1 and PC2. */
  explained: [number, number];
}

/** Baskets in CSR form (the engine's Baskets), loaded once into the worker and kept there under a handle. */
export interface BasketInput {
  basketOffsets: Int32Array;
  items: Int32Array;
  basketIds: Int32Array;
  nItems: number;
  itemLabels: string[];
  /** Per item code, its name (the campaign list's next_best_product_name). */
  itemNames: string[];
  /** Customer id per basket code (null: no customer), for customers' purchase histories. */
  basketCustomers: (string | null)[];
}

/** The top recommended product per customer (the campaign list's next_best_product and next_best_product_name). */
export interface NextBestResult {
  customerIds: string[];
  productCodes: string[];
  productNames: string[];
}

/** A product (item code) for all rules leading to it, or one rule (index into the mined rules). */
export type AudienceParams = { product: number } | { rule: number };

/** Which baskets to mine: 1 = keep (a segment's or cluster's); null = all. `maskKey` names it for the itemset cache. */
export interface MaskInput {
  mask: Uint8Array | null;
}

export type MineParams = Pick<AnalysisBaskets, 'minSupport' | 'maxLen' | 'minConfidence' | 'minLift' | 'prune'> & {
  /** The resident baskets to mine (from 'assoc/load'). */
  handle: number;
  /** Identifies the mask ('all', 'segment:Champions@3'): same key, same mask. */
  maskKey: string;
};

/** Rules in columnar form; antecedents are offsets into `antecedentItems` (item codes). */
export type RulesColumns = RuleTable;

export interface MineResult {
  nBaskets: number;
  nItems: number;
  minCount: number;
  itemsets: ItemsetTable;
  rules: RulesColumns;
  truncated: boolean;
  truncatedReason: string | null;
  /** A minSupport that keeps the output manageable, when this run was capped. */
  suggestedMinSupport: number | null;
  /** False when the itemsets came from the worker's cache (only confidence, lift or pruning changed). */
  mined: boolean;
}

export interface JobMap {
  /** k over the engine's CLUSTER_K_RANGE with its fixed samples. */
  'cluster/elbow': { params: FeatureParams; input: RfmInput; result: ElbowSummary };
  'cluster/fit': { params: FeatureParams & { k: number; restarts: number; plotSample: number }; input: RfmInput; result: FitResult };
  /** Keeps the baskets in the worker under `handle` (replacing what it held), so mining never re-sends them. */
  'assoc/load': { params: { handle: number }; input: BasketInput; result: { handle: number; nBaskets: number } };
  'assoc/mine': { params: MineParams; input: MaskInput; result: MineResult };
  /** Next-best products from the resident baskets and the rules of the last 'assoc/mine'. */
  'assoc/recommend': { params: MineParams; input: MaskInput; result: NextBestResult };
  /** The top `topN` products per customer with the evidence rule (an index into the rules of these settings), for the data mart. */
  'assoc/recommendations': { params: MineParams & { topN: number }; input: MaskInput; result: Recommendations };
  /** The cross-sell audience of a product (or one rule): customers the rules of these mining settings would sell it to. */
  'assoc/audience': { params: MineParams & { audience: AudienceParams }; input: MaskInput; result: { customerIds: string[] } };
  /** A Parquet file decoded to CSV text (every value as DuckDB casts it to VARCHAR), for DuckDB-WASM, which cannot read Parquet offline. */
  'parquet/decode': { params: { name: string }; input: { bytes: Uint8Array }; result: { columns: string[]; csv: Uint8Array; rows: number } };
  /** A workbook's sheets converted to CSV tables (the engine's workbookTables), off the UI thread: the file's bytes in, each sheet's CSV out (both transferred). */
  'workbook/tables': { params: { name: string; sheet?: string }; input: { bytes: Uint8Array }; result: WorkbookTables };
  /** The data mart's tables as Parquet files (the engine's writer), off the UI thread: a million customers take seconds. */
  'mart/parquet': { params: { createdBy: string }; input: { tables: MartTable[] }; result: { files: { name: string; content: Uint8Array }[] } };
  /** BG/NBD + Gamma-Gamma on the customer summary computed in DuckDB (the pipeline's fitValueModel). */
  'clv/fit': { params: Pick<AnalysisClv, 'horizonMonths' | 'monthlyDiscount'>; input: CustomerSummary; result: ClvModel };
}

export type JobName = keyof JobMap;
export type JobParams<J extends JobName> = JobMap[J]['params'];
export type JobInput<J extends JobName> = JobMap[J]['input'];
export type JobResult<J extends JobName> = JobMap[J]['result'];

export interface SerializedError {
  name: string;
  message: string;
  /** EngineError code ('cancelled', 'invalid_argument', ...); undefined for unexpected errors. */
  code?: string;
  location?: { file?: string; row?: number; column?: string };
}

export type RequestMessage = { [J in JobName]: { type: 'request'; id: number; job: J; params: JobParams<J>; input: JobInput<J> } }[JobName];
export type ResultMessage = { [J in JobName]: { type: 'result'; id: number; job: J; result: JobResult<J> } }[JobName];
export interface ProgressMessage {
  type: 'progress';
  id: number;
  fraction: number;
  message?: string;
}
export interface CancelMessage {
  type: 'cancel';
  id: number;
}
export interface ErrorMessage {
  type: 'error';
  id: number;
  error: SerializedError;
}

/** main thread → worker */
export type ToWorker = RequestMessage | CancelMessage;
/** worker → main thread */
export type FromWorker = ResultMessage | ProgressMessage | ErrorMessage;
