/**
 * The files of a segment migration between two as-of dates: the matrices (customers, revenue),
 * one row per customer with their cell, and a campaign list per cell written by the same
 * campaign writer as every other list (so the analysis' columns, BOM and formula safety apply).
 */
import { round, toCsv, type Cell } from '../export/csv.ts';
import { cellCustomers, cellLabel, type AsOfMigration } from '../overview/migration.ts';
import type { AnalysisExport } from './document.ts';
import { campaignExport, type CampaignExport, type CampaignExtras, type OutputFile } from './outputs.ts';

function matrixCsv(m: Pick<AsOfMigration, 'before' | 'after'>, values: readonly (readonly number[])[], format: (x: number) => Cell): string {
  return toCsv(
    ['before \\ after', ...m.after],
    m.before.map((s, i) => [s, ...values[i]!.map(format)] as Cell[]),
  );
}

/** migration.csv (customers per cell) and migration-revenue.csv (spend between the dates per cell). */
export function migrationMatrixFiles(m: AsOfMigration): OutputFile[] {
  return [
    { name: 'migration.csv', text: matrixCsv(m, m.customers, (x) => x) },
    { name: 'migration-revenue.csv', text: matrixCsv(m, m.revenue, (x) => round(x)) },
  ];
}

/** migration-customers.csv: every customer scored at either date, their segment then and now, and their spend between. */
export function migrationCustomersCsv(m: AsOfMigration): string {
  return toCsv(
    ['customer_id', 'before', 'after', 'spend_between'],
    m.customerIds.map((id, k) => [id, m.before[m.row[k]!]!, m.after[m.col[k]!]!, round(m.spend[k]!)]),
  );
}

/**
 * The campaign list of one cell: its customers with the export's columns as scored at the
 * later date (at the earlier one for the "gone" column, who are not scored later), the cell's
 * name ("Champions → At Risk") in place of the segment.
 */
export function cellCampaign(e: AnalysisExport, m: AsOfMigration, i: number, j: number, extras: CampaignExtras = {}): CampaignExport {
  const side = j === m.after.length - 1 ? m.at.from : m.at.to;
  const members = new Set(cellCustomers(m, i, j));
  const label = cellLabel(m, i, j);
  const codes = Int32Array.from(side.rfm.customerIds, (id) => (members.has(id) ? 0 : 1));
  const segments = { names: [label, '(other)'], codes, counts: [members.size, codes.length - members.size], warnings: [] };
  const out = campaignExport({ ...e, groupBy: 'segment', layout: 'one-file', selection: [label] }, { ...side, segments }, null, extras);
  // Grouping by segment never needs a fit, so the writer always returns a list.
  return { rows: out!.rows, files: out!.files.map((f) => ({ ...f, name: cellFileName(m, i, j) })) };
}

/** cells/champions--at-risk.csv: a file name for a cell. */
export function cellFileName(m: Pick<AsOfMigration, 'before' | 'after'>, i: number, j: number): string {
  const part = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'group';
  return `cells/${part(m.before[i]!)}--${part(m.after[j]!)}.csv`;
}

/** Every file of a migration: the matrices, the customer list, and one campaign list per non-empty cell. */
export function migrationFiles(e: AnalysisExport, m: AsOfMigration, extras: CampaignExtras = {}): OutputFile[] {
  const files = [...migrationMatrixFiles(m), { name: 'migration-customers.csv', text: migrationCustomersCsv(m) }];
  m.customers.forEach((r, i) =>
    r.forEach((n, j) => {
      if (n > 0) files.push(...cellCampaign(e, m, i, j, extras).files);
    }),
  );
  return files;
}
