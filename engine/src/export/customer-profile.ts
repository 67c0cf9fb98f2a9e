/**
 * Per-customer contact and profile columns from the cleaned lines (`kept`): the most recent
 * non-empty contact values, order dates and counts, and the customer's top product and
 * category by spend. Read by the campaign list, the email layout and the drill-down.
 */
import type { PROFILE_COLUMNS } from '../analysis/document.ts';
import type { ColumnMapping, Role } from '../mapping/roles.ts';
import type { SqlPort } from '../ports.ts';
import { literal } from '../sql/quote.ts';
import { firstRow, num } from '../sql/rows.ts';

export interface CustomerProfile {
  customerId: string;
  email: string | null;
  /** The full name, else first and last name joined by a space (from the same line). */
  name: string | null;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  country: string | null;
  city: string | null;
  postcode: string | null;
  /** Dates (YYYY-MM-DD) of the first and last kept line. */
  firstOrder: string;
  lastOrder: string;
  /** Distinct invoices, cancellation invoices not counted (as RFM frequency). */
  orders: number;
  /** Product code (SKU, or the description when no SKU is mapped) with the highest spend. */
  topProduct: string | null;
  /** Its most frequent description over all kept lines (ties: the smallest text). */
  topProductName: string | null;
  /** Category with the highest spend; null when no category is mapped. */
  topCategory: string | null;
}

/** The most recent non-null value of `expr` (latest timestamp, then the later line). */
function latest(expr: string, when = `${expr} IS NOT NULL`): string {
  return `first(${expr} ORDER BY ts DESC, row_id DESC) FILTER (WHERE ${when})`;
}

const NAME_SQL = `COALESCE(full_name, NULLIF(concat_ws(' ', first_name, last_name), ''))`;

/** The roles a profile column is read from (any one of them); null: none, it always has a value. Every profile column is listed (the type checks it). */
const PROFILE_SOURCES: Readonly<Record<(typeof PROFILE_COLUMNS)[number], readonly Role[] | null>> = {
  email: ['email'],
  name: ['full_name', 'first_name', 'last_name'],
  first_name: ['first_name'],
  last_name: ['last_name'],
  phone: ['phone'],
  country: ['country'],
  city: ['city'],
  postcode: ['postcode'],
  top_product: ['sku', 'description'],
  top_product_name: ['description'],
  top_category: ['category'],
  first_order: null,
  last_order: null,
  orders: null,
};
const sourcesOf = (column: string): readonly Role[] | null => (PROFILE_SOURCES as Readonly<Record<string, readonly Role[] | null>>)[column] ?? null;

/** Of `columns`, the profile columns data mapped so leaves empty for every customer: no column they are read from is mapped. */
export function emptyProfileColumns(columns: readonly string[], mapping: ColumnMapping): string[] {
  return columns.filter((c) => sourcesOf(c)?.every((r) => mapping[r] === undefined));
}

/** What a campaign list of `columns` would hold empty, said once (the CLI's export and run). */
export function emptyColumnWarnings(columns: readonly string[], mapping: ColumnMapping): string[] {
  const empty = emptyProfileColumns(columns, mapping);
  if (empty.length === 0) return [];
  const needs = [...new Set(empty.flatMap((c) => sourcesOf(c)!))];
  return [
    `the campaign list's ${empty.join(', ')} ${empty.length === 1 ? 'column is' : 'columns are'} empty: no ${needs.join(' or ')} column is mapped (--map ${needs[0]}=COLUMN)`,
  ];
}

/**
 * One profile per customer with a customer id and a date on some kept line, ordered by
 * customer id (plain byte order, as `computeRfm`):
 * - email, name, first/last name, phone, country, city, postcode: each the value of the most
 *   recent kept line (latest `ts`, ties: the later line of the file) where it is non-empty;
 *   name is that line's full name, else its first and last name joined by a space;
 * - first/last order: dates of the customer's earliest and latest kept lines; orders:
 *   distinct invoices that are not cancellations;
 * - top product: the product code (SKU when any kept line has one, else the description)
 *   with the highest sum of `amount` over the customer's lines, ties by the smaller code;
 *   top category likewise over `category` (null when unmapped).
 * One DuckDB query over `kept`, O(lines); call it after cleaning (again after re-cleaning).
 * `customers` limits it to those ids (a page of a drill-down table): one scan of `kept`, the
 * aggregation only over their lines.
 */
export async function customerProfiles(sql: SqlPort, customers?: readonly string[]): Promise<CustomerProfile[]> {
  if (customers !== undefined && customers.length === 0) return [];
  const only = customers === undefined ? '' : ` AND customer IN (${customers.map(literal).join(', ')})`;
  const hasSku = num(firstRow(await sql.query('SELECT count(sku) AS n FROM kept')).n) > 0;
  const product = hasSku ? 'sku' : 'description';
  const t = await sql.query(`
    WITH c AS (SELECT * FROM kept WHERE customer IS NOT NULL AND ts IS NOT NULL${only}),
    base AS (
      SELECT customer,
        ${latest('email')} AS email,
        ${latest(NAME_SQL, 'full_name IS NOT NULL OR first_name IS NOT NULL OR last_name IS NOT NULL')} AS name,
        ${latest('first_name')} AS first_name, ${latest('last_name')} AS last_name, ${latest('phone')} AS phone,
        ${latest('country')} AS country, ${latest('city')} AS city, ${latest('postcode')} AS postcode,
        strftime(min(ts), '%Y-%m-%d') AS first_order, strftime(max(ts), '%Y-%m-%d') AS last_order,
        CAST(count(DISTINCT invoice) FILTER (WHERE NOT "f_cancellation") AS INTEGER) AS orders
      FROM c GROUP BY customer),
    product_spend AS (SELECT customer, ${product} AS product, sum(amount) AS spend FROM c WHERE ${product} IS NOT NULL GROUP BY customer, ${product}),
    top_product AS (SELECT customer, first(product ORDER BY spend DESC NULLS LAST, product) AS product FROM product_spend GROUP BY customer),
    category_spend AS (SELECT customer, category, sum(amount) AS spend FROM c WHERE category IS NOT NULL GROUP BY customer, category),
    top_category AS (SELECT customer, first(category ORDER BY spend DESC NULLS LAST, category) AS category FROM category_spend GROUP BY customer),
    product_names AS (
      SELECT product, first(description ORDER BY n DESC, description) AS name
      FROM (SELECT ${product} AS product, description, count(*) AS n FROM kept
            WHERE ${product} IN (SELECT product FROM top_product) AND description IS NOT NULL GROUP BY ${product}, description)
      GROUP BY product)
    SELECT b.*, p.product AS top_product, n.name AS top_product_name, k.category AS top_category
    FROM base b
      LEFT JOIN top_product p USING (customer)
      LEFT JOIN product_names n ON n.product = p.product
      LEFT JOIN top_category k USING (customer)
    ORDER BY customer`);
  const column = (name: string) => t.getChild(name)!;
  const text = (name: string) => {
    const col = column(name);
    return (i: number): string | null => {
      const v = col.get(i);
      return v === null || v === undefined ? null : String(v);
    };
  };
  const [id, email, name, first, last, phone, country, city, postcode, firstOrder, lastOrder, topProduct, topName, topCategory] = [
    'customer',
    'email',
    'name',
    'first_name',
    'last_name',
    'phone',
    'country',
    'city',
    'postcode',
    'first_order',
    'last_order',
    'top_product',
    'top_product_name',
    'top_category',
  ].map(text) as ((i: number) => string | null)[];
  const orders = column('orders');
  const out: CustomerProfile[] = [];
  for (let i = 0; i < t.numRows; i++) {
    out.push({
      customerId: id!(i)!,
      email: email!(i),
      name: name!(i),
      firstName: first!(i),
      lastName: last!(i),
      phone: phone!(i),
      country: country!(i),
      city: city!(i),
      postcode: postcode!(i),
      firstOrder: firstOrder!(i)!,
      lastOrder: lastOrder!(i)!,
      orders: num(orders.get(i)),
      topProduct: topProduct!(i),
      topProductName: topName!(i),
      topCategory: topCategory!(i),
    });
  }
  return out;
}

/** Profiles by customer id, to join onto RFM rows or recommendations. */
export function profilesById(profiles: readonly CustomerProfile[]): Map<string, CustomerProfile> {
  return new Map(profiles.map((p) => [p.customerId, p]));
}
