/**
 * The analysis as data: one versioned JSON document holds everything a user sets, from the
 * sources to the export. The app saves and restores it, `segment-studio run` executes it, and
 * the pipeline (./pipeline.ts) reads nothing else, so the same document gives the same outputs
 * everywhere. Defaults live here and only here.
 */
import type { ReturnsMode, CleaningRule, ImplausibleKind } from '../clean/rules.ts';
import { defaultCleaningOptions } from '../clean/rules.ts';
import { CUSTOMER_COLUMNS } from '../export/customers.ts';
import { VALUE_COLUMNS } from './value-columns.ts';
import type { OrderNumbering } from '../io/restarting-numbers.ts';
import type { ChosenEncoding } from '../io/sniff.ts';
import type { TextLayout } from '../io/text-layout.ts';
import type { DayMonthOrder } from '../mapping/date-format.ts';
import type { DecimalMark } from '../mapping/number-format.ts';
import type { ColumnMapping } from '../mapping/roles.ts';
import type { ScoreMethod } from '../rfm/scores.ts';
import { DEFAULT_SCORE_OPTIONS } from '../rfm/scores.ts';
import { DEFAULT_PRESET, preset } from '../segments/presets.ts';
import type { SegmentRuleSet } from '../segments/rule-set.ts';

/** The version this build writes; older documents are migrated on parse (./parse.ts). */
export const ANALYSIS_VERSION = 1;

export type KChoice = number | 'auto';
export type BasketBy = 'invoice' | 'customer' | 'visit';
export type ItemBy = 'sku' | 'description' | 'category';
export type GroupBy = 'segment' | 'cluster';
export type CampaignFormat = 'csv' | 'email';

/** Which customers' baskets are mined: all, one segment (by name) or one cluster (1-based). */
export type BasketRestriction = { kind: 'all' } | { kind: 'segment'; segment: string } | { kind: 'cluster'; cluster: number };

export interface AnalysisSources {
  /** Files or folders, as given (absolute or relative to the analysis file); a folder reads its data files. */
  paths: string[];
  /** Workbook sheet, or 'all' (every sheet with the same columns); absent = the sheet with a table naming the most transaction roles (a summary or pivot passed over), or all sheets named by period. */
  sheet?: string;
  /** How text files are read (engine/src/io/text-layout.ts); absent = detected per file. */
  layout?: TextLayout;
  /** The encoding of text files without a byte-order mark (engine/src/io/sniff.ts CHOSEN_ENCODINGS); absent = detected per file. */
  encoding?: ChosenEncoding;
  /** The decimal mark of every numeric column ("." or ","); absent = detected per file and column. */
  decimalMark?: DecimalMark;
  /** The day/month order of numeric dates, "dmy" or "mdy"; absent = detected per file (day-first when the values leave it open). */
  dateOrder?: DayMonthOrder;
  /** "daily": order numbers restart (an order is a number on one day); "unique": each is one order; absent = decided on the data. */
  orderNumbers?: OrderNumbering;
}

export interface AnalysisCleaning {
  rules: CleaningRule[];
  returns: ReturnsMode;
  nonProductCodes: string[];
  nonProductWords: string[];
  junkWords: string[];
  /** Implausible lines (engine/src/clean/implausible.ts): the earliest plausible date, and the kinds excluded (the rest are kept, with a warning). */
  implausible: { minDate: string; exclude: ImplausibleKind[] };
}

export interface AnalysisScoring {
  bins: number;
  method: Exclude<ScoreMethod, 'breakpoints'>;
}

export interface AnalysisClustering {
  enabled: boolean;
  /** 'auto' takes the best silhouette over CLUSTER_K_RANGE. */
  k: KChoice;
  log1p: boolean;
  standardize: boolean;
  seed: number;
  /** k-means++ starts per fit; the best inertia wins. */
  restarts: number;
}

export interface AnalysisBaskets {
  enabled: boolean;
  by: BasketBy;
  item: ItemBy;
  /** Fraction of baskets in (0, 1), or from 1 up a whole number of baskets. */
  minSupport: number;
  minConfidence: number;
  minLift: number;
  maxLen: number;
  /** Drop baskets with a single distinct item; supports are then relative to the rest. */
  minItems: 1 | 2;
  /** Drop redundant rules (a sub-antecedent rule has equal or higher confidence), as arules' is.redundant. */
  prune: boolean;
  restrict: BasketRestriction;
}

/** The Overview's churn threshold and the as-of back-test (engine/src/overview): the Overview screen and `backtest`. */
export interface AnalysisOverview {
  /** A customer counts as churned (lost) after this many days without a purchase. */
  churnDays: number;
  /** As-of date (YYYY-MM-DD) of the back-test: segments from the lines before it; null = the engine's default (default-dates.ts: the latest date whose whole window the data covers). */
  asOf: string | null;
  /** Days after the as-of date in which outcomes are measured. */
  windowDays: number;
}

/** The customer-value model (BG/NBD + Gamma-Gamma, engine/src/clv): the Value screen, `clv` and p_alive/clv columns. */
export interface AnalysisClv {
  /** CLV horizon in whole months. */
  horizonMonths: number;
  /** Discount rate per month (0.01 = 1 %). */
  monthlyDiscount: number;
  /** The unit of t_x, T and the fitted rates. */
  unit: 'day' | 'week';
  /** First day (YYYY-MM-DD) of the holdout period: the models are fitted on the days before it and checked on it; null = no holdout. */
  holdoutFrom: string | null;
}

export interface AnalysisExport {
  groupBy: GroupBy;
  /** Segment names or cluster labels to export; empty = all. */
  selection: string[];
  /** Customer columns, in order (see CUSTOMER_COLUMNS). */
  columns: string[];
  layout: 'one-file' | 'per-group';
  /** 'csv': the chosen columns; 'email': the email-marketing import layout (Email, First Name, Last Name, Phone, Tags, then the chosen columns). */
  format: CampaignFormat;
  /** Groups (segments or clusters) with fewer customers than this are left out of every per-customer export (0: none). */
  minGroupSize: number;
  /** A UTF-8 byte-order mark, so Excel opens the file as UTF-8. */
  bom: boolean;
  /** Products recommended per customer in recommendations.csv (0: none); needs baskets. */
  recommend: number;
}

export interface Analysis {
  version: typeof ANALYSIS_VERSION;
  name: string;
  sources: AnalysisSources;
  /** Roles pinned by the user; roles not listed are detected from the data. */
  mapping: ColumnMapping;
  cleaning: AnalysisCleaning;
  /**
   * As-of date (YYYY-MM-DD) for recency; null = the day after the last transaction. Lines dated
   * after it are `after_snapshot` (excluded or kept, always reported).
   */
  snapshot: string | null;
  scoring: AnalysisScoring;
  segments: SegmentRuleSet;
  clustering: AnalysisClustering;
  baskets: AnalysisBaskets;
  clv: AnalysisClv;
  overview: AnalysisOverview;
  export: AnalysisExport;
}

/** k tried by the elbow and by k = auto, everywhere. */
export const CLUSTER_K_RANGE = { min: 2, max: 10 } as const;
/** Elbow fits run on a seeded sample of at most this many customers (keeps 1M customers interactive). */
export const ELBOW_SAMPLE = 50_000;
/** Silhouettes are computed on a seeded sample of at most this many customers. */
export const SILHOUETTE_SAMPLE = 3_000;
/** Caps that keep a careless threshold from filling memory; the result says when they cut. */
export const MAX_ITEMSETS = 200_000;
export const MAX_RULES = 5_000;

/** Customer export columns in their default order: the RFM columns of customers.csv. */
export const DEFAULT_EXPORT_COLUMNS = CUSTOMER_COLUMNS;

/** Per-customer contact and profile columns (engine/src/export/customer-profile.ts), chosen for a campaign list. */
export const PROFILE_COLUMNS = [
  'email',
  'name',
  'first_name',
  'last_name',
  'phone',
  'country',
  'city',
  'postcode',
  'first_order',
  'last_order',
  'orders',
  'top_product',
  'top_product_name',
  'top_category',
] as const;

/** Columns that identify a person: written only when asked for, never with pseudonymised ids. */
export const PERSONAL_COLUMNS: readonly string[] = ['email', 'name', 'first_name', 'last_name', 'phone', 'city', 'postcode'];

/** The next-best product's columns: its code and its name (engine/src/recommend/recommendations-csv.ts nextBestProducts). */
export const NEXT_BEST_COLUMNS = ['next_best_product', 'next_best_product_name'] as const;

/** Every column a campaign list can carry: the RFM columns, the profile columns, the next-best product, P(alive) and CLV. */
export const EXPORT_COLUMNS = [...DEFAULT_EXPORT_COLUMNS, ...PROFILE_COLUMNS, ...NEXT_BEST_COLUMNS, ...VALUE_COLUMNS] as const;

/** A fresh analysis with every default; `sources` empty. */
export function defaultAnalysis(): Analysis {
  const c = defaultCleaningOptions();
  return {
    version: ANALYSIS_VERSION,
    name: 'Untitled analysis',
    sources: { paths: [] },
    mapping: {},
    cleaning: {
      rules: [...c.rules],
      returns: c.returns,
      nonProductCodes: [...c.nonProductCodes],
      nonProductWords: [...c.nonProductWords],
      junkWords: [...c.junkWords],
      implausible: { minDate: c.implausible.minDate, exclude: [...c.implausible.exclude] },
    },
    snapshot: null,
    scoring: { bins: DEFAULT_SCORE_OPTIONS.bins, method: 'quantile' },
    segments: preset(DEFAULT_PRESET),
    clustering: { enabled: true, k: 4, log1p: true, standardize: true, seed: 42, restarts: 3 },
    baskets: {
      enabled: true,
      by: 'invoice',
      item: 'sku',
      minSupport: 0.01,
      minConfidence: 0.3,
      minLift: 1,
      maxLen: 4,
      minItems: 1,
      prune: false,
      restrict: { kind: 'all' },
    },
    clv: { horizonMonths: 12, monthlyDiscount: 0.01, unit: 'week', holdoutFrom: null },
    overview: { churnDays: 90, asOf: null, windowDays: 90 },
    export: {
      groupBy: 'segment',
      selection: [],
      columns: [...DEFAULT_EXPORT_COLUMNS],
      layout: 'one-file',
      format: 'csv',
      minGroupSize: 0,
      bom: true,
      recommend: 3,
    },
  };
}

/** The label of cluster `c` (0-based internally, 1-based for people and in every export). */
export function clusterNumber(c: number): number {
  return c + 1;
}
