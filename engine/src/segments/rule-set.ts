import { EngineError } from '../errors.ts';

/**
 * Score fields (1..bins), their sum, the mean of F and M, the raw RFM values, and the
 * customer-value model's P(alive) and CLV (usable once that model is computed).
 */
export const FIELDS = ['r', 'f', 'm', 'sum', 'fm', 'recency_days', 'frequency', 'monetary', 'p_alive', 'clv'] as const;
export type Field = (typeof FIELDS)[number];
export const SCORE_FIELDS: readonly Field[] = ['r', 'f', 'm', 'sum', 'fm'];
/** Fields from the customer-value model (BG/NBD + Gamma-Gamma), not from RFM. */
export const VALUE_FIELDS = ['p_alive', 'clv'] as const satisfies readonly Field[];
export type ValueField = (typeof VALUE_FIELDS)[number];

/** The value-model fields a rule set refers to (empty: RFM alone decides it). */
export function valueFieldsUsed(rules: Pick<SegmentRuleSet, 'segments'>): ValueField[] {
  const used = new Set<string>();
  for (const s of rules.segments) for (const c of s.all) if ((VALUE_FIELDS as readonly string[]).includes(c.field)) used.add(c.field);
  return VALUE_FIELDS.filter((f) => used.has(f));
}

export const OPERATORS = ['>=', '<=', '>', '<', '==', '!=', 'between'] as const;
export type Operator = (typeof OPERATORS)[number];

export interface Condition {
  field: Field;
  op: Operator;
  /** A number, or [low, high] (inclusive) for 'between'. */
  value: number | [number, number];
}

/** A segment: all conditions must hold (an empty list always holds). */
export interface SegmentRule {
  name: string;
  all: Condition[];
  description?: string;
}

/** An ordered list of segments, first match wins; customers matching none get `fallback`. */
export interface SegmentRuleSet {
  name: string;
  segments: SegmentRule[];
  fallback: string;
  fallbackDescription?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function parseCondition(v: unknown, where: string, errors: string[]): Condition | undefined {
  if (!isObject(v)) {
    errors.push(`${where}: a condition must be an object like {"field": "r", "op": ">=", "value": 4}`);
    return undefined;
  }
  const { field, op, value } = v;
  for (const key of Object.keys(v)) if (!['field', 'op', 'value'].includes(key)) errors.push(`${where}: unknown key "${key}"`);
  if (typeof field !== 'string' || !(FIELDS as readonly string[]).includes(field)) {
    errors.push(`${where}: unknown field ${JSON.stringify(field)}; fields are ${FIELDS.join(', ')}`);
    return undefined;
  }
  if (typeof op !== 'string' || !(OPERATORS as readonly string[]).includes(op)) {
    errors.push(`${where}: unknown operator ${JSON.stringify(op)}; operators are ${OPERATORS.join(' ')}`);
    return undefined;
  }
  if (op === 'between') {
    if (!Array.isArray(value) || value.length !== 2 || !value.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      errors.push(`${where}: "between" needs a value [low, high]`);
      return undefined;
    }
    if (value[0] > value[1]) errors.push(`${where}: between [${value[0]}, ${value[1]}] is empty (low > high)`);
    return { field: field as Field, op, value: [value[0], value[1]] };
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    errors.push(`${where}: value must be a number`);
    return undefined;
  }
  return { field: field as Field, op: op as Operator, value };
}

/**
 * Parses and checks a rule set from JSON (already parsed) without regard to the data:
 * shape, field and operator names, unique segment names. Throws EngineError('invalid_rules')
 * listing every problem found. See `checkRuleSet` for impossible and unreachable segments.
 */
export function parseRuleSet(input: unknown): SegmentRuleSet {
  const errors: string[] = [];
  if (!isObject(input)) throw new EngineError('invalid_rules', 'a rule set must be a JSON object with "segments" and "fallback"');
  for (const key of Object.keys(input)) {
    if (!['name', 'segments', 'fallback', 'fallbackDescription', 'description'].includes(key)) errors.push(`unknown key "${key}"`);
  }
  const name = typeof input.name === 'string' ? input.name : 'custom';
  if (typeof input.fallback !== 'string' || input.fallback.trim() === '') errors.push('"fallback" must name the segment for customers no rule matches');
  if (!Array.isArray(input.segments) || input.segments.length === 0) {
    errors.push('"segments" must be a non-empty list');
  }
  const segments: SegmentRule[] = [];
  const names = new Set<string>();
  for (const [i, s] of (Array.isArray(input.segments) ? input.segments : []).entries()) {
    const where = `segment ${i + 1}`;
    if (!isObject(s) || typeof s.name !== 'string' || s.name.trim() === '') {
      errors.push(`${where}: needs a "name"`);
      continue;
    }
    for (const key of Object.keys(s)) if (!['name', 'all', 'description'].includes(key)) errors.push(`${where} (${s.name}): unknown key "${key}"`);
    if (names.has(s.name)) errors.push(`${where}: the name "${s.name}" is used twice`);
    names.add(s.name);
    const all: Condition[] = [];
    if (s.all !== undefined && !Array.isArray(s.all)) errors.push(`${where} (${s.name}): "all" must be a list of conditions`);
    for (const [j, c] of (Array.isArray(s.all) ? s.all : []).entries()) {
      const cond = parseCondition(c, `${where} (${s.name}), condition ${j + 1}`, errors);
      if (cond) all.push(cond);
    }
    segments.push({ name: s.name, all, ...(typeof s.description === 'string' ? { description: s.description } : {}) });
  }
  if (typeof input.fallback === 'string' && names.has(input.fallback)) errors.push(`the fallback "${input.fallback}" is also a rule's name`);
  if (errors.length) throw new EngineError('invalid_rules', errors.join('; '));
  return {
    name,
    segments,
    fallback: String(input.fallback),
    ...(typeof input.fallbackDescription === 'string' ? { fallbackDescription: input.fallbackDescription } : {}),
  };
}

/** Human text of a condition: "r >= 4", "fm between 2 and 3". */
export function describeCondition(c: Condition): string {
  return c.op === 'between' ? `${c.field} between ${(c.value as number[])[0]} and ${(c.value as number[])[1]}` : `${c.field} ${c.op} ${c.value}`;
}
