import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyRules, checkRuleSet, EngineError, parseRuleSet, valueFieldsUsed, type SegmentRuleSet } from '../../../engine/src/index.ts';

/** Customers with scores, raw RFM and value figures (NaN: the value model has none). */
const customers = fc.array(
  fc.record({
    r: fc.integer({ min: 1, max: 5 }),
    f: fc.integer({ min: 1, max: 5 }),
    m: fc.integer({ min: 1, max: 5 }),
    pAlive: fc.oneof(fc.double({ min: 1e-9, max: 1, noNaN: true }), fc.constant(NaN)),
    clv: fc.oneof(fc.double({ min: 0, max: 1e4, noNaN: true }), fc.constant(NaN)),
  }),
  { minLength: 1, maxLength: 200 },
);

function build(rows: { r: number; f: number; m: number; pAlive: number; clv: number }[]) {
  return {
    scores: { r: Uint8Array.from(rows, (x) => x.r), f: Uint8Array.from(rows, (x) => x.f), m: Uint8Array.from(rows, (x) => x.m), bins: 5 },
    raw: { recencyDays: new Float64Array(rows.length), frequency: new Float64Array(rows.length).fill(1), monetary: new Float64Array(rows.length) },
    value: { pAlive: Float64Array.from(rows, (x) => x.pAlive), clv: Float64Array.from(rows, (x) => x.clv) },
  };
}

const RULES: SegmentRuleSet = parseRuleSet({
  name: 'value',
  segments: [
    { name: 'Slipping away', all: [{ field: 'p_alive', op: '<', value: 0.3 }] },
    {
      name: 'Worth keeping',
      all: [
        { field: 'clv', op: '>=', value: 500 },
        { field: 'r', op: '>=', value: 3 },
      ],
    },
  ],
  fallback: 'Others',
});

describe('segment rules on P(alive) and CLV', () => {
  it('parses p_alive and clv as fields and lists them as needing the value model', () => {
    expect(valueFieldsUsed(RULES)).toEqual(['p_alive', 'clv']);
    expect(valueFieldsUsed(parseRuleSet({ segments: [{ name: 'A', all: [{ field: 'r', op: '>=', value: 4 }] }], fallback: 'B' }))).toEqual([]);
  });

  it('first match wins, as written out by hand; customers without a figure match no value condition', () => {
    fc.assert(
      fc.property(customers, (rows) => {
        const { scores, raw, value } = build(rows);
        const a = applyRules(RULES, scores, raw, value);
        rows.forEach((c, i) => {
          const expected = c.pAlive < 0.3 ? 'Slipping away' : c.clv >= 500 && c.r >= 3 ? 'Worth keeping' : 'Others';
          expect(a.names[a.codes[i]!]).toBe(expected);
        });
      }),
    );
  });

  it('says so when the value model is not computed', () => {
    const { scores, raw } = build([{ r: 1, f: 1, m: 1, pAlive: 0.1, clv: 1 }]);
    expect(() => applyRules(RULES, scores, raw)).toThrow(EngineError);
    expect(() => applyRules(RULES, scores, raw)).toThrow(
      /the rules use p_alive and clv, which the customer-value model \(BG\/NBD \+ Gamma-Gamma\) gives; it is not computed/,
    );
  });

  it('refuses P(alive) conditions no probability meets', () => {
    const rules = parseRuleSet({ segments: [{ name: 'Never', all: [{ field: 'p_alive', op: '>', value: 1 }] }], fallback: 'Rest' });
    expect(() => checkRuleSet(rules, 5)).toThrow(/segment "Never": p_alive > 1 can never hold/);
    const negative = parseRuleSet({ segments: [{ name: 'Refunds', all: [{ field: 'clv', op: '<', value: 0 }] }], fallback: 'Rest' });
    expect(() => checkRuleSet(negative, 5)).not.toThrow();
  });
});
