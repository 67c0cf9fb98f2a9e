import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  detectDateFormat,
  detectMapping,
  detectNumberFormat,
  normaliseHeader,
  parseNumber,
  missingRoles,
  guessedAmountWarnings,
} from '../../../engine/src/index.ts';

const col = (...v: string[]) => v;

/** Four order lines, as the header-synonym tests below write them: each takes the columns it needs. */
const FOUR_LINES = {
  Invoice: col('1', '2', '3', '4'),
  Date: col('2024-03-01', '2024-03-02', '2024-03-09', '2024-03-10'),
  Customer: col('C1', 'C2', 'C1', 'C3'),
  Item: col('Mug', 'Plate', 'Mug', 'Bowl'),
  Qty: col('2', '3', '1', '1'),
  Price: col('10.00', '5.00', '10.00', '12.00'),
};

describe('normaliseHeader', () => {
  it('ignores case, spaces, underscores, punctuation and accents', () => {
    expect(normaliseHeader('Invoice_No.')).toBe('invoiceno');
    expect(normaliseHeader(' Unit Price ')).toBe('unitprice');
    expect(normaliseHeader('Quantité')).toBe('quantite');
    expect(normaliseHeader('Stück')).toBe('stuck');
  });
});

describe('detectMapping', () => {
  it('maps the UCI Online Retail headers with full confidence', () => {
    const cols = ['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country'];
    const sample = {
      InvoiceNo: col('536365', '536365', '536366'),
      StockCode: col('85123A', '71053', '22633'),
      Description: col('WHITE HANGING HEART T-LIGHT HOLDER', 'WHITE METAL LANTERN', 'HAND WARMER UNION JACK'),
      Quantity: col('6', '6', '6'),
      InvoiceDate: col('2010-12-01 08:26:00', '2010-12-01 08:26:00', '2010-12-01 08:28:00'),
      UnitPrice: col('2.55', '3.39', '1.85'),
      CustomerID: col('17850.0', '17850.0', '17850.0'),
      Country: col('United Kingdom', 'United Kingdom', 'United Kingdom'),
    };
    const r = detectMapping(cols, sample);
    expect(r.mapping).toEqual({
      invoice: 'InvoiceNo',
      sku: 'StockCode',
      description: 'Description',
      quantity: 'Quantity',
      date: 'InvoiceDate',
      unit_price: 'UnitPrice',
      customer: 'CustomerID',
      country: 'Country',
    });
    for (const c of Object.values(r.confidence)) expect(c).toBeGreaterThanOrEqual(0.9);
  });

  it.each([
    ['German', ['Rechnungsnummer', 'Kundennummer', 'Datum', 'Artikelnummer', 'Bezeichnung', 'Menge', 'Einzelpreis', 'Land']],
    ['French', ['Numéro Facture', 'Client', 'Date', 'Référence', 'Libellé', 'Quantité', 'Prix Unitaire', 'Pays']],
    ['Spanish', ['Factura', 'Cliente', 'Fecha', 'Codigo', 'Descripción', 'Cantidad', 'Precio Unitario', 'País']],
    ['Indonesian', ['No Faktur', 'ID Pelanggan', 'Tanggal', 'Kode Barang', 'Nama Barang', 'Jumlah', 'Harga Satuan', 'Negara']],
  ])('maps %s headers', (_lang, cols) => {
    const values = [
      col('1001', '1001', '1002'),
      col('C1', 'C1', 'C2'),
      col('01.02.2023', '02.02.2023', '03.02.2023'),
      col('A-1', 'B-2', 'C-3'),
      col('Blue mug large', 'Red cup', 'Green plate set'),
      col('2', '1', '3'),
      col('1,50', '2,25', '9,99'),
      col('DE', 'DE', 'AT'),
    ];
    const sample = Object.fromEntries(cols.map((c, i) => [c, values[i]!]));
    const r = detectMapping(cols, sample);
    expect(r.mapping).toEqual({
      invoice: cols[0],
      customer: cols[1],
      date: cols[2],
      sku: cols[3],
      description: cols[4],
      quantity: cols[5],
      unit_price: cols[6],
      country: cols[7],
    });
  });

  it('finds dates, emails and product names from values when headers say nothing', () => {
    const cols = ['a', 'b', 'c'];
    const r = detectMapping(cols, {
      a: col('2023-01-01', '2023-01-02', '2023-01-05'),
      b: col('ann@example.com', 'bob@example.org', 'cy@example.net'),
      c: col('Large blue ceramic mug', 'Small red tea cup', 'Green dinner plate set'),
    });
    // Without a customer id column the email is the customer too.
    expect(r.mapping).toEqual({ date: 'a', email: 'b', customer: 'b', description: 'c' });
    expect(r.confidence.date).toBeLessThan(0.9);
  });

  it('takes an email column for the customer only when no column is a customer id, and never against the user', () => {
    const sample = {
      Order: col('1', '2', '3'),
      Email: col('ann@example.com', 'bob@example.org', 'cy@example.net'),
      Date: col('2023-01-01', '2023-01-02', '2023-01-05'),
      Total: col('10.00', '5.50', '7.25'),
    };
    const alone = detectMapping(['Order', 'Email', 'Date', 'Total'], sample);
    expect(alone.mapping).toMatchObject({ customer: 'Email', email: 'Email', invoice: 'Order' });
    expect(alone.confidence.customer).toBe(alone.confidence.email);
    // A customer id column stays the customer; the email stays a contact column.
    const withId = detectMapping(['Order', 'Customer ID', 'Email', 'Date', 'Total'], { ...sample, 'Customer ID': col('17850', '13047', '12583') });
    expect(withId.mapping).toMatchObject({ customer: 'Customer ID', email: 'Email' });
    // The user's choice of no customer column holds; an email column chosen by hand is the customer too.
    expect(detectMapping(['Order', 'Email', 'Date', 'Total'], sample, { customer: '' }).mapping.customer).toBeUndefined();
    const chosen = detectMapping(
      ['Order', 'Email', 'Billing Email', 'Date', 'Total'],
      { ...sample, 'Billing Email': sample.Email },
      { email: 'Billing Email' },
    );
    expect(chosen.mapping).toMatchObject({ customer: 'Billing Email', email: 'Billing Email' });
  });

  it('does not give a role to a mostly empty column over a filled one whose header fits it too', () => {
    // 40 sampled lines: the filled column's values are one word each (no text share), the sparse
    // column's values are phrases, a better fit taken alone.
    const n = 40;
    const sparse = (v: string, every: number) => Array.from({ length: n }, (_, i) => (i % every === 0 ? v : null));
    const words = Array.from({ length: n }, (_, i) => ['Hoodie', 'Beanie', 'Socks', 'Scarf'][i % 4]!);
    const base = {
      Order: Array.from({ length: n }, (_, i) => String(1000 + (i >> 1))),
      Customer: Array.from({ length: n }, (_, i) => `C${i % 7}`),
      Date: Array.from({ length: n }, (_, i) => `2024-03-${String(1 + (i % 28)).padStart(2, '0')}`),
      Qty: Array.from({ length: n }, (_, i) => String(1 + (i % 3))),
      Price: Array.from({ length: n }, (_, i) => `${9 + (i % 5)}.99`),
    };
    const notes = detectMapping([...Object.keys(base), 'Item', 'Item Note'], { ...base, Item: words, 'Item Note': sparse('gift wrap please', 10) });
    expect(notes.mapping.description).toBe('Item');
    const slots = detectMapping([...Object.keys(base), 'Item 1', 'Item 2'], { ...base, 'Item 1': words, 'Item 2': sparse('tropical fruit', 20) });
    expect(slots.mapping.description).toBe('Item 1');
    // A fifth filled counts in full: the better fit wins, as before.
    const half = detectMapping([...Object.keys(base), 'Item', 'Item Name'], {
      ...base,
      Item: words,
      'Item Name': Array.from({ length: n }, (_, i) => (i % 5 ? null : `Blue ${words[i]}`)),
    });
    expect(half.mapping.description).toBe('Item Name');
  });

  it('takes no quantity from a header holding "count" inside another word (Discounts, Account, Country); an item count is one', () => {
    const n = 20;
    const sample = {
      Order: Array.from({ length: n }, (_, i) => String(1000 + i)),
      Date: Array.from({ length: n }, (_, i) => `2024-03-${String(1 + (i % 28)).padStart(2, '0')}`),
      Total: Array.from({ length: n }, (_, i) => `${20 + i}.50`),
      // Whole numbers, as a quantity's would be.
      Discounts: Array.from({ length: n }, (_, i) => String(i % 3)),
      'Account No': Array.from({ length: n }, (_, i) => String(4000 + (i % 2))),
    };
    const m = detectMapping(Object.keys(sample), sample);
    expect(m.mapping.quantity).toBeUndefined();
    const counted = detectMapping([...Object.keys(sample), 'Item count'], {
      ...sample,
      'Item count': Array.from({ length: n }, (_, i) => String(1 + (i % 4))),
    });
    expect(counted.mapping.quantity).toBe('Item count');
  });

  it("an order's value, status or date is no order number; a discount's or tax's amount no sale's; a payment method no product", () => {
    // An order-level export of no known layout (Etsy's sold orders, its header cut): every order
    // id distinct, the order values repeating, so "Order Value" outscored "Order ID" as the
    // number, and "Discount Amount" was the line total (revenue 0.00).
    const n = 12;
    const sample = {
      'Sale Date': Array.from({ length: n }, (_, i) => `12/${String(1 + i).padStart(2, '0')}/24`),
      'Order ID': Array.from({ length: n }, (_, i) => String(3412345000 + i * 7)),
      Buyer: Array.from({ length: n }, (_, i) => `buyer${i % 5}`),
      'Payment Method': Array.from({ length: n }, () => 'Etsy Payments'),
      'Order Value': Array.from({ length: n }, (_, i) => ['18.99', '37.98', '25.00'][i % 3]!),
      'Discount Amount': Array.from({ length: n }, (_, i) => (i % 4 ? '0' : '1.90')),
      'Sales Tax': Array.from({ length: n }, (_, i) => (i % 2 ? '0' : '1.50')),
      'Order Status': Array.from({ length: n }, () => 'Completed'),
    };
    const m = detectMapping(Object.keys(sample), sample);
    expect(m.mapping).toMatchObject({ invoice: 'Order ID', customer: 'Buyer', date: 'Sale Date', line_total: 'Order Value' });
    expect(m.mapping.description).toBeUndefined();
    expect(Object.values(m.mapping)).not.toContain('Discount Amount');
    expect(Object.values(m.mapping)).not.toContain('Sales Tax');
    // A total with its tax in it is the sale's.
    const withTax = detectMapping(['Order ID', 'Date', 'Total incl. tax'], {
      'Order ID': ['A1', 'A2', 'A3'],
      Date: ['2024-03-01', '2024-03-02', '2024-03-03'],
      'Total incl. tax': ['12.00', '30.50', '7.25'],
    });
    expect(withTax.mapping.line_total).toBe('Total incl. tax');
    // An Australian "tax invoice" is the invoice.
    const gst = detectMapping(['Tax Invoice Number', 'Date', 'Amount'], {
      'Tax Invoice Number': ['INV-0001', 'INV-0002', 'INV-0002'],
      Date: ['2024-03-01', '2024-03-02', '2024-03-02'],
      Amount: ['12.00', '30.50', '7.25'],
    });
    expect(gst.mapping.invoice).toBe('Tax Invoice Number');
  });

  it("a discount's, a delivery's, a fee's, a refund's, a tip's or a tax's amount is no sale's in the other languages shops write either", () => {
    // A German till's "Rabattbetrag" was the line total beside Menge and Einzelpreis: revenue 1.50, not 23.00, without a word.
    const n = 12;
    const lines = {
      Belegnummer: Array.from({ length: n }, (_, i) => `B${100 + i}`),
      Datum: Array.from({ length: n }, (_, i) => `${String(1 + i).padStart(2, '0')}.03.2025`),
      Kundennummer: Array.from({ length: n }, (_, i) => `K${i % 4}`),
      Menge: Array.from({ length: n }, (_, i) => String(1 + (i % 3))),
      Einzelpreis: Array.from({ length: n }, (_, i) => ['4,50', '7,00', '12,90'][i % 3]!),
    };
    const small = Array.from({ length: n }, (_, i) => (i % 3 ? '0,00' : '1,50'));
    for (const header of [
      'Rabattbetrag',
      'Nachlass',
      'Versandkosten',
      'Frais de port',
      'Remise',
      'Gastos de envío',
      'Importe descuento',
      'Sconto',
      'Spese di spedizione',
      'Kortingsbedrag',
      'Verzendkosten',
      'Valor do frete',
      'Kwota rabatu',
      'Koszt wysyłki',
      'Sleva',
      'Popust',
      'Diskon',
      'Ongkos Kirim',
      'Rabattbelopp',
      'Fraktkostnad',
      'Alennus',
      'Gebühr',
      'Rückerstattung',
      'Trinkgeld',
      'Propina',
      'Gutschein',
      'Pfand',
      'MwSt-Betrag',
      'Importe IVA',
      'Montant TVA',
      'Momsbelopp',
    ]) {
      const m = detectMapping([...Object.keys(lines), header], { ...lines, [header]: small }).mapping;
      expect([m.line_total, m.unit_price], header).toEqual([undefined, 'Einzelpreis']);
    }
    // The sale's own amounts stay, "Importe" and "Importo" among them ("porto" and "port" are inside them).
    for (const header of ['Importe', 'Importo', 'Importe total', 'Betrag', 'Gesamtbetrag', 'Montant TTC', 'Total IVA incluido', 'Wartość brutto', 'Totaal'])
      expect(detectMapping([...Object.keys(lines), header], { ...lines, [header]: lines.Einzelpreis }).mapping.line_total, header).toBe(header);
  });

  it("a customer's note, kind or group is not the customer; a customer column empty in the sample gives way to the name or email", () => {
    // An order export plugin's columns (WooCommerce's "Advanced Order Export"): the empty
    // "Customer Note" took the customer, so every line was left out as having none.
    const n = 6;
    const sample = {
      'Order Number': Array.from({ length: n }, (_, i) => String(1001 + (i >> 1))),
      'Order Date': Array.from({ length: n }, (_, i) => `2024-03-0${1 + (i >> 1)} 10:12`),
      'Customer Note': Array.from({ length: n }, (_, i) => (i === 3 ? 'Please gift wrap' : '')),
      'Email (Billing)': Array.from({ length: n }, (_, i) => `buyer${i >> 1}@example.com`),
      'Item Name': Array.from({ length: n }, (_, i) => ['Mug', 'Bowl', 'Plate'][i % 3]!),
      Quantity: Array.from({ length: n }, () => '1'),
      'Item Price': Array.from({ length: n }, () => '12.00'),
    };
    const m = detectMapping(Object.keys(sample), sample);
    expect(m.mapping).toMatchObject({ customer: 'Email (Billing)', email: 'Email (Billing)' });
    expect(Object.values(m.mapping)).not.toContain('Customer Note');
    // A customer id column empty throughout the sample (guest checkouts): the email is who bought.
    const guests = { ...sample, 'Customer Note': sample['Customer Note'].map(() => ''), 'Customer ID': sample['Customer Note'].map(() => '') };
    expect(detectMapping(Object.keys(guests), guests).mapping.customer).toBe('Email (Billing)');
    // Mapped by hand, it stays.
    expect(detectMapping(Object.keys(guests), guests, { customer: 'Customer ID' }).mapping.customer).toBe('Customer ID');
    // Without an email either, the phone number is who bought.
    const { 'Email (Billing)': _, ...byPhone } = { ...guests, 'Phone (Billing)': sample['Email (Billing)'].map((_, i) => `+44 7700 90000${i >> 1}`) };
    expect(detectMapping(Object.keys(byPhone), byPhone).mapping).toMatchObject({ customer: 'Phone (Billing)', phone: 'Phone (Billing)' });
    // A customer's kind (WooCommerce Analytics: "new" or "returning"), group or spend is no customer:
    // read as one, every buyer was one of two "customers".
    for (const header of ['Customer type', 'Customer Group', 'Customer Total Spent', 'Kundengruppe']) {
      const kinds = {
        'Order #': sample['Order Number'],
        [header]: sample['Order Number'].map((_, i) => (i % 2 ? 'returning' : 'new')),
        Customer: sample['Order Number'].map((_, i) => `Buyer ${i >> 1}`),
      };
      expect(detectMapping(Object.keys(kinds), kinds).mapping.customer, header).not.toBe(header);
    }
  });

  it('a bare "Name" alike on each buyer\'s lines, beside a column headed as the product, is not the product', () => {
    // An order form's responses: "Name" is the buyer's, and its values (two words) read as product
    // names better than the one-word products do.
    const sample = {
      Timestamp: ['3/1/2024 10:12:45', '3/1/2024 10:13:02', '3/2/2024 18:40:10', '3/9/2024 09:05:00'],
      'Email Address': ['ann@example.com', 'ann@example.com', 'bo@example.com', 'ann@example.com'],
      Name: ['Ann Lee', 'Ann Lee', 'Bo Diaz', 'Ann Lee'],
      Product: ['Sourdough', 'Croissant', 'Sourdough', 'Sourdough'],
      Quantity: ['2', '4', '1', '1'],
      Total: ['12.00', '10.00', '6.00', '6.00'],
    };
    expect(detectMapping(Object.keys(sample), sample).mapping).toMatchObject({ description: 'Product', customer: 'Email Address' });
    // Without such a column, "Name" is the product's, as in a product list.
    const { Product: _, ...named } = sample;
    expect(detectMapping(Object.keys(named), named).mapping.description).toBe('Name');
    // A product's name beside its code ("Item"): it varies within a customer's lines, so it is the product's.
    const coded = {
      Invoice: ['I1', 'I1', 'I2', 'I3'],
      Customer: ['c1', 'c1', 'c2', 'c1'],
      Item: ['A100', 'A200', 'A100', 'A100'],
      Name: ['Steel Tumbler', 'Copper Bottle', 'Steel Tumbler', 'Steel Tumbler'],
      Qty: ['2', '1', '1', '3'],
      Price: ['4.50', '35.00', '4.50', '4.50'],
    };
    expect(detectMapping(Object.keys(coded), coded).mapping.description).toBe('Name');
  });

  it("an order's, a buyer's or a cashier's name is not the product's", () => {
    // Shopify's sales report with its order name: "#1001" took the product, beside "Product title".
    const sample = {
      'Order ID': ['5551', '5551', '5552', '5553'],
      'Order name': ['#1001', '#1001', '#1002', '#1003'],
      'Customer ID': ['9001', '9001', '9002', '9001'],
      'Product title': ['Mug', 'Bowl', 'Plate', 'Plate'],
      'Net quantity': ['2', '1', '3', '1'],
      'Gross sales': ['24.00', '12.00', '30.00', '10.00'],
    };
    expect(detectMapping(Object.keys(sample), sample).mapping).toMatchObject({ invoice: 'Order ID', description: 'Product title' });
    for (const header of ['Billing Name', 'Cashier name', 'Customer Name']) {
      const named = { Receipt: ['R1', 'R1', 'R2'], [header]: ['Ann Lee', 'Ann Lee', 'Bo Diaz'], Qty: ['1', '2', '1'], Amount: ['3.00', '7.00', '2.50'] };
      expect(detectMapping(Object.keys(named), named).mapping.description, header).toBeUndefined();
    }
    // An item ordered is still the product.
    const ordered = { Order: ['1', '1', '2'], 'Item Ordered': ['Mug', 'Bowl', 'Mug'], Qty: ['1', '2', '1'] };
    expect(detectMapping(Object.keys(ordered), ordered).mapping.description).toBe('Item Ordered');
  });

  it("an order export's email, not the name, is the customer; its product_sku the product code", () => {
    // Ecwid-like order lines: "customer_name" beside "customer_email" (the order's total is set
    // aside by the data it holds: test/engine/io/order-totals.test.ts).
    const sample = {
      order_number: ['101', '101', '102', '103'],
      order_total: ['52.00', '52.00', '34.00', '16.00'],
      order_date: ['2024-02-01 10:00:00', '2024-02-01 10:00:00', '2024-02-03 12:00:00', '2024-02-09 09:00:00'],
      customer_email: ['ann@example.com', 'ann@example.com', 'bo@example.com', 'ann@example.com'],
      customer_name: ['Ann Lee', 'Ann Lee', 'Bo Diaz', 'Ann Lee'],
      product_sku: ['MUG-1', 'BWL-2', 'PLT-3', 'MUG-1'],
      product_name: ['Mug', 'Bowl', 'Plate', 'Mug'],
      product_price: ['12.00', '24.00', '10.00', '12.00'],
      product_quantity: ['2', '1', '3', '1'],
    };
    const m = detectMapping(Object.keys(sample), sample).mapping;
    expect(m).toMatchObject({
      customer: 'customer_email',
      full_name: 'customer_name',
      sku: 'product_sku',
      unit_price: 'product_price',
      quantity: 'product_quantity',
    });
    // Without an email, the name is the customer, as before.
    const { customer_email: __, ...noEmail } = sample;
    expect(detectMapping(Object.keys(noEmail), noEmail).mapping.customer).toBe('customer_name');
  });

  it("takes the price, not the shop's cost, beside it; a cost alone is the price", () => {
    const q = col('2', '1', '3', '1');
    const costFirst = {
      Quantity: q,
      'Unit Cost': col('4.00', '6.00', '2.00', '4.00'),
      'Unit Price': col('10.00', '15.00', '5.00', '10.00'),
    };
    expect(detectMapping(Object.keys(costFirst), costFirst).mapping.unit_price).toBe('Unit Price');
    const french = { Quantité: q, "Prix d'achat": col('4,00', '6,00', '2,00', '4,00'), 'Prix de vente': col('10,00', '15,00', '5,00', '10,00') };
    expect(detectMapping(Object.keys(french), french).mapping.unit_price).toBe('Prix de vente');
    const totals = {
      Qty: q,
      Price: col('10.00', '15.00', '5.00', '10.00'),
      'Total Cost': col('8.00', '6.00', '6.00', '4.00'),
      Total: col('20.00', '15.00', '15.00', '10.00'),
    };
    expect(detectMapping(Object.keys(totals), totals).mapping).toMatchObject({ unit_price: 'Price', line_total: 'Total' });
    // A spreadsheet's "Units, Unit Cost, Total": its cost is what the customer paid.
    const sheet = { Units: q, 'Unit Cost': col('1.99', '19.99', '4.99', '1.99'), Total: col('3.98', '19.99', '14.97', '1.99') };
    expect(detectMapping(Object.keys(sheet), sheet).mapping.unit_price).toBe('Unit Cost');
    // Chosen by hand, as chosen.
    expect(detectMapping(Object.keys(costFirst), costFirst, { unit_price: 'Unit Cost' }).mapping.unit_price).toBe('Unit Cost');
    // A purchase's amount is the customer's: it stays the line's total beside the order's.
    const purchase = {
      Invoice: col('1', '1', '2', '3'),
      Qty: q,
      Price: col('10.00', '15.00', '5.00', '10.00'),
      'Purchase Amount': col('20.00', '15.00', '15.00', '10.00'),
      'Order Total': col('35.00', '35.00', '15.00', '10.00'),
    };
    expect(detectMapping(Object.keys(purchase), purchase).mapping.line_total).toBe('Purchase Amount');
  });

  it('reads "Qty Sold" as the quantity, never a quantity returned beside it', () => {
    const sample = {
      Invoice: col('I-1', 'I-1', 'I-2', 'I-3'),
      Item: col('Mug', 'Bowl', 'Plate', 'Mug'),
      'Qty Sold': col('2', '1', '3', '1'),
      'Qty Returned': col('0', '1', '0', '0'),
      'Unit Price': col('10.00', '15.00', '5.00', '10.00'),
    };
    expect(detectMapping(Object.keys(sample), sample).mapping.quantity).toBe('Qty Sold');
    const returnedFirst = { 'Returned Quantity': sample['Qty Returned'], 'Ordered Qty': sample['Qty Sold'], Price: sample['Unit Price'] };
    expect(detectMapping(Object.keys(returnedFirst), returnedFirst).mapping.quantity).toBe('Ordered Qty');
  });

  it("knows a line's extended price and a till's short quantity headers; a profit or margin is never the sale", () => {
    const base = { Invoice: col('I-1', 'I-1', 'I-2', 'I-3'), Item: col('Mug', 'Bowl', 'Plate', 'Mug') };
    const qty = col('2', '1', '3', '1');
    const lines = col('20.00', '15.00', '15.00', '10.00');
    for (const total of ['Extended Price', 'Ext Price', 'Turnover', 'Net', 'Gross']) {
      const s = { ...base, Qty: qty, [total]: lines };
      expect(detectMapping(Object.keys(s), s).mapping, total).toMatchObject({ quantity: 'Qty', line_total: total });
    }
    for (const q of ['Sales Qty', 'Shipped Qty', 'Sold', 'No. of Items', 'Nos', 'Stk', 'Anz.', 'Kol.']) {
      const s = { ...base, [q]: qty, Price: col('10.00', '15.00', '5.00', '10.00') };
      expect(detectMapping(Object.keys(s), s).mapping.quantity, q).toBe(q);
    }
    const xero = { ...base, Quantity: qty, 'Unit Amount': col('10.00', '15.00', '5.00', '10.00') };
    expect(detectMapping(Object.keys(xero), xero).mapping.unit_price).toBe('Unit Amount');
    for (const profit of ['Gross Profit', 'Gross Margin', 'Marge', 'Profit']) {
      const s = { ...base, Qty: qty, Price: col('10.00', '15.00', '5.00', '10.00'), [profit]: col('12.00', '9.00', '9.00', '6.00') };
      const m = detectMapping(Object.keys(s), s).mapping;
      expect(m.line_total, profit).toBeUndefined();
      expect(m.unit_price, profit).toBe('Price');
    }
  });

  it('reads "Sold To" as the buyer and "Gross Weight" as no amount: a short synonym names its role only as the whole header', () => {
    const lines = {
      'Invoice No': col('5001', '5002', '5003', '5004'),
      'Sold To': col('10023', '10024', '10023', '10025'),
      'Date Sold': col('2024-03-01', '2024-03-02', '2024-03-09', '2024-03-10'),
      Item: col('Mug', 'Plate', 'Mug', 'Bowl'),
      Qty: col('2', '3', '1', '1'),
      'Unit Price': col('10.00', '5.00', '10.00', '12.00'),
      'Gross Weight': col('1.2', '2.5', '0.6', '0.8'),
    };
    const m = detectMapping(Object.keys(lines), lines).mapping;
    expect(m).toMatchObject({ customer: 'Sold To', date: 'Date Sold', quantity: 'Qty', unit_price: 'Unit Price' });
    expect(m.line_total).toBeUndefined();
    for (const weight of ['Net Weight', 'Peso neto', 'Gewicht']) {
      const s = { Item: lines.Item, Qty: lines.Qty, Price: lines['Unit Price'], [weight]: lines['Gross Weight'] };
      expect(detectMapping(Object.keys(s), s).mapping.line_total, weight).toBeUndefined();
    }
    // A billing document export as SAP writes its headers.
    const sap = {
      'Billing Document': col('90000001', '90000002', '90000003', '90000004'),
      'Sold-to party': col('100234', '100235', '100234', '100236'),
      'Billing Date': col('01.03.2024', '02.03.2024', '09.03.2024', '10.03.2024'),
      'Material Number': col('MAT-1', 'MAT-2', 'MAT-1', 'MAT-3'),
      'Billed Quantity': col('2', '3', '1-', '1'),
      'Net Value': col('20,00', '15,00', '10,00-', '1.250,00'),
    };
    expect(detectMapping(Object.keys(sap), sap).mapping).toEqual({
      invoice: 'Billing Document',
      customer: 'Sold-to party',
      date: 'Billing Date',
      sku: 'Material Number',
      quantity: 'Billed Quantity',
      line_total: 'Net Value',
    });
    // SAP's payer or business partner, and the accounts' debtor ("Debitor"), are the customer where
    // no sold-to party is given; a payer's or debtor's name is not its key.
    const { 'Sold-to party': soldTo, ...billing } = sap;
    for (const header of ['Payer', 'Payer ID', 'Business Partner', 'Debitor', 'Debitorennummer']) {
      const file = { ...billing, [header]: soldTo };
      expect(detectMapping(Object.keys(file), file).mapping.customer, header).toBe(header);
    }
    for (const header of ['Payer Name', 'Debitorname']) {
      const file = { ...billing, [header]: col('Ann Lee', 'Bo Ray', 'Ann Lee', 'Cy Odoi') };
      expect(detectMapping(Object.keys(file), file).mapping.customer, header).toBeUndefined();
    }
  });

  it("takes a group of customers, taxes, prices or deliveries for no product's category", () => {
    const groups = col('Retail', 'Wholesale', 'Retail', 'Retail');
    const category = (header: string) => detectMapping([...Object.keys(FOUR_LINES), header], { ...FOUR_LINES, [header]: groups }).mapping.category;
    const others = [
      'Customer Group',
      'Customer Category',
      'Tax Group',
      'Age Group',
      'Price Group',
      'Payment Group',
      'Shipping Group',
      'Discount Group',
      'Target Group',
      'Sales Group',
      'Account Group',
    ];
    for (const header of others) expect(category(header), header).toBeUndefined();
    for (const header of ['Category', 'Department', 'Product Group', 'Product Family', 'Sales Category', 'Warengruppe', 'Rayon'])
      expect(category(header), header).toBe(header);
  });

  it("SAP's bare 'Material' is the product's code where its values are codes with digits, never a fabric", () => {
    const { Item: _, ...lines } = FOUR_LINES;
    for (const codes of [
      col('100234', '100235', '100234', '100236'),
      col('MAT-1', 'MAT-2', 'MAT-1', 'MAT-3'),
      col('000000000000100234', 'A-17/2', 'X1.5', 'M1'),
    ]) {
      const s = { ...lines, Material: codes };
      const r = detectMapping(Object.keys(s), s);
      expect(r.mapping.sku).toBe('Material');
      expect(r.confidence.sku).toBe(1);
    }
    // A garment's fabric beside the product: not the product's code, whatever else is in the file.
    for (const fabric of [col('Cotton', 'Wool', 'Cotton', 'Linen'), col('100% cotton', '80% wool', 'Cotton', 'Silk'), col('Cotton', 'C100', 'Wool', 'Linen')]) {
      const s = { ...FOUR_LINES, Material: fabric };
      const m = detectMapping(Object.keys(s), s).mapping;
      expect(m.sku).toBeUndefined();
      expect(m.description).toBe('Item');
      const alone = { ...lines, Material: fabric };
      expect(detectMapping(Object.keys(alone), alone).mapping.sku).toBeUndefined();
    }
  });

  it("eBay's 'Sold For', in a seller's own copy of its report (no known layout), is the unit price by its header, not guessed from its values", () => {
    const s = {
      'Sales Record Number': col('1', '2', '3', '4'),
      'Buyer Username': col('ann1', 'bob2', 'ann1', 'cid3'),
      'Sale Date': col('Mar-01-25', 'Mar-02-25', 'Mar-05-25', 'Mar-06-25'),
      'Item Title': col('Mug', 'Cup', 'Cup', 'Bowl'),
      Quantity: col('2', '1', '1', '3'),
      'Sold For': col('$5.00', '$3.00', '$3.00', '$4.50'),
    };
    const r = detectMapping(Object.keys(s), s);
    expect(r.mapping.unit_price).toBe('Sold For');
    expect(r.confidence.unit_price).toBe(1);
    expect(guessedAmountWarnings(r)).toEqual([]);
  });

  it("a sales document's number and a count are never the lines' amounts, though 'sales' and 'total' are in their headers", () => {
    const { Invoice: _, ...lines } = FOUR_LINES;
    const numbers = col('50001', '50002', '50003', '50004');
    for (const header of ['Sales Order', 'Sales Order No', 'Sales Invoice No', 'Sales Doc']) {
      const s = { [header]: numbers, ...lines };
      const m = detectMapping(Object.keys(s), s).mapping;
      expect(m.line_total, header).toBeUndefined();
      expect(m.invoice, header).toBe(header);
    }
    // eBay's order number, in a seller's own copy of its report (no known layout): the invoice.
    const ebay = { 'Sales Record Number': numbers, ...lines };
    expect(detectMapping(Object.keys(ebay), ebay).mapping.line_total).toBeUndefined();
    expect(detectMapping(Object.keys(ebay), ebay).mapping.invoice).toBe('Sales Record Number');
    for (const header of ['Total Qty', 'Total Items', 'Total Units']) {
      const { Qty, ...rest } = lines;
      const s = { Invoice: numbers, ...rest, [header]: Qty };
      const m = detectMapping(Object.keys(s), s).mapping;
      expect(m.line_total, header).toBeUndefined();
      expect(m.quantity, header).toBe(header);
    }
    // An invoice's total is an amount, whichever word comes first.
    for (const header of ['Total factura', 'Montant facture', 'Invoice Total']) {
      const s = { Factura: col('F1', 'F2', 'F3', 'F4'), Fecha: lines.Date, Cliente: lines.Customer, [header]: col('20.00', '15.00', '10.00', '12.00') };
      expect(detectMapping(Object.keys(s), s).mapping.line_total, header).toBe(header);
    }
  });

  it('a column beside the lines never takes a role for a synonym inside its header that names something else', () => {
    const n = 8;
    const base: Record<string, (string | null)[]> = {
      Invoice: Array.from({ length: n }, (_, i) => String(7001 + Math.floor(i / 2))),
      Date: Array.from({ length: n }, (_, i) => `2024-03-${String(1 + i).padStart(2, '0')}`),
      Email: Array.from({ length: n }, (_, i) => `c${i % 3}@example.com`),
      Item: Array.from({ length: n }, (_, i) => ['Mug', 'Plate', 'Bowl', 'Cup'][i % 4]!),
      Qty: Array.from({ length: n }, (_, i) => String(1 + (i % 3))),
      Price: Array.from({ length: n }, (_, i) => ['10.00', '5.00', '12.50', '3.99'][i % 4]!),
    };
    const ids = Array.from({ length: n }, (_, i) => String(50001 + i));
    const words = Array.from({ length: n }, (_, i) => ['North', 'South', 'East Side', 'West'][i % 4]!);
    const money = Array.from({ length: n }, (_, i) => ['20.00', '5.00', '37.50', '3.99'][i % 4]!);
    const without = (c: string) => Object.fromEntries(Object.entries(base).filter(([k]) => k !== c));
    // [header, its values, the base column left out so the role is free]
    const cases: [string, (string | null)[], string | undefined][] = [
      ['Sales Rep', ids, undefined],
      ['Salesperson', ids, undefined],
      ['Sales Channel', ids, undefined],
      ['Total Spent', money, undefined],
      ['Average Order Value', money, undefined],
      ['Amount Due', money, undefined],
      ['Outstanding Balance', money, undefined],
      ['Tax 1 Value', money, undefined],
      ['Total Orders', money, undefined],
      ['Running Total', money, undefined],
      ['YTD Sales', money, undefined],
      ['Sales Target', money, undefined],
      ['Last Year Sales', money, undefined],
      ['Payment Reference', ids, undefined],
      ['My Item Note', words, undefined],
      ['Line Item ID', ids, undefined],
      ['Member Price', money, 'Email'],
      ['Member Points', ids, 'Email'],
      ['Reorder Level', ids, 'Invoice'],
      ['Manufacturer', words, 'Invoice'],
      ['Order Source', words, 'Invoice'],
      ['Basket Size', ids, 'Invoice'],
      ['Order Line', ids, 'Invoice'],
      ['Store Name', words, 'Item'],
      ['Company Name', words, 'Item'],
      ['Tax 1 Name', words, 'Item'],
      ['Ship To Name', words, 'Item'],
    ];
    for (const [header, values, free] of cases) {
      const s = { ...(free ? without(free) : base), [header]: values };
      const m = detectMapping(Object.keys(s), s).mapping;
      const taken = Object.entries(m).filter(([r, c]) => c === header && r !== 'category' && r !== 'country' && r !== 'full_name');
      expect(taken, header).toEqual([]);
    }
    // A birthday or a customer's first purchase is no order's date: the order's, headed otherwise, is read from its values.
    for (const header of ['Date of Birth', 'Geburtsdatum', 'Customer Since', 'First Order Date', 'Due Date', 'Expiry Date']) {
      const { Date: when, ...rest } = base;
      const s = { When: when!, ...rest, [header]: Array.from({ length: n }, (_, i) => `19${70 + i}-01-02`) };
      expect(detectMapping(Object.keys(s), s).mapping.date, header).toBe('When');
    }
    const posted = { ...without('Date'), Posted: base.Date!, 'Date of Birth': Array.from({ length: n }, (_, i) => `19${70 + i}-01-02`) };
    expect(detectMapping(Object.keys(posted), posted).mapping.date).toBe('Posted');
    // A product's kind (Magento's simple or configurable) is not its name.
    const typed = { ...without('Item'), 'Product Type': words };
    expect(detectMapping(Object.keys(typed), typed).mapping.description).toBeUndefined();
  });

  it('beside the price paid, a price asked before a discount is not the unit price; alone it is', () => {
    const { Price: _, ...lines } = FOUR_LINES;
    const asked = col('12.00', '6.00', '12.00', '15.00');
    const paid = col('10.00', '5.00', '10.00', '12.00');
    for (const [list, sale] of [
      ['Regular Price', 'Sale Price'],
      ['List Price', 'Net Price'],
      ['Original Price', 'Discounted Price'],
      ['Was Price', 'Now Price'],
      ['MSRP', 'Selling Price'],
      ['UVP', 'Verkaufspreis'],
    ]) {
      const s = { ...lines, [list!]: asked, [sale!]: paid };
      expect(detectMapping(Object.keys(s), s).mapping.unit_price, list).toBe(sale);
    }
    const alone = { ...lines, 'List Price': asked };
    expect(detectMapping(Object.keys(alone), alone).mapping.unit_price).toBe('List Price');
  });

  it('a quantity headed with a short word before or after is read; stock, a pack size or an order limit never is', () => {
    const { Qty: units, ...lines } = FOUR_LINES;
    for (const header of ['Qty Shipped', 'Order Qty', 'Invoice Qty', 'Qty (pcs)', 'Qty Delivered', 'Items Sold', 'Number Sold']) {
      const s = { ...lines, [header]: units };
      expect(detectMapping(Object.keys(s), s).mapping, header).toMatchObject({ invoice: 'Invoice', quantity: header });
    }
    for (const header of [
      'Quantity Available',
      'Units in Stock',
      'Stock Units',
      'Qty on Hand',
      'Case Qty',
      'Pack Size',
      'Min Qty',
      'Reorder Qty',
      'Lagerbestand',
    ]) {
      const s = { ...lines, [header]: col('14', '3', '12', '40') };
      expect(detectMapping(Object.keys(s), s).mapping.quantity, header).toBeUndefined();
    }
  });

  it("a customer's town, country, postcode, phone, address, first purchase or account manager is never the customer", () => {
    const { Customer: _, ...lines } = FOUR_LINES;
    const base = { ...lines, Email: col('ann@x.com', 'bob@x.com', 'ann@x.com', 'cat@x.com') };
    const attributes: Record<string, ReturnType<typeof col>> = {
      'Customer City': col('Leeds', 'York', 'Leeds', 'Leeds'),
      'Customer Country': col('UK', 'FR', 'UK', 'UK'),
      'Customer Postcode': col('LS1 4AP', 'YO1 7HH', 'LS1 4AP', 'LS2 9JT'),
      'Customer Phone': col('07700 900123', '07700 900456', '07700 900123', '07700 900789'),
      'Customer Address': col('1 High St', '2 Low Rd', '1 High St', '3 Mid Ln'),
      'Customer Since': col('2023-01-05', '2022-06-01', '2023-01-05', '2024-03-10'),
      'Account Manager': col('Jane', 'Tom', 'Jane', 'Jane'),
      'Buyer State': col('NY', 'CA', 'NY', 'NY'),
    };
    for (const [header, values] of Object.entries(attributes)) {
      const s = { ...base, [header]: values };
      expect(detectMapping(Object.keys(s), s).mapping.customer, header).toBe('Email');
    }
    const where = { ...base, 'Customer City': attributes['Customer City']!, 'Customer Country': attributes['Customer Country']! };
    expect(detectMapping(Object.keys(where), where).mapping).toMatchObject({ city: 'Customer City', country: 'Customer Country' });
    // Without an email, a phone headed as the customer's is still their key.
    const { Email: _email, ...byPhone } = { ...base, 'Customer Phone': attributes['Customer Phone']! };
    expect(detectMapping(Object.keys(byPhone), byPhone).mapping.customer).toBe('Customer Phone');
  });

  it('takes manual overrides as they are and refuses unknown columns', () => {
    const r = detectMapping(['x', 'Customer'], { x: col('1'), Customer: col('5') }, { customer: 'x' });
    expect(r.mapping.customer).toBe('x');
    expect(r.manual.customer).toBe(true);
    expect(() => detectMapping(['x'], {}, { customer: 'nope' })).toThrow(/no such column/);
  });

  it('states what each analysis still needs', () => {
    expect(missingRoles({ invoice: 'a', date: 'b', sku: 'c' }, 'rfm')).toEqual([
      'customer',
      'unit_price (with quantity where a line holds several units), or line_total',
    ]);
    expect(missingRoles({ invoice: 'a', description: 'b' }, 'baskets')).toEqual([]);
  });

  it('never maps one column twice (but an email column that is the customer too) or one role twice (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 12 }),
        fc.array(fc.string(), { maxLength: 20 }),
        (cols, vals) => {
          const sample = Object.fromEntries(cols.map((c) => [c, vals]));
          const r = detectMapping(cols, sample);
          const { customer, ...others } = r.mapping;
          const used = [...Object.values(others), ...(customer !== undefined && customer !== r.mapping.email ? [customer] : [])];
          expect(new Set(used).size).toBe(used.length);
          for (const c of used) expect(cols).toContain(c);
          for (const v of Object.values(r.confidence)) expect(v).toBeGreaterThan(0);
        },
      ),
    );
  });
});

describe('detectDateFormat', () => {
  it('recognises ISO with and without time and offset', () => {
    expect(detectDateFormat(['2023-01-02', '2023-01-03T10:00:00+02:00', '2023-01-04 10:00'])?.order).toBe('iso');
  });
  it('decides dd/mm versus mm/dd from the data and flags the truly ambiguous', () => {
    expect(detectDateFormat(['13/01/2023', '02/01/2023'])).toMatchObject({ order: 'dmy', ambiguous: false });
    expect(detectDateFormat(['01/13/2023', '01/02/2023'])).toMatchObject({ order: 'mdy', ambiguous: false });
    expect(detectDateFormat(['01/02/2023', '03/04/2023'])).toMatchObject({ order: 'dmy', ambiguous: true });
    expect(detectDateFormat(['01/02/2023'], { first: 5, second: 25 })).toMatchObject({ order: 'mdy', ambiguous: false });
    expect(detectDateFormat(['01.02.2023 10:15', '24.12.2023 08:00'])).toMatchObject({ order: 'dmy', separator: '.' });
  });
  it('recognises Excel serials and refuses text', () => {
    expect(detectDateFormat(['44927', '44928.5'])?.order).toBe('excel_serial');
    expect(detectDateFormat(['hello', 'world'])).toBeUndefined();
  });
});

describe('number formats', () => {
  it('detects decimal comma and thousands separators', () => {
    // The decimal mark shown, the other one groups thousands.
    expect(detectNumberFormat(['1,50', '2,25'])).toMatchObject({ decimal: ',', thousands: '.' });
    expect(detectNumberFormat(['1.234,56', '2,5'])).toMatchObject({ decimal: ',', thousands: '.' });
    expect(detectNumberFormat(['1,234.56', '2.5'])).toMatchObject({ decimal: '.', thousands: ',' });
    expect(detectNumberFormat(['1 234,56'])).toMatchObject({ decimal: ',', thousands: ' ' });
    expect(detectNumberFormat(['2.55', '3'])).toMatchObject({ decimal: '.', thousands: ',' });
    expect(detectNumberFormat(['3', '12'])).toMatchObject({ decimal: '.', thousands: ',' });
  });
  it('parses what it detects and rejects non-finite values', () => {
    expect(parseNumber('1.234,56', { decimal: ',', thousands: '.', symbols: false })).toBe(1234.56);
    expect(parseNumber('€ 1,50', { decimal: ',', thousands: '', symbols: true })).toBe(1.5);
    expect(parseNumber('1e309', { decimal: '.', thousands: '', symbols: false })).toBeNaN();
    expect(parseNumber('NaN', { decimal: '.', thousands: '', symbols: false })).toBeNaN();
    // A thousands mark counts only in well-formed groups: "1.5" where '.' groups is no number, not 15.
    expect(parseNumber('1.200', { decimal: ',', thousands: '.', symbols: false })).toBe(1200);
    expect(parseNumber('1,200', { decimal: '.', thousands: ',', symbols: false })).toBe(1200);
    expect(parseNumber('1.5', { decimal: ',', thousands: '.', symbols: false })).toBeNaN();
    expect(parseNumber('12,34.5', { decimal: '.', thousands: ',', symbols: false })).toBeNaN();
    expect(parseNumber('-1.234.567,8', { decimal: ',', thousands: '.', symbols: false })).toBe(-1234567.8);
    // Indian grouping (lakh, crore): groups of two before the last three.
    expect(parseNumber('₹1,23,456.78', { decimal: '.', thousands: ',', symbols: true })).toBe(123456.78);
    expect(parseNumber('1,00,00,000', { decimal: '.', thousands: ',', symbols: false })).toBe(10000000);
    expect(parseNumber('1,23', { decimal: '.', thousands: ',', symbols: false })).toBeNaN();
  });
});
