/**
 * Every file an analysis writes, built once here: the CLI writes these strings to disk and the
 * app hands the same strings to its save dialog, so both give byte-identical files.
 */
import { joinItemLabels } from '../assoc/labels.ts';
import { round, toCsv, type Cell, type ColumnKind } from '../export/csv.ts';
import { customerRows, customersCsvBeforeClusters, segmentsCsv, CUSTOMER_COLUMNS } from '../export/customers.ts';
import { clusterNumber, NEXT_BEST_COLUMNS, type AnalysisExport } from './document.ts';
import type { ClusterProfile } from '../cluster/profiles.ts';
import { EngineError } from '../errors.ts';
import type { CustomerProfile } from '../export/customer-profile.ts';
import { EMAIL_LAYOUT_COLUMNS, emailLayoutCsv } from '../export/email-layout.ts';
import type { PROFILE_COLUMNS } from './document.ts';
import { resolveGroupName } from './group-name.ts';
import { clusterLabel, type ItemsetTable, type RuleTable, type ScoredCustomers } from './pipeline.ts';
import { isValueColumn, valueGetter } from './value-columns.ts';
import type { NextBest } from '../recommend/recommendations-csv.ts';

/** What the writers need of a cluster fit (the pipeline's, or the app worker's with its plot data). */
export interface FitLabels {
  labels: Int32Array;
  profiles: readonly Pick<ClusterProfile, 'cluster' | 'name' | 'size' | 'share' | 'revenue' | 'revenueShare' | 'recencyDays' | 'frequency' | 'monetary'>[];
}

export interface OutputFile {
  /** Path relative to the output folder, '/'-separated ("campaign-segments/champions.csv"). */
  name: string;
  text: string;
}

export const RULE_COLUMNS = [
  'antecedent',
  'consequent',
  'antecedent_names',
  'consequent_names',
  'support',
  'confidence',
  'lift',
  'leverage',
  'conviction',
  'count',
] as const;
export const ITEMSET_COLUMNS = ['items', 'support', 'count', 'length'] as const;
export const CLUSTER_COLUMNS = [
  'cluster',
  'name',
  'customers',
  'share',
  'revenue',
  'revenue_share',
  'median_recency_days',
  'median_frequency',
  'median_monetary',
] as const;

/** Item codes and display names for rule and itemset files. */
export interface ItemText {
  /** Code per item (SKU, or the description itself). */
  labels: readonly string[];
  /** Display name per item (for SKUs, their most frequent description). */
  names: readonly string[];
}

/**
 * rules.csv: one row per rule, in the order given (sorted by lift by the pipeline). Data files
 * (customers, segments, clusters, rules, itemsets) never start with a byte-order mark; only the
 * campaign lists, meant for spreadsheets and mailing tools, follow the export's `bom` setting.
 */
export function rulesCsv(r: RuleTable, items: ItemText): string {
  return toCsv(RULE_COLUMNS, ruleRows(r, items));
}

/** The rules as rows in RULE_COLUMNS order (rules.csv, the data mart's market_basket_rules). */
export function ruleRows(r: RuleTable, items: ItemText): Cell[][] {
  const rows: Cell[][] = [];
  for (let i = 0; i < r.n; i++) {
    const ant = r.antecedentItems.subarray(r.antecedentOffsets[i]!, r.antecedentOffsets[i + 1]!);
    const cons = [r.consequent[i]!];
    rows.push([
      joinItemLabels(ant, items.labels),
      joinItemLabels(cons, items.labels),
      joinItemLabels(ant, items.names),
      joinItemLabels(cons, items.names),
      r.support[i]!,
      r.confidence[i]!,
      r.lift[i]!,
      r.leverage[i]!,
      r.conviction[i]!,
      r.count[i]!,
    ]);
  }
  return rows;
}

/** itemsets.csv: one row per frequent itemset, in mining order. */
export function itemsetsCsv(s: ItemsetTable, items: ItemText): string {
  const rows: Cell[][] = [];
  for (let i = 0; i < s.n; i++) {
    const codes = s.items.subarray(s.offsets[i]!, s.offsets[i + 1]!);
    rows.push([joinItemLabels(codes, items.labels), s.support[i]!, s.counts[i]!, codes.length]);
  }
  return toCsv(ITEMSET_COLUMNS, rows);
}

/** clusters.csv: one row per cluster (1-based), its name and profile. */
export function clustersCsv(fit: Pick<FitLabels, 'profiles'>): string {
  return toCsv(
    CLUSTER_COLUMNS,
    fit.profiles.map((p) => [
      clusterNumber(p.cluster),
      p.name,
      p.size,
      round(p.share, 4),
      round(p.revenue),
      round(p.revenueShare, 4),
      p.recencyDays.median,
      p.frequency.median,
      round(p.monetary.median),
    ]),
  );
}

/** Cluster numbers as people and files see them (1-based). */
export function clusterNumbers(fit: Pick<FitLabels, 'labels'>): Int32Array {
  return fit.labels.map(clusterNumber);
}

/** customers.csv and segments.csv: every customer with every column, and the segment summary. */
export function customerFiles(c: ScoredCustomers, fit: FitLabels | null, customerId?: (id: string) => string): OutputFile[] {
  return customerFilesBeforeClusters(c, customerId)(fit);
}

/**
 * customerFiles in two steps: the files written but for the cluster column now, whole once the
 * clustering is known (the returned function), for a host clustering on another thread meanwhile.
 */
export function customerFilesBeforeClusters(c: ScoredCustomers, customerId?: (id: string) => string): (fit: FitLabels | null) => OutputFile[] {
  const customers = customersCsvBeforeClusters({ ...c, ...(customerId ? { customerId } : {}) });
  const segments = segmentsCsv(c.summary);
  return (fit) => [
    { name: 'customers.csv', text: customers(fit ? clusterNumbers(fit) : undefined) },
    { name: 'segments.csv', text: segments },
  ];
}

function slug(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'group'
  );
}

/**
 * Group name per customer, the groups in display order (clusters by number) and their sizes, for
 * segments or clusters (null: no clusters).
 */
function groupsOf(
  by: AnalysisExport['groupBy'],
  c: ScoredCustomers,
  fit: FitLabels | null,
): { of: (i: number) => string; names: string[]; sizes: number[] } | null {
  if (by === 'segment') return { of: (i) => c.segments.names[c.segments.codes[i]!]!, names: c.segments.names, sizes: c.segments.counts };
  if (!fit || fit.labels.length !== c.rfm.customerIds.length) return null;
  const names = fit.profiles.map((p) => clusterLabel(p.cluster, p.name));
  return { of: (i) => names[fit.labels[i]!]!, names, sizes: fit.profiles.map((p) => p.size) };
}

/**
 * The export's selection as its groups' own names (resolveGroupName: another case, surrounding
 * spaces or a cluster's number still select the group); throws, naming the groups there are,
 * for a name that is none of them. Null when grouping by cluster without a fit.
 */
export function resolveSelection(e: Pick<AnalysisExport, 'groupBy' | 'selection'>, c: ScoredCustomers, fit: FitLabels | null): string[] | null {
  const g = groupsOf(e.groupBy, c, fit);
  return g && e.selection.map((s) => resolveGroupName(s, g.names, e.groupBy, 'export.selection (--segment)'));
}

/** Per-customer data beyond RFM that campaign columns may ask for. */
export interface CampaignExtras {
  /** Contact and profile values by customer id (customerProfiles). */
  profiles?: ReadonlyMap<string, CustomerProfile>;
  /** Top recommended product by customer id (nextBestProducts). */
  nextBest?: ReadonlyMap<string, NextBest>;
  /** Replaces the customer id in the list (a salted hash for sharing). */
  customerId?: (id: string) => string;
  /** Only these customers (index into rfm.customerIds), e.g. the rows of a drill-down. */
  keep?: (i: number) => boolean;
}

type ProfileColumn = (typeof PROFILE_COLUMNS)[number];
const PROFILE_FIELD: Record<ProfileColumn, keyof CustomerProfile> = {
  email: 'email',
  name: 'name',
  first_name: 'firstName',
  last_name: 'lastName',
  phone: 'phone',
  country: 'country',
  city: 'city',
  postcode: 'postcode',
  first_order: 'firstOrder',
  last_order: 'lastOrder',
  orders: 'orders',
  top_product: 'topProduct',
  top_product_name: 'topProductName',
  top_category: 'topCategory',
};

/** Campaign columns of contact values the formula guard knows the plain shape of (csv.ts' SAFE_SHAPE). */
const COLUMN_KIND: Partial<Record<string, ColumnKind>> = { email: 'email', phone: 'phone' };

/** Why a next-best column cannot be written. */
export const NEXT_BEST_NEEDS_RULES = 'the next_best_product columns need association rules: turn baskets on';

/** What the export needs beyond RFM: the profiles query (contact columns, the email layout), the recommendations. */
export function campaignNeeds(e: Pick<AnalysisExport, 'columns'> & Partial<Pick<AnalysisExport, 'format'>>): { profiles: boolean; nextBest: boolean } {
  return {
    profiles: e.format === 'email' || e.columns.some((c) => c in PROFILE_FIELD),
    nextBest: e.columns.some((c) => (NEXT_BEST_COLUMNS as readonly string[]).includes(c)),
  };
}

/** A group left out of the per-customer exports for being smaller than `minGroupSize`. */
export interface SuppressedGroup {
  name: string;
  customers: number;
}

export interface GroupSuppression {
  /** Groups with 1 to minGroupSize - 1 customers, in display order. */
  suppressed: SuppressedGroup[];
  /** False for a customer (index into rfm.customerIds) of a suppressed group. */
  keeps: (i: number) => boolean;
}

/**
 * Which customers small-group suppression leaves out: every customer of a group (segment or
 * cluster, per `groupBy`) with fewer than `minGroupSize` customers, so a list never singles out
 * a handful of people. Sizes are over all customers, before any selection. Null when grouping
 * by cluster without a fit. O(customers).
 */
export function groupSuppression(e: Pick<AnalysisExport, 'groupBy' | 'minGroupSize'>, c: ScoredCustomers, fit: FitLabels | null): GroupSuppression | null {
  const g = groupsOf(e.groupBy, c, fit);
  if (!g) return null;
  const sizes = new Map<string, number>();
  for (let i = 0; i < c.rfm.customerIds.length; i++) sizes.set(g.of(i), (sizes.get(g.of(i)) ?? 0) + 1);
  const suppressed = g.names.filter((n) => (sizes.get(n) ?? 0) > 0 && sizes.get(n)! < e.minGroupSize).map((name) => ({ name, customers: sizes.get(name)! }));
  const out = new Set(suppressed.map((s) => s.name));
  return { suppressed, keeps: (i) => !out.has(g.of(i)) };
}

export interface CampaignExport {
  /** One file, or one per group under `campaign-<group>s/`. */
  files: OutputFile[];
  /** Customers written. */
  rows: number;
}

/** What `export` and `run` say of a selected group with no customers (not an error: the rules name it, nobody is in it). */
export function emptyGroupNote(groupBy: AnalysisExport['groupBy'], name: string): string {
  return `${groupBy} "${name}" has no customers: the campaign list has nobody from it`;
}

/** The campaign list as written by `campaignExport`: its files, header and suppressed groups. */
export interface CampaignList extends CampaignExport {
  /** Header of the files written. */
  columns: string[];
  /** Groups left out for being smaller than the export's minGroupSize. */
  suppressed: SuppressedGroup[];
  /** Groups the selection names that have no customers (nothing written for them), in display order. */
  empty: string[];
}

/**
 * The campaign list of the analysis' export settings: the selected segments (or clusters),
 * less the groups smaller than `minGroupSize`, in one file with the group as a column or one
 * file per group. Format 'csv' writes the chosen columns; 'email' the email-marketing import
 * layout (Email, First Name, Last Name, Phone, Tags = the group, then the chosen columns that
 * are not already in it as custom properties; customers without an email left out). Null when
 * grouping by cluster without a cluster fit.
 */
export function campaignExport(e: AnalysisExport, c: ScoredCustomers, fit: FitLabels | null, extras: CampaignExtras = {}): CampaignList | null {
  const g = groupsOf(e.groupBy, c, fit);
  const suppression = groupSuppression(e, c, fit);
  if (!g || !suppression) return null;
  const needs = campaignNeeds(e);
  if (needs.profiles && !extras.profiles)
    throw new EngineError('invalid_argument', 'the contact and profile columns and the email layout need the customer profiles');
  if (needs.nextBest && !extras.nextBest) throw new EngineError('invalid_argument', NEXT_BEST_NEEDS_RULES);
  const selected = new Set(e.selection.length ? e.selection : g.names);
  const rows: number[] = [];
  const keep = extras.keep ?? (() => true);
  for (let i = 0; i < c.rfm.customerIds.length; i++) if (selected.has(g.of(i)) && suppression.keeps(i) && keep(i)) rows.push(i);
  const all = customerRows({ ...c, rows, ...(fit ? { clusters: clusterNumbers(fit) } : {}), ...(extras.customerId ? { customerId: extras.customerId } : {}) });
  // Each column: an RFM column by position, a profile field, or the next-best product.
  const getter = (col: string): ((r: Cell[], i: number) => Cell) => {
    const j = (CUSTOMER_COLUMNS as readonly string[]).indexOf(col);
    if (j >= 0) return (r) => r[j];
    if (col === 'next_best_product') return (_r, i) => extras.nextBest!.get(c.rfm.customerIds[i]!)?.code ?? null;
    if (col === 'next_best_product_name') return (_r, i) => extras.nextBest!.get(c.rfm.customerIds[i]!)?.name ?? null;
    if (isValueColumn(col)) {
      const cell = valueGetter(col, c.value);
      return (_r, i) => cell(i);
    }
    const field = PROFILE_FIELD[col as ProfileColumn];
    return (_r, i) => (extras.profiles!.get(c.rfm.customerIds[i]!)?.[field] as Cell) ?? null;
  };
  const base = `campaign-${e.groupBy}s`;
  const write = e.format === 'email' ? emailWriter(e, c, extras, getter) : csvWriter(e, getter);
  const byGroup = new Map<string, number[]>();
  rows.forEach((i, k) => {
    const list = byGroup.get(g.of(i));
    if (list) list.push(k);
    else byGroup.set(g.of(i), [k]);
  });
  const files: OutputFile[] = [];
  let written = 0;
  const emit = (name: string, ks: readonly number[], oneFile: boolean) => {
    const f = write(
      ks.map((k) => ({ cells: all[k]!, i: rows[k]! })),
      oneFile,
      g.of,
    );
    written += f.rows;
    files.push({ name, text: f.text });
    return f.header;
  };
  let header: string[] = [];
  if (e.layout === 'one-file')
    header = emit(
      `${base}.csv`,
      rows.map((_, k) => k),
      true,
    );
  else
    for (const name of g.names) {
      const ks = byGroup.get(name);
      if (ks) header = emit(`${base}/${slug(name)}.csv`, ks, false);
    }
  const empty = g.names.filter((name, k) => e.selection.includes(name) && g.sizes[k] === 0);
  return { files, rows: written, columns: header, suppressed: suppression.suppressed, empty };
}

interface ListRow {
  /** customerRows cells. */
  cells: Cell[];
  /** Index into rfm.customerIds. */
  i: number;
}
type ListWriter = (list: readonly ListRow[], oneFile: boolean, groupOf: (i: number) => string) => { text: string; rows: number; header: string[] };

/** The chosen columns, plus the group as a last column in a one-file list (unless chosen). */
function csvWriter(e: AnalysisExport, getter: (col: string) => (r: Cell[], i: number) => Cell): ListWriter {
  const getters = e.columns.map(getter);
  // The group column, when added, is text: it follows the chosen columns.
  const kinds = e.columns.map((col) => COLUMN_KIND[col] ?? 'text');
  return (list, oneFile, groupOf) => {
    const withGroup = oneFile && !e.columns.includes(e.groupBy);
    const header = withGroup ? [...e.columns, e.groupBy] : [...e.columns];
    const body = list.map((r) => {
      const cells = getters.map((get) => get(r.cells, r.i));
      return withGroup ? [...cells, groupOf(r.i)] : cells;
    });
    return { text: toCsv(header, body, { bom: e.bom, kinds }), rows: body.length, header };
  };
}

/** Columns the email layout already carries, so they are not repeated as custom properties. */
const IN_EMAIL_LAYOUT = new Set(['email', 'first_name', 'last_name', 'phone', 'name']);

/** The email-marketing layout; Tags is the group (segment or cluster label). */
function emailWriter(e: AnalysisExport, c: ScoredCustomers, extras: CampaignExtras, getter: (col: string) => (r: Cell[], i: number) => Cell): ListWriter {
  const props = e.columns.filter((col) => !IN_EMAIL_LAYOUT.has(col));
  const getters = props.map(getter);
  return (list, _oneFile, groupOf) => {
    const ids = list.map((r) => c.rfm.customerIds[r.i]!);
    const tags = new Map(list.map((r) => [c.rfm.customerIds[r.i]!, groupOf(r.i)]));
    const text = emailLayoutCsv(
      {
        customerIds: ids,
        profiles: extras.profiles!,
        segmentOf: tags,
        properties: props.map((name, p) => ({ name, value: (_id, k) => getters[p]!(list[k]!.cells, list[k]!.i) })),
      },
      { bom: e.bom },
    );
    const rows = ids.filter((id) => (extras.profiles!.get(id)?.email ?? null) !== null).length;
    return { text, rows, header: [...EMAIL_LAYOUT_COLUMNS, ...props] };
  };
}
