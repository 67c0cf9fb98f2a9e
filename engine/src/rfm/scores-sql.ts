/**
 * The score methods of ./scores.ts as SQL window expressions, for the SQL export: the same
 * definitions, evaluated where the data lives. test/engine/sql-export checks them customer by
 * customer against scoreRfm.
 */
import { EngineError } from '../errors.ts';
import type { SqlDialect } from '../sql/dialect.ts';
import type { ScoreMethod } from './scores.ts';

export interface ScoreColumn {
  /** The value's column. */
  value: string;
  /** False for recency: fewer days is better. */
  higherIsBetter: boolean;
}

/**
 * Score 1..bins of `col` over all rows of the query, as a window expression; `id` (the customer
 * id column) breaks NTILE's ties as scoreRfm does (by customer id in byte order).
 * - quantile: 1 + floor(bins × below / n), `below` counting strictly worse values: rank() - 1
 *   over the values sorted worst first.
 * - ntile: NTILE(bins) over worst first, ties by id; for recency (worst = most days) the ids
 *   run backwards too, as scoreRfm walks its ascending order from the end.
 */
export function scoreSql(method: ScoreMethod, bins: number, col: ScoreColumn, id: string, d: SqlDialect): string {
  const dir = col.higherIsBetter ? 'ASC' : 'DESC';
  switch (method) {
    case 'quantile': {
      const below = `rank() OVER (ORDER BY ${col.value} ${dir}) - 1`;
      return `LEAST(${bins}, 1 + ${d.intDiv(`${bins} * (${below})`, 'count(*) OVER ()')})`;
    }
    case 'ntile':
      return `NTILE(${bins}) OVER (ORDER BY ${col.value} ${dir}, ${d.byteOrder(id)} ${dir})`;
    case 'breakpoints':
      throw new EngineError('invalid_argument', 'breakpoint scores are not written as SQL; use quantile or ntile');
  }
}
