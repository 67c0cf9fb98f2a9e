/**
 * A segment rule set as one SQL CASE expression, for the SQL export: first match wins, the
 * fallback takes the rest, exactly as applyRules. Field meanings follow fieldValue
 * (./evaluate.ts) and operators follow holds.
 */
import { EngineError } from '../errors.ts';
import { literal } from '../sql/quote.ts';
import type { Condition, Field, SegmentRuleSet } from './rule-set.ts';

/** SQL columns of the score and raw fields (r, f, m, recency_days, frequency, monetary). */
export type FieldColumns = Record<'r' | 'f' | 'm' | 'recency_days' | 'frequency' | 'monetary', string>;

function fieldSql(field: Field, cols: FieldColumns): string {
  switch (field) {
    case 'sum':
      return `(${cols.r} + ${cols.f} + ${cols.m})`;
    case 'fm':
      // 2.0, not 2: integer division would drop the half.
      return `((${cols.f} + ${cols.m}) / 2.0)`;
    case 'p_alive':
    case 'clv':
      throw new EngineError('invalid_rules', `the rules use ${field}, which the customer-value model gives; it has no SQL form`);
    default:
      return cols[field];
  }
}

/** A finite number as an SQL literal. */
function numberSql(v: number): string {
  if (!Number.isFinite(v)) throw new EngineError('invalid_rules', `a rule's value must be a finite number, got ${v}`);
  return String(v);
}

function conditionSql(c: Condition, cols: FieldColumns): string {
  const x = fieldSql(c.field, cols);
  if (c.op === 'between') {
    const [lo, hi] = c.value as [number, number];
    return `${x} BETWEEN ${numberSql(lo)} AND ${numberSql(hi)}`;
  }
  const op = c.op === '==' ? '=' : c.op === '!=' ? '<>' : c.op;
  return `${x} ${op} ${numberSql(c.value as number)}`;
}

/** CASE WHEN <all conditions of segment 1> THEN 'name 1' ... ELSE 'fallback' END. */
export function segmentCaseSql(rules: SegmentRuleSet, cols: FieldColumns): string {
  const whens = rules.segments.map((s) => `WHEN ${s.all.length ? s.all.map((c) => conditionSql(c, cols)).join(' AND ') : 'true'} THEN ${literal(s.name)}`);
  return `CASE ${whens.join(' ')} ELSE ${literal(rules.fallback)} END`;
}
