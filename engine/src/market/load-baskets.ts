import { buildBaskets, type Baskets } from '../assoc/index.ts';
import { EngineError } from '../errors.ts';
import type { SqlPort } from '../ports.ts';
import { firstRow, num } from '../sql/rows.ts';

/** What makes a basket: an invoice, a customer's whole history, or a visit (a customer's purchases on one day). */
export type BasketKey = 'invoice' | 'customer' | 'visit';
export type ItemKey = 'sku' | 'description' | 'category';

/**
 * A basket key over `kept`. A visit is for data without invoice numbers (Kaggle's "Groceries
 * dataset": member, date, item): customer and day, NULL when either is missing.
 */
const KEY_SQL: Record<BasketKey, string> = { invoice: 'invoice', customer: 'customer', visit: `customer || ' ' || strftime(ts, '%Y-%m-%d')` };

/** The roles a basket key needs, for messages. */
const KEY_ROLES: Record<BasketKey, string> = { invoice: 'the invoice column', customer: 'the customer column', visit: 'the customer and date columns' };

export interface BasketSource {
  by: BasketKey;
  item: ItemKey;
  /** Drop baskets with fewer than two distinct items; supports are then relative to the rest. */
  minItemsPerBasket?: 1 | 2;
}

export interface LoadedBaskets {
  baskets: Baskets;
  /**
   * Display name per item code: the item itself, or for SKUs their most frequent description
   * (ties: the smallest text, so every engine and thread count gives the same names).
   */
  itemNames: string[];
  /** Basket key per basket code (invoice number, customer id, or customer and day). */
  basketKeys: string[];
  /** Customer id per basket code (null for invoices without one), to restrict to a segment. */
  basketCustomers: (string | null)[];
}

/**
 * Reads (basket, item) pairs from the cleaned lines (`kept`) and encodes them densely for the
 * miner: items and baskets numbered in sorted order, so the result is deterministic.
 * Lines without a customer are used when the missing_customer rule is off (by invoice).
 */
export async function loadBaskets(sql: SqlPort, source: BasketSource): Promise<LoadedBaskets> {
  const bk = KEY_SQL[source.by];
  const ik = source.item;
  const has = firstRow(await sql.query(`SELECT count(${bk}) AS b, count(${ik}) AS i FROM kept`));
  if (num(has.b) === 0) throw new EngineError('mapping', `no ${source.by} values to group baskets by; map ${KEY_ROLES[source.by]}`);
  if (num(has.i) === 0) throw new EngineError('mapping', `no ${ik} values to use as items; map the ${ik} column or choose another item`);
  await sql.exec(`CREATE OR REPLACE TEMP TABLE basket_lines AS
    SELECT ${bk} AS bk, ${ik} AS ik, customer, description FROM kept WHERE ${bk} IS NOT NULL AND ${ik} IS NOT NULL`);
  await sql.exec(`CREATE OR REPLACE TEMP TABLE item_codes AS
    SELECT ik, CAST(row_number() OVER (ORDER BY ik) - 1 AS INTEGER) AS code,
           ${ik === 'sku' ? 'first(description_top ORDER BY n DESC, description_top)' : 'ik'} AS name
    FROM (SELECT ik, description AS description_top, count(*) AS n FROM basket_lines GROUP BY ik, description)
    GROUP BY ik`);
  await sql.exec(`CREATE OR REPLACE TEMP TABLE basket_codes AS
    SELECT bk, CAST(row_number() OVER (ORDER BY bk) - 1 AS INTEGER) AS code, min(customer) AS customer
    FROM basket_lines GROUP BY bk`);
  const pairs = await sql.query(`SELECT b.code AS b, i.code AS i FROM basket_lines l
    JOIN basket_codes b ON b.bk = l.bk JOIN item_codes i ON i.ik = l.ik`);
  const items = await sql.query('SELECT ik, name FROM item_codes ORDER BY code');
  const basketsT = await sql.query('SELECT bk, customer FROM basket_codes ORDER BY code');
  const ids = items.getChild('ik')!;
  const names = items.getChild('name')!;
  const itemLabels: string[] = [];
  const itemNames: string[] = [];
  for (let k = 0; k < items.numRows; k++) {
    itemLabels.push(String(ids.get(k)));
    itemNames.push(String(names.get(k) ?? ids.get(k)));
  }
  const bkCol = basketsT.getChild('bk')!;
  const custCol = basketsT.getChild('customer')!;
  const basketKeys: string[] = [];
  const basketCustomers: (string | null)[] = [];
  for (let k = 0; k < basketsT.numRows; k++) {
    basketKeys.push(String(bkCol.get(k)));
    const c = custCol.get(k);
    basketCustomers.push(c === null ? null : String(c));
  }
  const baskets = buildBaskets(pairs.getChild('b')!.toArray() as Int32Array, pairs.getChild('i')!.toArray() as Int32Array, itemLabels.length, itemLabels, {
    minItemsPerBasket: source.minItemsPerBasket ?? 1,
  });
  return { baskets, itemNames, basketKeys, basketCustomers };
}
