import { EngineError } from '../errors.ts';
import type { SqlPort } from '../ports.ts';
import { literal } from '../sql/quote.ts';
import { firstRow, num } from '../sql/rows.ts';
import type { PurchaseHistory } from './summary-check.ts';
import { checkTimeUnit, daysPerUnit, type TimeUnit } from './time-unit.ts';

export interface CustomerSummaryOptions {
  unit?: TimeUnit;
  /**
   * Last day (YYYY-MM-DD, inclusive) of the calibration period; default the last purchase day.
   * Purchases after it, up to `observationEnd`, are the holdout.
   */
  calibrationEnd?: string;
  /** Last day of the holdout period; default the last purchase day in the data. */
  observationEnd?: string;
}

/** The BTYD summary per customer, ordered by customer id, plus the holdout when there is one. */
export interface CustomerSummary extends PurchaseHistory {
  customerIds: string[];
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  /** Mean spend of the repeat purchase days (NaN when x = 0). */
  meanSpend: Float64Array;
  unit: TimeUnit;
  calibrationEnd: string;
  /** Present when the data extend past the calibration end. */
  holdout?: {
    /** Repeat purchase days per customer in (calibrationEnd, end]. */
    x: Float64Array;
    end: string;
    /** Length of the holdout period in units. */
    length: number;
  };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function checkDate(name: string, value: string | undefined): void {
  if (value !== undefined && (!DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)))) {
    throw new EngineError('invalid_argument', `${name} must be a date YYYY-MM-DD, got "${value}"`);
  }
}

/** The calibration end for a holdout starting on `date` (YYYY-MM-DD): the day before. */
export function dayBefore(date: string): string {
  checkDate('the holdout start', date);
  return new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/**
 * Builds the per-customer summary the BTYD models take from the cleaned lines (`kept`) in
 * DuckDB SQL, into the table `clv_summary`. A purchase is a calendar day with at least one line
 * that is neither a cancellation nor a return (so several orders on one day count once, as in
 * the references); that day's spend is the sum of its kept lines. x = purchase days after the
 * first, t_x = first to last, T = first to the calibration end, mean spend over the repeat days.
 * Customers whose first purchase falls after the calibration end are left out. O(lines).
 */
export async function customerSummary(sql: SqlPort, options: CustomerSummaryOptions = {}): Promise<CustomerSummary> {
  const unit = checkTimeUnit(options.unit ?? 'day');
  checkDate('the calibration end', options.calibrationEnd);
  checkDate('the observation end', options.observationEnd);
  await sql.exec(`CREATE OR REPLACE TEMP TABLE clv_days AS
    SELECT customer, CAST(ts AS DATE) AS d, sum(COALESCE(amount, 0)) AS spend
    FROM kept WHERE customer IS NOT NULL AND ts IS NOT NULL
    GROUP BY customer, d
    HAVING bool_or(NOT "f_cancellation" AND NOT "f_return")`);
  const range = firstRow(await sql.query(`SELECT strftime(max(d), '%Y-%m-%d') AS last, strftime(min(d), '%Y-%m-%d') AS first FROM clv_days`));
  if (range.last === null || range.last === undefined)
    throw new EngineError('invalid_argument', 'no kept purchases with a customer id and a date: nothing to model');
  const calibrationEnd = options.calibrationEnd ?? String(range.last);
  const observationEnd = options.observationEnd ?? String(range.last);
  if (calibrationEnd < String(range.first)) {
    throw new EngineError('invalid_argument', `the calibration period ends (${calibrationEnd}) before the first purchase (${String(range.first)})`);
  }
  if (observationEnd < calibrationEnd)
    throw new EngineError('invalid_argument', `the observation end ${observationEnd} is before the calibration end ${calibrationEnd}`);
  const cal = `DATE ${literal(calibrationEnd)}`;
  const obs = `DATE ${literal(observationEnd)}`;
  await sql.exec(`CREATE OR REPLACE TABLE clv_summary AS
    WITH calibration AS (
      SELECT customer, count(*) - 1 AS x, min(d) AS first_day, max(d) AS last_day,
        (sum(spend) - arg_min(spend, d)) / NULLIF(count(*) - 1, 0) AS mean_spend
      FROM clv_days WHERE d <= ${cal} GROUP BY customer),
    holdout AS (SELECT customer, count(*) AS x FROM clv_days WHERE d > ${cal} AND d <= ${obs} GROUP BY customer)
    SELECT c.customer AS customer_id, CAST(c.x AS DOUBLE) AS x,
      CAST(date_diff('day', c.first_day, c.last_day) AS DOUBLE) AS tx_days,
      CAST(date_diff('day', c.first_day, ${cal}) AS DOUBLE) AS t_days,
      COALESCE(CAST(c.mean_spend AS DOUBLE), CAST('nan' AS DOUBLE)) AS mean_spend, CAST(COALESCE(h.x, 0) AS DOUBLE) AS holdout_x
    FROM calibration c LEFT JOIN holdout h USING (customer)
    ORDER BY customer_id`);
  const t = await sql.query('SELECT * FROM clv_summary ORDER BY customer_id');
  const column = (name: string) => Float64Array.from(t.getChild(name)!.toArray() as ArrayLike<number>);
  const ids = t.getChild('customer_id')!;
  const perUnit = daysPerUnit(unit);
  const summary: CustomerSummary = {
    customerIds: Array.from({ length: t.numRows }, (_, i) => String(ids.get(i))),
    x: column('x'),
    tx: column('tx_days').map((v) => v / perUnit),
    T: column('t_days').map((v) => v / perUnit),
    meanSpend: column('mean_spend'),
    unit,
    calibrationEnd,
  };
  const holdoutDays = num(firstRow(await sql.query(`SELECT date_diff('day', ${cal}, ${obs}) AS n`)).n);
  if (holdoutDays > 0) summary.holdout = { x: column('holdout_x'), end: observationEnd, length: holdoutDays / perUnit };
  return summary;
}
