import type { RfmScores } from '../rfm/scores.ts';
import { fieldValue, holds, type FieldValues } from './evaluate.ts';
import { EngineError } from '../errors.ts';
import { SCORE_FIELDS, valueFieldsUsed, type SegmentRuleSet } from './rule-set.ts';

export interface SegmentAssignment {
  /** Segment index per customer; names[codes[i]] is its segment (the fallback is last). */
  codes: Int32Array;
  names: string[];
  counts: number[];
  /** Data-dependent remarks, e.g. a segment no customer falls into. */
  warnings: string[];
}

interface RawValues {
  recencyDays: Float64Array;
  frequency: Float64Array;
  monetary: Float64Array;
}

/** The value model's P(alive) and CLV per customer, parallel to the scores (NaN: no figure). */
export interface ValueColumns {
  pAlive: Float64Array;
  clv: Float64Array;
}

/**
 * Puts every customer in exactly one segment: the first whose conditions all hold, else the
 * fallback. Rule sets on scores only are compiled into a lookup table over (r, f, m), so a
 * re-application is one pass of table look-ups: O(n + bins³ × segments).
 */
export function applyRules(rules: SegmentRuleSet, scores: RfmScores, raw: RawValues, value?: ValueColumns): SegmentAssignment {
  const n = scores.r.length;
  const needsValue = valueFieldsUsed(rules);
  if (needsValue.length && !value) {
    throw new EngineError(
      'invalid_rules',
      `the rules use ${needsValue.join(' and ')}, which the customer-value model (BG/NBD + Gamma-Gamma) gives; it is not computed`,
    );
  }
  const segs = rules.segments;
  const fallback = segs.length;
  const codes = new Int32Array(n);
  const scoreOnly = segs.every((s) => s.all.every((c) => SCORE_FIELDS.includes(c.field)));
  const b = scores.bins;
  if (scoreOnly) {
    const table = new Int32Array(b * b * b);
    const v: FieldValues = { r: 0, f: 0, m: 0, recency_days: 0, frequency: 0, monetary: 0, p_alive: 0, clv: 0 };
    for (v.r = 1; v.r <= b; v.r++)
      for (v.f = 1; v.f <= b; v.f++)
        for (v.m = 1; v.m <= b; v.m++) {
          const hit = segs.findIndex((s) => s.all.every((c) => holds(c, fieldValue(v, c.field))));
          table[(v.r - 1) * b * b + (v.f - 1) * b + (v.m - 1)] = hit < 0 ? fallback : hit;
        }
    for (let i = 0; i < n; i++) codes[i] = table[(scores.r[i]! - 1) * b * b + (scores.f[i]! - 1) * b + (scores.m[i]! - 1)]!;
  } else {
    const v: FieldValues = { r: 0, f: 0, m: 0, recency_days: 0, frequency: 0, monetary: 0, p_alive: NaN, clv: NaN };
    for (let i = 0; i < n; i++) {
      v.r = scores.r[i]!;
      v.f = scores.f[i]!;
      v.m = scores.m[i]!;
      v.recency_days = raw.recencyDays[i]!;
      v.frequency = raw.frequency[i]!;
      v.monetary = raw.monetary[i]!;
      if (value) {
        v.p_alive = value.pAlive[i]!;
        v.clv = value.clv[i]!;
      }
      const hit = segs.findIndex((s) => s.all.every((c) => holds(c, fieldValue(v, c.field))));
      codes[i] = hit < 0 ? fallback : hit;
    }
  }
  const names = [...segs.map((s) => s.name), rules.fallback];
  const counts = new Array<number>(names.length).fill(0);
  for (let i = 0; i < n; i++) counts[codes[i]!]!++;
  const warnings = names.filter((_, k) => counts[k] === 0 && k < fallback).map((name) => `no customer falls into "${name}"`);
  return { codes, names, counts, warnings };
}

export interface SegmentSummaryRow {
  segment: string;
  customers: number;
  share: number;
  revenue: number;
  revenue_share: number;
  mean_recency_days: number;
  mean_frequency: number;
  mean_monetary: number;
}

/** Per segment: customers, share of customers, revenue, its share, and mean R/F/M. O(n). */
export function summariseSegments(a: SegmentAssignment, raw: RawValues): SegmentSummaryRow[] {
  const k = a.names.length;
  const sums = { r: new Float64Array(k), f: new Float64Array(k), m: new Float64Array(k) };
  let total = 0;
  for (let i = 0; i < a.codes.length; i++) {
    const c = a.codes[i]!;
    sums.r[c]! += raw.recencyDays[i]!;
    sums.f[c]! += raw.frequency[i]!;
    sums.m[c]! += raw.monetary[i]!;
    total += raw.monetary[i]!;
  }
  const n = a.codes.length;
  return a.names.map((segment, c) => {
    const count = a.counts[c]!;
    const mean = (s: Float64Array) => (count ? s[c]! / count : 0);
    return {
      segment,
      customers: count,
      share: n ? count / n : 0,
      revenue: sums.m[c]!,
      revenue_share: total ? sums.m[c]! / total : 0,
      mean_recency_days: mean(sums.r),
      mean_frequency: mean(sums.f),
      mean_monetary: mean(sums.m),
    };
  });
}
