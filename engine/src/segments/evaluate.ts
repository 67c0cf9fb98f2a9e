import type { Condition, Field } from './rule-set.ts';

/** The values a condition can look at, for one customer. */
export interface FieldValues {
  r: number;
  f: number;
  m: number;
  recency_days: number;
  frequency: number;
  monetary: number;
  /** NaN when the value model has no figure for the customer (every comparison with NaN is false). */
  p_alive: number;
  clv: number;
}

export function fieldValue(v: FieldValues, field: Field): number {
  switch (field) {
    case 'sum':
      return v.r + v.f + v.m;
    case 'fm':
      return (v.f + v.m) / 2;
    default:
      return v[field];
  }
}

export function holds(c: Condition, x: number): boolean {
  const v = c.value;
  switch (c.op) {
    case '>=':
      return x >= (v as number);
    case '<=':
      return x <= (v as number);
    case '>':
      return x > (v as number);
    case '<':
      return x < (v as number);
    case '==':
      return x === v;
    case '!=':
      return x !== v;
    case 'between':
      return x >= (v as [number, number])[0] && x <= (v as [number, number])[1];
  }
}
