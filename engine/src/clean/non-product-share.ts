/**
 * The non_product rule removes lines by code or whole description from an editable list whose
 * defaults include Online Retail's one-letter codes ("M" manual, "D" discount, "S" samples, "B"
 * bad debt): a shop whose products are coded so would lose them, counted in the report but easy
 * to miss among the rules' counts. Online Retail's non-product lines are half a percent of its
 * lines; where the rule removes a hundredth of the lines read or more, it is said with the codes
 * that removed most, so a product taken for a fee is seen.
 */
import type { SqlPort } from '../ports.ts';
import { num, tableRows } from '../sql/rows.ts';

/** The share of lines read from which it is said. */
const SAID_FROM = 0.01;
/** Codes (or descriptions) named, those that removed most. */
const NAMED = 3;

export interface NonProductShare {
  /** The codes (or, without one, the descriptions) that removed most lines, with their counts. */
  top: { item: string; lines: number }[];
}

/** The top items of the lines `removedBy` says non_product removed, when they are SAID_FROM of `read` or more. */
export async function nonProductShare(sql: SqlPort, removedBy: string, removed: number, read: number): Promise<NonProductShare | undefined> {
  if (removed === 0 || removed < SAID_FROM * read) return undefined;
  const rows = tableRows(
    await sql.query(
      `SELECT COALESCE(sku, description) AS item, count(*) AS n FROM lines WHERE ${removedBy} = 'non_product'
       GROUP BY 1 ORDER BY n DESC, item LIMIT ${NAMED}`,
    ),
  );
  return { top: rows.map((r) => ({ item: String(r.item), lines: num(r.n) })) };
}

/** The words (the CLI's warnings, the Data screen's notice); none below the share. */
export function nonProductWarnings(report: { rows_read: number; removed: { non_product: number }; nonProduct?: NonProductShare }): string[] {
  const s = report.nonProduct;
  if (s === undefined) return [];
  const n = report.removed.non_product;
  const share = `${((100 * n) / report.rows_read).toFixed(1)}%`;
  const top = s.top.map((t) => `"${t.item}" ${t.lines.toLocaleString('en-US')}`).join(', ');
  return [
    `the non_product rule removed ${n.toLocaleString('en-US')} lines (${share} of those read), most by ${top}: if one is a product, take it out of the non-product codes or words`,
  ];
}
