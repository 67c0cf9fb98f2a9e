import { beforeAll, describe, expect, it } from 'vitest';
import {
  CONTACT_ROLES,
  ROLES,
  defaultAnalysis,
  figureWarnings,
  implausibleWarnings,
  loadData,
  openDataset,
  type ColumnMapping,
  tableRows,
  type SqlPort,
} from '../../../engine/src/index.ts';
import { requireRoles } from '../../../engine/src/analysis/pipeline.ts';
import { inspectJson, inspectText } from '../../../engine/cli/inspect.ts';
import { openDb, textSource } from '../../helpers/engine.ts';

/**
 * One small order-line export per platform, built from the platform's documented column names,
 * loaded without any override. Each fixture's figures are recomputed here from the fixture's
 * own rows with the platform's documented meaning (which column is the order, the customer,
 * the price; what is written on an order's first line only), sharing no code with the engine.
 */

type Row = Record<string, string>;

interface RefLine {
  invoice: string;
  customer: string;
  quantity: number;
  amount: number;
  /** A line of an order the export marks cancelled or refunded (Shopify's and Squarespace's Cancelled at, Financial Status): not a sale. */
  cancelled?: boolean;
  /** The file's row holding the line, when lines are not rows (BigCommerce: a row per order, its products packed). */
  row?: number;
}

interface Platform {
  file: string;
  layout: string;
  delimiter: string;
  header: string[];
  rows: Row[];
  mapping: ColumnMapping;
  /** The lines as the platform documents them; a line with an empty customer is not a sale to count. */
  truth: (rows: Row[]) => RefLine[];
  dates?: { min: string; max: string };
}

function csvField(v: string, delimiter: string): string {
  return /["\r\n]/.test(v) || v.includes(delimiter) ? `"${v.replace(/"/g, '""')}"` : v;
}

function csvText(p: Platform): string {
  const lines = [p.header.map((h) => csvField(h, p.delimiter)).join(p.delimiter)];
  for (const r of p.rows) lines.push(p.header.map((h) => csvField(r[h] ?? '', p.delimiter)).join(p.delimiter));
  return `${lines.join('\r\n')}\r\n`;
}

const money = (v: string) => Number(v.replace(/[$€£,\s]/g, ''));

/** Plain line figures: the order, the customer, quantity × price. */
const simple =
  (invoice: string, customer: string, qty: string, price: string) =>
  (rows: Row[]): RefLine[] =>
    rows.map((r) => ({ invoice: r[invoice]!, customer: r[customer]!, quantity: Number(r[qty]), amount: Number(r[qty]) * money(r[price]!) }));

// Shopify: about 80 columns; Email, Phone and other order fields only on an order's first line.
const SHOPIFY_HEADER = [
  'Name',
  'Email',
  'Financial Status',
  'Paid at',
  'Fulfillment Status',
  'Fulfilled at',
  'Accepts Marketing',
  'Currency',
  'Subtotal',
  'Shipping',
  'Taxes',
  'Total',
  'Discount Code',
  'Discount Amount',
  'Shipping Method',
  'Created at',
  'Lineitem quantity',
  'Lineitem name',
  'Lineitem price',
  'Lineitem compare at price',
  'Lineitem sku',
  'Lineitem requires shipping',
  'Lineitem taxable',
  'Lineitem fulfillment status',
  'Billing Name',
  'Billing Street',
  'Billing Address1',
  'Billing Address2',
  'Billing Company',
  'Billing City',
  'Billing Zip',
  'Billing Province',
  'Billing Country',
  'Billing Phone',
  'Shipping Name',
  'Shipping Street',
  'Shipping Address1',
  'Shipping Address2',
  'Shipping Company',
  'Shipping City',
  'Shipping Zip',
  'Shipping Province',
  'Shipping Country',
  'Shipping Phone',
  'Notes',
  'Note Attributes',
  'Cancelled at',
  'Payment Method',
  'Payment Reference',
  'Refunded Amount',
  'Vendor',
  'Outstanding Balance',
  'Employee',
  'Location',
  'Device ID',
  'Id',
  'Tags',
  'Risk Level',
  'Source',
  'Lineitem discount',
  'Tax 1 Name',
  'Tax 1 Value',
  'Tax 2 Name',
  'Tax 2 Value',
  'Tax 3 Name',
  'Tax 3 Value',
  'Tax 4 Name',
  'Tax 4 Value',
  'Tax 5 Name',
  'Tax 5 Value',
  'Phone',
  'Receipt Number',
  'Duties',
  'Billing Province Name',
  'Shipping Province Name',
  'Payment ID',
  'Payment Terms Name',
  'Next Payment Due At',
  'Payment References',
];

const shopifyLine = (name: string, created: string, qty: string, item: string, price: string, sku: string): Row => ({
  Name: name,
  'Created at': created,
  'Lineitem quantity': qty,
  'Lineitem name': item,
  'Lineitem price': price,
  'Lineitem sku': sku,
  'Lineitem requires shipping': 'true',
  'Lineitem taxable': 'true',
  'Lineitem fulfillment status': 'fulfilled',
});

const shopify: Platform = {
  file: 'orders_export_1.csv',
  layout: 'Shopify orders export',
  delimiter: ',',
  header: SHOPIFY_HEADER,
  rows: [
    {
      ...shopifyLine('#1001', '2023-03-05 10:15:00 +0100', '2', 'Masque au Bio-Collagène', '19.90', 'MBC-01'),
      Email: 'jane@example.com',
      'Financial Status': 'paid',
      Currency: 'EUR',
      Subtotal: '59.80',
      Shipping: '5.00',
      Taxes: '0.00',
      Total: '64.80',
      'Billing Country': 'FR',
      'Billing Phone': '+33610826417',
      'Shipping Country': 'FR',
      Notes: 'Please leave at the door,\n"ring twice"\nthanks',
      'Payment Method': 'Shopify Payments',
      Id: '7410991464714',
    },
    shopifyLine('#1001', '2023-03-05 10:15:00 +0100', '1', 'Sérum Éclat 30 ml', '20.00', ''),
    {
      ...shopifyLine('#1002', '2023-03-06 14:02:11 +0700', '3', 'Kopi Arabika 250 g', '85000', 'KOPI-250'),
      'Financial Status': 'pending',
      Currency: 'IDR',
      Subtotal: '375000',
      Total: '390000',
      'Billing Country': 'ID',
      Phone: '+62 812 5550 1234',
      'Payment Method': 'Cash on Delivery (COD)',
      Id: '7410991464715',
    },
    shopifyLine('#1002', '2023-03-06 14:02:11 +0700', '1', 'Teh Melati', '60000', 'TEH-01'),
    shopifyLine('#1002', '2023-03-06 14:02:11 +0700', '2', 'Gula Aren', '30000', 'GULA-1'),
    {
      ...shopifyLine('#1003', '2023-04-01 09:00:00 +0200', '1', 'Masque au Bio-Collagène', '19.90', 'MBC-01'),
      Email: 'Jane@Example.com',
      'Financial Status': 'paid',
      Currency: 'EUR',
      Subtotal: '19.90',
      Total: '24.90',
      'Billing Country': 'FR',
    },
    {
      // A draft order with neither email nor phone: no customer to score.
      ...shopifyLine('#1004', '2023-04-02 11:30:00 +0200', '1', 'Sérum Éclat 30 ml', '20.00', 'SER-30'),
      'Financial Status': 'paid',
      Currency: 'EUR',
      Subtotal: '20.00',
      Total: '20.00',
    },
    {
      // A cancelled order: Cancelled at on its first line only; its lines are no sales.
      ...shopifyLine('#1005', '2023-04-03 16:45:00 +0200', '2', 'Masque au Bio-Collagène', '19.90', 'MBC-01'),
      Email: 'lou@example.com',
      'Financial Status': 'refunded',
      Currency: 'EUR',
      Subtotal: '59.80',
      Total: '59.80',
      'Billing Country': 'BE',
      'Cancelled at': '2023-04-04 09:12:00 +0200',
    },
    shopifyLine('#1005', '2023-04-03 16:45:00 +0200', '1', 'Sérum Éclat 30 ml', '20.00', 'SER-30'),
    {
      // Voided (the payment's authorisation released) without a Cancelled at: no sale either;
      // its status, like the order's other fields, on its first line only.
      ...shopifyLine('#1006', '2023-04-05 08:20:00 +0200', '1', 'Sérum Éclat 30 ml', '20.00', 'SER-30'),
      Email: 'sam@example.com',
      'Financial Status': 'voided',
      Currency: 'EUR',
      Subtotal: '39.80',
      Total: '39.80',
      'Billing Country': 'FR',
    },
    shopifyLine('#1006', '2023-04-05 08:20:00 +0200', '1', 'Masque au Bio-Collagène', '19.90', 'MBC-01'),
    {
      // Partly refunded: still a sale.
      ...shopifyLine('#1007', '2023-04-06 12:00:00 +0200', '2', 'Sérum Éclat 30 ml', '20.00', 'SER-30'),
      Email: 'sam@example.com',
      'Financial Status': 'partially_refunded',
      Currency: 'EUR',
      Subtotal: '40.00',
      Total: '40.00',
      'Billing Country': 'FR',
      'Refunded Amount': '20.00',
    },
  ],
  mapping: {
    invoice: 'Name',
    customer: 'Email',
    email: 'Email',
    date: 'Created at',
    sku: 'Lineitem sku',
    description: 'Lineitem name',
    quantity: 'Lineitem quantity',
    unit_price: 'Lineitem price',
    country: 'Billing Country',
  },
  truth: (rows) => {
    // The order's first line carries Email and Phone for all its lines.
    const firstLine = new Map<string, Row>();
    for (const r of rows) if (!firstLine.has(r.Name!)) firstLine.set(r.Name!, r);
    return rows.map((r) => {
      const head = firstLine.get(r.Name!)!;
      const customer = (head.Email ?? '').toLowerCase() || head.Phone || head['Billing Phone'] || head['Shipping Phone'] || '';
      const quantity = Number(r['Lineitem quantity']);
      // Shopify's financial statuses of orders nothing was paid for: refunded in full, voided, expired.
      const cancelled = (head['Cancelled at'] ?? '') !== '' || ['refunded', 'voided', 'expired'].includes(head['Financial Status'] ?? '');
      return { invoice: r.Name!, customer, quantity, amount: quantity * Number(r['Lineitem price']), cancelled };
    });
  },
  dates: { min: '2023-03-05 10:15:00', max: '2023-04-06 12:00:00' },
};

// Squarespace: Shopify's line columns under its own order columns ("Order ID", no "Name"); an
// order's fields (Email, Created at, billing) on its first line only, dates month-first.
const SQUARESPACE_HEADER = [
  'Order ID',
  'Email',
  'Financial Status',
  'Paid at',
  'Fulfillment Status',
  'Fulfilled at',
  'Currency',
  'Subtotal',
  'Shipping',
  'Taxes',
  'Amount Refunded',
  'Total',
  'Discount Code',
  'Discount Amount',
  'Shipping Method',
  'Created at',
  'Lineitem quantity',
  'Lineitem name',
  'Lineitem price',
  'Lineitem sku',
  'Lineitem variant',
  'Lineitem requires shipping',
  'Lineitem taxable',
  'Lineitem fulfillment status',
  'Billing Name',
  'Billing Address1',
  'Billing Address2',
  'Billing City',
  'Billing Zip',
  'Billing Province',
  'Billing Country',
  'Billing Phone',
  'Shipping Name',
  'Shipping Address1',
  'Shipping Address2',
  'Shipping City',
  'Shipping Zip',
  'Shipping Province',
  'Shipping Country',
  'Shipping Phone',
  'Cancelled at',
  'Private Notes',
  'Payment Method',
  'Payment Reference',
];

const squarespaceLine = (order: string, qty: string, item: string, price: string, sku: string): Row => ({
  'Order ID': order,
  'Lineitem quantity': qty,
  'Lineitem name': item,
  'Lineitem price': price,
  'Lineitem sku': sku,
  'Lineitem variant': '200g',
  'Lineitem requires shipping': 'TRUE',
  'Lineitem taxable': 'TRUE',
  'Lineitem fulfillment status': 'pending',
});

const squarespaceOrder = (email: string, created: string, subtotal: string, total: string, phone = ''): Row => ({
  Email: email,
  'Financial Status': 'PAID',
  'Paid at': created,
  'Fulfillment Status': 'pending',
  Currency: 'USD',
  Subtotal: subtotal,
  Shipping: '10',
  Taxes: '0',
  'Amount Refunded': '0',
  Total: total,
  'Discount Amount': '0',
  'Shipping Method': 'Flat rate',
  'Created at': created,
  'Billing Name': 'Pat Doe',
  'Billing City': 'Portland',
  'Billing Zip': '97211',
  'Billing Country': 'United States',
  'Billing Phone': phone,
  'Payment Method': 'Stripe',
});

const squarespace: Platform = {
  file: 'orders.csv',
  layout: 'Squarespace orders export',
  delimiter: ',',
  header: SQUARESPACE_HEADER,
  rows: [
    { ...squarespaceLine('1', '2', 'Washed Colombian Coffee', '10', 'SQ0509144'), ...squarespaceOrder('ann@example.com', '7/25/2018 21:06', '30', '40') },
    squarespaceLine('1', '1', 'Washed Ethiopian Coffee', '10', 'SQ0030016'),
    // Refunded in part: still a sale.
    {
      ...squarespaceLine('3', '1', '3 month subscription', '240', 'SQ7673338'),
      ...squarespaceOrder('Bob@Example.com', '8/4/2018 19:26', '240', '250'),
      'Amount Refunded': '80',
    },
    { ...squarespaceLine('4', '1', 'Washed Colombian Coffee', '10', 'SQ0509144'), ...squarespaceOrder('bob@example.com', '8/4/2018 19:28', '40', '50') },
    squarespaceLine('4', '1', '3 month subscription', '30', 'SQ7103073'),
    // A point-of-sale order without an email: its billing phone names the customer.
    { ...squarespaceLine('5', '3', 'Washed Guatemalan Coffee', '12.50', 'SQ9095169'), ...squarespaceOrder('', '8/6/2018 9:05', '37.50', '47.50', '5550100') },
    // A refunded and cancelled order: Cancelled at on its first line only; its lines are no sales.
    {
      ...squarespaceLine('2', '1', 'Washed Guatemalan Coffee', '10', 'SQ9095169'),
      ...squarespaceOrder('cy@example.com', '7/25/2018 22:12', '10', '20'),
      'Financial Status': 'refunded',
      'Amount Refunded': '20',
      'Cancelled at': '7/26/2018 12:32',
    },
    squarespaceLine('2', '2', 'Washed Colombian Coffee', '10', 'SQ0509144'),
    // Refunded in full without a cancellation (a return): no sale either.
    {
      ...squarespaceLine('6', '1', 'Washed Ethiopian Coffee', '10', 'SQ0030016'),
      ...squarespaceOrder('ann@example.com', '8/7/2018 10:00', '10', '20'),
      'Financial Status': 'refunded',
      'Amount Refunded': '20',
    },
  ],
  mapping: {
    invoice: 'Order ID',
    customer: 'Email',
    email: 'Email',
    date: 'Created at',
    sku: 'Lineitem sku',
    description: 'Lineitem name',
    quantity: 'Lineitem quantity',
    unit_price: 'Lineitem price',
    country: 'Billing Country',
  },
  truth: (rows) => {
    // The order's first line carries Email and the billing phone for all its lines.
    const firstLine = new Map<string, Row>();
    for (const r of rows) if (!firstLine.has(r['Order ID']!)) firstLine.set(r['Order ID']!, r);
    return rows.map((r) => {
      const head = firstLine.get(r['Order ID']!)!;
      const customer = (head.Email ?? '').toLowerCase() || head['Billing Phone'] || '';
      const quantity = Number(r['Lineitem quantity']);
      const cancelled = (head['Cancelled at'] ?? '') !== '' || (head['Financial Status'] ?? '').toLowerCase() === 'refunded';
      return { invoice: r['Order ID']!, customer, quantity, amount: quantity * Number(r['Lineitem price']), cancelled };
    });
  },
  dates: { min: '2018-07-25 21:06:00', max: '2018-08-06 09:05:00' },
};

const WOO_HEADER = [
  'order_id',
  'order_number',
  'order_number_formatted',
  'order_date',
  'status',
  'shipping_total',
  'shipping_tax_total',
  'fee_total',
  'fee_tax_total',
  'tax_total',
  'cart_discount',
  'order_discount',
  'discount_total',
  'order_total',
  'refunded_total',
  'order_currency',
  'payment_method',
  'shipping_method',
  'customer_id',
  'billing_first_name',
  'billing_last_name',
  'billing_company',
  'billing_email',
  'billing_phone',
  'billing_address_1',
  'billing_address_2',
  'billing_postcode',
  'billing_city',
  'billing_state',
  'billing_country',
  'shipping_first_name',
  'shipping_last_name',
  'shipping_address_1',
  'shipping_address_2',
  'shipping_postcode',
  'shipping_city',
  'shipping_state',
  'shipping_country',
  'shipping_company',
  'customer_note',
  'item_id',
  'item_product_id',
  'item_name',
  'item_sku',
  'item_quantity',
  'item_subtotal',
  'item_subtotal_tax',
  'item_total',
  'item_total_tax',
  'item_refunded',
  'item_refunded_qty',
  'item_meta',
  'shipping_items',
  'fee_items',
  'tax_items',
  'coupon_items',
  'order_notes',
  'download_permissions_granted',
];

const wooLine = (
  id: string,
  date: string,
  customerId: string,
  email: string,
  item: string,
  sku: string,
  qty: string,
  subtotal: string,
  total: string,
  orderTotal: string,
): Row => ({
  order_id: id,
  order_number: id,
  order_number_formatted: `#${id}`,
  order_date: date,
  status: 'completed',
  order_total: orderTotal,
  order_currency: 'USD',
  customer_id: customerId,
  billing_email: email,
  billing_country: 'US',
  item_name: item,
  item_sku: sku,
  item_quantity: qty,
  item_subtotal: subtotal,
  item_total: total,
});

/** WooCommerce's order statuses of no sale (the order's status is on each of its rows). */
const WOO_NOT_SALES = ['cancelled', 'refunded', 'failed'];

const wooRows: Row[] = [
  // Refunded in part (the tea towel): still a sale; the order's refunded_total on each of its rows.
  {
    ...wooLine('1201', '2023-04-01 09:30:00', '17', 'ann@example.com', 'Ceramic Mug - Blue', 'MUG-BL', '2', '24.00', '21.60', '36.60'),
    refunded_total: '15.00',
  },
  { ...wooLine('1201', '2023-04-01 09:30:00', '17', 'ann@example.com', 'Tea Towel', 'TT-01', '1', '15.00', '15.00', '36.60'), refunded_total: '15.00' },
  // Two guests: customer_id 0 for both, told apart by their email.
  wooLine('1202', '2023-04-02 18:05:12', '0', 'bob@example.org', 'Ceramic Mug - Blue', 'MUG-BL', '1', '12.00', '12.00', '12.00'),
  wooLine('1203', '2023-04-03 08:00:00', '0', 'cy@example.net', 'Teapot 1 l', 'TP-1L', '1', '39.50', '39.50', '39.50'),
  // A cancelled order and one whose payment failed: no sales.
  { ...wooLine('1204', '2023-04-04 10:00:00', '17', 'ann@example.com', 'Teapot 1 l', 'TP-1L', '1', '39.50', '39.50', '54.50'), status: 'cancelled' },
  { ...wooLine('1204', '2023-04-04 10:00:00', '17', 'ann@example.com', 'Tea Towel', 'TT-01', '1', '15.00', '15.00', '54.50'), status: 'cancelled' },
  { ...wooLine('1205', '2023-04-05 11:00:00', '0', 'dee@example.com', 'Tea Towel', 'TT-01', '2', '30.00', '30.00', '30.00'), status: 'failed' },
];

const wooTruth = (rows: Row[]): RefLine[] =>
  rows.map((r) => ({
    invoice: r.order_number!,
    customer: r.billing_email!,
    quantity: Number(r.item_quantity),
    amount: Number(r.item_subtotal),
    cancelled: WOO_NOT_SALES.includes(r.status!),
  }));

const woocommerce: Platform = {
  file: 'woocommerce-orders.csv',
  layout: 'WooCommerce order export (one row per item)',
  delimiter: ',',
  header: WOO_HEADER,
  rows: wooRows,
  mapping: {
    invoice: 'order_number',
    customer: 'billing_email',
    email: 'billing_email',
    date: 'order_date',
    sku: 'item_sku',
    description: 'item_name',
    quantity: 'item_quantity',
    line_total: 'item_subtotal',
    country: 'billing_country',
  },
  truth: wooTruth,
};

// SkyVerge's Customer/Order CSV Export, default one-row-per-item format: the same columns, the
// order's date written as 'date'.
const wooCsvExport: Platform = {
  ...woocommerce,
  file: 'customer-order-export.csv',
  layout: 'WooCommerce Customer/Order CSV Export (one row per item)',
  header: WOO_HEADER.map((h) => (h === 'order_date' ? 'date' : h)),
  rows: wooRows.map(({ order_date, ...r }) => ({ ...r, date: order_date! })),
  mapping: { ...woocommerce.mapping, date: 'date' },
};

const SQUARE_HEADER = [
  'Date',
  'Time',
  'Time Zone',
  'Category',
  'Item',
  'Qty',
  'Price Point Name',
  'SKU',
  'Modifiers Applied',
  'Gross Sales',
  'Discounts',
  'Net Sales',
  'Tax',
  'Transaction ID',
  'Payment ID',
  'Device Name',
  'Notes',
  'Details',
  'Event Type',
  'Location',
  'Dining Option',
  'Customer ID',
  'Customer Name',
  'Customer Reference ID',
  'Unit',
  'Count',
  'Itemization Type',
  'Fulfillment Note',
  'Channel',
  'Token',
  'Card Brand',
  'PAN Suffix',
];

const squareLine = (
  date: string,
  time: string,
  category: string,
  item: string,
  qty: string,
  sku: string,
  gross: string,
  tx: string,
  customer: string,
  event = 'Payment',
): Row => ({
  Date: date,
  Time: time,
  'Time Zone': 'Pacific Time (US & Canada)',
  Category: category,
  Item: item,
  Qty: qty,
  'Price Point Name': 'Regular',
  SKU: sku,
  'Gross Sales': gross,
  Discounts: '$0.00',
  'Net Sales': gross,
  Tax: '$0.00',
  'Transaction ID': tx,
  'Payment ID': `${tx}P`,
  'Event Type': event,
  Location: 'Main St',
  'Customer ID': customer,
  'Itemization Type': 'Physical Item',
  Channel: 'Point of Sale',
});

const square: Platform = {
  file: 'items-2023-05-01-2023-05-31.csv',
  layout: 'Square item sales export',
  delimiter: ',',
  header: SQUARE_HEADER,
  rows: [
    squareLine('2023-05-02', '08:14:03', 'Coffee', 'Latte', '2', 'LAT-12', '$9.00', 'tx7Yh2', 'CUST-9KQ'),
    squareLine('2023-05-02', '08:14:03', 'Bakery', 'Almond Croissant', '1', 'CRO-AL', '$4.25', 'tx7Yh2', 'CUST-9KQ'),
    squareLine('2023-05-03', '12:40:55', 'Coffee', 'Cold Brew', '1', 'CB-16', '$5.50', 'tx8Ab1', ''),
    squareLine('2023-05-04', '09:01:00', 'Coffee', 'Latte', '1', 'LAT-12', '$4.50', 'tx9Zz0', 'CUST-3PL'),
    squareLine('2023-05-05', '10:00:00', 'Coffee', 'Latte', '-1', 'LAT-12', '-$4.50', 'tx9Zz1', 'CUST-3PL', 'Refund'),
  ],
  mapping: {
    invoice: 'Transaction ID',
    customer: 'Customer ID',
    date: 'Date',
    sku: 'SKU',
    description: 'Item',
    quantity: 'Qty',
    line_total: 'Gross Sales',
    category: 'Category',
    // The time of day, a column of its own, read with the date.
    time: 'Time',
  },
  truth: (rows) => rows.map((r) => ({ invoice: r['Transaction ID']!, customer: r['Customer ID']!, quantity: Number(r.Qty), amount: money(r['Gross Sales']!) })),
  dates: { min: '2023-05-02 08:14:03', max: '2023-05-04 09:01:00' },
};

// Square's Transactions CSV: a row per payment (the order), its items only named in Description.
const SQUARE_TX_HEADER = [
  'Date',
  'Time',
  'Time Zone',
  'Gross Sales',
  'Discounts',
  'Service Charges',
  'Net Sales',
  'Gift Card Sales',
  'Tax',
  'Tip',
  'Partial Refunds',
  'Total Collected',
  'Source',
  'Card',
  'Card Entry Methods',
  'Cash',
  'Square Gift Card',
  'Other Tender',
  'Other Tender Type',
  'Other Tender Note',
  'Fees',
  'Net Total',
  'Transaction ID',
  'Payment ID',
  'Card Brand',
  'PAN Suffix',
  'Device Name',
  'Staff Name',
  'Staff ID',
  'Details',
  'Description',
  'Event Type',
  'Location',
  'Dining Option',
  'Customer ID',
  'Customer Name',
  'Customer Reference ID',
  'Device Nickname',
  'Third Party Fees',
  'Deposit ID',
  'Deposit Date',
  'Deposit Details',
  'Fee Percentage Rate',
  'Fee Fixed Rate',
  'Refund Reason',
  'Discount Name',
  'Transaction Status',
  'Cash App',
  'Order Reference ID',
  'Fulfillment Note',
];
const squarePayment = (
  date: string,
  time: string,
  gross: string,
  discount: string,
  net: string,
  tx: string,
  description: string,
  customer: string,
  name: string,
  event = 'Payment',
): Row => ({
  Date: date,
  Time: time,
  'Time Zone': 'Eastern Time (US & Canada)',
  'Gross Sales': gross,
  Discounts: discount,
  'Service Charges': '$0.00',
  'Net Sales': net,
  Tax: '$0.00',
  Tip: '$1.00',
  'Total Collected': net,
  Source: 'Point of Sale',
  Card: net,
  Fees: '-$0.50',
  'Net Total': net,
  'Transaction ID': tx,
  'Payment ID': `${tx}P`,
  Description: description,
  'Event Type': event,
  Location: 'Main Street',
  'Customer ID': customer,
  'Customer Name': name,
  // Not a product: a number the seller gave the customer.
  'Customer Reference ID': customer ? '1042' : '',
  'Discount Name': discount === '$0.00' ? '' : '10% off',
  'Transaction Status': 'Complete',
});
const squareTransactions: Platform = {
  file: 'transactions-2024-09-01-2024-10-01.csv',
  layout: 'Square transactions export',
  delimiter: ',',
  header: SQUARE_TX_HEADER,
  rows: [
    squarePayment('2024-09-13', '10:02:11', '$30.00', '-$3.00', '$27.00', 'SQA1', 'Speckled Mug x 1, Bowl x 2', 'CUST1', 'Ada Lovelace'),
    squarePayment('2024-09-14', '11:15:00', '$12.00', '$0.00', '$12.00', 'SQA2', 'Bowl x 1', 'CUST2', 'Bob Builder'),
    squarePayment('2024-09-20', '16:40:00', '$1,250.00', '$0.00', '$1,250.00', 'SQA3', 'Custom Amount - dining table', 'CUST1', 'Ada Lovelace'),
    // A walk-in: no customer.
    squarePayment('2024-09-21', '09:30:00', '$8.00', '$0.00', '$8.00', 'SQA4', 'Vase x 1', '', ''),
    // A refund: a row of its own, its amounts negative.
    squarePayment('2024-09-22', '09:00:00', '-$12.00', '$0.00', '-$12.00', 'SQA5', 'Bowl x 1', 'CUST2', 'Bob Builder', 'Refund'),
  ],
  mapping: { invoice: 'Transaction ID', customer: 'Customer ID', date: 'Date', time: 'Time', line_total: 'Gross Sales' },
  truth: (rows) => rows.map((r) => ({ invoice: r['Transaction ID']!, customer: r['Customer ID']!, quantity: 1, amount: money(r['Gross Sales']!) })),
  dates: { min: '2024-09-13 10:02:11', max: '2024-09-20 16:40:00' },
};

const LIGHTSPEED_HEADER = [
  'saleID',
  'saleLineID',
  'completeTime',
  'customerID',
  'shopID',
  'employeeID',
  'itemID',
  'systemSku',
  'customSku',
  'description',
  'unitQuantity',
  'unitPrice',
  'normalUnitPrice',
  'discountAmount',
  'calcSubtotal',
  'calcTotal',
  'tax',
];

const lsLine = (sale: string, line: string, time: string, customer: string, sku: string, desc: string, qty: string, price: string): Row => ({
  saleID: sale,
  saleLineID: line,
  completeTime: time,
  customerID: customer,
  shopID: '1',
  employeeID: '3',
  itemID: `9${line}`,
  systemSku: `21000000${line}`,
  customSku: sku,
  description: desc,
  unitQuantity: qty,
  unitPrice: price,
  normalUnitPrice: price,
  discountAmount: '0',
  calcSubtotal: (Number(qty) * Number(price)).toFixed(2),
  calcTotal: '0',
  tax: 'false',
});

const lightspeed: Platform = {
  file: 'lightspeed-sale-lines.csv',
  layout: 'Lightspeed Retail sale lines',
  delimiter: ',',
  header: LIGHTSPEED_HEADER,
  rows: [
    lsLine('501', '1', '2023-06-01T15:04:05+00:00', '42', 'BK-PUMP', 'Floor Pump Deluxe', '1', '49.99'),
    lsLine('501', '2', '2023-06-01T15:04:05+00:00', '42', 'BK-TUBE', 'Inner Tube 700c', '3', '7.50'),
    lsLine('502', '3', '2023-06-02T10:00:00+00:00', '0', 'BK-TUBE', 'Inner Tube 700c', '1', '7.50'),
    lsLine('503', '4', '2023-06-03T11:11:11+00:00', '57', 'BK-LOCK', 'U-Lock Medium', '1', '34.00'),
  ],
  mapping: {
    invoice: 'saleID',
    customer: 'customerID',
    date: 'completeTime',
    sku: 'customSku',
    description: 'description',
    quantity: 'unitQuantity',
    unit_price: 'unitPrice',
  },
  // customerID 0 is a walk-in sale with no customer attached.
  truth: (rows) => simple('saleID', 'customerID', 'unitQuantity', 'unitPrice')(rows).map((l) => ({ ...l, customer: l.customer === '0' ? '' : l.customer })),
};

// Loyverse's Back Office Receipts > Export > "Receipts by item", as public parsers of it read the
// file (its columns in this order; a refund a receipt of its own with negative figures; a receipt
// cancelled after the sale marked by Status Cancelled). No customer id: Customer contacts, else the name.
const LOYVERSE_HEADER = [
  'Date',
  'Receipt number',
  'Receipt type',
  'Category',
  'SKU',
  'Item',
  'Variant',
  'Modifiers applied',
  'Quantity',
  'Gross sales',
  'Discounts',
  'Net sales',
  'Cost of goods',
  'Gross profit',
  'Taxes',
  'Dining option',
  'POS',
  'Store',
  'Cashier name',
  'Customer name',
  'Customer contacts',
  'Comment',
  'Status',
];

const loyverseLine = (
  date: string,
  receipt: string,
  item: string,
  sku: string,
  qty: string,
  gross: string,
  discount: string,
  cashier: string,
  customer: string,
  contacts: string,
  type = 'Sale',
  status = 'Closed',
): Row => ({
  Date: date,
  'Receipt number': receipt,
  'Receipt type': type,
  Category: 'Cafe',
  SKU: sku,
  Item: item,
  Quantity: qty,
  'Gross sales': gross,
  Discounts: discount,
  'Net sales': (Number(gross) - Number(discount)).toFixed(2),
  'Cost of goods': '0.00',
  'Gross profit': '0.00',
  Taxes: '0.00',
  'Dining option': 'Dine in',
  POS: 'POS 1',
  Store: 'Main St',
  'Cashier name': cashier,
  'Customer name': customer,
  'Customer contacts': contacts,
  Status: status,
});

const loyverse: Platform = {
  file: 'receipts-by-item-2025-03-14-2025-03-17.csv',
  layout: 'Loyverse receipts by item',
  delimiter: ',',
  header: LOYVERSE_HEADER,
  rows: [
    loyverseLine('14/03/2025 09:12', '1-1001', 'Latte', '10001', '2.000', '9.00', '0.00', 'Maria', 'Ana Cruz', 'ana@example.com'),
    loyverseLine('14/03/2025 09:12', '1-1001', 'Croissant', '20004', '1.000', '3.50', '0.35', 'Maria', 'Ana Cruz', 'ana@example.com'),
    // A walk-in sale: no customer.
    loyverseLine('14/03/2025 10:40', '1-1002', 'Espresso', '10002', '1.000', '2.50', '0.00', 'Jon', '', ''),
    loyverseLine('15/03/2025 16:05', '1-1003', 'Latte', '10001', '1.000', '4.00', '0.00', 'Jon', 'Ben Ortiz', '+63 917 555 0101'),
    loyverseLine('15/03/2025 16:05', '1-1003', 'Cheesecake', '20007', '2.000', '9.00', '0.00', 'Jon', 'Ben Ortiz', '+63 917 555 0101'),
    // A customer known by name only.
    loyverseLine('16/03/2025 11:30', '1-1004', 'Espresso', '10002', '3.000', '7.50', '0.00', 'Maria', 'Cy Dela', ''),
    loyverseLine('16/03/2025 11:45', '1-1005', 'Cheesecake', '20007', '-1.000', '-4.50', '0.00', 'Maria', 'Ben Ortiz', '+63 917 555 0101', 'Refund'),
    loyverseLine('17/03/2025 08:02', '1-1006', 'Latte', '10001', '1.000', '4.50', '0.00', 'Maria', 'Ben Ortiz', '+63 917 555 0101', 'Sale', 'Cancelled'),
    loyverseLine('17/03/2025 08:02', '1-1006', 'Croissant', '20004', '1.000', '3.50', '0.00', 'Maria', 'Ben Ortiz', '+63 917 555 0101', 'Sale', 'Cancelled'),
    loyverseLine('17/03/2025 09:30', '1-1007', 'Latte', '10001', '1.000', '4.50', '0.00', 'Jon', 'Ana Cruz', 'ana@example.com'),
  ],
  mapping: {
    invoice: 'Receipt number',
    customer: 'Customer contacts',
    date: 'Date',
    sku: 'SKU',
    description: 'Item',
    quantity: 'Quantity',
    line_total: 'Gross sales',
    category: 'Category',
  },
  truth: (rows) =>
    rows.map((r) => ({
      invoice: r['Receipt number']!,
      customer: r['Customer contacts'] || r['Customer name']!,
      quantity: Number(r.Quantity),
      amount: Number(r['Gross sales']),
      cancelled: r.Status === 'Cancelled',
    })),
  dates: { min: '2025-03-14 09:12:00', max: '2025-03-17 09:30:00' },
};

const SHOPWARE_HEADER = [
  'orderId',
  'orderDetailId',
  'articleId',
  'number',
  'customerId',
  'status',
  'cleared',
  'paymentId',
  'dispatchId',
  'partnerId',
  'shopId',
  'invoiceAmount',
  'invoiceAmountNet',
  'invoiceShipping',
  'invoiceShippingNet',
  'orderTime',
  'transactionId',
  'comment',
  'customerComment',
  'internalComment',
  'net',
  'taxFree',
  'temporaryId',
  'referer',
  'clearedDate',
  'trackingCode',
  'languageIso',
  'currency',
  'currencyFactor',
  'remoteAddress',
  'articleNumber',
  'price',
  'quantity',
  'articleName',
  'shipped',
  'shippedGroup',
  'releaseDate',
  'mode',
  'esdArticle',
  'config',
  'taxId',
  'taxRate',
  'statusId',
];

const swLine = (
  orderId: string,
  detail: string,
  number: string,
  customer: string,
  amount: string,
  time: string,
  sku: string,
  price: string,
  qty: string,
  name: string,
): Row => ({
  orderId,
  orderDetailId: detail,
  articleId: `3${detail}`,
  number,
  customerId: customer,
  status: '2',
  cleared: '12',
  paymentId: '5',
  dispatchId: '9',
  shopId: '1',
  invoiceAmount: amount,
  invoiceAmountNet: amount,
  invoiceShipping: '3.90',
  invoiceShippingNet: '3.28',
  orderTime: time,
  currency: 'EUR',
  currencyFactor: '1',
  languageIso: '1',
  articleNumber: sku,
  price,
  quantity: qty,
  articleName: name,
  shipped: '0',
  mode: '0',
  esdArticle: '0',
  taxId: '1',
  taxRate: '19',
  statusId: '0',
});

const shopware: Platform = {
  file: 'export.orders.csv',
  layout: 'Shopware orders export (default profile)',
  delimiter: ';',
  header: SHOPWARE_HEADER,
  rows: [
    swLine('57', '201', '20001', '4', '63.87', '2023-07-03 11:20:00', 'SW10178', '19.99', '3', 'Strandtuch "Ibiza"'),
    swLine('57', '202', '20001', '4', '63.87', '2023-07-03 11:20:00', 'SW10009', '3.95', '1', 'Sonnenbrille Speed'),
    swLine('58', '203', '20002', '9', '23.89', '2023-07-04 16:45:10', 'SW10178', '19.99', '1', 'Strandtuch "Ibiza"'),
  ],
  mapping: {
    invoice: 'number',
    customer: 'customerId',
    date: 'orderTime',
    sku: 'articleNumber',
    description: 'articleName',
    quantity: 'quantity',
    unit_price: 'price',
  },
  truth: simple('number', 'customerId', 'quantity', 'price'),
};

const MAGENTO_HEADER = [
  'increment_id',
  'created_at',
  'status',
  'customer_id',
  'customer_email',
  'customer_firstname',
  'customer_lastname',
  'customer_is_guest',
  'order_currency_code',
  'grand_total',
  'subtotal',
  'shipping_amount',
  'sku',
  'name',
  'product_type',
  'qty_ordered',
  'price',
  'base_price',
  'row_total',
  'tax_amount',
  'discount_amount',
  'country_id',
];

const mageLine = (inc: string, at: string, customerId: string, email: string, sku: string, name: string, qty: string, price: string, grand: string): Row => ({
  increment_id: inc,
  created_at: at,
  status: 'complete',
  customer_id: customerId,
  customer_email: email,
  customer_is_guest: customerId === '' ? '1' : '0',
  order_currency_code: 'USD',
  grand_total: grand,
  subtotal: grand,
  shipping_amount: '5.0000',
  sku,
  name,
  product_type: 'simple',
  qty_ordered: qty,
  price,
  base_price: price,
  row_total: (Number(qty) * Number(price)).toFixed(4),
  tax_amount: '0.0000',
  discount_amount: '0.0000',
  country_id: 'US',
});

const magento: Platform = {
  file: 'sales_order_items.csv',
  layout: 'Magento / Adobe Commerce order items',
  delimiter: ',',
  header: MAGENTO_HEADER,
  rows: [
    mageLine('000000101', '2023-08-01 12:00:00', '11', 'roni_cost@example.com', '24-MB01', 'Joust Duffle Bag', '2.0000', '34.0000', '103.0000'),
    mageLine('000000101', '2023-08-01 12:00:00', '11', 'roni_cost@example.com', '24-WB04', 'Overnight Duffle', '1.0000', '35.0000', '103.0000'),
    mageLine('000000102', '2023-08-02 09:15:30', '', 'guest.buyer@example.com', '24-MB01', 'Joust Duffle Bag', '1.0000', '34.0000', '39.0000'),
    // Canceled, and closed (refunded in full by a credit memo): no sales.
    {
      ...mageLine('000000103', '2023-08-03 10:00:00', '11', 'roni_cost@example.com', '24-WB04', 'Overnight Duffle', '1.0000', '35.0000', '40.0000'),
      status: 'canceled',
    },
    {
      ...mageLine('000000104', '2023-08-04 10:00:00', '', 'guest.buyer@example.com', '24-WB04', 'Overnight Duffle', '2.0000', '35.0000', '75.0000'),
      status: 'closed',
    },
  ],
  mapping: {
    invoice: 'increment_id',
    customer: 'customer_email',
    email: 'customer_email',
    date: 'created_at',
    sku: 'sku',
    description: 'name',
    quantity: 'qty_ordered',
    unit_price: 'price',
    country: 'country_id',
  },
  truth: (rows) =>
    simple(
      'increment_id',
      'customer_email',
      'qty_ordered',
      'price',
    )(rows).map((l, i) => ({ ...l, cancelled: ['canceled', 'closed'].includes(rows[i]!.status!) })),
};

const ODOO_HEADER = [
  'Order Ref',
  'Date',
  'Customer',
  'Receipt Number',
  'Order Lines/Product',
  'Order Lines/Product/Internal Reference',
  'Order Lines/Quantity',
  'Order Lines/Unit Price',
  'Order Lines/Subtotal w/o Tax',
  'Total',
];

const odooLine = (product: string, ref: string, qty: string, price: string): Row => ({
  'Order Lines/Product': product,
  'Order Lines/Product/Internal Reference': ref,
  'Order Lines/Quantity': qty,
  'Order Lines/Unit Price': price,
  'Order Lines/Subtotal w/o Tax': (Number(qty) * Number(price)).toFixed(2),
});

const odoo: Platform = {
  file: 'pos.order.csv',
  layout: 'Odoo Point of Sale orders with lines',
  delimiter: ',',
  header: ODOO_HEADER,
  rows: [
    {
      'Order Ref': 'Shop/0001',
      Date: '2023-09-01 10:00:00',
      Customer: 'Azure Interior, Brandon Freeman',
      'Receipt Number': 'Order 00001-001-0001',
      Total: '41.40',
      ...odooLine('[FURN_0001] Desk Organizer', 'FURN_0001', '2', '5.10'),
    },
    odooLine('[FURN_0002] Large Desk Lamp', 'FURN_0002', '1', '31.20'),
    // A walk-in order: its lines must not inherit the previous order's customer.
    {
      'Order Ref': 'Shop/0002',
      Date: '2023-09-01 11:30:00',
      'Receipt Number': 'Order 00001-001-0002',
      Total: '10.20',
      ...odooLine('[FURN_0001] Desk Organizer', 'FURN_0001', '2', '5.10'),
    },
    {
      'Order Ref': 'Shop/0003',
      Date: '2023-09-02 09:05:00',
      Customer: 'Deco Addict',
      'Receipt Number': 'Order 00001-001-0003',
      Total: '36.30',
      ...odooLine('[FURN_0001] Desk Organizer', 'FURN_0001', '1', '5.10'),
    },
    odooLine('[FURN_0002] Large Desk Lamp', 'FURN_0002', '1', '31.20'),
  ],
  mapping: {
    invoice: 'Order Ref',
    customer: 'Customer',
    date: 'Date',
    sku: 'Order Lines/Product/Internal Reference',
    description: 'Order Lines/Product',
    quantity: 'Order Lines/Quantity',
    unit_price: 'Order Lines/Unit Price',
  },
  truth: (rows) => {
    // Odoo writes the order's own fields on its first line only.
    let order: Row = {};
    return rows.map((r) => {
      if (r['Order Ref']) order = r;
      const qty = Number(r['Order Lines/Quantity']);
      return { invoice: order['Order Ref']!, customer: order.Customer ?? '', quantity: qty, amount: qty * Number(r['Order Lines/Unit Price']) };
    });
  },
  dates: { min: '2023-09-01 10:00:00', max: '2023-09-02 09:05:00' },
};

const ETSY_HEADER = [
  'Sale Date',
  'Item Name',
  'Buyer',
  'Quantity',
  'Price',
  'Coupon Code',
  'Coupon Details',
  'Discount Amount',
  'Shipping Discount',
  'Order Shipping',
  'Order Sales Tax',
  'Item Total',
  'Currency',
  'Transaction ID',
  'Listing ID',
  'Date Paid',
  'Date Shipped',
  'Ship Name',
  'Ship Address1',
  'Ship Address2',
  'Ship City',
  'Ship State',
  'Ship Zipcode',
  'Ship Country',
  'Order ID',
  'Variations',
  'Order Type',
  'Listings Type',
  'Payment Type',
  'InPerson Discount',
  'InPerson Location',
  'VAT Paid by Buyer',
  'SKU',
];

const etsyLine = (date: string, item: string, buyer: string, qty: string, price: string, tx: string, order: string, sku: string, country: string): Row => ({
  'Sale Date': date,
  'Item Name': item,
  Buyer: buyer,
  Quantity: qty,
  Price: price,
  'Discount Amount': '0',
  'Order Shipping': '4.20',
  'Order Sales Tax': '0',
  'Item Total': (Number(qty) * Number(price)).toFixed(2),
  Currency: 'USD',
  'Transaction ID': tx,
  'Listing ID': '953074300',
  'Date Paid': date,
  'Ship Country': country,
  'Order ID': order,
  'Order Type': 'online',
  'Listings Type': 'listing',
  'Payment Type': 'online_cc',
  SKU: sku,
});

const etsy: Platform = {
  file: 'EtsySoldOrderItems2023.csv',
  layout: 'Etsy sold order items',
  delimiter: ',',
  header: ETSY_HEADER,
  // Every date fits both day- and month-first: Etsy's documented month-first order decides.
  rows: [
    etsyLine('03/04/23', 'Handmade Ceramic Planter, Small', 'bob_plants', '1', '18.99', '2815078325', '2328983501', 'PL-S', 'United States'),
    etsyLine('03/04/23', 'Macrame Hanger', 'bob_plants', '2', '12.50', '2815078326', '2328983501', 'MH-1', 'United States'),
    etsyLine('03/11/23', 'Handmade Ceramic Planter, Small', 'greenthumb22', '1', '18.99', '2815078400', '2328990002', 'PL-S', 'Canada'),
    etsyLine('04/02/23', 'Macrame Hanger', 'bob_plants', '1', '12.50', '2815078555', '2329001003', 'MH-1', 'United States'),
  ],
  mapping: {
    invoice: 'Order ID',
    customer: 'Buyer',
    date: 'Sale Date',
    sku: 'SKU',
    description: 'Item Name',
    quantity: 'Quantity',
    unit_price: 'Price',
    country: 'Ship Country',
  },
  truth: simple('Order ID', 'Buyer', 'Quantity', 'Price'),
  dates: { min: '2023-03-04 00:00:00', max: '2023-04-02 00:00:00' },
};

const AMAZON_HEADER = [
  'order-id',
  'order-item-id',
  'purchase-date',
  'payments-date',
  'buyer-email',
  'buyer-name',
  'buyer-phone-number',
  'sku',
  'product-name',
  'quantity-purchased',
  'currency',
  'item-price',
  'item-tax',
  'shipping-price',
  'shipping-tax',
  'ship-service-level',
  'recipient-name',
  'ship-address-1',
  'ship-address-2',
  'ship-address-3',
  'ship-city',
  'ship-state',
  'ship-postal-code',
  'ship-country',
  'ship-phone-number',
  'delivery-start-date',
  'delivery-end-date',
  'delivery-time-zone',
  'delivery-Instructions',
  'sales-channel',
];

const azLine = (order: string, item: string, date: string, email: string, sku: string, name: string, qty: string, price: string): Row => ({
  'order-id': order,
  'order-item-id': item,
  'purchase-date': date,
  'payments-date': date,
  'buyer-email': email,
  'buyer-name': 'J. Smith',
  sku,
  'product-name': name,
  'quantity-purchased': qty,
  currency: 'GBP',
  'item-price': price,
  'item-tax': '0.00',
  'shipping-price': '2.99',
  'shipping-tax': '0.00',
  'ship-service-level': 'Standard',
  'ship-country': 'GB',
  'sales-channel': 'Amazon.co.uk',
});

const amazon: Platform = {
  file: 'order-report.txt',
  layout: 'Amazon seller order report',
  delimiter: '\t',
  header: AMAZON_HEADER,
  rows: [
    azLine(
      '202-3563777-5518068',
      '05835637773451',
      '2023-10-02T18:53:56+00:00',
      'a222d34b3891234b@marketplace.amazon.co.uk',
      'sku123',
      'Snowboard Wax',
      '3',
      '26.97',
    ),
    azLine(
      '202-3563777-5518068',
      '05835637773452',
      '2023-10-02T18:53:56+00:00',
      'a222d34b3891234b@marketplace.amazon.co.uk',
      'sku456',
      'Snowboard Leash',
      '1',
      '8.49',
    ),
    azLine(
      '026-1122334-5566778',
      '05835637779999',
      '2023-10-05T07:10:00+00:00',
      'f00dcafe12345678@marketplace.amazon.co.uk',
      'sku123',
      'Snowboard Wax',
      '1',
      '8.99',
    ),
  ],
  mapping: {
    invoice: 'order-id',
    customer: 'buyer-email',
    email: 'buyer-email',
    date: 'purchase-date',
    sku: 'sku',
    description: 'product-name',
    quantity: 'quantity-purchased',
    line_total: 'item-price',
    country: 'ship-country',
  },
  // item-price is documented as the amount for the whole quantity.
  truth: (rows) =>
    rows.map((r) => ({ invoice: r['order-id']!, customer: r['buyer-email']!, quantity: Number(r['quantity-purchased']), amount: Number(r['item-price']) })),
};

// Wix: a row per item, the order's fields on each of its rows; "Dec 8, 2024" dates, the time of
// day in a column of its own; Total is the order's.
// eBay Seller Hub's orders report (its 2025 header): an order of several items is a summary row
// (no Item Number; the buyer, the order's totals, its items' subtotal as Sold For) above a row per
// item, whose Sold For is the unit price; the buyer's details stand on the summary row.
const EBAY_HEADER = [
  'Sales Record Number',
  'Order Number',
  'Buyer Username',
  'Buyer Name',
  'Buyer Email',
  'Buyer Note',
  'Buyer Address 1',
  'Buyer Address 2',
  'Buyer City',
  'Buyer State',
  'Buyer Zip',
  'Buyer Country',
  'Buyer Tax Identifier Name',
  'Buyer Tax Identifier Value',
  'Ship To Name',
  'Ship To Phone',
  'Ship To Address 1',
  'Ship To Address 2',
  'Ship To City',
  'Ship To State',
  'Ship To Zip',
  'Ship To Country',
  'Item Number',
  'Item Title',
  'Custom Label',
  'Sold Via Promoted Listings',
  'Quantity',
  'Sold For',
  'Shipping And Handling',
  'Item Location',
  'Item Zip Code',
  'Item Country',
  'eBay Collect And Remit Tax Rate',
  'eBay Collect And Remit Tax Type',
  'eBay Reference Name',
  'eBay Reference Value',
  'Tax Status',
  'Seller Collected Tax',
  'eBay Collected Tax',
  'Electronic Waste Recycling Fee',
  'Mattress Recycling Fee',
  'Battery Recycling Fee',
  'White Goods Disposal Tax',
  'Tire Recycling Fee',
  'Additional Fee',
  'Lumber Fee',
  'Prepaid Wireless Fee',
  'Road Improvement And Food Delivery Fee',
  'eBay Collected Charges',
  'Total Price',
  'eBay Collected Tax and Fees Included in Total',
  'Payment Method',
  'Sale Date',
  'Paid On Date',
  'Ship By Date',
  'Minimum Estimated Delivery Date',
  'Maximum Estimated Delivery Date',
  'Shipped On Date',
  'Feedback Left',
  'Feedback Received',
  'My Item Note',
  'PayPal Transaction ID',
  'Shipping Service',
  'Tracking Number',
  'Transaction ID',
  'Variation Details',
  'Global Shipping Program',
  'Global Shipping Reference ID',
  'Click And Collect',
  'Click And Collect Reference Number',
  'eBay Plus',
  'Authenticity Verification Program',
  'Authenticity Verification Status',
  'Authenticity Verification Outcome Reason',
  'PSA Vault Program',
  'Vault Fulfillment Type',
  'eBay Fulfillment Program',
  'Tax City',
  'Tax State',
  'Tax Zip',
  'Tax Country',
  'eBay International Shipping',
];

const ebayOrder = (record: string, order: string, buyer: string, email: string, date: string, total: string): Row => ({
  'Sales Record Number': record,
  'Order Number': order,
  'Buyer Username': buyer,
  'Buyer Name': 'Pat Doe',
  'Buyer Email': email,
  'Buyer Country': 'United States',
  'Ship To Country': 'United States',
  'Shipping And Handling': '$4.00',
  'Total Price': total,
  'Payment Method': 'Managed Payments',
  'Sale Date': date,
  'Paid On Date': date,
});

const ebayItem = (record: string, order: string, buyer: string, date: string, item: string, title: string, qty: string, soldFor: string): Row => ({
  'Sales Record Number': record,
  'Order Number': order,
  'Buyer Username': buyer,
  'Item Number': item,
  'Item Title': title,
  Quantity: qty,
  'Sold For': soldFor,
  'Sale Date': date,
  'Transaction ID': `${item}001`,
});

const ebay: Platform = {
  file: 'eBay-OrdersReport-Apr-14-2024-10_17_14-0700-1335846329.csv',
  layout: 'eBay orders report',
  delimiter: ',',
  header: EBAY_HEADER,
  rows: [
    // One item: one row, with the order's fields.
    {
      ...ebayOrder('1001', '13-10001-00001', 'ann_buys', 'a1b2@members.ebay.com', 'Mar-04-24', '$29.00'),
      ...ebayItem('1001', '13-10001-00001', 'ann_buys', 'Mar-04-24', '256001', 'Vintage Mug', '2', '$12.50'),
    },
    // Two items: the summary row (Sold For the items' subtotal), then the items, without the buyer's email or country.
    { ...ebayOrder('1002', '13-10002-00002', 'bob_b', 'c3d4@members.ebay.com', 'Mar-05-24', '$44.00'), Quantity: '3', 'Sold For': '$40.00' },
    ebayItem('1002', '13-10002-00002', 'bob_b', 'Mar-05-24', '256002', 'Teapot', '1', '$25.00'),
    ebayItem('1002', '13-10002-00002', 'bob_b', 'Mar-05-24', '256001', 'Vintage Mug', '2', '$7.50'),
    {
      ...ebayOrder('1003', '13-10003-00003', 'ann_buys', '', 'Apr-11-24', '$1,204.00'),
      ...ebayItem('1003', '13-10003-00003', 'ann_buys', 'Apr-11-24', '256003', 'Tea Towel Set', '1', '$1,200.00'),
    },
  ],
  mapping: {
    invoice: 'Order Number',
    customer: 'Buyer Username',
    email: 'Buyer Email',
    date: 'Sale Date',
    sku: 'Item Number',
    description: 'Item Title',
    quantity: 'Quantity',
    unit_price: 'Sold For',
    country: 'Buyer Country',
  },
  // The item rows only: a summary row (no Item Number, its order having item rows) is no line.
  truth: (rows) =>
    rows
      .filter((r) => r['Item Number'] || !rows.some((o) => o['Order Number'] === r['Order Number'] && o['Item Number']))
      .map((r) => {
        const quantity = Number(r.Quantity);
        return { invoice: r['Order Number']!, customer: r['Buyer Username']!, quantity, amount: quantity * money(r['Sold For']!) };
      }),
  dates: { min: '2024-03-04 00:00:00', max: '2024-04-11 00:00:00' },
};

const WIX_HEADER = [
  'Order number',
  'Date created',
  'Time',
  'Fulfill by',
  'Total order quantity',
  'Contact email',
  'Note from customer',
  'Additional checkout info',
  'Item',
  'Variant',
  'SKU',
  'Qty',
  'Quantity refunded',
  'Price',
  'Weight',
  'Custom text',
  'Deposit amount',
  'Delivery method',
  'Delivery time',
  'Recipient name',
  'Recipient phone',
  'Recipient company name',
  'Delivery country',
  'Delivery state',
  'Delivery state name',
  'Delivery city',
  'Delivery address',
  'Delivery zip/postal code',
  'Billing name',
  'Billing phone',
  'Billing company name',
  'Billing country',
  'Billing state',
  'Billing state name',
  'Billing city',
  'Billing address',
  'Billing zip/postal code',
  'Payment status',
  'Payment method',
  'Coupon code',
  'Gift card amount',
  'Shipping rate',
  'Total tax',
  'Total',
  'Currency',
  'Refunded amount',
  'Net amount',
  'Additional fees',
  'Fulfillment status',
  'Tracking number',
  'Fulfillment service',
  'Shipping label',
];

const wixLine = (
  order: string,
  date: string,
  time: string,
  email: string,
  phone: string,
  item: string,
  sku: string,
  qty: string,
  price: string,
  orderQty: string,
  total: string,
): Row => ({
  'Order number': order,
  'Date created': date,
  Time: time,
  'Total order quantity': orderQty,
  'Contact email': email,
  Item: item,
  SKU: sku,
  Qty: qty,
  'Quantity refunded': '0',
  Price: price,
  'Delivery method': 'Standard Shipping',
  'Delivery country': 'US',
  'Billing name': 'Pat Doe',
  'Billing phone': phone,
  'Billing country': 'US',
  'Payment status': 'Paid',
  'Payment method': 'Credit/Debit Cards',
  'Shipping rate': '5.00',
  'Total tax': '0.00',
  Total: total,
  Currency: 'USD',
  'Refunded amount': '0.00',
  'Net amount': total,
  'Fulfillment status': 'Fulfilled',
});

const wix: Platform = {
  file: 'orders.csv',
  layout: 'Wix orders export',
  delimiter: ',',
  header: WIX_HEADER,
  rows: [
    wixLine('10031', 'Dec 8, 2024', '9:15:51 AM', 'ann@example.com', '', 'Linen Apron', 'APR-01', '2', '28.00', '3', '86.00'),
    wixLine('10031', 'Dec 8, 2024', '9:15:51 AM', 'ann@example.com', '', 'Beeswax Wraps (3 pack)', 'BW-3', '1', '25.00', '3', '86.00'),
    wixLine('10032', 'Dec 9, 2024', '4:02:10 PM', 'bo@example.org', '', 'Linen Apron', 'APR-01', '1', '28.00', '1', '33.00'),
    wixLine('10033', 'Jan 3, 2025', '11:45:00 AM', 'Ann@Example.com', '', 'Beeswax Wraps (3 pack)', 'BW-3', '3', '25.00', '4', '103.00'),
    wixLine('10033', 'Jan 3, 2025', '11:45:00 AM', 'Ann@Example.com', '', 'Cotton Napkins', 'NAP-4', '1', '23.00', '4', '103.00'),
    // An order without a contact email: its billing phone names the customer.
    wixLine('10034', 'Jan 5, 2025', '2:30:00 PM', '', '5550142', 'Cotton Napkins', 'NAP-4', '2', '23.00', '2', '51.00'),
  ],
  mapping: {
    invoice: 'Order number',
    customer: 'Contact email',
    email: 'Contact email',
    date: 'Date created',
    sku: 'SKU',
    description: 'Item',
    quantity: 'Qty',
    unit_price: 'Price',
    country: 'Billing country',
    // "9:15:51 AM" beside "Dec 8, 2024".
    time: 'Time',
  },
  truth: (rows) =>
    rows.map((r) => {
      const quantity = Number(r.Qty);
      return { invoice: r['Order number']!, customer: r['Contact email']!.toLowerCase() || r['Billing phone']!, quantity, amount: quantity * Number(r.Price) };
    }),
  dates: { min: '2024-12-08 09:15:51', max: '2025-01-05 14:30:00' },
};

// BigCommerce, default "Orders" export template: one row per order, its products packed into
// one 'Product Details' field; guests all have Customer ID 0 and are known by their email.
const BIGCOMMERCE_HEADER = [
  'Order ID',
  'Customer ID',
  'Customer Name',
  'Customer Email',
  'Customer Phone',
  'Order Date',
  'Order Status',
  'Subtotal (inc tax)',
  'Subtotal (ex tax)',
  'Tax Total',
  'Shipping Cost (inc tax)',
  'Shipping Cost (ex tax)',
  'Ship Method',
  'Handling Cost (inc tax)',
  'Handling Cost (ex tax)',
  'Order Total (inc tax)',
  'Order Total (ex tax)',
  'Payment Method',
  'Total Quantity',
  'Total Shipped',
  'Date Shipped',
  'Order Currency Code',
  'Exchange Rate',
  'Order Notes',
  'Customer Message',
  'Billing First Name',
  'Billing Last Name',
  'Billing Company',
  'Billing Street 1',
  'Billing Street 2',
  'Billing Suburb',
  'Billing State',
  'Billing Zip',
  'Billing Country',
  'Billing Phone',
  'Billing Email',
  'Shipping First Name',
  'Shipping Last Name',
  'Shipping Company',
  'Shipping Street 1',
  'Shipping Street 2',
  'Shipping Suburb',
  'Shipping State',
  'Shipping Zip',
  'Shipping Country',
  'Shipping Phone',
  'Shipping Email',
  'Product Details',
  'Store Credit Redeemed',
  'Gift Certificate Amount Redeemed',
  'Gift Certificate Code',
  'Gift Certificate Expiration Date',
  'Coupon Details',
  'Refund Amount',
];

/** One product as BigCommerce writes it into 'Product Details'. */
const bcProduct = (id: string, qty: number, sku: string, name: string, unit: number) =>
  `Product ID: ${id}, Product Qty: ${qty}, Product SKU: ${sku}, Product Name: ${name}, Product Weight: 0.5000, Product Variation Details: , Product Unit Price: ${unit.toFixed(2)}, Product Total Price: ${(qty * unit).toFixed(2)}`;

const bcOrder = (id: string, customerId: string, email: string, date: string, products: [string, number, string, string, number][], shipping: number): Row => {
  const qty = products.reduce((a, p) => a + p[1], 0);
  const subtotal = products.reduce((a, p) => a + p[1] * p[4], 0);
  return {
    'Order ID': id,
    'Customer ID': customerId,
    'Customer Name': 'Pat Doe',
    'Customer Email': email,
    'Customer Phone': '555-0100',
    'Order Date': date,
    'Order Status': 'Shipped',
    'Subtotal (inc tax)': subtotal.toFixed(2),
    'Subtotal (ex tax)': subtotal.toFixed(2),
    'Tax Total': '0.00',
    'Shipping Cost (inc tax)': shipping.toFixed(2),
    'Shipping Cost (ex tax)': shipping.toFixed(2),
    'Ship Method': 'Ground',
    'Handling Cost (inc tax)': '0.0000',
    'Handling Cost (ex tax)': '0.0000',
    'Order Total (inc tax)': (subtotal + shipping).toFixed(2),
    'Order Total (ex tax)': (subtotal + shipping).toFixed(2),
    'Payment Method': 'Credit Card',
    'Total Quantity': String(qty),
    'Total Shipped': String(qty),
    'Order Currency Code': 'USD',
    'Exchange Rate': '1.0000000000',
    'Billing Country': 'United States',
    'Billing Email': email,
    'Shipping Country': 'United States',
    'Product Details': products.map((p) => bcProduct(...p)).join('|'),
    'Store Credit Redeemed': '0.00',
    'Gift Certificate Amount Redeemed': '0.00',
    'Refund Amount': '0.00',
  };
};

const bigcommerce: Platform = {
  file: 'orders-2023-07-05.csv',
  layout: 'BigCommerce orders export (default template)',
  delimiter: ',',
  header: BIGCOMMERCE_HEADER,
  // Day-first dates, as BigCommerce writes them; the first two fit both orders.
  rows: [
    bcOrder(
      '101',
      '12',
      'mara@example.com',
      '03/05/2023',
      [
        ['7', 2, 'MUG-BL', 'Ceramic Mug', 24],
        ['9', 1, 'TP-1L', 'Teapot', 29],
      ],
      5,
    ),
    // Two guests: Customer ID 0 for both, told apart by their email.
    bcOrder('102', '0', 'guest@example.org', '11/05/2023', [['11', 1, 'TT-01', 'Tea Towel', 15]], 5),
    bcOrder('103', '12', 'Mara@Example.com', '20/06/2023', [['7', 3, 'MUG-BL', 'Ceramic Mug', 24]], 0),
    bcOrder(
      '104',
      '0',
      'pat@example.net',
      '02/07/2023',
      [
        ['11', 2, 'TT-01', 'Tea Towel', 15],
        ['9', 1, 'TP-1L', 'Teapot', 29],
      ],
      5,
    ),
    // Cancelled, and a checkout never finished: no sales. Refunded in part: a sale, flagged.
    { ...bcOrder('105', '12', 'mara@example.com', '04/07/2023', [['9', 1, 'TP-1L', 'Teapot', 29]], 5), 'Order Status': 'Cancelled' },
    { ...bcOrder('106', '0', 'lee@example.com', '05/07/2023', [['11', 1, 'TT-01', 'Tea Towel', 15]], 5), 'Order Status': 'Incomplete' },
    {
      ...bcOrder('107', '0', 'pat@example.net', '05/07/2023', [['7', 2, 'MUG-BL', 'Ceramic Mug', 24]], 5),
      'Order Status': 'Partially Refunded',
      'Refund Amount': '24.00',
    },
  ],
  mapping: {
    invoice: 'Order ID',
    customer: 'Customer Email',
    email: 'Customer Email',
    date: 'Order Date',
    sku: 'Product SKU',
    description: 'Product Name',
    quantity: 'Product Qty',
    line_total: 'Product Total Price',
    country: 'Billing Country',
  },
  // A line per product, read back from 'Product Details', named by its order's row.
  truth: (rows) =>
    rows.flatMap((r, i) =>
      r['Product Details']!.split('|').map((piece) => {
        const p = Object.fromEntries(piece.split(', ').map((kv) => kv.split(': ') as [string, string]));
        return {
          invoice: r['Order ID']!,
          customer: r['Customer Email']!.toLowerCase(),
          quantity: Number(p['Product Qty']),
          amount: Number(p['Product Total Price']),
          cancelled: ['Refunded', 'Cancelled', 'Declined', 'Incomplete'].includes(r['Order Status']!),
          row: i + 2,
        };
      }),
    ),
  dates: { min: '2023-05-03 00:00:00', max: '2023-07-05 00:00:00' },
};

const uciLine = (inv: string, code: string, desc: string, qty: string, date: string, price: string, cust: string): Row => ({
  InvoiceNo: inv,
  StockCode: code,
  Description: desc,
  Quantity: qty,
  InvoiceDate: date,
  UnitPrice: price,
  CustomerID: cust,
  Country: 'United Kingdom',
});

const uci: Platform = {
  file: 'Online Retail.csv',
  layout: 'UCI Online Retail',
  delimiter: ',',
  header: ['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country'],
  rows: [
    uciLine('536365', '85123A', 'WHITE HANGING HEART T-LIGHT HOLDER', '6', '12/1/2010 8:26', '2.55', '17850'),
    uciLine('536365', '71053', 'WHITE METAL LANTERN', '6', '12/1/2010 8:26', '3.39', '17850'),
    uciLine('536366', '22633', 'HAND WARMER UNION JACK', '6', '12/13/2010 8:28', '1.85', '17850'),
    uciLine('C536379', '22556', 'PLASTERS IN TIN CIRCUS PARADE', '-12', '12/13/2010 9:41', '1.65', '14527'),
    uciLine('536367', '84879', 'ASSORTED COLOUR BIRD ORNAMENT', '32', '12/14/2010 8:34', '1.69', '13047'),
  ],
  mapping: {
    invoice: 'InvoiceNo',
    customer: 'CustomerID',
    date: 'InvoiceDate',
    sku: 'StockCode',
    description: 'Description',
    quantity: 'Quantity',
    unit_price: 'UnitPrice',
    country: 'Country',
  },
  truth: simple('InvoiceNo', 'CustomerID', 'Quantity', 'UnitPrice'),
  dates: { min: '2010-12-01 08:26:00', max: '2010-12-14 08:34:00' },
};

const uci2Line = (inv: string, code: string, desc: string, qty: string, date: string, price: string, cust: string): Row => ({
  Invoice: inv,
  StockCode: code,
  Description: desc,
  Quantity: qty,
  InvoiceDate: date,
  Price: price,
  'Customer ID': cust,
  Country: 'United Kingdom',
});

const uci2: Platform = {
  file: 'online_retail_II.csv',
  layout: 'UCI Online Retail II',
  delimiter: ',',
  header: ['Invoice', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'Price', 'Customer ID', 'Country'],
  rows: [
    uci2Line('489434', '85048', '15CM CHRISTMAS GLASS BALL 20 LIGHTS', '12', '2009-12-01 07:45:00', '6.95', '13085.0'),
    uci2Line('489434', '79323P', 'PINK CHERRY LIGHTS', '12', '2009-12-01 07:45:00', '6.75', '13085.0'),
    uci2Line('489435', '22350', 'CAT BOWL ', '12', '2009-12-01 07:46:00', '2.55', '13085.0'),
    uci2Line('C489449', '22087', 'PAPER BUNTING WHITE LACE', '-12', '2009-12-01 10:33:00', '2.95', '16321.0'),
    uci2Line('489436', '21755', 'LOVE BUILDING BLOCK WORD', '18', '2009-12-01 09:06:00', '5.45', ''),
  ],
  mapping: {
    invoice: 'Invoice',
    customer: 'Customer ID',
    date: 'InvoiceDate',
    sku: 'StockCode',
    description: 'Description',
    quantity: 'Quantity',
    unit_price: 'Price',
    country: 'Country',
  },
  truth: (rows) => simple('Invoice', 'Customer ID', 'Quantity', 'Price')(rows).map((l) => ({ ...l, customer: l.customer.replace(/\.0$/, '') })),
};

// PrestaShop's Orders > Export: the order list, a row per order and no products, ';'-delimited
// (fputcsv), New client 1 or 0, Customer "J. DOE", Total formatted in the employee's locale.
const PRESTASHOP_HEADER = ['ID', 'Reference', 'New client', 'Delivery', 'Customer', 'Total', 'Payment', 'Status', 'Date'];

const psOrder = (id: string, reference: string, isNew: string, customer: string, total: string, status: string, date: string): Row => ({
  ID: id,
  Reference: reference,
  'New client': isNew,
  Delivery: 'France',
  Customer: customer,
  Total: total,
  Payment: 'Bank transfer',
  Status: status,
  Date: date,
});

const PRESTASHOP_NOT_SALES = ['Canceled', 'Refunded', 'Payment error'];

const prestashop: Platform = {
  file: 'order_2024-04-02_101512.csv',
  layout: 'PrestaShop orders export',
  delimiter: ';',
  header: PRESTASHOP_HEADER,
  rows: [
    psOrder('21', 'XKBKNABJK', '1', 'J. DOE', '€61.80', 'Delivered', '2024-03-01 10:12:44'),
    // One cart split by carrier: two orders, one Reference.
    psOrder('22', 'OHSATSERP', '0', 'J. DOE', '€29.00', 'Shipped', '2024-03-02 11:00:01'),
    psOrder('23', 'OHSATSERP', '0', 'J. DOE', '€7.50', 'Shipped', '2024-03-02 11:00:01'),
    psOrder('24', 'WKJHGHGHK', '1', 'M. MARTIN', '€1,204.00', 'Payment accepted', '2024-03-05 09:30:00'),
    psOrder('25', 'FFATNOMMJ', '0', 'M. MARTIN', '€15.00', 'Refunded', '2024-03-06 14:00:00'),
    psOrder('26', 'UOYEVOLIX', '1', 'A. SMITH', '€44.90', 'Payment error', '2024-03-07 16:20:00'),
    psOrder('27', 'KHWLILZLL', '0', 'A. SMITH', '€89.00', 'Canceled', '2024-03-08 08:00:00'),
    // A deleted customer account: no name.
    psOrder('28', 'QWERTYUIO', '1', '', '€12.00', 'Delivered', '2024-03-09 12:00:00'),
    psOrder('29', 'ZXCVBNMAS', '0', 'M. MARTIN', '€230.10', 'Awaiting bank wire payment', '2024-03-31 18:45:00'),
  ],
  mapping: { invoice: 'Reference', customer: 'Customer', date: 'Date', line_total: 'Total', country: 'Delivery' },
  truth: (rows) =>
    rows.map((r) => ({
      invoice: r.Reference!,
      customer: r.Customer!,
      quantity: 1,
      amount: money(r.Total!),
      cancelled: PRESTASHOP_NOT_SALES.includes(r.Status!),
    })),
  dates: { min: '2024-03-01 10:12:44', max: '2024-03-31 18:45:00' },
};

// PayPal's activity download (Download.CSV): every movement of the balance; the status of each
// payment as at the download (a payment refunded since reads Refunded, its refund a debit row).
const PAYPAL_HEADER = [
  'Date',
  'Time',
  'TimeZone',
  'Name',
  'Type',
  'Status',
  'Currency',
  'Gross',
  'Fee',
  'Net',
  'From Email Address',
  'To Email Address',
  'Transaction ID',
  'Shipping Address',
  'Address Status',
  'Item Title',
  'Item ID',
  'Shipping and Handling Amount',
  'Insurance Amount',
  'Sales Tax',
  'Reference Txn ID',
  'Invoice Number',
  'Custom Number',
  'Quantity',
  'Receipt ID',
  'Balance',
  'Town/City',
  'Zip/Postal Code',
  'Country',
  'Contact Phone Number',
  'Subject',
  'Note',
  'Country Code',
  'Balance Impact',
];
const paypalRow = (
  date: string,
  name: string,
  type: string,
  status: string,
  gross: string,
  from: string,
  id: string,
  item: string,
  impact: string,
  reference = '',
): Row => ({
  Date: date,
  Time: '10:15:00',
  TimeZone: 'PST',
  Name: name,
  Type: type,
  Status: status,
  Currency: 'USD',
  Gross: gross,
  Fee: '0.00',
  Net: gross,
  'From Email Address': from,
  'To Email Address': from === 'shop@example.com' ? '' : 'shop@example.com',
  'Transaction ID': id,
  'Item Title': item,
  'Item ID': item ? item.toUpperCase().replace(/ /g, '-') : '',
  'Shipping and Handling Amount': item ? '4.95' : '',
  'Reference Txn ID': reference,
  Quantity: item ? '1' : '',
  'Balance Impact': impact,
});
const PAYPAL_NOT_SALES = ['Denied', 'Reversed', 'Refunded', 'Canceled', 'Cancelled', 'Failed', 'Voided', 'Unclaimed'];
const paypal: Platform = {
  file: 'Download.CSV',
  layout: 'PayPal activity download',
  delimiter: ',',
  header: PAYPAL_HEADER,
  rows: [
    paypalRow('01/03/2024', 'Ann Lee', 'Website Payment', 'Completed', '49.00', 'ann@example.com', '1AB', 'Blue Mug', 'Credit'),
    paypalRow('01/05/2024', 'Bo Chan', 'Express Checkout Payment', 'Refunded', '19.00', 'bo@example.com', '2AB', 'Tea Towel', 'Credit'),
    paypalRow('01/09/2024', '', 'General Withdrawal', 'Completed', '-60.00', 'shop@example.com', '3AB', '', 'Debit'),
    paypalRow('01/10/2024', 'Bo Chan', 'Payment Refund', 'Completed', '-19.00', 'shop@example.com', '4AB', 'Tea Towel', 'Debit', '2AB'),
    paypalRow('01/12/2024', 'Cy Dee', 'Website Payment', 'Completed', '99.00', 'cy@example.com', '5AB', 'Teapot', 'Credit'),
    paypalRow('01/13/2024', 'Cy Dee', 'General Authorization', 'Pending', '-25.00', 'shop@example.com', '6AB', '', 'Memo'),
    // A bank deposit: a credit with no payer, so no customer.
    paypalRow('01/15/2024', '', 'Bank Deposit to PP Account', 'Completed', '100.00', '', '7AB', '', 'Credit'),
    paypalRow('01/20/2024', 'Ann Lee', 'Website Payment', 'Completed', '35.00', 'ann@example.com', '8AB', 'Teapot', 'Credit'),
  ],
  mapping: {
    invoice: 'Transaction ID',
    customer: 'From Email Address',
    email: 'From Email Address',
    date: 'Date',
    time: 'Time',
    sku: 'Item ID',
    description: 'Item Title',
    quantity: 'Quantity',
    line_total: 'Gross',
    country: 'Country',
  },
  truth: (rows) =>
    rows.map((r) => ({
      invoice: r['Transaction ID']!,
      customer: r['From Email Address']!,
      quantity: 1,
      amount: Number(r.Gross),
      cancelled: r['Balance Impact'] !== 'Credit' || PAYPAL_NOT_SALES.includes(r.Status!),
    })),
  dates: { min: '2024-01-03 10:15:00', max: '2024-01-20 10:15:00' },
};

// Stripe's payments export (unified_payments.csv): a row per payment, no products.
const STRIPE_HEADER = [
  'id',
  'Created date (UTC)',
  'Amount',
  'Amount Refunded',
  'Currency',
  'Captured',
  'Converted Amount',
  'Converted Amount Refunded',
  'Converted Currency',
  'Decline Reason',
  'Description',
  'Fee',
  'Refunded date (UTC)',
  'Statement Descriptor',
  'Status',
  'Seller Message',
  'Taxes On Fee',
  'Card ID',
  'Customer ID',
  'Customer Description',
  'Customer Email',
  'Invoice ID',
  'Transfer',
];
const stripePayment = (id: string, date: string, amount: string, refunded: string, status: string, customer: string, email: string): Row => ({
  id,
  'Created date (UTC)': date,
  Amount: amount,
  'Amount Refunded': refunded,
  Currency: 'usd',
  Captured: status === 'Failed' ? 'false' : 'true',
  'Converted Amount': amount,
  'Converted Amount Refunded': refunded,
  'Converted Currency': 'usd',
  'Decline Reason': status === 'Failed' ? 'card_declined' : '',
  Description: 'Subscription update',
  Fee: '1.72',
  Status: status,
  'Seller Message': 'Payment complete.',
  'Customer ID': customer,
  'Customer Email': email,
  'Invoice ID': `in_${id}`,
});
const STRIPE_NOT_SALES = ['Failed', 'Refunded'];
const stripe: Platform = {
  file: 'unified_payments.csv',
  layout: 'Stripe payments export',
  delimiter: ',',
  header: STRIPE_HEADER,
  rows: [
    stripePayment('py_1', '2024-03-01 10:00:00', '49.00', '0.00', 'Paid', 'cus_A1', 'ann@example.com'),
    stripePayment('py_2', '2024-03-05 11:00:00', '19.00', '0.00', 'Paid', 'cus_B2', 'bo@example.com'),
    stripePayment('py_3', '2024-03-09 12:00:00', '49.00', '49.00', 'Refunded', 'cus_A1', 'ann@example.com'),
    stripePayment('py_4', '2024-03-12 13:00:00', '99.00', '0.00', 'Failed', 'cus_C3', 'cy@example.com'),
    // A guest charge: no customer object, its email the customer.
    stripePayment('py_5', '2024-04-01 10:00:00', '25.00', '0.00', 'Paid', '', 'dee@example.net'),
  ],
  mapping: { invoice: 'id', customer: 'Customer ID', email: 'Customer Email', date: 'Created date (UTC)', description: 'Description', line_total: 'Amount' },
  truth: (rows) =>
    rows.map((r) => ({
      invoice: r.id!,
      customer: r['Customer ID'] || r['Customer Email']!,
      quantity: 1,
      amount: Number(r.Amount),
      cancelled: STRIPE_NOT_SALES.includes(r.Status!),
    })),
  dates: { min: '2024-03-01 10:00:00', max: '2024-04-01 10:00:00' },
};

// Gumroad's sales export (Sales.csv), its columns as Gumroad's exporter writes them; a "Totals" row closes it.
const GUMROAD_HEADER =
  'Purchase ID,Item Name,Buyer Name,Purchase Email,Buyer Email,Do not contact?,Purchase Date,Purchase Time (UTC timezone),Subtotal ($),Taxes ($),Tax Type,Shipping ($),Sale Price ($),Fees ($),Net Total ($),Tip ($),Tax Included in Price?,Street Address,City,Zip Code,State,Country,Referrer,Refunded?,Partial Refund ($),Fully Refunded?,Disputed?,Dispute Won?,Access Revoked?,Variants,Discount Code,Recurring Charge?,Free trial purchase?,Pre-order authorization?,Product ID,Order Number,Pre-order authorization time (UTC timezone),Custom Fields,Item Price ($),Variants Price ($),Giftee Email,SKU ID,Quantity,Recurrence,Affiliate,Affiliate commission ($),Discover?,Cancellation Date,Subscription End Date,Rating,Review,License Key,License Key Activation Count,License Key Enabled?,Payment Type,PayPal Transaction ID,PayPal Fee Amount,PayPal Fee Currency,Stripe Transaction ID,Stripe Fee Amount,Stripe Fee Currency,Purchasing Power Parity Discounted?,Upsold?,Sent Abandoned Cart Email?,UTM Source,UTM Medium,UTM Campaign,UTM Term,UTM Content,Buyer Currency,Buyer Total,Buyer Refunded Total'.split(
    ',',
  );
/** A purchase; `flags` sets the 0/1 columns that are 1 (and the partial refund's amount). */
const gumroadPurchase = (id: string, item: string, product: string, email: string, time: string, price: string, qty: string, flags: Row = {}): Row => ({
  'Purchase ID': id,
  'Item Name': item,
  'Buyer Name': email.split('@')[0]!,
  'Purchase Email': email,
  'Buyer Email': email,
  'Do not contact?': '0',
  'Purchase Date': time.slice(0, 10),
  'Purchase Time (UTC timezone)': `${time} UTC`,
  'Subtotal ($)': price,
  'Sale Price ($)': price,
  'Fees ($)': (Number(price) / 10).toFixed(2),
  'Net Total ($)': (Number(price) * 0.9).toFixed(2),
  City: 'Cambridge',
  'Zip Code': '02139',
  Country: 'United States',
  'Refunded?': '0',
  'Partial Refund ($)': '0.0',
  'Fully Refunded?': '0',
  'Disputed?': '0',
  'Dispute Won?': '0',
  'Recurring Charge?': '0',
  'Free trial purchase?': '0',
  'Pre-order authorization?': '0',
  'Product ID': product,
  'Order Number': String(1402151234 + Number(id.replace(/\D/g, ''))),
  'Item Price ($)': price,
  Quantity: qty,
  'Payment Type': 'Card',
  // The buyer's own currency, not the amounts' (always US dollars).
  'Buyer Currency': 'EUR',
  ...flags,
});
const GUMROAD_NOT_SALES = ['Fully Refunded?', 'Free trial purchase?', 'Pre-order authorization?'];
const gumroadNoSale = (r: Row) => GUMROAD_NOT_SALES.some((c) => r[c] === '1') || (r['Disputed?'] === '1' && r['Dispute Won?'] !== '1');
const gumroad: Platform = {
  file: 'Sales.csv',
  layout: 'Gumroad sales export',
  delimiter: ',',
  header: GUMROAD_HEADER,
  rows: [
    gumroadPurchase('p1', 'Typography Course', 'typo', 'ann@example.com', '2024-01-15 14:30:00', '49.0', '1'),
    gumroadPurchase('p2', 'Icon Pack', 'icons', 'ann@example.com', '2024-01-15 14:30:02', '15.0', '1'),
    gumroadPurchase('p3', 'Icon Pack', 'icons', 'bo@example.com', '2024-02-03 09:00:00', '30.0', '2'),
    gumroadPurchase('p4', 'Typography Course', 'typo', 'cy@example.com', '2024-02-10 10:00:00', '49.0', '1', { 'Refunded?': '1', 'Fully Refunded?': '1' }),
    gumroadPurchase('p5', 'Typography Course', 'typo', 'dee@example.com', '2024-02-11 11:00:00', '49.0', '1', {
      'Refunded?': '1',
      'Partial Refund ($)': '20.0',
    }),
    gumroadPurchase('p6', 'Membership', 'club', 'eve@example.com', '2024-03-01 08:00:00', '10.0', '1', { 'Free trial purchase?': '1' }),
    gumroadPurchase('p7', 'Membership', 'club', 'eve@example.com', '2024-03-08 08:00:00', '10.0', '1', { 'Recurring Charge?': '1' }),
    gumroadPurchase('p8', 'Field Guide (pre-order)', 'guide', 'fay@example.com', '2024-03-09 08:00:00', '25.0', '1', { 'Pre-order authorization?': '1' }),
    // Chargebacks: one lost (the money taken back), one won (a sale).
    gumroadPurchase('p9', 'Icon Pack', 'icons', 'gus@example.com', '2024-03-10 08:00:00', '15.0', '1', { 'Disputed?': '1' }),
    gumroadPurchase('p10', 'Icon Pack', 'icons', 'hal@example.com', '2024-03-11 08:00:00', '15.0', '1', { 'Disputed?': '1', 'Dispute Won?': '1' }),
    { 'Purchase ID': 'Totals', 'Subtotal ($)': '237.0', 'Sale Price ($)': '237.0', 'Partial Refund ($)': '20.0' },
  ],
  mapping: {
    invoice: 'Purchase ID',
    customer: 'Purchase Email',
    email: 'Purchase Email',
    date: 'Purchase Time (UTC timezone)',
    sku: 'Product ID',
    description: 'Item Name',
    quantity: 'Quantity',
    line_total: 'Sale Price ($)',
    country: 'Country',
  },
  truth: (rows) =>
    rows
      .filter((r) => r['Purchase ID'] !== 'Totals')
      .map((r) => ({
        invoice: r['Purchase ID']!,
        customer: r['Purchase Email']!,
        quantity: Number(r.Quantity),
        amount: Number(r['Sale Price ($)']),
        cancelled: gumroadNoSale(r),
      })),
  dates: { min: '2024-01-15 14:30:00', max: '2024-03-11 08:00:00' },
};

// Xero's invoices export: the import template's columns (required ones starred) and what the
// export adds (Total, LineAmount, Type, Status); the invoice's fields on each of its lines.
const XERO_HEADER = [
  '*ContactName',
  'EmailAddress',
  'POAddressLine1',
  'POCity',
  'POPostalCode',
  'POCountry',
  '*InvoiceNumber',
  'Reference',
  '*InvoiceDate',
  '*DueDate',
  'Total',
  'InventoryItemCode',
  '*Description',
  '*Quantity',
  '*UnitAmount',
  'Discount',
  'LineAmount',
  '*AccountCode',
  '*TaxType',
  'TaxAmount',
  'Currency',
  'Type',
  'Status',
];
const xeroLine = (
  contact: string,
  invoice: string,
  date: string,
  total: string,
  code: string,
  description: string,
  qty: string,
  unit: string,
  discount: string,
  line: string,
  status: string,
): Row => ({
  '*ContactName': contact,
  EmailAddress: contact === 'Bayside Club' ? 'secretarybob@bayside.co' : '',
  POAddressLine1: 'P O Box 3354',
  POCity: 'Ridge Heights',
  POPostalCode: '6011',
  POCountry: 'New Zealand',
  '*InvoiceNumber': invoice,
  '*InvoiceDate': date,
  '*DueDate': date,
  Total: total,
  InventoryItemCode: code,
  '*Description': description,
  '*Quantity': qty,
  '*UnitAmount': unit,
  Discount: discount,
  LineAmount: line,
  '*AccountCode': '200',
  '*TaxType': '15% GST on Income',
  TaxAmount: (Number(line) * 0.15).toFixed(2),
  Currency: 'NZD',
  Type: 'Sales invoice',
  Status: status,
});
const XERO_NOT_SALES = ['VOIDED', 'DELETED', 'DRAFT', 'SUBMITTED'];
const xero: Platform = {
  file: 'Invoices.csv',
  layout: 'Xero invoices export',
  delimiter: ',',
  header: XERO_HEADER,
  rows: [
    xeroLine('Bayside Club', 'INV-0001', '01/02/2024', '345.00', 'GB1-White', 'Golf balls - white single', '10', '4.00', '', '40.00', 'PAID'),
    // 10% off: LineAmount is the line after its discount.
    xeroLine('Bayside Club', 'INV-0001', '01/02/2024', '345.00', 'DevD', 'Development work', '2', '130.00', '10', '234.00', 'PAID'),
    xeroLine('Ridgeway University', 'INV-0002', '13/02/2024', '115.00', '', 'Consulting', '1', '100.00', '', '100.00', 'AUTHORISED'),
    xeroLine('Bayside Club', 'INV-0003', '20/02/2024', '46.00', 'GB1-White', 'Golf balls - white single', '10', '4.00', '', '40.00', 'VOIDED'),
    xeroLine('Ridgeway University', 'INV-0004', '21/02/2024', '23.00', 'GB1-White', 'Golf balls - white single', '5', '4.00', '', '20.00', 'DRAFT'),
  ],
  mapping: {
    invoice: '*InvoiceNumber',
    customer: '*ContactName',
    email: 'EmailAddress',
    date: '*InvoiceDate',
    sku: 'InventoryItemCode',
    description: '*Description',
    quantity: '*Quantity',
    unit_price: '*UnitAmount',
    line_total: 'LineAmount',
    country: 'POCountry',
  },
  truth: (rows) =>
    rows.map((r) => ({
      invoice: r['*InvoiceNumber']!,
      customer: r['*ContactName']!,
      quantity: Number(r['*Quantity']),
      amount: Number(r.LineAmount),
      cancelled: XERO_NOT_SALES.includes(r.Status!),
    })),
  // Of the sales: the voided and the draft invoices are none.
  dates: { min: '2024-02-01 00:00:00', max: '2024-02-13 00:00:00' },
};

// WooCommerce's Analytics › Orders report, downloaded: its table's columns (woocommerce-admin's
// orders report table), a row per order, a refund a row of its own with negative Net sales.
const WC_ANALYTICS_HEADER = ['Date', 'Order #', 'Status', 'Customer', 'Customer type', 'Product(s)', 'Items sold', 'Coupon(s)', 'Net sales', 'Origin'];
const WC_ANALYTICS_NOT_SALES = ['refunded', 'cancelled', 'failed'];
const wooAnalytics: Platform = {
  file: 'wc-orders-report-export-2024-03-09.csv',
  layout: 'WooCommerce Analytics orders report',
  delimiter: ',',
  header: WC_ANALYTICS_HEADER,
  rows: [
    ['2024-03-01 10:12:00', '1001', 'completed', 'Ann Lee', 'new', '2× Mug, 1× Bowl', '3', '', '36.00', 'Direct'],
    ['2024-03-02 11:00:00', '1002', 'processing', 'Bo Diaz', 'new', '3× Plate', '3', 'save5', '25.00', ''],
    ['2024-03-03 09:30:00', '1003', 'refunded', 'Cy Ng', 'new', '1× Mug', '1', '', '12.00', ''],
    ['2024-03-04 15:45:00', '1004', 'completed', 'Ann Lee', 'returning', '1× Plate, 1× Mug', '2', '', '22.00', ''],
    // A refund of one plate of order 1002.
    ['2024-03-06 12:00:00', '1005', 'completed', 'Bo Diaz', 'returning', '1× Plate', '-1', '', '-10.00', ''],
    ['2024-03-07 08:00:00', '1006', 'cancelled', 'Dee Park', 'new', '1× Bowl', '1', '', '12.00', ''],
    ['2024-03-08 10:00:00', '1007', 'on-hold', 'Dee Park', 'returning', '1× Mug', '1', '', '12.00', 'Referral'],
  ].map((cells) => Object.fromEntries(cells.map((c, i) => [WC_ANALYTICS_HEADER[i]!, c]))),
  mapping: { invoice: 'Order #', customer: 'Customer', date: 'Date', line_total: 'Net sales' },
  truth: (rows) =>
    rows.map((r) => ({
      invoice: r['Order #']!,
      customer: r.Customer!,
      // A row per order, its amount Net sales: a refund's negative.
      quantity: Number(r['Net sales']) < 0 ? -1 : 1,
      amount: Number(r['Net sales']),
      cancelled: WC_ANALYTICS_NOT_SALES.includes(r.Status!),
    })),
  dates: { min: '2024-03-01 10:12:00', max: '2024-03-08 10:00:00' },
};

const PLATFORMS = [
  prestashop,
  wooAnalytics,
  shopify,
  squarespace,
  woocommerce,
  wooCsvExport,
  ebay,
  square,
  squareTransactions,
  lightspeed,
  loyverse,
  shopware,
  magento,
  odoo,
  etsy,
  amazon,
  wix,
  bigcommerce,
  xero,
  stripe,
  paypal,
  gumroad,
  uci,
  uci2,
];

/** What the default cleaning keeps of these fixtures: sales (positive quantity and amount) to a known customer. */
function expected(p: Platform) {
  const kept = p.truth(p.rows).filter((l) => l.customer !== '' && l.quantity > 0 && l.amount > 0 && !/^C\d/.test(l.invoice) && !l.cancelled);
  return {
    // The lines the platform documents: a row per line, but for an order's summary row (eBay's).
    read: p.truth(p.rows).length,
    kept: kept.length,
    customers: new Set(kept.map((l) => l.customer)).size,
    invoices: new Set(kept.map((l) => l.invoice)).size,
    revenue: Math.round(kept.reduce((a, l) => a + l.amount, 0) * 100) / 100,
  };
}

let sql: SqlPort;
beforeAll(async () => {
  sql = await openDb();
});

describe.each(PLATFORMS.map((p) => [p.layout, p] as const))('%s', (_name, p) => {
  it('is recognised by its header and mapped without any override', async () => {
    const ds = await openDataset(sql, [textSource(p.file, csvText(p))]);
    expect(ds.canonical.mapping.layout?.name).toBe(p.layout);
    // Every transaction role exactly (no order total taken for a line total); contact columns may come on top.
    const transactionRoles = ROLES.filter((r) => !(CONTACT_ROLES as readonly string[]).includes(r));
    const mapped = ds.canonical.mapping.mapping;
    expect(Object.fromEntries(transactionRoles.filter((r) => mapped[r] !== undefined).map((r) => [r, mapped[r]]))).toEqual(p.mapping);
    expect(Object.values(ds.canonical.mapping.manual)).toEqual([]);
  });

  it('loads the exact figures recomputed from the fixture', async () => {
    const ds = await openDataset(sql, [textSource(p.file, csvText(p))]);
    const e = expected(p);
    expect(e.kept).toBeGreaterThan(0);
    expect(ds.report.rows_read).toBe(e.read);
    expect(ds.report.removed.invalid_value).toBe(0);
    expect(ds.report.rows_kept).toBe(e.kept);
    expect(ds.report.customers).toBe(e.customers);
    expect(ds.report.invoices).toBe(e.invoices);
    expect(ds.report.revenue).toBeCloseTo(e.revenue, 2);
    if (p.dates) {
      expect(ds.report.date_min).toBe(p.dates.min);
      expect(ds.report.date_max).toBe(p.dates.max);
    }
  });
});

describe('the recognised layout in the report', () => {
  it('is named by inspect, in text and JSON; a file of no known layout has none', async () => {
    const ds = await openDataset(sql, [textSource(shopify.file, csvText(shopify))]);
    expect(inspectText(ds)).toContain('Layout: Shopify orders export (customer = Email, else Phone;');
    expect((inspectJson(ds).format as { layout: { id: string; name: string } }).layout).toMatchObject({ id: 'shopify_orders', name: 'Shopify orders export' });
    const plain = await openDataset(sql, [textSource('plain.csv', 'Order,Client,Date,Item,Qty,Price\n1,a,2023-01-02,Mug,2,3.50\n')]);
    expect(plain.canonical.mapping.layout).toBeUndefined();
    expect((inspectJson(plain).format as { layout: unknown }).layout).toBeNull();
    expect(inspectText(plain)).not.toContain('Layout:');
  });

  it('says that customers known by a name only may be several people, unless another column is chosen', async () => {
    const ds = await openDataset(sql, [textSource(prestashop.file, csvText(prestashop))]);
    const warning =
      'customers are told apart by "Customer", a name as written in the PrestaShop orders export (first initial and last name, "J. DOE"): people who share one count as one customer';
    expect(figureWarnings(ds)).toContain(warning);
    expect(inspectText(ds)).toContain(`warning: ${warning}`);
    const byId = await openDataset(sql, [textSource(prestashop.file, csvText(prestashop))], { mapping: { customer: 'ID' } });
    // Only that the cart split by carrier (one Reference, orders 22 and 23) now holds two "customers".
    expect(figureWarnings(byId)).toEqual([
      '1 order holds lines of several customers on one day (e.g. "OHSATSERP" on 2024-03-02: "22" at order_2024-04-02_101512.csv row 3 and "23" at order_2024-04-02_101512.csv row 4), on 2 lines: each is read as one order, as numbered (as when two tills or two shops number alike), so orders are undercounted and baskets by invoice join their customers\' items; baskets by visit (a customer\'s day) keep them apart',
    ]);
    // Other layouts name customers by an id or an email.
    const shop = await openDataset(sql, [textSource(shopify.file, csvText(shopify))]);
    expect(figureWarnings(shop).join('\n')).not.toContain('told apart');
  });

  it('keeps manual overrides over the layout: the customer is then the chosen column, without fallbacks', async () => {
    const ds = await openDataset(sql, [textSource(shopify.file, csvText(shopify))], { mapping: { customer: 'Billing Phone' } });
    expect(ds.canonical.mapping.mapping.customer).toBe('Billing Phone');
    expect(ds.canonical.mapping.manual).toEqual({ customer: true });
    // Only order #1001 has a billing phone, on its first line; as an order-level field it is filled
    // down to the order's second line. Other orders have no customer, and no fallback applies.
    const withPhone = shopify.rows.filter((r) => r.Name === '#1001');
    expect(ds.report.customers).toBe(1);
    expect(ds.report.rows_kept).toBe(withPhone.length);
  });

  it('reports the lines of orders the export marks cancelled or refunded and leaves them out, whether returns are dropped or netted, unless kept', async () => {
    for (const p of [shopify, squarespace, woocommerce, wooCsvExport, magento, bigcommerce, prestashop]) {
      const truth = p.truth(p.rows);
      // File rows (header on row 1) of the orders that were no sale, found from each order's first line.
      const lines = truth.flatMap((l, i) => (l.cancelled ? [l.row ?? i + 2] : []));
      const customers = new Set(truth.filter((l) => l.cancelled && l.customer !== '').map((l) => l.customer)).size;
      const cancelledAmount = truth.filter((l) => l.cancelled).reduce((a, l) => a + l.amount, 0);
      expect(lines.length).toBeGreaterThanOrEqual(2);
      const e = expected(p);
      for (const returns of ['drop', 'net'] as const) {
        const a = defaultAnalysis();
        a.cleaning.returns = returns;
        const ds = await loadData(sql, [textSource(p.file, csvText(p))], a, { today: null });
        const found = ds.report.implausible.cancelled_order;
        expect(found).toMatchObject({ lines: lines.length, customers, excluded: true });
        // Every line, those after an order's first found by its fields filled down.
        expect(found.examples.map((x) => x.row)).toEqual(lines.slice(0, 3));
        expect(implausibleWarnings(ds.report).join('\n')).toContain(
          `${lines.length} lines of orders the export marks cancelled or refunded (not sales): excluded (cancelled_order; e.g. ${p.file} row ${lines[0]}`,
        );
        expect(ds.report.rows_kept).toBe(e.kept);
        expect(ds.report.revenue).toBeCloseTo(e.revenue, 2);
      }
      // Kept as chosen: they count as sales again.
      const a = defaultAnalysis();
      a.cleaning.implausible.exclude = a.cleaning.implausible.exclude.filter((k) => k !== 'cancelled_order');
      const kept = await loadData(sql, [textSource(p.file, csvText(p))], a, { today: null });
      expect(kept.report.implausible.cancelled_order.excluded).toBe(false);
      expect(kept.report.rows_kept).toBe(e.kept + lines.length);
      expect(kept.report.revenue).toBeCloseTo(e.revenue + cancelledAmount, 2);
    }
  });
});

describe("Loyverse's receipts by item", () => {
  it('leaves cancelled receipts out and reads refund receipts as returns, dropped or netted', async () => {
    const truth = loyverse.truth(loyverse.rows);
    const cancelledRows = truth.flatMap((l, i) => (l.cancelled ? [i + 2] : []));
    const sales = truth.filter((l) => !l.cancelled && l.customer !== '');
    for (const returns of ['drop', 'net'] as const) {
      const a = defaultAnalysis();
      a.cleaning.returns = returns;
      const ds = await loadData(sql, [textSource(loyverse.file, csvText(loyverse))], a, { today: null });
      expect(ds.report.implausible.cancelled_order).toMatchObject({ lines: cancelledRows.length, excluded: true });
      expect(ds.report.implausible.cancelled_order.examples.map((x) => x.row)).toEqual(cancelledRows);
      const kept = returns === 'drop' ? sales.filter((l) => l.quantity > 0) : sales;
      expect(ds.report.rows_kept).toBe(kept.length);
      expect(ds.report.revenue).toBeCloseTo(
        kept.reduce((t, l) => t + l.amount, 0),
        2,
      );
    }
  });

  it('says the discounts beside Gross sales are not taken off, and names Net sales to read the lines after them', async () => {
    const ds = await openDataset(sql, [textSource(loyverse.file, csvText(loyverse))]);
    const discounted = loyverse.rows.findIndex((r) => Number(r.Discounts) > 0);
    expect(inspectText(ds)).toContain(
      `discounts of ${loyverse.rows[discounted]!.Discounts} on 1 line ("Discounts") are not taken off: revenue and monetary values are before discounts; map the line total to "Net sales" to read the lines after them (--map line_total="Net sales"); e.g. "${loyverse.rows[discounted]!.Discounts}" at ${loyverse.file} row ${discounted + 2}`,
    );
  });
});

describe("Toast's item selection details", () => {
  // The columns of ItemSelectionDetails.csv as Toast documents them (doc.toasttab.com, "Data
  // export field reference"), with the PLU and Discount headers of the files parsers read. A row per
  // item selection; Gross Price and Net Price are the selection's amounts for its Qty.
  const HEADER =
    'Location,Order Id,Order #,Sent Date,Order Date,Check Id,Server,Table,Dining Area,Service,Dining Option,Item Selection Id,Item Id,Master Id,SKU,PLU,Menu Item,Menu Subgroup(s),Menu Group,Menu,Sales Category,Gross Price,Discount,Net Price,Qty,Tax,Void?,Deferred,Tax Exempt,Tax Inclusion Option,Dining Option Tax,Tab Name'.split(
      ',',
    );
  const item = (
    order: string,
    no: string,
    date: string,
    server: string,
    menuItem: string,
    sku: string,
    gross: string,
    discount: string,
    qty: string,
    voided = 'false',
  ): Row => ({
    Location: 'Main Street Bistro',
    'Order Id': order,
    'Order #': no,
    'Sent Date': date,
    'Order Date': date,
    'Check Id': `${order}1`,
    Server: server,
    'Dining Option': 'Dine In',
    'Item Selection Id': `${order}${sku}`,
    SKU: sku,
    'Menu Item': menuItem,
    'Sales Category': 'Food',
    'Gross Price': gross,
    Discount: discount,
    'Net Price': (Number(gross) - Number(discount)).toFixed(2),
    Qty: qty,
    'Void?': voided,
    Deferred: 'false',
    'Tax Exempt': 'false',
  });
  const rows = [
    item('4000001', '101', '03/14/2025 18:20:05', 'Alex Kim', 'Classic Burger', 'BUR-01', '28.00', '0.00', '2'),
    item('4000001', '101', '03/14/2025 18:20:05', 'Alex Kim', 'Fries', '', '5.00', '1.00', '1'),
    // A voided item: no sale.
    item('4000002', '102', '03/14/2025 18:59:30', 'Sam Lee', 'House IPA', 'IPA-16', '7.50', '0.00', '1', 'true'),
    item('4000002', '102', '03/14/2025 18:59:30', 'Sam Lee', 'House Red', 'WIN-RD', '18.00', '0.00', '2'),
    // Order # restarts each day; Order Id does not.
    item('4000003', '101', '03/15/2025 12:03:00', 'Alex Kim', 'Classic Burger', 'BUR-01', '14.00', '0.00', '1'),
  ];
  const text = [HEADER.join(','), ...rows.map((r) => HEADER.map((h) => r[h] ?? '').join(','))].join('\n');

  it('reads Gross Price as the line total, by Order Id, and leaves voided items out', async () => {
    const ds = await openDataset(sql, [textSource('ItemSelectionDetails.csv', `${text}\n`)]);
    expect(ds.canonical.mapping.layout?.name).toBe('Toast item selection details');
    expect(ds.canonical.mapping.mapping).toMatchObject({
      invoice: 'Order Id',
      date: 'Order Date',
      description: 'Menu Item',
      quantity: 'Qty',
      line_total: 'Gross Price',
    });
    expect(ds.canonical.mapping.mapping.unit_price).toBeUndefined();
    // The Server is a staff member, not a customer.
    expect(ds.canonical.mapping.mapping.customer).toBeUndefined();
    const sales = rows.filter((r) => r['Void?'] !== 'true');
    expect(ds.report.implausible.cancelled_order.lines).toBe(rows.length - sales.length);
    expect(ds.report.rows_kept).toBe(sales.length);
    expect(ds.report.invoices).toBe(new Set(sales.map((r) => r['Order Id'])).size);
    expect(ds.report.revenue).toBeCloseTo(
      sales.reduce((a, r) => a + Number(r['Gross Price']), 0),
      2,
    );
    expect(ds.report.date_max).toBe('2025-03-15 12:03:00');
  });

  it('refuses RFM saying the export names no customer, rather than asking for a column', async () => {
    const ds = await openDataset(sql, [textSource('ItemSelectionDetails.csv', `${text}\n`)]);
    expect(() => requireRoles(ds.canonical.mapping.mapping, 'rfm', ds)).toThrow(
      'RFM needs customer; this file, read as Toast item selection details, names no customer, so there is nobody to score (baskets and the overview need none); map it to a column that holds customers, if the file has one',
    );
    // A layout with a customer column the file lacks asks for one as any file does.
    const plain = await openDataset(sql, [textSource('plain.csv', 'Order,Date,Item,Qty,Price\n1,2023-01-02,Mug,2,3.50\n')]);
    expect(() => requireRoles(plain.canonical.mapping.mapping, 'rfm', plain)).toThrow(/^RFM needs customer; map it to a column$/);
  });
});

describe("SumUp's transactions report", () => {
  // Its German header, as SumUp writes it (the type column named "Transaktionsart" since late 2025).
  const header = (type: string) =>
    `E-Mail,Datum,Transaktions-ID,${type},Status,Kartentyp,Letzte 4 Ziffern,Durchgeführt mit,Zahlungsmethode,Eingabemodus,Autorisierungscode,Beschreibung,Betrag inkl. MwSt.,Netto,Steuerbetrag,Trinkgeldbetrag,Gebühr,Auszahlung,Auszahlungsdatum,Auszahlungs-ID,Referenz`;
  // [id, time, type, status, description, amount]: a sale and its payout row, a cancelled payment, a refund.
  const rows: [string, string, string, string, string, number][] = [
    ['T4SLAD3TU4', '2025-01-31 19:56:55', 'Umsatz', 'Erfolgreich', '2 x Getränk 4.50.-, 1 x Snack 2.50.-', 11.5],
    ['T4SLAD3TU4', '2025-01-31 19:57:11', 'Auszahlung', 'Gezahlt', '2 x Getränk 4.50.-, 1 x Snack 2.50.-', 11.5],
    ['TEG9E236RY', '2025-01-31 18:37:00', 'Umsatz', 'Abgebrochen', '2 x Getränk 4.50.-', 9],
    ['TX8Q2W1', '2025-02-01 10:00:00', 'Umsatz', 'Erfolgreich', 'Kaffee', 3.2],
    ['TX8Q2W1R', '2025-02-02 09:00:00', 'Rückerstattung', '', 'Kaffee', -3.2],
    ['TZ1', '2025-02-03 12:00:00', 'Umsatz', 'Fehlgeschlagen', 'Kuchen', 4],
  ];
  const text = (type: string) =>
    [
      header(type),
      ...rows.map(
        ([id, time, t, status, description, amount]) =>
          `kasse@laden.de,${time},${id},${t},${status},VISA,1234,CREDIT,POS,CONTACTLESS,123456,"${description}",${amount},${(amount / 1.07).toFixed(2)},0.2,0.0,0.1,${t === 'Umsatz' ? amount - 0.1 : ''},,,`,
      ),
    ].join('\n');

  it('reads a payment per row as the order: payout rows, cancelled and failed payments are no sales, a refund a return; the login is no customer', async () => {
    for (const type of ['Zahlungsart', 'Transaktionsart']) {
      const ds = await openDataset(sql, [textSource('transaktionen.csv', `${text(type)}\n`)]);
      expect(ds.canonical.mapping.layout?.name).toBe('SumUp transactions report');
      expect(ds.canonical.mapping.mapping).toEqual({
        invoice: 'Transaktions-ID',
        date: 'Datum',
        description: 'Beschreibung',
        line_total: 'Betrag inkl. MwSt.',
      });
      const sales = rows.filter(([, , t, status]) => t === 'Umsatz' && status === 'Erfolgreich');
      expect(ds.report.rows_kept).toBe(sales.length);
      expect(ds.report.invoices).toBe(sales.length);
      expect(ds.report.revenue).toBeCloseTo(
        sales.reduce((a, r) => a + r[5], 0),
        2,
      );
      expect(ds.report.removed.return).toBe(rows.filter((r) => r[5] < 0).length);
      expect(() => requireRoles(ds.canonical.mapping.mapping, 'rfm', ds)).toThrow(/read as SumUp transactions report, names no customer/);
      expect(inspectText(ds)).toContain('no RFM: this file, read as SumUp transactions report, names no customer');
    }
  });
});

describe("Clover's orders export", () => {
  const HEADER =
    'Order Date,Order ID,Invoice Number,Order Number,Order Type,Order Employee ID,Order Employee Name,Order Employee Custom ID,Note,Currency,Tax Amount,Tip,Service Charge,Discount,Order Total,Payments Total,Payment Note,Refunds Total,Manual Refunds Total,Tender,Credit Card Auth Code,Credit Card Transaction ID,Order Payment State';
  // [date, id, employee, tax, tip, total, refunds, state]
  const orders: [string, string, string, string, string, string, string, string][] = [
    ['16-Dec-2023 02:44 AM EST', 'MKP7NKSJDFKF8', 'Sena', '3.56', '8.39', '33.56', '0.00', 'Paid'],
    ['16-Dec-2023 02:19 AM EST', 'HD9N0C5AT521Y', 'Alex', '1.43', '0.00', '13.43', '0.00', 'Paid'],
    ['15-Dec-2023 09:10 PM EST', 'AB9N0C5AT521Z', 'Alex', '0.80', '0.00', '9.80', '4.00', 'Paid'],
    ['14-Dec-2023 11:30 AM EST', 'ZZ9N0C5AT5210', 'Sena', '1.00', '0.00', '21.00', '21.00', 'Refunded'],
  ];
  const text = [
    HEADER,
    ...orders.map(([date, id, employee, tax, tip, total, refunds, state]) =>
      [
        date,
        id,
        '',
        '',
        'Dine In',
        `EMP${employee}`,
        employee,
        '',
        '',
        'USD',
        tax,
        tip,
        '',
        '0.00',
        total,
        total,
        '',
        refunds,
        '0.00',
        'Credit Card',
        '05756C',
        '3350007',
        state,
      ].join(','),
    ),
  ].join('\n');

  it('reads Order Total per order, leaves refunded orders out, flags a refund on a paid one; the employee is no customer', async () => {
    const ds = await openDataset(sql, [textSource('Orders-20231216.csv', `${text}\n`)]);
    expect(ds.canonical.mapping.layout?.name).toBe('Clover orders export');
    expect(ds.canonical.mapping.mapping).toEqual({ invoice: 'Order ID', date: 'Order Date', line_total: 'Order Total' });
    const sales = orders.filter((o) => o[7] !== 'Refunded');
    expect(ds.report.rows_kept).toBe(sales.length);
    expect(ds.report.revenue).toBeCloseTo(
      sales.reduce((a, o) => a + Number(o[5]), 0),
      2,
    );
    expect(ds.report.date_min).toBe('2023-12-15 21:10:00');
    expect(ds.canonical.partialRefunds).toMatchObject({ orders: 1, amount: 4, examples: [{ order: 'AB9N0C5AT521Z', row: 4 }] });
    expect(() => requireRoles(ds.canonical.mapping.mapping, 'rfm', ds)).toThrow(/read as Clover orders export, names no customer/);
  });
});

describe("Etsy's sold orders", () => {
  const HEADER =
    'Sale Date,Order ID,Buyer User ID,Full Name,First Name,Last Name,Number of Items,Payment Method,Date Shipped,Street 1,Street 2,Ship City,Ship State,Ship Zipcode,Ship Country,Currency,Order Value,Coupon Code,Coupon Details,Discount Amount,Shipping Discount,Shipping,Sales Tax,Order Total,Status,Card Processing Fees,Order Net,Adjusted Order Total,Adjusted Card Processing Fees,Adjusted Net Order Amount,Buyer,Order Type,Payment Type,InPerson Discount,InPerson Location,SKU';
  // [date, order, buyer id, name, items, value, discount, shipping, tax, status, adjusted total, buyer]
  const orders: [string, string, string, string, number, number, number, number, number, string, string, string][] = [
    ['12/31/24', '3412345678', '812345', 'Ann Lee', 2, 37.98, 0, 4.2, 0, 'Completed', '--', 'annlee88'],
    ['12/30/24', '3412345600', '812999', 'Bob Ray', 1, 18.99, 1.9, 4.2, 1.5, 'Completed', '--', 'bobray'],
    ['12/20/24', '3412345500', '812345', 'Ann Lee', 1, 18.99, 0, 4.2, 0, 'Completed', '18.99', 'annlee88'],
    ['12/19/24', '3412345400', '813000', 'Cy Dun', 3, 56.97, 0, 0, 0, 'Canceled', '0', 'cydun'],
    ['11/02/24', '3412345300', '814000', 'Di Fox', 1, 25.0, 0, 4.2, 0, 'Completed', '--', ''],
  ];
  const total = (o: (typeof orders)[number]) => o[5] - o[6] + o[7] + o[8];
  const text = [
    HEADER,
    ...orders.map((o) => {
      const [date, id, buyerId, name, items, value, discount, shipping, tax, status, adjusted, buyer] = o;
      const [first, last] = name.split(' ');
      return [
        date,
        id,
        buyerId,
        name,
        first,
        last,
        items,
        'Etsy Payments',
        '',
        '1 Main St',
        '',
        'Boston',
        'MA',
        '02110',
        'United States',
        'USD',
        value.toFixed(2),
        '',
        '',
        discount.toFixed(2),
        '0',
        shipping.toFixed(2),
        tax.toFixed(2),
        total(o).toFixed(2),
        status,
        '0.95',
        '0',
        adjusted,
        '--',
        '--',
        buyer,
        'online',
        'Etsy Payments',
        '',
        '',
        'SKU-1',
      ].join(',');
    }),
  ].join('\n');

  it('reads Order Value per order and Buyer as the customer (Buyer User ID when empty); a cancelled order left out, a refunded one flagged with its refund', async () => {
    const ds = await openDataset(sql, [textSource('EtsySoldOrders2024.csv', `${text}\n`)]);
    expect(ds.canonical.mapping.layout?.name).toBe('Etsy sold orders');
    expect(ds.canonical.mapping.mapping).toMatchObject({
      invoice: 'Order ID',
      customer: 'Buyer',
      date: 'Sale Date',
      quantity: 'Number of Items',
      line_total: 'Order Value',
    });
    const sales = orders.filter((o) => o[9] !== 'Canceled');
    expect(ds.report.rows_kept).toBe(sales.length);
    expect(ds.report.revenue).toBeCloseTo(
      sales.reduce((a, o) => a + o[5], 0),
      2,
    );
    expect(ds.report.customers).toBe(new Set(sales.map((o) => o[11] || o[2])).size);
    expect(ds.report.date_min).toBe('2024-11-02 00:00:00');
    // Order 3412345500: 23.19 paid, 18.99 after the refund; the cancelled one's "0" is no refund of a sale.
    const refunded = sales.filter((o) => o[10] !== '--');
    expect(ds.canonical.partialRefunds).toMatchObject({
      orders: refunded.length,
      amountColumn: 'Order Total less Adjusted Order Total',
      amount: Math.round(refunded.reduce((a, o) => a + total(o) - Number(o[10]), 0) * 100) / 100,
      examples: [{ order: '3412345500', row: 4 }],
    });
    // Bob's 1.90 off is said, not taken off (Order Value is before it).
    expect(figureWarnings(ds).find((w) => w.includes('Discount Amount'))).toMatch(/1\.90/);
  });
});

describe("Gumroad's sales export", () => {
  it('flags the purchase refunded in part, not the Totals row summing the refunds, and leaves out what charged nothing or was lost to a dispute', async () => {
    const ds = await openDataset(sql, [textSource(gumroad.file, csvText(gumroad))]);
    const purchases = gumroad.rows.filter((r) => r['Purchase ID'] !== 'Totals');
    const partly = purchases.filter((r) => Number(r['Partial Refund ($)']) > 0);
    expect(ds.canonical.partialRefunds).toMatchObject({
      orders: partly.length,
      amount: partly.reduce((a, r) => a + Number(r['Partial Refund ($)']), 0),
      examples: [{ file: 'Sales.csv', row: 6, order: 'p5' }],
    });
    expect(ds.report.implausible.cancelled_order.lines).toBe(purchases.filter(gumroadNoSale).length);
    // The buyer's currency is not the amounts': no currency column, no mix of currencies warned.
    expect(ds.canonical.currency?.source).not.toBe('column');
  });
});

describe("Amazon's All Orders Report", () => {
  // Its documented header (tab-separated, a row per item); no buyer column.
  const HEADER =
    'amazon-order-id,merchant-order-id,purchase-date,last-updated-date,order-status,fulfillment-channel,sales-channel,order-channel,url,ship-service-level,product-name,sku,asin,item-status,quantity,currency,item-price,item-tax,shipping-price,shipping-tax,gift-wrap-price,gift-wrap-tax,item-promotion-discount,ship-promotion-discount,ship-city,ship-state,ship-postal-code,ship-country,promotion-ids,is-business-order,purchase-order-number,price-designation'.split(
      ',',
    );
  const item = (order: string, date: string, orderStatus: string, name: string, sku: string, itemStatus: string, qty: string, price: string): Row => ({
    'amazon-order-id': order,
    'purchase-date': date,
    'last-updated-date': date,
    'order-status': orderStatus,
    'fulfillment-channel': 'Amazon',
    'sales-channel': 'Amazon.com',
    'product-name': name,
    sku,
    'item-status': itemStatus,
    quantity: qty,
    currency: 'USD',
    'item-price': price,
    'ship-city': 'Seattle',
    'ship-postal-code': '98101',
    'ship-country': 'US',
  });
  const rows = [
    item('111-1234567-1234567', '2024-03-04T10:15:00+00:00', 'Shipped', 'Ceramic Mug', 'MUG-BL', 'Shipped', '2', '25.00'),
    // Cancelled inside a shipped order: no sale.
    item('111-1234567-1234567', '2024-03-04T10:15:00+00:00', 'Shipped', 'Teapot', 'TP-1L', 'Cancelled', '1', '30.00'),
    item('112-7654321-7654321', '2024-03-06T11:00:00+00:00', 'Shipped', 'Tea Towel', 'TT-01', 'Shipped', '3', '36.00'),
  ];
  const text = [HEADER.join('\t'), ...rows.map((r) => HEADER.map((h) => r[h] ?? '').join('\t'))].join('\n');

  it('reads item-price as the line total and leaves cancelled items out; it names no customer', async () => {
    const ds = await openDataset(sql, [textSource('All-Orders-Report.txt', `${text}\n`)]);
    expect(ds.canonical.mapping.layout?.name).toBe('Amazon All Orders Report');
    expect(ds.canonical.mapping.mapping.line_total).toBe('item-price');
    expect(ds.canonical.mapping.mapping.unit_price).toBeUndefined();
    expect(ds.canonical.mapping.mapping.customer).toBeUndefined();
    const sales = rows.filter((r) => r['item-status'] !== 'Cancelled');
    expect(ds.report.implausible.cancelled_order.lines).toBe(rows.length - sales.length);
    expect(ds.report.rows_kept).toBe(sales.length);
    expect(ds.report.invoices).toBe(new Set(sales.map((r) => r['amazon-order-id'])).size);
    expect(ds.report.revenue).toBeCloseTo(
      sales.reduce((a, r) => a + Number(r['item-price']), 0),
      2,
    );
  });
});

describe("eBay's orders report as downloaded", () => {
  it('skips the blank line above the header and the empty row below it, the footer and the summary rows; fills the buyer down', async () => {
    // A blank line, the header, an empty row, the orders, a blank line, the record count and the seller.
    const blankRow = ebay.header.map(() => '""').join(',');
    const text = `\r\n${csvText(ebay).replace('\r\n', `\r\n${blankRow}\r\n`)}\r\n"5","record(s) downloaded"${','.repeat(80)}\r\n"Seller ID : shop_one"${','.repeat(81)}\r\n`;
    const ds = await openDataset(sql, [textSource(ebay.file, text)]);
    expect(ds.canonical.mapping.layout?.name).toBe('eBay orders report');
    const e = expected(ebay);
    expect(ds.report.rows_read).toBe(e.read);
    expect(ds.report.rows_kept).toBe(e.kept);
    expect(ds.report.customers).toBe(e.customers);
    expect(ds.report.invoices).toBe(e.invoices);
    expect(ds.report.revenue).toBeCloseTo(e.revenue, 2);
    // File rows: the header on row 2, the empty row 3, the orders from row 4; the footer after a blank line.
    const summary = ebay.rows.findIndex((r) => r['Item Number'] === undefined);
    expect(ds.canonical.summaryRows).toEqual({
      column: 'Item Number',
      count: 1,
      examples: [{ file: ebay.file, row: summary + 4, order: ebay.rows[summary]!['Order Number'] }],
      empty: 1,
    });
    // Below the orders (the last on row `end`) and the blank line after them.
    const end = ebay.rows.length + 3;
    expect(ds.canonical.totalRows?.map((t) => [t.label, t.file, t.row])).toEqual([
      ['record(s) downloaded', ebay.file, end + 2],
      ['Seller ID : shop_one', ebay.file, end + 3],
    ]);
    // The item rows of the two-item order carry no email: the summary row's, filled down.
    const emails = tableRows(await sql.query("SELECT DISTINCT email FROM lines WHERE invoice = '13-10002-00002'"));
    expect(emails).toEqual([{ email: 'c3d4@members.ebay.com' }]);
    expect(inspectText(ds)).toContain(
      `1 order summary row left out (Item Number empty, above the order's item rows: counting it would count the items twice), e.g. ${ebay.file} row ${summary + 4} (order 13-10002-00002); 1 row with neither an order nor an item left out`,
    );
  });
});

describe('orders refunded in part', () => {
  it.each([
    [shopify, 'Name', { column: 'Financial Status', values: ['partially_refunded'] }, 'Refunded Amount'],
    [bigcommerce, 'Order ID', { column: 'Order Status', values: ['Partially Refunded'] }, 'Refund Amount'],
    [woocommerce, 'order_number', undefined, 'refunded_total'],
    [squarespace, 'Order ID', undefined, 'Amount Refunded'],
  ] as const)('%#: are flagged with their refunds and examples, and still counted in full', async (p, invoice, status, amountColumn) => {
    // Each such order once, at its first row (header = row 1): by its status, else by a refund on an order still a sale.
    const truth = p.truth(p.rows);
    const marked = (r: Row, i: number) => (status ? r[status.column] === status.values[0] : Number(r[amountColumn] ?? 0) > 0 && !truth[i]!.cancelled);
    const orders: { order: string; row: number; refunded: number }[] = [];
    p.rows.forEach((r, i) => {
      if (marked(r, i) && !orders.some((o) => o.order === r[invoice])) orders.push({ order: r[invoice]!, row: i + 2, refunded: Number(r[amountColumn]) });
    });
    expect(orders.length).toBe(1);
    const ds = await openDataset(sql, [textSource(p.file, csvText(p))]);
    const refunded = orders.reduce((a, o) => a + o.refunded, 0);
    expect(ds.canonical.partialRefunds).toEqual({
      ...(status ? { status } : {}),
      orders: orders.length,
      amountColumn,
      amount: refunded,
      examples: orders.map((o) => ({ file: p.file, row: o.row, order: o.order })),
    });
    const mark = status ? `${status.column} ${status.values[0]}` : `${amountColumn} above 0`;
    expect(inspectText(ds)).toContain(
      `warning: 1 order refunded in part (${mark}) counts in full as sales, the export not saying for which lines; the ${refunded.toFixed(2)} refunded on it (${amountColumn}) is not taken off; e.g. ${orders[0]!.order} (${p.file} row ${orders[0]!.row})`,
    );
    // Counted in full: the fixture's figures (expected()) keep them.
    expect(ds.report.revenue).toBeCloseTo(expected(p).revenue, 2);
  });

  it('name no refunded total when a refund does not read as a number', async () => {
    const rows = shopify.rows.map((r) => (r['Financial Status'] === 'partially_refunded' ? { ...r, 'Refunded Amount': '20,00 €' } : r));
    const ds = await openDataset(sql, [textSource(shopify.file, csvText({ ...shopify, rows }))]);
    expect(ds.canonical.partialRefunds).toMatchObject({ orders: 1 });
    expect(ds.canonical.partialRefunds?.amount).toBeUndefined();
    expect(inspectText(ds)).toContain('the export not saying for which lines; e.g. #1007');
  });

  it('are not looked for in exports that do not mark them', async () => {
    const ds = await openDataset(sql, [textSource(magento.file, csvText(magento))]);
    expect(ds.canonical.partialRefunds).toBeUndefined();
    expect(inspectText(ds)).not.toContain('refunded in part');
  });
});

describe('the currency the export states', () => {
  /** Currency values as the fixture states them, most frequent first (ties by name). */
  const stated = (p: Platform, column: string) => {
    const n = new Map<string, number>();
    for (const r of p.rows) if (r[column]) n.set(r[column]!.toUpperCase(), (n.get(r[column]!.toUpperCase()) ?? 0) + 1);
    return [...n].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([c]) => c);
  };

  it.each([
    [shopify, 'Currency'],
    [woocommerce, 'order_currency'],
    [magento, 'order_currency_code'],
    [etsy, 'Currency'],
    [amazon, 'currency'],
    [wix, 'Currency'],
    [bigcommerce, 'Order Currency Code'],
  ] as const)("%#: read from the layout's currency column", async (p, column) => {
    const ds = await openDataset(sql, [textSource(p.file, csvText(p))]);
    const codes = stated(p, column);
    expect(ds.canonical.currency).toMatchObject({ codes, source: 'column', column });
    // Several are counted line by line; one needs no count.
    expect(ds.canonical.currency?.lines?.map((l) => l.code)).toEqual(codes.length > 1 ? codes : undefined);
  });

  it("warns when an export mixes currencies, since revenue adds them up unconverted, with each one's lines", async () => {
    const ds = await openDataset(sql, [textSource(shopify.file, csvText(shopify))]);
    expect(ds.canonical.currency?.codes).toEqual(['EUR', 'IDR']);
    const rows = (code: string) => shopify.rows.flatMap((r, i) => (r.Currency?.toUpperCase() === code ? [i + 2] : []));
    const [eur, idr] = [rows('EUR'), rows('IDR')];
    const warning = `2 currencies in "Currency", added up unconverted in revenue and monetary values: EUR on ${eur.length} lines (first ${shopify.file} row ${eur[0]}), IDR on ${idr.length} ${idr.length === 1 ? 'line' : 'lines'} (first ${shopify.file} row ${idr[0]})`;
    expect(figureWarnings(ds)).toContain(warning);
    expect(inspectText(ds)).toContain(`Currency: EUR, IDR (column Currency)`);
    expect(inspectText(ds)).toContain(`warning: ${warning}`);
  });

  it('counts the currencies written in the prices over every line, not only the sample that found them', async () => {
    // 6,000 lines in pounds, then euros on every 1,000th: the detection sample (every n-th line) sees some, the count all.
    const lines = Array.from({ length: 6000 }, (_, i) => `${i + 1},c${i % 50},2023-01-02,Mug,1,${i % 1000 === 999 || i === 5998 ? '€2.00' : '£3.50'}`);
    const ds = await openDataset(sql, [textSource('mixed.csv', `Order,Client,Date,Item,Qty,Price\n${lines.join('\n')}\n`)]);
    expect(ds.canonical.currency).toEqual({
      codes: ['GBP', 'EUR'],
      source: 'symbol',
      lines: [
        { code: 'GBP', lines: 5993, first: { file: 'mixed.csv', row: 2 } },
        { code: 'EUR', lines: 7, first: { file: 'mixed.csv', row: 1001 } },
      ],
    });
    expect(figureWarnings(ds)).toContain(
      '2 currencies written in the prices, added up unconverted in revenue and monetary values: GBP on 5,993 lines (first mixed.csv row 2), EUR on 7 lines (first mixed.csv row 1001)',
    );
  });

  it.each(['Currency', 'currency_code', 'Währung', 'Devise', 'Moneda', 'Valuta'])(
    'reads a column headed %s holding codes or marks, outside any known layout, and warns of the mix',
    async (header) => {
      const codes = ['EUR', 'usd', 'EUR', '€', '$', 'EUR', 'US$'];
      const lines = codes.map((c, i) => `${i + 1},c${i},2023-01-0${i + 1},Mug,1,${10 + i}.50,${c}`);
      const ds = await openDataset(sql, [textSource('shop.csv', `Order,Client,Date,Item,Qty,Price,${header}\n${lines.join('\n')}\n`)]);
      // "$" names several currencies and stays as written; "US$" and "usd" are USD.
      expect(ds.canonical.currency).toEqual({
        codes: ['EUR', 'USD', '$'],
        source: 'column',
        column: header,
        lines: [
          { code: 'EUR', lines: 4, first: { file: 'shop.csv', row: 2 } },
          { code: 'USD', lines: 2, first: { file: 'shop.csv', row: 3 } },
          { code: '$', lines: 1, first: { file: 'shop.csv', row: 6 } },
        ],
      });
      expect(figureWarnings(ds)).toContain(
        `3 currencies in "${header}", added up unconverted in revenue and monetary values: EUR on 4 lines (first shop.csv row 2), USD on 2 lines (first shop.csv row 3), $ on 1 line (first shop.csv row 6)`,
      );
    },
  );

  it('takes no column for the currency whose values are not all currencies, nor one headed otherwise', async () => {
    const text = (header: string, values: string[]) =>
      `Order,Client,Date,Item,Qty,Price,${header}\n${values.map((c, i) => `${i + 1},c${i},2023-01-0${i + 1},Mug,1,2.50,${c}`).join('\n')}\n`;
    const notes = await openDataset(sql, [textSource('a.csv', text('Currency', ['EUR', 'paid by card', 'USD']))]);
    expect(notes.canonical.currency).toBeUndefined();
    const other = await openDataset(sql, [textSource('b.csv', text('Code', ['EUR', 'USD', 'EUR']))]);
    expect(other.canonical.currency).toBeUndefined();
  });

  it('falls back to the symbol written in the prices', async () => {
    const ds = await openDataset(sql, [textSource(square.file, csvText(square))]);
    expect(ds.canonical.currency).toEqual({ codes: ['$'], source: 'symbol' });
    const uk = await openDataset(sql, [textSource('uk.csv', 'Order,Client,Date,Item,Qty,Price\n1,a,2023-01-02,Mug,2,£3.50\n2,b,2023-01-03,Cup,1,£2.00\n')]);
    expect(uk.canonical.currency).toEqual({ codes: ['GBP'], source: 'symbol' });
    expect(inspectText(uk)).toContain('Currency: GBP (written in the prices)');
    expect(uk.report.revenue).toBe(9);
  });
});
