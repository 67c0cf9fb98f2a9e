/**
 * Summary reports: a shop's "Sales over time" (a row per day, an "Orders" count beside the day's
 * sales), a products report (a row per product, the orders holding it) or a customers report (a
 * row per customer with their "Orders" and "Total spent") read as
 * if each row were an order. Their count columns hold numbers of orders, not order numbers: taken
 * for the invoice, 120 days read as 120 orders; and each row read as one order, every customer of
 * a customers report has one. The count columns are given no role, and the report is said.
 */
import { normaliseHeader, type ColumnMapping } from './roles.ts';

/** What is counted: plurals of an order's or a customer's names, in the languages of the headers (roles.ts). */
const ORDERS = 'orders|transactions|bestellungen|transaktionen|auftrage|commandes|pedidos|ordini|bestellingen|transacties|ordrer|rendelesek';
const OTHERS = 'invoices|receipts|tickets|customers|buyers|visits|visitors|sessions|kunden|clients|clientes|klanten';
/** "Number of", "#", "total", "count of" before the plural (normaliseHeader keeps letters and digits only: "# of orders" is "oforders"). */
const BEFORE = '(?:total)?(?:numberof|noof|no|nb|nbr|num|count|countof|of|anzahl(?:der)?|nombrede|numerode|cantidadde|aantal|liczba)';
/** "Count" after the singular or the plural ("Order count", "Orders count"). */
const AFTER = '(?:count|cnt|counts)';
const SINGULAR = 'order|transaction|invoice|receipt|ticket|customer|buyer|visit|visitor|session|bestellung|commande|pedido';

/** A header that can only name a count: "Orders", "Number of orders", "# Transactions", "Customer count", a pivot table's "Count of Invoice". */
const COUNT = new RegExp(`^(?:${BEFORE}?(?:${ORDERS})|${BEFORE}(?:${OTHERS})|(?:${SINGULAR}|${ORDERS}|${OTHERS})${AFTER}|countof(?:${SINGULAR}))$`);
/** In a report with such a column, a bare plural is a count too ("Customers" beside "Orders"), not a column of customers. */
const PLURAL = new RegExp(`^(?:${OTHERS})$`);

/** A count as a report writes it: a whole number, its thousands grouped or not ("1,234"). */
const WHOLE = /^\d{1,3}(?:[,.\s\u00a0\u202f']?\d{3})*$|^\d+$/;

/**
 * The columns a file's header names as counts and whose sampled values are all whole numbers
 * (a column of order ids written "PED-0042" under "Pedidos" is no count); empty when none can
 * only be one.
 */
export function countColumns(columns: readonly string[], sample: Record<string, readonly (string | null)[]>): string[] {
  const names = columns.map(normaliseHeader);
  const counts = (i: number) => (sample[columns[i]!] ?? []).every((v) => v === null || v.trim() === '' || WHOLE.test(v.trim()));
  if (!names.some((h, i) => COUNT.test(h) && counts(i))) return [];
  return columns.filter((_, i) => (COUNT.test(names[i]!) || PLURAL.test(names[i]!)) && counts(i));
}

/** A file read as a summary report: its count columns, and what each of its rows is, as the sample shows. */
export interface SummaryReport {
  countColumns: string[];
  /** Every sampled row a customer, a product or a date of its own (a row per day, week or month). */
  rowPer?: 'customer' | 'product' | 'date';
  /** The customer column detection left unmapped (a row per customer): read as orders, every customer would have one. */
  customerLeftOut?: string;
}

/**
 * The summary report a file with these count columns (countColumns) makes, when there are some
 * and the rows are not lines of orders: no order number, and a row per customer, product or date
 * in the sample, or neither customer nor product to make orders of. A line-level export that adds
 * a count column beside each line (a customer's orders to date) has order numbers, or repeated
 * dates and customers.
 */
export function summaryReport(
  counts: readonly string[],
  mapping: ColumnMapping,
  sample: Record<string, readonly (string | null)[]>,
): SummaryReport | undefined {
  if (counts.length === 0 || mapping.invoice !== undefined) return undefined;
  const ownRows = (column: string | undefined) => {
    if (column === undefined) return false;
    const values = (sample[column] ?? []).filter((v): v is string => v !== null && v.trim() !== '').map((v) => v.trim());
    return values.length >= 2 && new Set(values).size === values.length;
  };
  const rowPer = ownRows(mapping.customer) ? 'customer' : ownRows(mapping.sku ?? mapping.description) ? 'product' : ownRows(mapping.date) ? 'date' : undefined;
  const noOrders = mapping.customer === undefined && mapping.sku === undefined && mapping.description === undefined;
  if (rowPer === undefined && !noOrders) return undefined;
  return { countColumns: [...counts], ...(rowPer ? { rowPer } : {}) };
}

/** What the file looks like, in words: "this file looks like a summary report (a row per date; …), not a list of orders". */
export function summaryReportIs(report: SummaryReport): string {
  const one = report.countColumns.length === 1;
  const named = report.countColumns.map((c) => `"${c}"`).join(', ');
  const rows = report.rowPer ? `a row per ${report.rowPer}` : 'rows of totals';
  return `this file looks like a summary report (${rows}; ${named} ${one ? 'is a count' : 'are counts'}, given no role), not a list of orders`;
}

/** What an analysis needs instead of such a file. */
export const ORDERS_NEEDED = 'export the orders themselves, a row per order or order line';

/** The report said, with what its figures would be taken for. */
export function summaryReportWarnings(report: SummaryReport | undefined): string[] {
  if (report === undefined) return [];
  const read =
    report.rowPer !== 'customer'
      ? 'its rows are totals, not orders'
      : report.customerLeftOut !== undefined
        ? `read as orders, every customer would have one, so "${report.customerLeftOut}" is not taken for the customer (map it by hand to score the rows as they are)`
        : 'each row is read as one order, so every customer has one order';
  return [`${summaryReportIs(report)}: ${read}; for RFM and baskets, ${ORDERS_NEEDED}`];
}
