/**
 * The analytics worker protocol, types only. One map, `JobMap`, names every job with its
 * parameters (small JSON), input (typed arrays, transferred) and result; requests,
 * responses, progress, cancel and errors are all derived from it, so adding a job is one
 * entry here plus one handler file.
 */

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

export interface ElbowPoint {
  k: number;
  inertia: number;
  silhouette: number;
}

export interface ElbowSummary {
  entries: ElbowPoint[];
  /** The engine's suggestion (best silhouette, smallest k among ties). */
  suggestedK: number;
  /** Customers the fits ran on (a seeded sample of large inputs) and the silhouette sample. */
  fitSize: number;
  fitSampled: boolean;
  silhouetteSampleSize: number;
  silhouetteSampled: boolean;
}

/** One cluster described in raw RFM units (the engine's ClusterProfile, minus typed arrays). */
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

/** Baskets in CSR form (the engine's Baskets), optionally restricted by a per-basket mask. */
export interface BasketInput {
  basketOffsets: Int32Array;
  items: Int32Array;
  basketIds: Int32Array;
  nItems: number;
  itemLabels: string[];
  /** 1 = keep the basket (a segment or cluster restriction); null = all baskets. */
  mask: Uint8Array | null;
}

export interface MineParams {
  /** Fraction of baskets in (0, 1]. */
  minSupport: number;
  minConfidence: number;
  minLift: number;
  maxLen: number;
  maxItemsets: number;
  maxRules: number;
}

/** Rules in columnar form; antecedents are offsets into `antecedentItems` (item codes). */
export interface RulesColumns {
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

export interface MineResult {
  nBaskets: number;
  nItems: number;
  minCount: number;
  itemsets: { n: number; offsets: Int32Array; items: Int32Array; counts: Int32Array; support: Float64Array };
  rules: RulesColumns;
  truncated: boolean;
  truncatedReason: string | null;
  /** A minSupport that keeps the output manageable, when this run was capped. */
  suggestedMinSupport: number | null;
}

export interface JobMap {
  'cluster/elbow': { params: FeatureParams & { kMin: number; kMax: number; sampleSize: number; silhouetteSample: number }; input: RfmInput; result: ElbowSummary };
  'cluster/fit': { params: FeatureParams & { k: number; nInit: number; plotSample: number }; input: RfmInput; result: FitResult };
  'assoc/mine': { params: MineParams; input: BasketInput; result: MineResult };
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
export interface ProgressMessage { type: 'progress'; id: number; fraction: number; message?: string }
export interface CancelMessage { type: 'cancel'; id: number }
export interface ErrorMessage { type: 'error'; id: number; error: SerializedError }

/** main thread → worker */
export type ToWorker = RequestMessage | CancelMessage;
/** worker → main thread */
export type FromWorker = ResultMessage | ProgressMessage | ErrorMessage;
