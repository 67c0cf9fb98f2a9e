/**
 * An order status column in an export of no known layout ("Status", "payment_status",
 * "Bestellstatus", "Estado"): where it marks orders cancelled, refunded, voided or failed, those
 * were no sale, as a known layout's statuses say (order-status.ts), and their lines are left out as
 * cancelled_order (the Data screen's switch keeps them); orders it marks refunded in part are
 * flagged. Only whole values from the lists below count, in the languages shops write, over every
 * line: "Shipped", "Pending" or a free-text note never do. Said with each value's lines.
 */
import type { DetectedLayout, OrderStatus } from '../mapping/layouts.ts';
import { normaliseHeader } from '../mapping/roles.ts';
import type { SqlPort } from '../ports.ts';
import { firstColumnHolding, statusKey } from './order-status.ts';
import { locateRow, type SourceInfo } from './read-sources.ts';

/** Headers of an order's (or payment's) status, normalised (normaliseHeader); not "State" alone, an address's. Portuguese "Status do Pedido", "Situação", Spanish "Estado de la orden", French "Statut de la commande", Italian "Stato dell'ordine", Polish "Status zamówienia"; Turkish "Sipariş Durumu", Finnish "Tila", Russian "Статус заказа", Japanese "ステータス", Chinese "订单状态", Korean "주문상태". */
const STATUS_HEADER =
  /^(?:[a-z]*status(?:d[oa](?:pedido|pagamento|compra|venda)|zamowienia|platnosci)?|[a-z]*statut(?:d(?:ela|u|e)(?:commande|paiement))?|(?:order|payment|financial|transaction)state|estado(?:d(?:[oa]|e|el|ela)(?:pedido|pagamento|orden|pago|compra|venda))?|situacao(?:d[oa](?:pedido|pagamento|compra|venda))?|stato(?:dell?)?(?:ordine|pagamento)?|zustand|stav(?:objednavky)?|[a-z]*durumu?|(?:tilauksen|maksun)?tila|статус(?:заказа|оплаты|замовлення)?|(?:注文)?(?:ステータス|状態)|(?:订单|訂單|交易)?(?:状态|狀態)|(?:주문)?상태)$/;

/** Whole status values meaning the order was no sale: cancelled, refunded in full or sent back, voided, failed or declined. */
const NOT_SALE = [
  // English
  'cancelled',
  'canceled',
  'order cancelled',
  'order canceled',
  'refunded',
  'fully refunded',
  'voided',
  'void',
  'failed',
  'payment failed',
  'declined',
  'payment declined',
  'reversed',
  // A row or order refunded or sent back, by its status: no sale either way (a refund's own row, or the order it undid).
  'refund',
  'returned',
  // Never a sale yet: a draft, a quote or estimate, a checkout left or a payment let lapse.
  'draft',
  'quote',
  'quotation',
  'estimate',
  'abandoned',
  'abandoned checkout',
  'expired',
  // German
  'storniert',
  'bestellung storniert',
  'annulliert',
  'abgebrochen',
  'erstattet',
  'rückerstattet',
  'zurückerstattet',
  'retourniert',
  'zurückgesendet',
  'fehlgeschlagen',
  'abgelehnt',
  'entwurf',
  'angebot',
  // French
  'annulé',
  'annulée',
  'commande annulée',
  'remboursé',
  'remboursée',
  'échoué',
  'échec',
  'refusé',
  'refusée',
  'retourné',
  'retournée',
  'brouillon',
  'devis',
  // Spanish, Portuguese
  'cancelado',
  'cancelada',
  'anulado',
  'anulada',
  'reembolsado',
  'reembolsada',
  'fallido',
  'rechazado',
  'estornado',
  'recusado',
  'devuelto',
  'devuelta',
  'devolvido',
  'devolvida',
  'estornada',
  'recusada',
  'rechazada',
  'fallida',
  'pedido cancelado',
  'orden cancelada',
  'compra cancelada',
  'venda cancelada',
  'venta cancelada',
  // Who cancelled, as marketplaces write it (Mercado Livre, Mercado Libre).
  'cancelada pelo comprador',
  'cancelada pelo vendedor',
  'cancelado pelo comprador',
  'cancelado pelo vendedor',
  'cancelada por el comprador',
  'cancelada por el vendedor',
  'cancelado por el comprador',
  'cancelado por el vendedor',
  'pagamento recusado',
  'pago rechazado',
  'borrador',
  'presupuesto',
  'cotización',
  'rascunho',
  'orçamento',
  // Italian
  'annullato',
  'annullata',
  'rimborsato',
  'rimborsata',
  'fallito',
  'rifiutato',
  'restituito',
  'ordine annullato',
  'bozza',
  'preventivo',
  // Dutch
  'geannuleerd',
  'terugbetaald',
  'mislukt',
  'geweigerd',
  'geretourneerd',
  'offerte',
  // Polish, Czech
  'anulowane',
  'anulowano',
  'anulowany',
  'zrušeno',
  'zrušená',
  'stornováno',
  // Swedish, Danish, Norwegian
  'annullerad',
  'återbetald',
  'makulerad',
  'annulleret',
  'refunderet',
  'kansellert',
  'refundert',
  'avbruten',
  'returnerad',
  'misslyckad',
  'nekad',
  'returneret',
  'mislykket',
  'afvist',
  'returnert',
  'avvist',
  'utkast',
  'kladde',
  // Finnish
  'peruttu',
  'peruutettu',
  'hyvitetty',
  'palautettu',
  'epäonnistunut',
  'hylätty',
  'luonnos',
  // Turkish (DuckDB writes "İ" in lower case as "i")
  'iptal',
  'iptal edildi',
  'iade',
  'iade edildi',
  'başarısız',
  'reddedildi',
  'taslak',
  // Russian, Ukrainian, Japanese
  'отменен',
  'отменён',
  'отменено',
  'отменена',
  'возврат',
  'возвращен',
  'скасовано',
  'повернено',
  'キャンセル',
  'キャンセル済み',
  '返品',
  '返金済み',
  // Chinese, Korean
  '已取消',
  '取消',
  '交易关闭',
  '已退款',
  '退款成功',
  '취소',
  '주문취소',
  '취소완료',
  '환불',
  '환불완료',
  '반품',
];

/** Whole status values meaning the order was refunded in part: still a sale, counted in full, flagged. */
const PARTLY_REFUNDED = [
  'partially refunded',
  'partly refunded',
  'partial refund',
  'teilweise erstattet',
  'teilweise rückerstattet',
  'teilerstattet',
  'partiellement remboursé',
  'partiellement remboursée',
  'parcialmente reembolsado',
  'reembolso parcial',
  'parzialmente rimborsato',
  'gedeeltelijk terugbetaald',
  'częściowo zwrócone',
];

export interface StatusColumn {
  column: string;
  /** Each such value as written (one spelling of it, compared as statusKey), its lines and its first line's file and row. */
  values: { value: string; lines: number; partly: boolean; first: { file: string; row: number } | undefined }[];
}

/**
 * The first column headed as a status that holds any of those values (in the file's order), over
 * every row that is a line; undefined without one. `mapped`: the columns given a role, never a status.
 */
export async function findStatusColumn(
  sql: SqlPort,
  columns: readonly string[],
  mapped: readonly string[],
  sources: readonly SourceInfo[],
): Promise<StatusColumn | undefined> {
  const found = await firstColumnHolding(
    sql,
    columns.filter((c) => !mapped.includes(c) && STATUS_HEADER.test(normaliseHeader(c))),
    [...NOT_SALE, ...PARTLY_REFUNDED],
  );
  if (found === undefined) return undefined;
  const partlyKeys = new Set(PARTLY_REFUNDED.map(statusKey));
  const values = found.held
    .map((v) => ({ value: v.value, lines: v.lines, partly: partlyKeys.has(v.key), first: locateRow(sources, v.first) }))
    .sort((a, b) => b.lines - a.lines || (a.value < b.value ? -1 : 1));
  return { column: found.column, values };
}

/** The column's values of orders that were no sale, or (`partly`) of orders refunded in part, as a status of it; undefined for none. */
function statusOf(s: StatusColumn, partly: boolean): OrderStatus | undefined {
  const values = s.values.filter((v) => v.partly === partly).map((v) => v.value);
  return values.length ? { column: s.column, values } : undefined;
}

/** How a dataset tells its orders' statuses: its layout's columns, else its status column's reading (statusOfColumn); undefined for neither. */
export function orderStatusOf(
  layout: DetectedLayout | undefined,
  statusColumn: StatusColumn | undefined,
): Pick<DetectedLayout, 'cancelledColumn' | 'notSaleStatus' | 'partlyRefunded'> | undefined {
  return layout ?? (statusColumn && statusOfColumn(statusColumn));
}

/** The column's reading as a layout's statuses (order-status.ts notSaleSql, findPartialRefunds). */
export function statusOfColumn(s: StatusColumn): Pick<DetectedLayout, 'notSaleStatus' | 'partlyRefunded'> {
  const noSale = statusOf(s, false);
  const partly = statusOf(s, true);
  return { ...(noSale ? { notSaleStatus: [noSale] } : {}), ...(partly ? { partlyRefunded: { status: partly } } : {}) };
}

/** The orders the status column left out (the CLI's warnings, the Data screen's notice); none without. Those refunded in part are partialRefundWarnings'. */
export function statusColumnWarnings(s: StatusColumn | undefined): string[] {
  if (s === undefined || statusOf(s, false) === undefined) return [];
  const values = s.values
    .filter((v) => !v.partly)
    .map((v) => `"${v.value}" (${v.lines} line${v.lines === 1 ? '' : 's'}${v.first ? `, e.g. ${v.first.file} row ${v.first.row}` : ''})`);
  return [`column "${s.column}" is read as the orders' status: ${values.join(', ')} as orders that were no sale (the cancelled_order check)`];
}
