/**
 * An export of no known layout with an order status column: orders it marks cancelled, refunded,
 * voided or failed are no sales (left out as cancelled_order, said with the column and values,
 * kept when the user chooses); orders refunded in part are flagged; any other value is a sale.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultAnalysis, figureWarnings, loadData, openDataset, statusOfColumn, type SqlPort } from '../../../engine/src/index.ts';
import { openDb, textSource } from '../../helpers/engine.ts';

let sql: SqlPort;
beforeAll(async () => {
  sql = await openDb();
});

interface Order {
  id: string;
  customer: string;
  status: string;
  qty: number;
  price: number;
}

const csv = (header: string, orders: readonly Order[], pad = 0) =>
  `${header}\n${[
    // Sales before, to put the statuses past the detection sample.
    ...Array.from({ length: pad }, (_, i) => `P${i},pad${i % 50},2024-01-${String(1 + (i % 28)).padStart(2, '0')},Paid,Mug,1,2.00`),
    ...orders.map((o, i) => `${o.id},${o.customer},2024-02-${String(1 + (i % 28)).padStart(2, '0')},${o.status},Mug,${o.qty},${o.price.toFixed(2)}`),
  ].join('\n')}\n`;

const ORDERS: Order[] = [
  { id: '1', customer: 'ann', status: 'Paid', qty: 2, price: 12 },
  { id: '2', customer: 'bo', status: 'Refunded', qty: 1, price: 30 },
  { id: '3', customer: 'cy', status: 'Awaiting payment', qty: 1, price: 9 },
  { id: '4', customer: 'dee', status: 'cancelled', qty: 3, price: 5 },
  { id: '5', customer: 'eve', status: 'Partially refunded', qty: 1, price: 40 },
  { id: '6', customer: 'fay', status: 'Shipped', qty: 1, price: 7 },
];
const HEADER = 'order_id,email,created,payment_status,item,qty,price';

describe('an order status column in an export of no known layout', () => {
  it('leaves out the orders it marks as no sale, past the detection sample, said with the column, values and rows; flags a partial refund', async () => {
    const pad = 6000;
    const ds = await loadData(sql, [textSource('orders.csv', csv(HEADER, ORDERS, pad))], defaultAnalysis(), { today: null });
    expect(ds.canonical.mapping.layout).toBeUndefined();
    const noSale = ORDERS.filter((o) => ['Refunded', 'cancelled'].includes(o.status));
    const sales = ORDERS.filter((o) => !noSale.includes(o));
    expect(ds.report.implausible.cancelled_order).toMatchObject({ lines: noSale.length, excluded: true });
    expect(ds.report.rows_kept).toBe(pad + sales.length);
    expect(ds.report.revenue).toBeCloseTo(pad * 2 + sales.reduce((a, o) => a + o.qty * o.price, 0), 2);
    expect(figureWarnings(ds)).toContain(
      `column "payment_status" is read as the orders' status: "Refunded" (1 line, e.g. orders.csv row ${pad + 3}), "cancelled" (1 line, e.g. orders.csv row ${pad + 5}) as orders that were no sale (the cancelled_order check)`,
    );
    expect(ds.canonical.partialRefunds).toMatchObject({ orders: 1, status: { column: 'payment_status', values: ['Partially refunded'] } });

    // Kept as chosen: sales again.
    const a = defaultAnalysis();
    a.cleaning.implausible.exclude = a.cleaning.implausible.exclude.filter((k) => k !== 'cancelled_order');
    const kept = await loadData(sql, [textSource('orders.csv', csv(HEADER, ORDERS, pad))], a, { today: null });
    expect(kept.report.rows_kept).toBe(pad + ORDERS.length);
  });

  it('is found under the names shops give it, in their languages; an address\'s "State", a free-text note and other values are not statuses', async () => {
    for (const [header, status] of [
      ['Order,Customer,Date,Status,Item,Qty,Price', 'Canceled'],
      ['Bestellung,Kunde,Datum,Bestellstatus,Artikel,Menge,Preis', 'Storniert'],
      ['Commande,Client,Date,Statut,Article,Quantité,Prix', 'Annulée'],
      ['Pedido,Cliente,Fecha,Estado,Artículo,Cantidad,Precio', 'Cancelado'],
      ['Order,Customer,Date,Financial Status,Item,Qty,Price', 'voided'],
      ['Order,Customer,Date,Order State,Item,Qty,Price', 'FAILED'],
      // Sent back, or a refund's own row: no sale either way.
      ['Order,Customer,Date,Status,Item,Qty,Price', 'Returned'],
      ['Order,Customer,Date,Status,Item,Qty,Price', 'Refund'],
      ['Bestellung,Kunde,Datum,Bestellstatus,Artikel,Menge,Preis', 'Retourniert'],
      ['Pedido,Cliente,Fecha,Estado,Artículo,Cantidad,Precio', 'Devuelto'],
      // Never a sale yet: a draft invoice, a quote, a checkout left.
      ['Invoice,Customer,Date,Status,Item,Qty,Price', 'Draft'],
      ['Invoice,Customer,Date,Status,Item,Qty,Price', 'Quote'],
      ['Order,Customer,Date,Status,Item,Qty,Price', 'Abandoned'],
      ['Rechnung,Kunde,Datum,Status,Artikel,Menge,Preis', 'Entwurf'],
      ['Facture,Client,Date,Statut,Article,Quantité,Prix', 'Devis'],
    ]) {
      const ds = await openDataset(sql, [textSource('o.csv', csv(header!, [{ id: '1', customer: 'a', status: status!, qty: 1, price: 5 }, ORDERS[0]!]))]);
      expect(statusOfColumn(ds.canonical.statusColumn!).notSaleStatus, header).toEqual([{ column: header!.split(',')[3], values: [status] }]);
    }
    for (const [header, status] of [
      // A US state, a note, and statuses of sales.
      ['Order,Customer,Date,State,Item,Qty,Price', 'Cancelled'],
      ['Order,Customer,Date,Status,Item,Qty,Price', 'Cancelled by phone and reordered'],
      ['Order,Customer,Date,Status,Item,Qty,Price', 'Completed'],
    ]) {
      const ds = await openDataset(sql, [textSource('o.csv', csv(header!, [{ id: '1', customer: 'a', status: status!, qty: 1, price: 5 }, ORDERS[0]!]))]);
      expect(ds.canonical.statusColumn, `${header} ${status}`).toBeUndefined();
      expect(ds.report.rows_kept).toBe(2);
    }
  });

  it('is not looked for in a known layout, whose own statuses are read as documented', async () => {
    const shopify =
      'Name,Email,Financial Status,Paid at,Fulfillment Status,Lineitem quantity,Lineitem name,Lineitem price,Created at,Status\n#1001,a@x.com,paid,,,1,Mug,5.00,2024-01-02 10:00:00 +0000,cancelled\n';
    const ds = await openDataset(sql, [textSource('orders_export.csv', shopify)]);
    expect(ds.canonical.mapping.layout?.id).toBe('shopify_orders');
    expect(ds.canonical.statusColumn).toBeUndefined();
  });

  it('counts as sales exactly the orders whose status is no word of no sale (property)', async () => {
    const status = fc.constantFrom(
      'Paid',
      'paid',
      'Pending',
      'Shipped',
      'Completed',
      'Refunded',
      'REFUNDED',
      'cancelled',
      'Canceled',
      'order_cancelled',
      'Storniert',
      'annulée',
      '',
      'Failed',
    );
    const noSale = new Set(['refunded', 'cancelled', 'canceled', 'order cancelled', 'storniert', 'annulée', 'failed']);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ status, qty: fc.integer({ min: 1, max: 9 }), price: fc.integer({ min: 1, max: 9999 }) }), { minLength: 1, maxLength: 30 }),
        async (drawn) => {
          const orders = drawn.map((d, i) => ({ id: String(100 + i), customer: `c${i % 7}`, status: d.status, qty: d.qty, price: d.price / 100 }));
          const ds = await openDataset(sql, [textSource('o.csv', csv(HEADER, orders))]);
          const sales = orders.filter((o) => !noSale.has(o.status.toLowerCase().replace(/[\s_-]+/g, ' ')));
          expect(ds.report.rows_kept).toBe(sales.length);
          expect(ds.report.revenue).toBeCloseTo(
            sales.reduce((a, o) => a + o.qty * o.price, 0),
            2,
          );
        },
      ),
      { numRuns: 25 },
    );
  });
});
