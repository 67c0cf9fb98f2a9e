/**
 * Refunds written as rows of their own, told by a type column (Loyverse's "Receipt type" Refund,
 * a generic "Transaction Type" Return) rather than by their sign: read as returns whether the
 * export writes their quantity and amount negative or positive, never as sales; the rows written
 * positive are said with their count and first row.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultAnalysis, figureWarnings, loadData, scoreCustomers, type SqlPort } from '../../../engine/src/index.ts';
import { openDb, textSource } from '../../helpers/engine.ts';

let sql: SqlPort;
beforeAll(async () => {
  sql = await openDb();
});

/** A receipt line: receipt, customer, day of March 2025, item, quantity, gross; a refund when `refund`. */
interface Line {
  receipt: string;
  customer: string;
  day: number;
  item: string;
  qty: number;
  gross: number;
  refund: boolean;
}

const LOYVERSE_HEADER =
  'Date,Receipt number,Receipt type,Category,SKU,Item,Variant,Modifiers applied,Quantity,Gross sales,Discounts,Net sales,Cost of goods,Gross profit,Taxes,Dining option,POS,Store,Cashier name,Customer name,Customer contacts,Comment,Status';

/** A Loyverse receipts-by-item file; refund lines written with `sign` (1: positive, as some exports do; -1: negative). */
function loyverse(lines: readonly Line[], sign: 1 | -1): string {
  const rows = lines.map((l) => {
    const s = l.refund ? sign : 1;
    const money = (s * l.gross).toFixed(2);
    return [
      `${String(l.day).padStart(2, '0')}/03/2025 10:00`,
      l.receipt,
      l.refund ? 'Refund' : 'Sale',
      'Cafe',
      l.item,
      `Item ${l.item}`,
      '',
      '',
      (s * l.qty).toFixed(3),
      money,
      '0.00',
      money,
      '0.00',
      '0.00',
      '0.00',
      'Dine in',
      'POS 1',
      'Main St',
      'Maria',
      `Name ${l.customer}`,
      `${l.customer}@example.com`,
      '',
      'Closed',
    ].join(',');
  });
  return `${LOYVERSE_HEADER}\n${rows.join('\n')}\n`;
}

const LINES: Line[] = [
  { receipt: '1-1001', customer: 'ana', day: 3, item: '10001', qty: 2, gross: 9, refund: false },
  { receipt: '1-1002', customer: 'ben', day: 4, item: '10002', qty: 1, gross: 4.5, refund: false },
  { receipt: '1-1003', customer: 'ben', day: 5, item: '20007', qty: 2, gross: 9, refund: false },
  // Ben's refund of one cheesecake, a day later: a receipt of its own.
  { receipt: '1-1004', customer: 'ben', day: 6, item: '20007', qty: 1, gross: 4.5, refund: true },
  { receipt: '1-1005', customer: 'cy', day: 6, item: '10001', qty: 1, gross: 4.5, refund: false },
  { receipt: '1-1006', customer: 'ana', day: 9, item: '10002', qty: 1, gross: 2.5, refund: true },
];

/** Per customer, from the lines: the sales' orders, total and last day (refunds are no sale), or with refunds netted. */
function expected(lines: readonly Line[], net: boolean) {
  const by = new Map<string, { orders: Set<string>; total: number; last: number }>();
  for (const l of lines.filter((l) => net || !l.refund)) {
    const e = by.get(`${l.customer}@example.com`) ?? { orders: new Set<string>(), total: 0, last: 0 };
    if (!l.refund) e.orders.add(l.receipt);
    e.total += l.refund ? -l.gross : l.gross;
    if (!l.refund) e.last = Math.max(e.last, l.day);
    by.set(`${l.customer}@example.com`, e);
  }
  return [...by].filter(([, e]) => e.orders.size > 0).sort(([a], [b]) => (a < b ? -1 : 1));
}

describe('refund rows told by a type column', () => {
  it('Loyverse refunds written positive are returns, as when written negative: dropped by default, netted when asked, said', async () => {
    const a = defaultAnalysis();
    for (const sign of [1, -1] as const) {
      const ds = await loadData(sql, [textSource('receipts-by-item.csv', loyverse(LINES, sign))], a, { today: null });
      expect(ds.canonical.mapping.layout?.id).toBe('loyverse_receipts_by_item');
      const refunds = LINES.filter((l) => l.refund);
      expect(ds.report.removed.return, `sign ${sign}`).toBe(refunds.length);
      expect(ds.report.revenue).toBeCloseTo(
        LINES.filter((l) => !l.refund).reduce((s, l) => s + l.gross, 0),
        6,
      );
      const sales = expected(LINES, false);
      const scored = await scoreCustomers(sql, a);
      expect(scored.rfm.customerIds).toEqual(sales.map(([c]) => c));
      expect([...scored.rfm.frequency]).toEqual(sales.map(([, e]) => e.orders.size));
      expect([...scored.rfm.monetary]).toEqual(sales.map(([, e]) => e.total));
      const said = figureWarnings(ds).filter((w) => w.includes('read as returns (negative)'));
      expect(said).toEqual(
        sign === 1
          ? [
              '2 lines with Receipt type "Refund" are refunds written with a positive quantity or amount (e.g. receipts-by-item.csv row 5): read as returns (negative), not as sales',
            ]
          : [],
      );
      expect(ds.canonical.refundRows).toMatchObject({ column: 'Receipt type', rows: 2, positive: sign === 1 ? 2 : 0 });
    }

    // Netted: Ben's refund comes off his purchases; Ana's too.
    const netted = defaultAnalysis();
    netted.cleaning.returns = 'net';
    await loadData(sql, [textSource('receipts-by-item.csv', loyverse(LINES, 1))], netted, { today: null });
    const net = expected(LINES, true);
    const scored = await scoreCustomers(sql, netted);
    expect(scored.rfm.customerIds).toEqual(net.map(([c]) => c));
    expect([...scored.rfm.monetary].map((m) => Math.round(m * 100))).toEqual(net.map(([, e]) => Math.round(e.total * 100)));
  });

  it('in an export of no known layout: a "Transaction Type" of Return or Refund, in the languages shops write; not a product\'s type', async () => {
    for (const [header, sale, refund] of [
      ['Order,Customer,Date,Transaction Type,Item,Qty,Total', 'Sale', 'Return'],
      ['Order,Customer,Date,Type,Item,Qty,Total', 'sale', 'REFUND'],
      ['Beleg,Kunde,Datum,Belegart,Artikel,Menge,Summe', 'Verkauf', 'Gutschrift'],
      ['Pedido,Cliente,Fecha,Tipo,Artículo,Cantidad,Total', 'Venta', 'Devolución'],
    ] as const) {
      const csv = `${header}\nT1,ann,2024-05-01,${sale},Mug,2,24.00\nT2,bo,2024-05-02,${sale},Bowl,1,30.00\nT3,ann,2024-05-03,${refund},Mug,1,12.00\n`;
      const ds = await loadData(sql, [textSource('sales.csv', csv)], defaultAnalysis(), { today: null });
      expect(ds.canonical.mapping.layout, header).toBeUndefined();
      // The receipt's kind ("Belegart") is never its number ("Beleg").
      expect(ds.canonical.mapping.mapping.invoice, header).toBe(header.split(',')[0]);
      expect(ds.report.removed.return, header).toBe(1);
      expect(ds.report.revenue, header).toBe(54);
      expect(ds.canonical.refundRows, header).toMatchObject({ column: header.split(',')[3], values: [refund], rows: 1, positive: 1 });
      expect(
        figureWarnings(ds).filter((w) => w.includes('read as returns (negative)')),
        header,
      ).toEqual([
        `1 line with ${header.split(',')[3]} "${refund}" is a refund written with a positive quantity or amount (e.g. sales.csv row 4): read as returns (negative), not as sales`,
      ]);
    }
    // A product's type, and a kind column without a refund value: nothing is a refund.
    for (const csv of [
      'Order,Customer,Date,Product Type,Item,Qty,Total\nT1,ann,2024-05-01,Return,Mug,2,24.00\nT2,bo,2024-05-02,Gift,Bowl,1,30.00\n',
      'Order,Customer,Date,Type,Item,Qty,Total\nT1,ann,2024-05-01,Sale,Mug,2,24.00\nT2,bo,2024-05-02,Returned goods,Bowl,1,30.00\n',
    ]) {
      const ds = await loadData(sql, [textSource('sales.csv', csv)], defaultAnalysis(), { today: null });
      expect(ds.report.removed.return ?? 0).toBe(0);
      expect(ds.report.revenue).toBe(54);
      expect(ds.canonical.refundRows).toBeUndefined();
    }
  });

  it('the sign a refund row is written with changes no figure (property)', async () => {
    const line = fc.record({
      customer: fc.constantFrom('ana', 'ben', 'cy', 'dee'),
      day: fc.integer({ min: 1, max: 28 }),
      item: fc.constantFrom('10001', '10002', '20007'),
      qty: fc.integer({ min: 1, max: 5 }),
      cents: fc.integer({ min: 1, max: 5000 }),
      refund: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 12 }), fc.constantFrom('drop', 'net'), async (drawn, returns) => {
        const lines: Line[] = drawn.map((l, i) => ({ ...l, receipt: `1-${1001 + i}`, gross: l.cents / 100 }));
        const a = defaultAnalysis();
        a.cleaning.returns = returns;
        const read = async (sign: 1 | -1) => {
          const ds = await loadData(sql, [textSource('r.csv', loyverse(lines, sign))], a, { today: null });
          const rows = await sql.query('SELECT row_id, quantity, amount FROM kept ORDER BY row_id');
          return { removed: ds.report.removed.return ?? 0, kept: rows.toArray().map((r) => ({ ...r })) };
        };
        const positive = await read(1);
        const negative = await read(-1);
        expect(positive).toEqual(negative);
        const refunds = lines.filter((l) => l.refund).length;
        expect(positive.removed).toBe(returns === 'drop' ? refunds : 0);
      }),
      { numRuns: 15, seed: 20261206 },
    );
  });
});
