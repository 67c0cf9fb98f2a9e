/**
 * Refunds written as rows of their own, told by a type column rather than by their sign:
 * Loyverse's "Receipt type" Refund, Square's "Event Type" Refund, QuickBooks' Credit Memo, or in
 * an export of no known layout a "Type" or "Transaction Type" column holding "Refund" or "Return".
 * Some exports write such a row's quantity and amount positive; read as a sale, the refund would
 * add to the customer's spend instead of taking from it. Each such row is read as a return (its
 * quantity and amount negative, whatever their sign), said with the rows written positive.
 */
import type { DetectedLayout, OrderStatus } from '../mapping/layouts.ts';
import { normaliseHeader } from '../mapping/roles.ts';
import type { SqlPort } from '../ports.ts';
import { firstRow, num } from '../sql/rows.ts';
import { firstColumnHolding, statusSql } from './order-status.ts';
import { locateRow, type SourceInfo } from './read-sources.ts';

/** Headers of a row's kind, normalised (normaliseHeader): "Type", "Transaction Type", "Belegart"; not "Product Type". */
const TYPE_HEADER =
  /^(?:(?:transaction|receipt|event|sale|sales|order|document|entry|record|payment|voucher|movement)?type|typ|art|(?:transaktions|beleg|buchungs|vorgangs)art|typede(?:transaction|operation|document)|tipo(?:de(?:transaccion|operacion|documento|transacao|operacao)|transazione|documento|operazione)?|transactietype|soort|rodzaj|typtransakce|typdokladu)$/;

/** Whole values naming a row that is a refund or a return, in the languages shops write. */
const REFUND = [
  'refund',
  'return',
  'sales return',
  'refund receipt',
  'credit memo',
  'credit note',
  'rückgabe',
  'retoure',
  'rücknahme',
  'erstattung',
  'rückerstattung',
  'gutschrift',
  'remboursement',
  'retour',
  'avoir',
  'devolución',
  'devolucion',
  'devolução',
  'reembolso',
  'nota de crédito',
  'reso',
  'rimborso',
  'nota di credito',
  'terugbetaling',
  'creditnota',
  'zwrot',
  'vratka',
  'dobropis',
  'retur',
  'återbetalning',
];

/** Refund rows as read: the column and values telling them, how many, and those written positive. */
export interface RefundRows {
  column: string;
  values: string[];
  rows: number;
  /** Rows whose quantity or amount was written positive, taken as negative. */
  positive: number;
  first?: { file: string; row: number };
}

/**
 * The first column headed as a row's kind that holds a refund value (in the file's order), over
 * every row that is a line, as a status naming refund rows; undefined without one. `mapped`: the
 * columns given a role, never a kind.
 */
export async function findRefundColumn(sql: SqlPort, columns: readonly string[], mapped: readonly string[]): Promise<OrderStatus | undefined> {
  const found = await firstColumnHolding(
    sql,
    columns.filter((c) => !mapped.includes(c) && TYPE_HEADER.test(normaliseHeader(c))),
    REFUND,
  );
  return found && { column: found.column, values: found.held.map((v) => v.value).sort() };
}

/** How a dataset tells its refund rows: its layout's column, else the column found (findRefundColumn). */
export function refundRowsOf(layout: DetectedLayout | undefined, found: OrderStatus | undefined): OrderStatus | undefined {
  return layout !== undefined ? layout.refundRows : found;
}

/** A parsed number as read on a refund row: negative, whatever its sign. */
export function refundSignSql(refunds: OrderStatus, parsed: string): string {
  return `CASE WHEN ${statusSql(refunds)} THEN -abs(${parsed}) ELSE ${parsed} END`;
}

/**
 * The refund rows of `source` (the lines' rows, with their file's columns) and those whose parsed
 * quantity or amount is positive; undefined when there are none.
 */
export async function countRefundRows(
  sql: SqlPort,
  sources: readonly SourceInfo[],
  source: string,
  refunds: OrderStatus,
  parsed: { quantity?: string; line_total?: string },
): Promise<RefundRows | undefined> {
  const numbers = [parsed.quantity, parsed.line_total].filter((p): p is string => p !== undefined);
  if (numbers.length === 0) return undefined;
  const positive = numbers.map((p) => `COALESCE(${p} > 0, false)`).join(' OR ');
  const row = firstRow(
    await sql.query(
      `SELECT count(*) AS n, count(*) FILTER (WHERE ${positive}) AS p, min(__rowid) FILTER (WHERE ${positive}) AS first
       FROM (${source}) WHERE ${statusSql(refunds)}`,
      { parallel: true },
    ),
  );
  const rows = num(row.n);
  if (rows === 0) return undefined;
  const first = row.first === null || row.first === undefined ? undefined : locateRow(sources, num(row.first));
  return { column: refunds.column, values: [...refunds.values], rows, positive: num(row.p), ...(first ? { first } : {}) };
}

/** The words for refund rows written positive (the CLI's warnings, the Data screen's notice); none when every one was negative. */
export function refundRowWarnings(r: RefundRows | undefined): string[] {
  if (r === undefined || r.positive === 0) return [];
  const lines = (n: number) => `${n.toLocaleString('en-US')} line${n === 1 ? '' : 's'}`;
  const example = r.first ? ` (e.g. ${r.first.file} row ${r.first.row})` : '';
  const which = r.positive === r.rows ? '' : `, ${r.positive.toLocaleString('en-US')} of them`;
  return [
    `${lines(r.rows)} with ${r.column} ${r.values.map((v) => `"${v}"`).join(' or ')} ${r.rows === 1 ? 'is a refund' : 'are refunds'}${which} written with a positive quantity or amount${example}: read as returns (negative), not as sales`,
  ];
}
