import { dayToIso, type RfmTable } from '../rfm/compute-rfm.ts';
import { rfmCode, type RfmScores } from '../rfm/scores.ts';
import type { SegmentAssignment, SegmentSummaryRow } from '../segments/apply-rules.ts';
import { csvCell, csvRow, round, toCsv, type Cell, type CsvOptions } from './csv.ts';

export const CUSTOMER_COLUMNS = [
  'customer_id',
  'recency_days',
  'frequency',
  'monetary',
  'first_purchase',
  'last_purchase',
  'r_score',
  'f_score',
  'm_score',
  'rfm_code',
  'segment',
  'cluster',
] as const;

export interface CustomerExport {
  rfm: RfmTable;
  scores: RfmScores;
  segments: SegmentAssignment;
  /** Cluster per customer, or undefined when clustering was not run (empty column). */
  clusters?: Int32Array;
  /** Keep only these customers (indices), e.g. one segment's campaign list. */
  rows?: readonly number[];
  /** Replaces the customer id, e.g. a salted hash for sharing. */
  customerId?: (id: string) => string;
}

/** The customer table, one row per customer, in the column order of CUSTOMER_COLUMNS. */
export function customerRows(e: CustomerExport): Cell[][] {
  const idx = e.rows ?? e.rfm.customerIds.map((_, i) => i);
  return idx.map((i) => [
    e.customerId ? e.customerId(e.rfm.customerIds[i]!) : e.rfm.customerIds[i]!,
    e.rfm.recencyDays[i]!,
    e.rfm.frequency[i]!,
    round(e.rfm.monetary[i]!),
    dayToIso(e.rfm.firstPurchase[i]!),
    dayToIso(e.rfm.lastPurchase[i]!),
    e.scores.r[i]!,
    e.scores.f[i]!,
    e.scores.m[i]!,
    rfmCode(e.scores, i),
    e.segments.names[e.segments.codes[i]!]!,
    e.clusters ? e.clusters[i]! : null,
  ]);
}

/**
 * customers.csv: customerRows' cells as toCsv writes them, line by line without the row arrays,
 * and each date and segment name quoted once: the file has a line per customer, and the row
 * arrays, per-cell checks and date texts were most of the time it took.
 */
export function customersCsv(e: CustomerExport, options: CsvOptions = {}): string {
  return customersCsvBeforeClusters(e, options)(e.clusters);
}

/**
 * customersCsv in two steps: every cell but the cluster now, the file once the clusters are known
 * (the returned function; `e.clusters` is not read), so that the lines are written while the
 * customers are clustered elsewhere. The text is customersCsv's.
 */
export function customersCsvBeforeClusters(e: Omit<CustomerExport, 'clusters'>, options: CsvOptions = {}): (clusters: Int32Array | undefined) => string {
  const d = options.delimiter ?? ',';
  const { rfm, scores, segments } = e;
  const dates = new Map<number, string>();
  const date = (day: number) => {
    let cell = dates.get(day);
    if (cell === undefined) dates.set(day, (cell = csvCell(dayToIso(day), d)));
    return cell;
  };
  const segment = segments.names.map((s) => csvCell(s, d));
  // The rfm_code cell per score triple (scores ≤ 10, so 4 bits each): made once, not per customer.
  const codes = new Array<string | undefined>(1 << 12);
  const code = (i: number) => {
    const key = (scores.r[i]! << 8) | (scores.f[i]! << 4) | scores.m[i]!;
    let cell = codes[key];
    if (cell === undefined) codes[key] = cell = csvCell(rfmCode(scores, i), d);
    return cell;
  };
  const n = e.rows ? e.rows.length : rfm.customerIds.length;
  // The file's pieces, joined at the end: the header, then per customer its cells up to the
  // cluster's and the rest of its line (the cluster cell and the line break), filled in last.
  const parts = new Array<string>(2 * n + 1);
  parts[0] = `${csvRow(CUSTOMER_COLUMNS, d)}\n`;
  for (let k = 0; k < n; k++) {
    const i = e.rows ? e.rows[k]! : k;
    const id = rfm.customerIds[i]!;
    // Cells joined, not one template of `+`s: a template leaves each line a tree of some twenty
    // pieces until the final join, which for 4M customers (100M lines) took about 3 GB more memory.
    parts[2 * k + 1] = [
      csvCell(e.customerId ? e.customerId(id) : id, d),
      csvCell(rfm.recencyDays[i]!, d),
      csvCell(rfm.frequency[i]!, d),
      csvCell(round(rfm.monetary[i]!), d),
      date(rfm.firstPurchase[i]!),
      date(rfm.lastPurchase[i]!),
      scores.r[i]!,
      scores.f[i]!,
      scores.m[i]!,
      code(i),
      segment[segments.codes[i]!]!,
      '',
    ].join(d);
  }
  return (clusters) => {
    // The rest of a line per cluster number (a handful), made once.
    const ends = new Map<number, string>();
    const end = (c: number) => {
      let rest = ends.get(c);
      if (rest === undefined) ends.set(c, (rest = `${csvCell(c, d)}\n`));
      return rest;
    };
    for (let k = 0; k < n; k++) parts[2 * k + 2] = clusters ? end(clusters[e.rows ? e.rows[k]! : k]!) : '\n';
    return (options.bom ? '\ufeff' : '') + parts.join('');
  };
}

export const SEGMENT_COLUMNS = ['segment', 'customers', 'share', 'revenue', 'revenue_share', 'mean_recency_days', 'mean_frequency', 'mean_monetary'] as const;

export function segmentsCsv(summary: readonly SegmentSummaryRow[], options: CsvOptions = {}): string {
  return toCsv(
    SEGMENT_COLUMNS,
    summary.map((s) => [
      s.segment,
      s.customers,
      round(s.share, 4),
      round(s.revenue),
      round(s.revenue_share, 4),
      round(s.mean_recency_days, 1),
      round(s.mean_frequency, 2),
      round(s.mean_monetary),
    ]),
    options,
  );
}
