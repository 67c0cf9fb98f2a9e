import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyRules, checkRuleSet, parseRuleSet, preset, PRESET_NAMES, summariseSegments, EngineError } from '../../../engine/src/index.ts';

const scoreArb = fc.integer({ min: 1, max: 5 });
const customers = fc.array(
  fc.tuple(scoreArb, scoreArb, scoreArb, fc.integer({ min: 0, max: 400 }), fc.integer({ min: 1, max: 30 }), fc.double({ min: 0, max: 5000, noNaN: true })),
  { minLength: 1, maxLength: 300 },
);

function build(rows: [number, number, number, number, number, number][]) {
  return {
    scores: { r: Uint8Array.from(rows.map((x) => x[0])), f: Uint8Array.from(rows.map((x) => x[1])), m: Uint8Array.from(rows.map((x) => x[2])), bins: 5 },
    raw: {
      recencyDays: Float64Array.from(rows.map((x) => x[3])),
      frequency: Float64Array.from(rows.map((x) => x[4])),
      monetary: Float64Array.from(rows.map((x) => x[5])),
    },
  };
}

/** The presets as the issue defines them, written as plain if-chains. */
const DEFINITIONS: Record<string, (r: number, f: number, m: number) => string> = {
  rfm6: (r, f) =>
    r >= 4 && f >= 4
      ? 'Champions'
      : r >= 4 && f >= 2
        ? 'Potential Loyalists'
        : r >= 3 && f >= 3
          ? 'Loyal Customers'
          : r <= 2 && f >= 3
            ? 'At Risk'
            : r >= 3 && f <= 2
              ? 'New Customers'
              : 'Needs Attention',
  sum5: (r, f, m) => {
    const s = r + f + m;
    return s >= 13 ? 'Champions' : s >= 10 ? 'Loyal' : s >= 8 ? 'Potential Loyalists' : s >= 6 ? 'At Risk' : 'Dormant';
  },
  rfm11: (r, f, m) => {
    const fm = (f + m) / 2;
    if (r >= 4 && fm >= 4) return 'Champions';
    if (r >= 2 && fm >= 3) return 'Loyal';
    if (r >= 3 && fm >= 2) return 'Potential Loyalist';
    if (r >= 4) return 'New Customers';
    if (r === 3) return 'Promising';
    if (r === 2) return fm >= 2 ? 'Need Attention' : 'About to Sleep';
    if (fm >= 4) return "Can't Lose Them";
    if (fm >= 2.5) return 'At Risk';
    if (fm >= 1.5) return 'Hibernating';
    return 'Lost';
  },
  value3: (r, f, m) => (r + f + m >= 11 ? 'High value' : r + f + m >= 7 ? 'Mid value' : 'Low value'),
};

describe('segment presets', () => {
  it.each(PRESET_NAMES.map((p) => [p]))('%s passes validation: every segment possible and reachable', (name) => {
    expect(() => checkRuleSet(preset(name), 5)).not.toThrow();
  });

  it.each(PRESET_NAMES.map((p) => [p]))('%s reproduces its definition, each customer in exactly one segment (property)', (name) => {
    fc.assert(
      fc.property(customers, (rows) => {
        const { scores, raw } = build(rows);
        const a = applyRules(preset(name), scores, raw);
        expect(a.counts.reduce((x, y) => x + y, 0)).toBe(rows.length);
        rows.forEach(([r, f, m], i) => expect(a.names[a.codes[i]!]).toBe(DEFINITIONS[name]!(r, f, m)));
      }),
    );
  });

  it('every combination of scores reaches each rfm11 segment', () => {
    const rows: [number, number, number, number, number, number][] = [];
    for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) for (let m = 1; m <= 5; m++) rows.push([r, f, m, 0, 1, 1]);
    const { scores, raw } = build(rows);
    const a = applyRules(preset('rfm11'), scores, raw);
    expect(a.counts.every((c) => c > 0)).toBe(true);
    expect(a.names).toHaveLength(11);
  });
});

describe('custom rules', () => {
  it('apply raw-value conditions with first match winning', () => {
    const rules = parseRuleSet({
      name: 'vip',
      segments: [
        {
          name: 'VIP',
          all: [
            { field: 'monetary', op: '>=', value: 1000 },
            { field: 'frequency', op: '>', value: 5 },
          ],
        },
        { name: 'Recent', all: [{ field: 'recency_days', op: '<=', value: 30 }] },
      ],
      fallback: 'Other',
    });
    checkRuleSet(rules, 5);
    const { scores, raw } = build([
      [1, 1, 1, 10, 6, 1000],
      [1, 1, 1, 10, 2, 1000],
      [1, 1, 1, 90, 9, 999],
    ]);
    const a = applyRules(rules, scores, raw);
    expect([...a.codes].map((c) => a.names[c])).toEqual(['VIP', 'Recent', 'Other']);
    const summary = summariseSegments(a, raw);
    expect(summary.map((s) => [s.segment, s.customers, s.revenue])).toEqual([
      ['VIP', 1, 1000],
      ['Recent', 1, 1000],
      ['Other', 1, 999],
    ]);
    expect(summary[0]!.share).toBeCloseTo(1 / 3);
  });

  it('warns about segments no customer falls into', () => {
    const { scores, raw } = build([[5, 5, 5, 1, 9, 10]]);
    expect(applyRules(preset('rfm6'), scores, raw).warnings).toContain('no customer falls into "At Risk"');
  });

  it('refuses a name used twice when the rules are checked, as the rule editor edits them (not only when read from a file)', () => {
    const base = parseRuleSet({
      segments: [
        { name: 'A', all: [{ field: 'r', op: '>=', value: 4 }] },
        { name: 'B', all: [{ field: 'f', op: '>=', value: 4 }] },
      ],
      fallback: 'C',
    });
    expect(() => checkRuleSet(base, 5)).not.toThrow();
    const twice = structuredClone(base);
    twice.segments[1]!.name = 'A';
    expect(() => checkRuleSet(twice, 5)).toThrow('the name "A" is used twice');
    const fallback = structuredClone(base);
    fallback.fallback = 'B';
    expect(() => checkRuleSet(fallback, 5)).toThrow('the name "B" is used twice');
  });

  it('gives readable errors for unknown fields, bad operators, impossible and unreachable segments', () => {
    const err = (input: unknown, bins = 5) => {
      try {
        checkRuleSet(parseRuleSet(input), bins);
        return '';
      } catch (e) {
        expect(e).toBeInstanceOf(EngineError);
        return (e as Error).message;
      }
    };
    expect(err({ segments: [{ name: 'A', all: [{ field: 'x', op: '>=', value: 1 }] }], fallback: 'B' })).toMatch(/unknown field "x"; fields are r, f, m/);
    expect(err({ segments: [{ name: 'A', all: [{ field: 'r', op: '=>', value: 1 }] }], fallback: 'B' })).toMatch(/unknown operator "=>"/);
    expect(
      err({
        segments: [
          {
            name: 'A',
            all: [
              { field: 'r', op: '>=', value: 4 },
              { field: 'r', op: '<=', value: 2 },
            ],
          },
        ],
        fallback: 'B',
      }),
    ).toBe('segment "A": r >= 4 and r <= 2 can never hold on scores 1-5');
    expect(err({ segments: [{ name: 'A', all: [{ field: 'r', op: '>=', value: 6 }] }], fallback: 'B' })).toMatch(/can never hold on scores 1-5/);
    expect(
      err({
        segments: [
          {
            name: 'A',
            all: [
              { field: 'frequency', op: '>', value: 5 },
              { field: 'frequency', op: '<', value: 3 },
            ],
          },
        ],
        fallback: 'B',
      }),
    ).toMatch(/frequency > 5 and frequency < 3 can never hold/);
    expect(
      err({
        segments: [
          { name: 'A', all: [{ field: 'r', op: '>=', value: 3 }] },
          { name: 'B', all: [{ field: 'r', op: '>=', value: 4 }] },
        ],
        fallback: 'C',
      }),
    ).toBe('segment "B" is unreachable: segments above it take every customer it could match');
    expect(err({ segments: [{ name: 'A' }, { name: 'A' }], fallback: 'A' })).toMatch(/used twice.*also a rule's name/);
    expect(err([])).toMatch(/must be a JSON object/);
  });

  it('parsing never throws anything but EngineError (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (json) => {
        try {
          checkRuleSet(parseRuleSet(json), 5);
        } catch (e) {
          expect(e).toBeInstanceOf(EngineError);
        }
      }),
    );
  });
});
