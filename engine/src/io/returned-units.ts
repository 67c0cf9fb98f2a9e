/**
 * Units returned or cancelled written in a column of their own beside the units sold ("Qty
 * Returned", Magento's "qty_refunded" and "qty_canceled"): the line's quantity still counts them,
 * and returns are read from negative lines only, so revenue and monetary values count those units
 * as sold. How a line's refund was priced is not in the column, so it is not taken off: the units,
 * the lines they are on and an example are said, over the rows read.
 */
import { type ColumnMapping, normaliseHeader } from '../mapping/roles.ts';
import type { SqlPort } from '../ports.ts';
import { ident } from '../sql/quote.ts';
import { NOT_LEFT_OUT } from './left-out-rows.ts';
import { locateRow, type SourceInfo } from './read-sources.ts';
import { sumValues } from './summed-values.ts';
import { textSql, trimSql } from './text-sql.ts';

export interface ReturnedUnits {
  column: string;
  what: 'returned' | 'cancelled';
  /** Units in the column (their absolute values: some exports write them negative), and the lines holding any. */
  units: number;
  lines: number;
  example: { file: string; row: number; value: string } | undefined;
}

/** Headers (normaliseHeader) naming units returned or refunded, and cancelled, in the languages shops write. */
const RETURNED = /return|refund|retour|rucksend|ruckgabe|devuel|devoluc|rembours/;
const CANCELLED = /cancel|storn|annul/;
const UNITS = /qty|quantit|units|items|pcs|pieces|menge|anzahl|stuck|cantidad|aantal/;
/** An amount, a rate, a reason, a date, a flag or a policy about the returns ("Returnable Qty"): no count of units returned. */
const NOT_UNITS =
  /amount|value|price|total|sales|revenue|sum|betrag|wert|preis|umsatz|montant|importe|prix|cost|rate|percent|pct|reason|date|status|flag|type|returnable|policy|window|days/;

/** The unmapped columns whose headers name units returned or cancelled. */
export function returnedUnitColumns(columns: readonly string[], mapping: ColumnMapping): { column: string; what: ReturnedUnits['what'] }[] {
  const used = new Set(Object.values(mapping));
  return columns.flatMap((column) => {
    const h = normaliseHeader(column);
    if (used.has(column) || column.includes('%') || !UNITS.test(h) || NOT_UNITS.test(h)) return [];
    const what = RETURNED.test(h) ? 'returned' : CANCELLED.test(h) ? 'cancelled' : undefined;
    return what ? [{ column, what }] : [];
  });
}

/** The units each such column holds on the lines read; a column of no numbers, or only zeros, says nothing. */
export async function findReturnedUnits(
  sql: SqlPort,
  sources: readonly SourceInfo[],
  columns: readonly string[],
  mapping: ColumnMapping,
): Promise<ReturnedUnits[]> {
  const out: ReturnedUnits[] = [];
  for (const { column, what } of returnedUnitColumns(columns, mapping)) {
    const value = textSql(ident(column), trimSql);
    const { count: lines, total: units, unread, first } = await sumValues(sql, `SELECT ${value} AS v, rowid AS first FROM raw WHERE ${NOT_LEFT_OUT}`);
    // Mostly words ("yes", a reason): not a count of units.
    if (lines === 0 || unread > lines) continue;
    const where = first ? locateRow(sources, first.row) : undefined;
    out.push({ column, what, units, lines, example: where && first ? { ...where, value: first.value } : undefined });
  }
  return out;
}

/** The words (the CLI's warnings, the Data screen's notices), one per column. */
export function returnedUnitWarnings(found: readonly ReturnedUnits[] | undefined): string[] {
  return (found ?? []).map((r) => {
    const units = `${r.units.toLocaleString('en-US')} ${r.units === 1 ? 'unit' : 'units'}`;
    const lines = `${r.lines.toLocaleString('en-US')} ${r.lines === 1 ? 'line' : 'lines'}`;
    const example = r.example ? `; e.g. "${r.example.value}" at ${r.example.file} row ${r.example.row}` : '';
    const why = r.what === 'returned' ? 'returns are read from negative lines only' : 'cancellations are read from negative lines and order statuses only';
    return `"${r.column}" holds ${units} ${r.what} on ${lines}, not taken off the lines' quantities: revenue and monetary values count them as sold (${why})${example}`;
  });
}
