import { EngineError } from '../errors.ts';
import type { SqlPort } from '../ports.ts';
import { DUCKDB, type SqlDialect } from '../sql/dialect.ts';
import { literal } from '../sql/quote.ts';
import { firstRow } from '../sql/rows.ts';
import { civilFromDays } from '../util/calendar.ts';

/** Per-customer RFM values as parallel columns (index i is one customer). */
export interface RfmTable {
  customerIds: string[];
  /** Whole calendar days from the last purchase's date to the snapshot date. */
  recencyDays: Float64Array;
  /** Distinct invoices (cancellation invoices never count as orders). */
  frequency: Float64Array;
  /** Sum of quantity × unit price (or line total) over the customer's kept lines. */
  monetary: Float64Array;
  /** Days since 1970-01-01 of the first and last purchase. */
  firstPurchase: Int32Array;
  lastPurchase: Int32Array;
  /** Whole days from the first purchase's date to the snapshot date. */
  tenureDays: Float64Array;
  /** monetary / frequency (0 for a customer with no orders). */
  avgOrderValue: Float64Array;
  /** The snapshot date used, YYYY-MM-DD. */
  snapshot: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * RFM per customer in DuckDB SQL over the cleaned lines (`kept`, customers only), into the
 * table `rfm` and returned as typed arrays ordered by customer id. The snapshot defaults to
 * the day after the date of the last kept transaction. O(lines) in DuckDB. Deterministic.
 */
export async function computeRfm(sql: SqlPort, options: { snapshot?: string } = {}): Promise<RfmTable> {
  if (options.snapshot !== undefined && !DATE.test(options.snapshot)) {
    throw new EngineError('invalid_argument', `snapshot must be a date YYYY-MM-DD, got "${options.snapshot}"`);
  }
  // The default snapshot (defaultSnapshotSql) comes out of the same pass: the day after the
  // latest last purchase over the customers, a window over the groups rather than a scan of the lines.
  const snapshotSql = options.snapshot !== undefined ? `DATE ${literal(options.snapshot)}` : DUCKDB.addDays('max(CAST(max(ts) AS DATE)) OVER ()', 1);
  await sql.exec(`CREATE OR REPLACE TABLE rfm AS ${rfmSql('kept', snapshotSql)} ORDER BY customer`);
  let snapshot = options.snapshot;
  if (snapshot === undefined) {
    const snap = firstRow(await sql.query(`SELECT strftime(${DUCKDB.addDays('max(last_purchase)', 1)}, '%Y-%m-%d') AS s FROM rfm`));
    if (snap.s === null || snap.s === undefined) throw new EngineError('invalid_argument', 'no kept lines with a customer id: nothing to score');
    snapshot = String(snap.s);
  }
  return readRfmTable(sql, snapshot);
}

/** The default snapshot: the day after the date of the last kept line with a customer. */
export function defaultSnapshotSql(kept: string, d: SqlDialect = DUCKDB): string {
  return `(SELECT ${d.addDays('CAST(max(ts) AS DATE)', 1)} FROM ${kept} WHERE customer IS NOT NULL)`;
}

/**
 * Decimals monetary is rounded to. A sum of doubles depends on the order it is added in (threads,
 * DuckDB or PostgreSQL): 24.2 here, 24.200000000000003 there, and such a last bit splits equal
 * spends into different scores. Rounded to micro-units, the sum is the same in every order; no
 * currency has more decimals.
 */
export const MONEY_DECIMALS = 6;

/**
 * RFM per customer over the cleaned lines `kept` (columns customer, invoice, ts, amount,
 * f_cancellation), as of the DATE expression `snapshot` (which may aggregate `ts`): the
 * definitions of recency, frequency and monetary, in the engine and in the SQL export.
 *
 * Lines are first grouped per customer and invoice, so that frequency is a count of those groups
 * rather than a distinct count per customer (1M lines, one thread: 150 → 120 ms in DuckDB). In
 * the outer query `ts` is an invoice's latest time and `amount` its total; monetary adds the
 * invoice totals, the same once rounded (MONEY_DECIMALS).
 */
export function rfmSql(kept: string, snapshot: string, d: SqlDialect = DUCKDB): string {
  return `SELECT customer AS customer_id,
      ${d.daysBetween('CAST(max(ts) AS DATE)', snapshot)} AS recency_days,
      count(invoice) FILTER (WHERE ordered) AS frequency,
      ${d.round('COALESCE(sum(amount), 0)', MONEY_DECIMALS)} AS monetary,
      CAST(min(first_ts) AS DATE) AS first_purchase,
      CAST(max(ts) AS DATE) AS last_purchase,
      ${d.daysBetween('CAST(min(first_ts) AS DATE)', snapshot)} AS tenure_days
    FROM (
      SELECT customer, invoice, bool_or(NOT "f_cancellation") AS ordered, sum(amount) AS amount, min(ts) AS first_ts, max(ts) AS ts
      FROM ${kept} WHERE customer IS NOT NULL AND ts IS NOT NULL
      GROUP BY customer, invoice
    ) AS invoices
    GROUP BY customer`;
}

async function readRfmTable(sql: SqlPort, snapshot: string): Promise<RfmTable> {
  const t = await sql.query(`SELECT customer_id, CAST(recency_days AS DOUBLE) AS r, CAST(frequency AS DOUBLE) AS f,
      CAST(monetary AS DOUBLE) AS m, CAST(date_diff('day', DATE '1970-01-01', first_purchase) AS INTEGER) AS fp,
      CAST(date_diff('day', DATE '1970-01-01', last_purchase) AS INTEGER) AS lp, CAST(tenure_days AS DOUBLE) AS tn
    FROM rfm ORDER BY customer_id`);
  const n = t.numRows;
  const column = (name: string) => t.getChild(name)!;
  const out: RfmTable = {
    customerIds: textColumn(column('customer_id')),
    recencyDays: Float64Array.from(column('r').toArray() as ArrayLike<number>),
    frequency: Float64Array.from(column('f').toArray() as ArrayLike<number>),
    monetary: Float64Array.from(column('m').toArray() as ArrayLike<number>),
    firstPurchase: Int32Array.from(column('fp').toArray() as ArrayLike<number>),
    lastPurchase: Int32Array.from(column('lp').toArray() as ArrayLike<number>),
    tenureDays: Float64Array.from(column('tn').toArray() as ArrayLike<number>),
    avgOrderValue: new Float64Array(n),
    snapshot,
  };
  for (let i = 0; i < n; i++) {
    const f = out.frequency[i]!;
    out.avgOrderValue[i] = f > 0 ? out.monetary[i]! / f : 0;
  }
  return out;
}

/** The parts of an Arrow text column a chunk holds (apache-arrow's Data, as far as read here). */
interface TextChunk {
  length: number;
  nullCount: number;
  valueOffsets?: unknown;
  values?: unknown;
}

const ASCII = new TextDecoder('utf-8');

/**
 * A text column's values as strings (null as "null"). A chunk of ASCII text without nulls is
 * decoded once and cut at its offsets (byte and character offsets then agree): decoding each
 * value apart took longer than fetching the customers; other chunks go value by value.
 */
function textColumn(v: { length: number; data: readonly TextChunk[]; get(i: number): unknown }): string[] {
  const out = new Array<string>(v.length);
  let i = 0;
  for (const d of v.data) {
    const offsets = d.valueOffsets;
    const bytes = d.values;
    if (d.nullCount === 0 && offsets instanceof Int32Array && bytes instanceof Uint8Array) {
      // A sliced chunk's offsets are sliced with it: value k runs from offsets[k] to offsets[k + 1].
      const start = offsets[0]!;
      const end = offsets[d.length]!;
      let ascii = true;
      for (let b = start; b < end && ascii; b++) ascii = bytes[b]! < 0x80;
      if (ascii) {
        const text = ASCII.decode(bytes.subarray(start, end));
        for (let k = 0; k < d.length; k++) out[i++] = text.slice(offsets[k]! - start, offsets[k + 1]! - start);
        continue;
      }
    }
    for (let k = 0; k < d.length; k++, i++) out[i] = String(v.get(i));
  }
  return out;
}

/**
 * Days since 1970-01-01 -> "YYYY-MM-DD", by integer arithmetic (the proleptic Gregorian civil
 * date, as Date gives it): customers.csv writes two per customer, and a Date and its ISO text
 * each took longer than the rest of the row. Years outside 0000–9999 go through Date.
 */
export function dayToIso(day: number): string {
  if (!(day >= MIN_ISO_DAY && day <= MAX_ISO_DAY)) return new Date(day * 86_400_000).toISOString().slice(0, 10);
  const [y, m, d] = civilFromDays(day);
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/** 0000-01-01 and 9999-12-31 as days since 1970-01-01: the years Date writes with four digits. */
const MIN_ISO_DAY = -719_528;
const MAX_ISO_DAY = 2_932_896;
