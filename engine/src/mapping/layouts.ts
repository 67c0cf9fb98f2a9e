import { normaliseHeader, type ColumnMapping, type Role } from './roles.ts';

/**
 * Export layouts of shop and till platforms, recognised by their header names. Where a layout
 * is known its documented meaning wins over guessing: Shopify's `Total` is the order's total,
 * repeated (or not) on every line, and must never be read as a line total.
 * Column names are written as documented; they are compared after normaliseHeader.
 */
export interface PlatformLayout {
  id: string;
  /** Shown in the report, e.g. "Shopify orders export". */
  name: string;
  /** Headers that must all be present for the layout to be recognised. */
  signature: readonly string[];
  /**
   * role -> documented column (or its names across the platform's versions, the first the file
   * has); a column missing from the file leaves the role to detection.
   */
  roles: Partial<Record<Role, string | readonly string[]>>;
  /**
   * A report grouping its lines under heading rows (QuickBooks' "Sales by Customer Detail"): the
   * first column names the group on a row of its own above the group's lines, and closes it on a
   * "Total for …" row. The first of these roles the file has no column of (`roles`) for is the
   * group's; headings and totals are left out (engine/src/io/group-headings.ts).
   */
  groupHeadings?: readonly Role[];
  /** Columns tried in turn when the customer column is empty (guest and cash-on-delivery orders). */
  customerFallback?: readonly string[];
  /** Columns whose header reads as a customer's contact but that are not (SumUp's E-Mail, the merchant's login). */
  notContacts?: readonly string[];
  /** A customer value that means "no customer" (walk-in sales), e.g. Lightspeed's customerID 0. */
  anonymousCustomer?: string;
  /** The invoice is written on an order's first line only (Odoo's one-to-many export). */
  invoiceOnFirstLineOnly?: boolean;
  /** Order-level columns written on an order's first line only: filled down within the order. */
  orderLevel?: readonly string[];
  /** The column naming each line's (or order's) currency. */
  currency?: string;
  /** Day/month order the platform writes when the data alone cannot tell (US platforms). */
  dateOrder?: 'dmy' | 'mdy';
  /**
   * The item column left empty on an order's summary row, written above its item rows (eBay's
   * orders report): such rows are left out, as counting them would count the items twice.
   */
  summaryRowWhenEmpty?: string;
  /** The column filled on the lines of a cancelled order (its cancellation time): cancelled_order lines. */
  cancelledWhenFilled?: string;
  /**
   * The order's status column and the values meaning it was no sale (voided, refunded in full):
   * cancelled_order lines too. Compared without case, with '_', '-' and spaces alike. Several
   * columns where one alone does not tell (PayPal's Status and Balance Impact): any of them.
   */
  notSaleStatus?: OrderStatus | readonly OrderStatus[];
  /** How the export marks an order refunded in part (a sale still, counted in full, so flagged). */
  partlyRefunded?: PartRefundMark;
  /** The column and values telling a refund written as a row of its own: read as a return, whatever its sign (engine/src/io/refund-rows.ts). */
  refundRows?: OrderStatus;
  /** The discounts beside lines priced before them (engine/src/io/discounts.ts): said, not taken off. */
  discounts?: DiscountColumn;
  /**
   * How the customer column names people when the export has no customer id or email (e.g.
   * 'first initial and last name, "J. DOE"'): people sharing such a name count as one, said with the figures.
   */
  customerByName?: string;
  /** What a user should know about how the layout is read. */
  note?: string;
}

/**
 * A discount column: an order's discount (on its first line or on each) or each line's; for
 * line discounts, the column of the lines' amounts after them, when the export has one.
 */
export interface DiscountColumn {
  column: string;
  per: 'order' | 'line';
  net?: string;
}

/** A status column and the values of it that mark an order. */
export interface OrderStatus {
  column: string;
  values: readonly string[];
  /** Unless this column holds one of these values (Gumroad: disputed, unless the dispute was won). */
  unless?: { column: string; values: readonly string[] };
}

/**
 * How an export marks an order refunded in part: a status value, or (without one) a refunded
 * amount above 0 on an order still a sale; with the column of the amount refunded.
 */
export interface PartRefundMark {
  status?: OrderStatus;
  amount?: string;
  /** With `amount` the order's total, the column of its total after refunds (Etsy's Adjusted Order Total, "--" without one): the refund is their difference. */
  after?: string;
}

/** What both readings of BigCommerce's orders export share: fallbacks, currency, statuses. */
const BIGCOMMERCE_ORDERS = {
  customerFallback: ['Billing Email', 'Customer Phone'],
  currency: 'Order Currency Code',
  // BigCommerce's order statuses (Incomplete: a checkout never finished; Declined: payment refused).
  notSaleStatus: { column: 'Order Status', values: ['Refunded', 'Cancelled', 'Declined', 'Incomplete'] },
  partlyRefunded: { status: { column: 'Order Status', values: ['Partially Refunded'] }, amount: 'Refund Amount' },
};

/** WooCommerce's export of an item per row, the order's fields (status included) on every row. */
const WOOCOMMERCE_ITEM_ROWS = {
  roles: {
    invoice: 'order_number',
    customer: 'billing_email',
    email: 'billing_email',
    sku: 'item_sku',
    description: 'item_name',
    quantity: 'item_quantity',
    line_total: 'item_subtotal',
    country: 'billing_country',
  },
  customerFallback: ['billing_phone'],
  currency: 'order_currency',
  // The order's status slug (get_status(): no 'wc-' prefix; both compared); a partial refund
  // leaves the status as it was, its amount in refunded_total.
  notSaleStatus: { column: 'status', values: ['cancelled', 'refunded', 'failed', 'wc-cancelled', 'wc-refunded', 'wc-failed'] },
  partlyRefunded: { amount: 'refunded_total' },
  discounts: { column: 'discount_total', per: 'order' },
  note: 'customer = billing_email (guests have customer_id 0); item_subtotal is the line total before discounts; orders with status cancelled, refunded or failed are not sales',
} as const satisfies Partial<PlatformLayout>;

export const PLATFORM_LAYOUTS: readonly PlatformLayout[] = [
  {
    id: 'shopify_orders',
    name: 'Shopify orders export',
    signature: ['Name', 'Email', 'Financial Status', 'Lineitem name', 'Lineitem quantity', 'Lineitem price', 'Created at'],
    roles: {
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
    customerFallback: ['Phone', 'Billing Phone', 'Shipping Phone'],
    currency: 'Currency',
    orderLevel: ['Email', 'Phone', 'Billing Phone', 'Shipping Phone', 'Created at', 'Billing Country', 'Cancelled at', 'Financial Status'],
    cancelledWhenFilled: 'Cancelled at',
    // Shopify's financial statuses (paid, pending, authorized, partially_paid, partially_refunded,
    // refunded, voided, expired): refunded in full, voided or lapsed, nothing was paid for the order.
    notSaleStatus: { column: 'Financial Status', values: ['refunded', 'voided', 'expired'] },
    partlyRefunded: { status: { column: 'Financial Status', values: ['partially_refunded'] }, amount: 'Refunded Amount' },
    discounts: { column: 'Discount Amount', per: 'order' },
    note: 'customer = Email, else Phone; order-level fields filled down within each order; Subtotal and Total are order totals, not line totals; orders with a Cancelled at, or a Financial Status refunded, voided or expired, are not sales',
  },
  {
    // Shopify's column names for the lines, its own for the order (no 'Name'); an order's fields
    // (Email, Created at, the billing details) are written on its first line only.
    id: 'squarespace_orders',
    name: 'Squarespace orders export',
    signature: ['Order ID', 'Email', 'Financial Status', 'Lineitem name', 'Lineitem quantity', 'Lineitem price', 'Created at'],
    roles: {
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
    customerFallback: ['Billing Phone', 'Shipping Phone'],
    currency: 'Currency',
    orderLevel: ['Email', 'Created at', 'Billing Country', 'Billing Phone', 'Shipping Phone', 'Cancelled at', 'Financial Status'],
    dateOrder: 'mdy',
    cancelledWhenFilled: 'Cancelled at',
    // Written 'PAID' and 'refunded' in one export: compared without case. A paid order with an
    // Amount Refunded was refunded in part.
    notSaleStatus: { column: 'Financial Status', values: ['refunded'] },
    partlyRefunded: { amount: 'Amount Refunded' },
    discounts: { column: 'Discount Amount', per: 'order' },
    note: 'customer = Email, else the billing phone; order fields filled down within each order; Subtotal and Total are order totals, not line totals; orders with a Cancelled at, or a Financial Status refunded, are not sales; dates month-first where the data cannot tell',
  },
  {
    id: 'woocommerce_orders',
    name: 'WooCommerce order export (one row per item)',
    signature: ['order_id', 'order_date', 'billing_email', 'item_name', 'item_quantity'],
    ...WOOCOMMERCE_ITEM_ROWS,
    roles: { ...WOOCOMMERCE_ITEM_ROWS.roles, date: 'order_date' },
  },
  {
    // WooCommerce's Analytics › Orders report, downloaded (its table's columns): a row per order,
    // and a refund a row of its own with negative Net sales. Customer is the billing first and last
    // name, the only customer it names; Customer type is new or returning; Product(s) lists the
    // order's products as text ("2× Mug, 1× Bowl"), not read as products; Status is the order's
    // status slug.
    id: 'woocommerce_analytics_orders',
    name: 'WooCommerce Analytics orders report',
    signature: ['Date', 'Order #', 'Status', 'Customer', 'Customer type', 'Product(s)', 'Items sold', 'Net sales'],
    roles: {
      invoice: 'Order #',
      customer: 'Customer',
      date: 'Date',
      line_total: 'Net sales',
    },
    notSaleStatus: { column: 'Status', values: ['refunded', 'cancelled', 'failed'] },
    customerByName: 'first and last name',
    note: 'a row per order: Net sales its amount (after coupons, before tax and shipping), refunds negative rows read as returns; customer = Customer, a name, as the report has no customer id or email; Product(s) lists the products as text, not read (baskets need the orders export of an item per row); orders refunded, cancelled or failed are not sales',
  },
  {
    // SkyVerge's Customer/Order CSV Export, its default one-row-per-item format: the same columns,
    // the order's date as 'date'.
    id: 'woocommerce_csv_export',
    name: 'WooCommerce Customer/Order CSV Export (one row per item)',
    signature: ['order_id', 'order_number', 'date', 'status', 'billing_email', 'item_name', 'item_quantity'],
    ...WOOCOMMERCE_ITEM_ROWS,
    roles: { ...WOOCOMMERCE_ITEM_ROWS.roles, date: 'date' },
  },
  {
    id: 'square_item_sales',
    name: 'Square item sales export',
    signature: ['Date', 'Time', 'Item', 'Qty', 'Gross Sales', 'Transaction ID'],
    roles: {
      invoice: 'Transaction ID',
      customer: 'Customer ID',
      date: 'Date',
      sku: 'SKU',
      description: 'Item',
      quantity: 'Qty',
      line_total: 'Gross Sales',
      category: 'Category',
    },
    // A refunded item is a row of its own, Event Type Refund.
    refundRows: { column: 'Event Type', values: ['Refund'] },
    discounts: { column: 'Discounts', per: 'line', net: 'Net Sales' },
    note: 'Gross Sales is the line total (quantity x price, before discounts); rows of Event Type Refund are read as returns',
  },
  {
    // Square's Transactions export (Sales › Transactions › Export › Transactions CSV): a row per
    // payment, a refund a row of its own with negative amounts (read as a return). Its items are
    // only named in Description's text ("Mug x 1, Bowl x 2", or a custom amount's note): not read
    // as products, which the item sales export (above) gives line by line.
    id: 'square_transactions',
    name: 'Square transactions export',
    signature: ['Date', 'Time', 'Gross Sales', 'Net Sales', 'Total Collected', 'Net Total', 'Transaction ID', 'Payment ID'],
    roles: {
      invoice: 'Transaction ID',
      customer: 'Customer ID',
      full_name: 'Customer Name',
      date: 'Date',
      time: 'Time',
      line_total: 'Gross Sales',
    },
    discounts: { column: 'Discounts', per: 'line', net: 'Net Sales' },
    note: 'a row per payment, which is the order: Gross Sales its amount (before discounts, tax and tip), Customer ID its customer; refunds are negative rows, read as returns; Description lists the items as text, not read (the item sales export has them line by line)',
  },
  {
    id: 'lightspeed_sale_lines',
    name: 'Lightspeed Retail sale lines',
    signature: ['saleID', 'saleLineID', 'unitQuantity', 'unitPrice'],
    roles: {
      invoice: 'saleID',
      customer: 'customerID',
      date: 'completeTime',
      sku: 'customSku',
      description: 'description',
      quantity: 'unitQuantity',
      unit_price: 'unitPrice',
    },
    anonymousCustomer: '0',
    note: 'customerID 0 is a walk-in sale without a customer',
  },
  {
    // Loyverse's Back Office Receipts > Export > "Receipts by item": a row per item, the receipt's
    // fields on each. A refund is a receipt of its own (Receipt type Refund), read as returns
    // whether its lines are written negative or not; a receipt cancelled after the sale keeps its lines with Status
    // Cancelled. Customers have no id in it: "Customer contacts" (their email or phone) tells them
    // apart, else their name. Dates follow the account's locale, read as any file's.
    id: 'loyverse_receipts_by_item',
    name: 'Loyverse receipts by item',
    signature: ['Date', 'Receipt number', 'Receipt type', 'Item', 'Quantity', 'Gross sales', 'Net sales', 'Cashier name'],
    roles: {
      invoice: 'Receipt number',
      customer: 'Customer contacts',
      full_name: 'Customer name',
      date: 'Date',
      sku: 'SKU',
      description: 'Item',
      quantity: 'Quantity',
      line_total: 'Gross sales',
      category: 'Category',
    },
    customerFallback: ['Customer name'],
    notSaleStatus: { column: 'Status', values: ['Cancelled'] },
    refundRows: { column: 'Receipt type', values: ['Refund'] },
    discounts: { column: 'Discounts', per: 'line', net: 'Net sales' },
    note: 'Gross sales is the line total (before discounts); customer = Customer contacts, else Customer name (Cashier name is the staff member); receipts of Receipt type Refund are read as returns, whatever the sign of their lines; receipts with Status Cancelled are not sales',
  },
  {
    // Toast's ItemSelectionDetails.csv data export (doc.toasttab.com, "Data export field
    // reference"): a row per item selection. Gross Price and Net Price are the selection's amounts
    // for its Qty; Order # restarts each day, Order Id does not. It names no guest (only the
    // Server, a staff member): baskets and the overview, no RFM.
    id: 'toast_item_selection_details',
    name: 'Toast item selection details',
    signature: ['Order Id', 'Order #', 'Sent Date', 'Order Date', 'Item Selection Id', 'Menu Item', 'Gross Price', 'Net Price', 'Qty', 'Void?'],
    roles: {
      invoice: 'Order Id',
      date: 'Order Date',
      sku: 'SKU',
      description: 'Menu Item',
      quantity: 'Qty',
      line_total: 'Gross Price',
      category: 'Sales Category',
    },
    dateOrder: 'mdy',
    notSaleStatus: { column: 'Void?', values: ['true'] },
    discounts: { column: 'Discount', per: 'line', net: 'Net Price' },
    note: 'Gross Price is the line total (Qty items, before discounts); invoice = Order Id (Order # restarts each day); voided items (Void? true) are not sales; the export names no guest (Server is the staff member), so there is no customer for RFM',
  },
  {
    id: 'shopware_orders',
    name: 'Shopware orders export (default profile)',
    signature: ['orderId', 'orderDetailId', 'articleNumber', 'articleName', 'orderTime'],
    roles: {
      invoice: 'number',
      customer: 'customerId',
      date: 'orderTime',
      sku: 'articleNumber',
      description: 'articleName',
      quantity: 'quantity',
      unit_price: 'price',
    },
    currency: 'currency',
    note: 'invoiceAmount is the order total, not a line total',
  },
  {
    id: 'magento_order_items',
    name: 'Magento / Adobe Commerce order items',
    signature: ['increment_id', 'created_at', 'sku', 'qty_ordered'],
    roles: {
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
    currency: 'order_currency_code',
    // Magento's order states: canceled (one l), closed (refunded in full by a credit memo).
    notSaleStatus: { column: 'status', values: ['canceled', 'cancelled', 'closed'] },
    note: 'customer = customer_email (guest orders have no customer_id); grand_total is the order total; orders with status canceled or closed (refunded) are not sales',
  },
  {
    id: 'odoo_pos_orders',
    name: 'Odoo Point of Sale orders with lines',
    signature: ['Order Ref', 'Order Lines/Product', 'Order Lines/Quantity', 'Order Lines/Unit Price'],
    roles: {
      invoice: 'Order Ref',
      customer: 'Customer',
      date: 'Date',
      sku: 'Order Lines/Product/Internal Reference',
      description: 'Order Lines/Product',
      quantity: 'Order Lines/Quantity',
      unit_price: 'Order Lines/Unit Price',
    },
    invoiceOnFirstLineOnly: true,
    orderLevel: ['Customer', 'Date'],
    note: "order fields are written on each order's first line only: filled down",
  },
  {
    id: 'etsy_sold_order_items',
    name: 'Etsy sold order items',
    signature: ['Sale Date', 'Item Name', 'Buyer', 'Quantity', 'Price', 'Listing ID', 'Order ID'],
    roles: {
      invoice: 'Order ID',
      customer: 'Buyer',
      date: 'Sale Date',
      sku: 'SKU',
      description: 'Item Name',
      quantity: 'Quantity',
      unit_price: 'Price',
      country: 'Ship Country',
    },
    dateOrder: 'mdy',
    currency: 'Currency',
    note: 'Sale Date is month-first (MM/DD/YY)',
  },
  {
    // Etsy's Sold Orders CSV (Shop Manager › Settings › Options › Download Data, EtsySoldOrders
    // 2024.csv): a row per order, its items in EtsySoldOrderItems. Order Value is the items' price
    // before the order's discount, shipping and tax; Number of Items its quantity. Buyer is the
    // buyer's Etsy username, as in the items file. A refund leaves the order's row and fills
    // Adjusted Order Total ("--" when none). UK shops' files say Delivery for Ship.
    id: 'etsy_sold_orders',
    name: 'Etsy sold orders',
    signature: ['Sale Date', 'Order ID', 'Buyer User ID', 'Number of Items', 'Order Value', 'Order Total', 'Adjusted Order Total'],
    roles: {
      invoice: 'Order ID',
      customer: 'Buyer',
      full_name: 'Full Name',
      first_name: 'First Name',
      last_name: 'Last Name',
      date: 'Sale Date',
      quantity: 'Number of Items',
      line_total: 'Order Value',
      city: ['Ship City', 'Delivery City'],
      postcode: ['Ship Zipcode', 'Delivery Zipcode'],
      country: ['Ship Country', 'Delivery Country'],
    },
    customerFallback: ['Buyer User ID', 'Full Name'],
    dateOrder: 'mdy',
    currency: 'Currency',
    notSaleStatus: { column: 'Status', values: ['Canceled', 'Cancelled', 'Refunded', 'Fully Refunded'] },
    partlyRefunded: { amount: 'Order Total', after: 'Adjusted Order Total' },
    discounts: { column: 'Discount Amount', per: 'order' },
    note: "a row per order: Order Value (the items, before the order's discount, shipping and tax) is its amount, Number of Items its quantity; customer = Buyer (the Etsy username), else Buyer User ID or Full Name; the products are in Etsy's sold order items file; an order refunded (Adjusted Order Total below Order Total) is flagged",
  },
  {
    id: 'amazon_order_report',
    name: 'Amazon seller order report',
    signature: ['order-id', 'order-item-id', 'purchase-date', 'quantity-purchased', 'item-price'],
    roles: {
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
    currency: 'currency',
    note: 'item-price is the amount for the whole quantity (a line total), as Amazon documents',
  },
  {
    // Seller Central's All Orders Report (tab-separated, a row per item): no buyer column, so no
    // RFM (Amazon keeps the buyer from sellers); its orders still make baskets and the overview.
    // An item can be cancelled inside a shipped order: item-status, not order-status, says so.
    id: 'amazon_all_orders',
    name: 'Amazon All Orders Report',
    signature: ['amazon-order-id', 'purchase-date', 'order-status', 'sku', 'item-status', 'item-price'],
    roles: {
      invoice: 'amazon-order-id',
      date: 'purchase-date',
      sku: 'sku',
      description: 'product-name',
      quantity: 'quantity',
      line_total: 'item-price',
      country: 'ship-country',
    },
    currency: 'currency',
    notSaleStatus: { column: 'item-status', values: ['Cancelled'] },
    note: 'item-price is the amount for the whole quantity (a line total); items with item-status Cancelled are not sales; the report names no buyer, so there is no customer for RFM',
  },
  {
    // BigCommerce's default "Orders" export template writes a row per order, its products packed
    // into one 'Product Details' field ("Product ID: 7, Product Qty: 2, ... | Product ID: 9, ...");
    // it is read as a row per product, the field split into a column per product label
    // (io/packed-products.ts), the order's fields repeated on each.
    id: 'bigcommerce_orders',
    name: 'BigCommerce orders export (default template)',
    signature: ['Order ID', 'Customer ID', 'Customer Email', 'Order Date', 'Order Status', 'Product Qty', 'Product Total Price'],
    roles: {
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
    ...BIGCOMMERCE_ORDERS,
    note: "a line per product, split out of the order's 'Product Details'; the line's amount is its Product Total Price (the price as the store enters it, so with tax where prices include it; shipping and handling not included); orders with Order Status Refunded, Cancelled, Declined or Incomplete are not sales; customer = Customer Email (guests all have Customer ID 0)",
  },
  {
    // The same export when its 'Product Details' is not written as BigCommerce writes it (a piece
    // without its labels): read as written, a row per order, its products unknown.
    id: 'bigcommerce_orders_unsplit',
    name: 'BigCommerce orders export (default template), products not split',
    signature: ['Order ID', 'Customer ID', 'Customer Email', 'Order Date', 'Subtotal (ex tax)', 'Total Quantity', 'Product Details'],
    roles: {
      invoice: 'Order ID',
      customer: 'Customer Email',
      email: 'Customer Email',
      date: 'Order Date',
      quantity: 'Total Quantity',
      line_total: 'Subtotal (ex tax)',
      country: 'Billing Country',
    },
    ...BIGCOMMERCE_ORDERS,
    note: "'Product Details' did not read as BigCommerce writes it, so each row is a whole order without its items; the row's amount is Subtotal (ex tax), the order's products before shipping and tax; orders with Order Status Refunded, Cancelled, Declined or Incomplete are not sales; customer = Customer Email (guests all have Customer ID 0)",
  },
  {
    // PrestaShop's Orders > Export: the order list as shown, a row per order and no products,
    // ';'-delimited. Customer is CONCAT(LEFT(firstname, 1), '. ', lastname); New client is 1 or
    // 0, never a customer; Total is total_paid_tax_incl formatted in the employee's locale. Orders
    // of one cart split by carrier get their own ID and share a Reference: one purchase. Header
    // and status names follow the employee's language; these are the English ones.
    id: 'prestashop_orders',
    name: 'PrestaShop orders export',
    signature: ['ID', 'Reference', 'New client', 'Delivery', 'Customer', 'Total', 'Payment', 'Status', 'Date'],
    roles: {
      invoice: 'Reference',
      customer: 'Customer',
      date: 'Date',
      line_total: 'Total',
      country: 'Delivery',
    },
    // PrestaShop's default order states: cancelled, refunded in full, or a payment that failed.
    notSaleStatus: { column: 'Status', values: ['Canceled', 'Refunded', 'Payment error'] },
    customerByName: 'first initial and last name, "J. DOE"',
    note: "a row per order, without its products; the order's amount is Total, paid with tax and shipping; orders sharing a Reference (a cart split by carrier) are one purchase; orders with Status Canceled, Refunded or Payment error are not sales; customer = Customer, a name, as the export has no customer id or email",
  },
  {
    // A row per item; the order's fields (Contact email, Date created, the billing details, Total)
    // stand on its rows, and are filled down should an order carry them on its first row only.
    // The time of day is a separate 'Time' column ("9:15:51 AM"), read with the date as any file's
    // (detect-mapping.ts withTimeOfDay).
    id: 'wix_orders',
    name: 'Wix orders export',
    signature: ['Order number', 'Date created', 'Total order quantity', 'Contact email', 'Item', 'Qty', 'Price'],
    roles: {
      invoice: 'Order number',
      customer: 'Contact email',
      email: 'Contact email',
      date: 'Date created',
      sku: 'SKU',
      description: 'Item',
      quantity: 'Qty',
      unit_price: 'Price',
      country: 'Billing country',
    },
    customerFallback: ['Billing phone', 'Recipient phone'],
    currency: 'Currency',
    orderLevel: ['Contact email', 'Date created', 'Time', 'Billing country', 'Billing phone', 'Recipient phone'],
    note: "customer = Contact email, else the billing phone; Price is the item's unit price; Total, Net amount and Total order quantity are the order's, not the line's",
  },
  {
    // eBay Seller Hub's orders report: a blank line, the header, an empty row, the orders, then
    // "N record(s) downloaded" and "Seller ID : ..." below (left out as total lines). An order of
    // several items is a summary row (no Item Number: the buyer, the order's totals, its items'
    // subtotal as Sold For) above a row per item, whose Sold For is the unit price. UK files name
    // the columns in sentence case, compared without case.
    id: 'ebay_orders_report',
    name: 'eBay orders report',
    signature: ['Sales Record Number', 'Order Number', 'Buyer Username', 'Item Number', 'Item Title', 'Quantity', 'Sold For', 'Sale Date'],
    roles: {
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
    orderLevel: ['Buyer Username', 'Buyer Email', 'Sale Date', 'Buyer Country'],
    summaryRowWhenEmpty: 'Item Number',
    dateOrder: 'mdy',
    note: "customer = Buyer Username; an order's summary row (no Item Number, above its item rows) is left out and its buyer fields filled down; Sold For is the item's unit price; Total Price is the order's total, not a line total",
  },
  {
    // PayPal's activity download (Activity › Statements/Reports › Download, Download.CSV): every
    // movement of the balance, a payment received being one. Debits (refunds given, withdrawals,
    // purchases) and memos (holds, authorisations) are no sales; credits with no payer (bank
    // deposits, currency conversions) have no customer and go with the missing_customer rule.
    id: 'paypal_activity',
    name: 'PayPal activity download',
    signature: ['Date', 'Time', 'TimeZone', 'Name', 'Type', 'Status', 'Currency', 'Gross', 'Fee', 'Net', 'From Email Address', 'Transaction ID'],
    roles: {
      invoice: 'Transaction ID',
      customer: 'From Email Address',
      email: 'From Email Address',
      date: 'Date',
      time: 'Time',
      full_name: 'Name',
      sku: 'Item ID',
      description: 'Item Title',
      quantity: 'Quantity',
      line_total: 'Gross',
      city: 'Town/City',
      postcode: 'Zip/Postal Code',
      country: 'Country',
      phone: 'Contact Phone Number',
    },
    currency: 'Currency',
    notSaleStatus: [
      { column: 'Balance Impact', values: ['Debit', 'Memo'] },
      { column: 'Status', values: ['Denied', 'Reversed', 'Refunded', 'Canceled', 'Cancelled', 'Failed', 'Voided', 'Unclaimed'] },
    ],
    partlyRefunded: { status: { column: 'Status', values: ['Partially Refunded'] } },
    note: 'a row per movement of the balance: payments received are the sales (Gross, fees not taken off), their payer (From Email Address) the customer; debits, memos (holds) and payments Denied, Reversed, Refunded, Canceled or Failed are not; movements without a payer have no customer',
  },
  {
    // Stripe's payments export (Payments › Export, unified_payments.csv): a row per payment, no
    // products; the payment is the order. Older exports name the date "Created (UTC)".
    id: 'stripe_payments',
    name: 'Stripe payments export',
    signature: ['id', 'Amount', 'Amount Refunded', 'Currency', 'Captured', 'Status', 'Customer ID'],
    roles: {
      invoice: 'id',
      customer: 'Customer ID',
      email: 'Customer Email',
      date: ['Created date (UTC)', 'Created (UTC)'],
      description: 'Description',
      line_total: 'Amount',
    },
    customerFallback: ['Customer Email'],
    currency: 'Currency',
    notSaleStatus: { column: 'Status', values: ['Failed', 'Refunded', 'Canceled', 'Uncaptured', 'Blocked'] },
    partlyRefunded: { status: { column: 'Status', values: ['Partially refunded'] }, amount: 'Amount Refunded' },
    note: 'a row per payment, which is the order (no products); customer = Customer ID, else Customer Email; payments Failed, Refunded, Canceled, Uncaptured or Blocked are not sales',
  },
  {
    // Clover's Orders export (Dashboard › Transactions › Orders › Export): a row per order, no
    // items and no customer (the employee is staff). A refund leaves the order's state as it was,
    // its amount in Refunds Total: flagged, counted in full.
    id: 'clover_orders',
    name: 'Clover orders export',
    signature: ['Order Date', 'Order ID', 'Order Employee Name', 'Order Total', 'Payments Total', 'Refunds Total', 'Order Payment State'],
    roles: {
      invoice: 'Order ID',
      date: 'Order Date',
      line_total: 'Order Total',
    },
    currency: 'Currency',
    notSaleStatus: { column: 'Order Payment State', values: ['Refunded', 'Manually Refunded', 'Credited'] },
    partlyRefunded: { amount: 'Refunds Total' },
    note: 'a row per order (Order Total its amount, tax included); the export names no customer (Order Employee Name is staff) and no items; orders Refunded are not sales, refunds on others are flagged',
  },
  {
    // SumUp's transactions report (Download Center › Transactions, CSV), in German: a row per
    // card payment ("Umsatz"), and for each one paid out a second row of the same id
    // ("Auszahlung"); a refund is a row of its own, its amount negative. "E-Mail" is the
    // merchant's login, not a customer: the report names none. The type column was "Zahlungsart",
    // now "Transaktionsart".
    id: 'sumup_transactions_de',
    name: 'SumUp transactions report',
    signature: ['Transaktions-ID', 'Status', 'Betrag inkl. MwSt.', 'Auszahlung', 'Auszahlungsdatum'],
    roles: {
      invoice: 'Transaktions-ID',
      date: 'Datum',
      description: 'Beschreibung',
      line_total: 'Betrag inkl. MwSt.',
    },
    notContacts: ['E-Mail'],
    notSaleStatus: [
      { column: 'Zahlungsart', values: ['Auszahlung'] },
      { column: 'Transaktionsart', values: ['Auszahlung'] },
      { column: 'Status', values: ['Abgebrochen', 'Fehlgeschlagen'] },
    ],
    note: "a row per payment, which is the order (Betrag inkl. MwSt. its amount); payout rows (Auszahlung) and payments Abgebrochen or Fehlgeschlagen are not sales; refunds are negative rows, read as returns; E-Mail is the merchant's login, so the report names no customer",
  },
  {
    // Gumroad's sales export (Analytics/Sales › Export, Sales.csv): a row per purchase, one
    // product each (a cart of several is several purchases), amounts in US dollars; a "Totals"
    // row closes it. Refunds and charges are 0/1 flags: a full refund, a dispute lost, a free
    // trial's sign-up and a pre-order's card authorisation leave nothing charged.
    id: 'gumroad_sales',
    name: 'Gumroad sales export',
    signature: ['Purchase ID', 'Item Name', 'Purchase Email', 'Purchase Date', 'Sale Price ($)', 'Fully Refunded?', 'Product ID'],
    roles: {
      invoice: 'Purchase ID',
      customer: 'Purchase Email',
      email: 'Purchase Email',
      full_name: 'Buyer Name',
      date: ['Purchase Time (UTC timezone)', 'Purchase Date'],
      sku: 'Product ID',
      description: 'Item Name',
      quantity: 'Quantity',
      line_total: 'Sale Price ($)',
      city: 'City',
      postcode: 'Zip Code',
      country: 'Country',
    },
    notSaleStatus: [
      { column: 'Fully Refunded?', values: ['1'] },
      // A chargeback the seller lost took the money back.
      { column: 'Disputed?', values: ['1'], unless: { column: 'Dispute Won?', values: ['1'] } },
      { column: 'Free trial purchase?', values: ['1'] },
      { column: 'Pre-order authorization?', values: ['1'] },
    ],
    partlyRefunded: { amount: 'Partial Refund ($)' },
    note: 'a row per purchase (one product; a cart of several is several orders): Sale Price ($) its amount, Purchase Email its customer; purchases fully refunded or lost to a dispute, free trial sign-ups and pre-order authorisations are not sales',
  },
  {
    // Xero's export of sales invoices (Business › Invoices › Export): a row per invoice line, the
    // invoice's fields on each; its import template's names start the required ones with "*".
    // Xero keeps contact names unique, so the name is the customer.
    id: 'xero_invoices',
    name: 'Xero invoices export',
    signature: ['ContactName', 'InvoiceNumber', 'InvoiceDate', 'Quantity', 'UnitAmount', 'AccountCode', 'TaxType'],
    roles: {
      invoice: 'InvoiceNumber',
      customer: 'ContactName',
      email: 'EmailAddress',
      date: 'InvoiceDate',
      sku: 'InventoryItemCode',
      description: 'Description',
      quantity: 'Quantity',
      unit_price: 'UnitAmount',
      line_total: 'LineAmount',
      city: 'POCity',
      postcode: 'POPostalCode',
      country: 'POCountry',
    },
    currency: 'Currency',
    notSaleStatus: { column: 'Status', values: ['VOIDED', 'DELETED', 'DRAFT', 'SUBMITTED'] },
    note: 'customer = ContactName (unique in Xero); LineAmount is the line after its discount (without it, Quantity × UnitAmount); the invoice Total and the AccountCode are not read; invoices VOIDED, DELETED, DRAFT or SUBMITTED (awaiting approval) are not sales',
  },
  {
    // QuickBooks Online's "Sales by Customer Detail" and "Sales by Product/Service Detail": the
    // group's name heads its lines in the first, unnamed column; names as the classic and the
    // newer report views write them.
    id: 'quickbooks_sales_detail',
    name: 'QuickBooks sales detail report',
    signature: ['column0', 'Transaction Type', 'Num', 'Amount', 'Balance'],
    roles: {
      invoice: 'Num',
      date: ['Date', 'Transaction date'],
      customer: ['Customer', 'Customer full name', 'Name'],
      sku: ['Product/Service', 'Product/Service full name', 'Item'],
      description: ['Memo/Description', 'Memo'],
      quantity: ['Qty', 'Quantity'],
      unit_price: ['Sales Price', 'Rate'],
      line_total: 'Amount',
    },
    groupHeadings: ['customer', 'sku'],
    // A credit memo or refund receipt takes back a sale: a return, whatever the sign the report gives it.
    refundRows: { column: 'Transaction Type', values: ['Credit Memo', 'Refund Receipt', 'Refund'] },
    dateOrder: 'mdy',
    note: 'each line is read as the customer (or product) whose heading row stands above it; heading and "Total for" rows are left out; credit memos and refund receipts are read as returns',
  },
  {
    // QuickBooks Desktop's "Sales by Customer Detail" saved as CSV: the customer's
    // heading in the first, unnamed column, a job's one column in, each closed by a "Total …" row and
    // the report by "TOTAL"; each line names its customer (or Customer:Job) in Name, its item in Item.
    id: 'quickbooks_desktop_sales_detail',
    name: 'QuickBooks Desktop sales detail report',
    signature: ['column0', 'Type', 'Num', 'Name', 'Item', 'Amount', 'Balance'],
    roles: {
      invoice: 'Num',
      date: 'Date',
      customer: 'Name',
      sku: 'Item',
      description: 'Memo',
      quantity: 'Qty',
      unit_price: 'Sales Price',
      line_total: 'Amount',
    },
    groupHeadings: ['customer', 'sku'],
    refundRows: { column: 'Type', values: ['Credit Memo', 'Refund Receipt', 'Refund'] },
    dateOrder: 'mdy',
    note: 'each line is read as the customer in its Name (a job, Customer:Job, as its own) and the item in its Item; heading, subtotal and "TOTAL" rows are left out; credit memos and refund receipts are read as returns',
  },
  {
    // The long copy of a basket file or item matrix (engine/src/io/basket-lines.ts), and tables of that shape:
    // item codes are items, never quantities.
    id: 'basket_items',
    name: 'Baskets, a row per item',
    signature: ['basket', 'item'],
    roles: { invoice: 'basket', description: 'item' },
  },
  {
    id: 'uci_online_retail',
    name: 'UCI Online Retail',
    signature: ['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country'],
    roles: {
      invoice: 'InvoiceNo',
      customer: 'CustomerID',
      date: 'InvoiceDate',
      sku: 'StockCode',
      description: 'Description',
      quantity: 'Quantity',
      unit_price: 'UnitPrice',
      country: 'Country',
    },
  },
  {
    id: 'uci_online_retail_ii',
    name: 'UCI Online Retail II',
    signature: ['Invoice', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'Price', 'Customer ID', 'Country'],
    roles: {
      invoice: 'Invoice',
      customer: 'Customer ID',
      date: 'InvoiceDate',
      sku: 'StockCode',
      description: 'Description',
      quantity: 'Quantity',
      unit_price: 'Price',
      country: 'Country',
    },
  },
];

/** A layout found in a file: its documented columns resolved to the file's own header names. */
export interface DetectedLayout {
  id: string;
  name: string;
  mapping: ColumnMapping;
  customerFallback: string[];
  /** The file's columns that are no contact of the customer (PlatformLayout.notContacts). */
  notContacts?: string[];
  anonymousCustomer?: string;
  invoiceOnFirstLineOnly: boolean;
  orderLevel: string[];
  currencyColumn?: string;
  dateOrder?: 'dmy' | 'mdy';
  /** The file's column empty on orders' summary rows (PlatformLayout.summaryRowWhenEmpty). */
  summaryRowWhenEmpty?: string;
  /** The file's column naming cancelled orders (PlatformLayout.cancelledWhenFilled). */
  cancelledColumn?: string;
  /** The file's status columns and their values for orders that were no sale (PlatformLayout.notSaleStatus). */
  notSaleStatus?: OrderStatus[];
  /** The file's columns for orders refunded in part (PlatformLayout.partlyRefunded). */
  partlyRefunded?: PartRefundMark;
  /** The file's column telling refund rows (PlatformLayout.refundRows). */
  refundRows?: OrderStatus;
  /** The file's discount column (PlatformLayout.discounts), its net column when present. */
  discounts?: DiscountColumn;
  customerByName?: string;
  /** The layout documents no customer column (Amazon's All Orders Report, Toast's items): RFM cannot be run on it. */
  namesNoCustomer?: true;
  /**
   * The file's first column, naming groups on heading rows (PlatformLayout.groupHeadings), and the
   * role it fills, if any; `indent`: the unnamed columns it begins (QuickBooks Desktop writes a job
   * under its customer one column in), filled on heading and total rows only.
   */
  groupHeading?: { column: string; role?: Role; indent: string[] };
  note?: string;
}

/**
 * The first layout whose signature headers are all present, or undefined. The longest
 * signature is tried first so that a more specific layout wins over a general one.
 */
export function detectLayout(columns: readonly string[]): DetectedLayout | undefined {
  const byKey = new Map<string, string>();
  for (const c of columns) if (!byKey.has(normaliseHeader(c))) byKey.set(normaliseHeader(c), c);
  const find = (documented: string) => byKey.get(normaliseHeader(documented));
  const ordered = [...PLATFORM_LAYOUTS].sort((a, b) => b.signature.length - a.signature.length);
  for (const layout of ordered) {
    if (!layout.signature.every((h) => find(h) !== undefined)) continue;
    const mapping: ColumnMapping = {};
    for (const [role, documented] of Object.entries(layout.roles) as [Role, string | readonly string[]][]) {
      const column = (typeof documented === 'string' ? [documented] : documented).map(find).find((c) => c !== undefined);
      if (column !== undefined) mapping[role] = column;
    }
    const groupRole = layout.groupHeadings?.find((r) => mapping[r] === undefined);
    if (groupRole) mapping[groupRole] = columns[0]!;
    const present = (list: readonly string[] | undefined) => (list ?? []).map(find).filter((c): c is string => c !== undefined);
    return {
      id: layout.id,
      name: layout.name,
      mapping,
      customerFallback: present(layout.customerFallback),
      ...(layout.notContacts ? { notContacts: present(layout.notContacts) } : {}),
      ...(layout.anonymousCustomer !== undefined ? { anonymousCustomer: layout.anonymousCustomer } : {}),
      invoiceOnFirstLineOnly: layout.invoiceOnFirstLineOnly ?? false,
      orderLevel: present(layout.orderLevel),
      ...(layout.currency && find(layout.currency) ? { currencyColumn: find(layout.currency)! } : {}),
      ...(layout.dateOrder ? { dateOrder: layout.dateOrder } : {}),
      ...(layout.summaryRowWhenEmpty && find(layout.summaryRowWhenEmpty) ? { summaryRowWhenEmpty: find(layout.summaryRowWhenEmpty)! } : {}),
      ...(layout.cancelledWhenFilled && find(layout.cancelledWhenFilled) ? { cancelledColumn: find(layout.cancelledWhenFilled)! } : {}),
      ...notSaleStatuses(layout.notSaleStatus, find),
      ...partRefundMark(layout.partlyRefunded, find),
      ...(layout.refundRows && find(layout.refundRows.column)
        ? { refundRows: { column: find(layout.refundRows.column)!, values: [...layout.refundRows.values] } }
        : {}),
      ...discountColumn(layout.discounts, find),
      ...(layout.customerByName ? { customerByName: layout.customerByName } : {}),
      ...(layout.groupHeadings ? { groupHeading: { column: columns[0]!, ...(groupRole ? { role: groupRole } : {}), indent: unnamedLead(columns) } } : {}),
      ...(layout.roles.customer === undefined ? { namesNoCustomer: true as const } : {}),
      ...(layout.note ? { note: layout.note } : {}),
    };
  }
  return undefined;
}

/** The columns before the first named one, as the reader names a blank header: "column0", "column1"… */
function unnamedLead(columns: readonly string[]): string[] {
  const named = columns.findIndex((c, i) => c !== `column${i}`);
  return columns.slice(0, named < 0 ? columns.length : named);
}

/** A layout's no-sale statuses with the file's own column names: those the file has; none without. */
function notSaleStatuses(statuses: PlatformLayout['notSaleStatus'], find: (documented: string) => string | undefined): { notSaleStatus?: OrderStatus[] } {
  const all: readonly OrderStatus[] = statuses === undefined ? [] : 'column' in statuses ? [statuses] : statuses;
  const present = all.flatMap((st): OrderStatus[] => {
    const column = find(st.column);
    const unless = st.unless && find(st.unless.column);
    return column === undefined
      ? []
      : [{ column, values: [...st.values], ...(st.unless && unless ? { unless: { column: unless, values: [...st.unless.values] } } : {}) }];
  });
  return present.length ? { notSaleStatus: present } : {};
}

/** A layout's discount column with the file's own names; none when the file lacks it. */
function discountColumn(d: DiscountColumn | undefined, find: (documented: string) => string | undefined): { discounts?: DiscountColumn } {
  const column = d && find(d.column);
  if (column === undefined) return {};
  const net = d!.net && find(d!.net);
  return { discounts: { column, per: d!.per, ...(net !== undefined ? { net } : {}) } };
}

/**
 * A layout's mark of partial refunds with the file's own column names. None when its status column
 * is missing (an amount alone would not tell a partial refund from a full one), nor without columns.
 */
function partRefundMark(mark: PartRefundMark | undefined, find: (documented: string) => string | undefined): { partlyRefunded?: PartRefundMark } {
  const column = mark?.status && find(mark.status.column);
  const amount = mark?.amount && find(mark.amount);
  const after = mark?.after && find(mark.after);
  if (
    (mark?.status !== undefined && column === undefined) ||
    (column === undefined && amount === undefined) ||
    (mark?.after !== undefined && after === undefined)
  )
    return {};
  return {
    partlyRefunded: {
      ...(column !== undefined ? { status: { column, values: [...mark!.status!.values] } } : {}),
      ...(amount !== undefined ? { amount } : {}),
      ...(after !== undefined ? { after } : {}),
    },
  };
}

/** Why RFM cannot run on an export whose layout documents no customer column (a till's staff column is no customer); undefined otherwise. */
export function noCustomerInLayout(customer: string | undefined, layout: DetectedLayout | undefined): string | undefined {
  return customer === undefined && layout?.namesNoCustomer
    ? `this file, read as ${layout.name}, names no customer, so there is nobody to score (baskets and the overview need none)`
    : undefined;
}
