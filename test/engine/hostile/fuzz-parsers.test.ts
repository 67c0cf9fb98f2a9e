/**
 * Issue 8, item 2: the mapping detector and the segment-rule parser on arbitrary input. Only
 * EngineError may escape, results keep their invariants, and long hostile strings stay fast
 * (no regular expression backtracks its way into a hang).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EngineError,
  FIELDS,
  OPERATORS,
  ROLES,
  applyRules,
  checkRuleSet,
  detectDateFormat,
  detectMapping,
  detectNumberFormat,
  parseNumber,
  parseRuleSet,
  profileValues,
  type ColumnMapping,
} from '../../../engine/src/index.ts';

/** Per run: fast-check enforces it on async runs; the synchronous ones assert it themselves. */
const PER_RUN_MS = 2000;

/** Only EngineError may be thrown; returns the value or undefined when refused. */
function tolerate<T>(run: () => T): T | undefined {
  try {
    return run();
  } catch (e) {
    if (e instanceof EngineError) return undefined;
    throw e;
  }
}

/** Text that looks like data: digits, separators, signs, currency, dates, letters, odd unicode. */
const dataLike = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.stringMatching(/^[-+]?[\d.,' ]{0,30}(e[-+]?\d{1,4})?$/),
  fc.stringMatching(/^\d{1,4}[./-]\d{1,4}[./-]\d{1,4}( \d{1,2}:\d{2}(:\d{2})?)?$/),
  fc.constantFrom('NaN', 'Infinity', '-inf', '1e309', '€ 1.234,56', 'Rp 10.000', '2010-12-01T08:26:00+01:00', '45000.5', '', '   ', '\u00a0'),
);
/** Very long runs of the characters the detectors' patterns are built from. */
const longRun = fc
  .tuple(fc.constantFrom('1', '1.', '1,', '12/', '1 ', '-', 'a@', 'x '), fc.integer({ min: 200, max: 3000 }), fc.constantFrom('', 'x', '!', ','))
  .map(([unit, n, end]) => unit.repeat(n) + end);
const value = fc.oneof({ weight: 5, arbitrary: dataLike }, { weight: 1, arbitrary: longRun });
const values = fc.array(fc.option(value, { nil: null }), { maxLength: 60 });

describe('mapping detector under fuzzing', () => {
  it('detectDateFormat and detectNumberFormat never throw; parseNumber gives a finite number or NaN', () => {
    fc.assert(
      fc.property(values, fc.option(fc.record({ first: fc.integer(), second: fc.integer() }), { nil: undefined }), (vs, parts) => {
        const strings = vs.filter((v): v is string => v !== null);
        const started = performance.now();
        const d = detectDateFormat(strings, parts);
        if (d) expect(['iso', 'dmy', 'mdy', 'ymd', 'excel_serial']).toContain(d.order);
        const f = detectNumberFormat(strings);
        expect(['.', ',']).toContain(f.decimal);
        for (const v of strings) {
          const n = parseNumber(v, f);
          expect(Number.isNaN(n) || Number.isFinite(n)).toBe(true);
        }
        expect(performance.now() - started).toBeLessThan(PER_RUN_MS);
      }),
      { numRuns: 400, timeout: PER_RUN_MS, seed: 8101 },
    );
  });

  it('profileValues gives shares in [0, 1]', () => {
    fc.assert(
      fc.property(values, (vs) => {
        const started = performance.now();
        const p = profileValues(vs);
        expect(performance.now() - started).toBeLessThan(PER_RUN_MS);
        for (const [k, v] of Object.entries(p)) {
          if (k === 'nonEmpty' || k === 'meanLength') expect(v).toBeGreaterThanOrEqual(0);
          else {
            expect(v, k).toBeGreaterThanOrEqual(0);
            expect(v, k).toBeLessThanOrEqual(1);
          }
        }
      }),
      { numRuns: 400, timeout: PER_RUN_MS, seed: 8102 },
    );
  });

  it('detectMapping: one column per detected role, confidences in [0, 1]; bad overrides are EngineErrors', () => {
    const header = fc.oneof(fc.constantFrom('InvoiceNo', 'Kunde', 'Tanggal', 'Qty', 'Preis', 'Total', 'E-Mail', 'Land', ''), fc.string({ maxLength: 20 }));
    const override = fc.dictionary(fc.constantFrom(...ROLES), fc.oneof(header, fc.string({ maxLength: 5 })), { maxKeys: 3 });
    fc.assert(
      fc.property(fc.uniqueArray(header, { maxLength: 14 }), fc.array(values, { maxLength: 14 }), override, (columns, cols, overrides) => {
        const sample = Object.fromEntries(columns.map((c, i) => [c, cols[i] ?? []]));
        const r = tolerate(() => detectMapping(columns, sample, overrides as ColumnMapping));
        if (r === undefined) {
          expect(Object.values(overrides).some((c) => !columns.includes(c))).toBe(true);
          return;
        }
        // Detected roles take distinct columns (but a detected email or phone that is the customer
        // too), none taken by hand (the user may reuse one on purpose).
        const detected = Object.entries(r.mapping)
          .filter(
            ([role]) => !r.manual[role as keyof typeof r.manual] && !(role === 'customer' && [r.mapping.email, r.mapping.phone].includes(r.mapping.customer)),
          )
          .map(([, c]) => c);
        expect(new Set(detected).size).toBe(detected.length);
        for (const c of detected) expect(Object.values(overrides)).not.toContain(c);
        for (const [role, column] of Object.entries(r.mapping)) {
          expect(columns).toContain(column);
          const c = r.confidence[role as keyof typeof r.confidence]!;
          expect(c).toBeGreaterThan(0);
          expect(c).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 300, timeout: PER_RUN_MS, seed: 8103 },
    );
  });
});

describe('segment-rule parser under fuzzing', () => {
  /** Rule sets that are nearly right: real and unreal field names, operators and values. */
  const condition = fc.oneof(
    fc.record(
      {
        field: fc.oneof(fc.constantFrom(...FIELDS), fc.string({ maxLength: 6 }), fc.integer()),
        op: fc.oneof(fc.constantFrom(...OPERATORS), fc.string({ maxLength: 3 })),
        value: fc.oneof(fc.integer({ min: -3, max: 12 }), fc.double(), fc.tuple(fc.double(), fc.double()), fc.string({ maxLength: 3 }), fc.constant(null)),
      },
      { requiredKeys: [] },
    ),
    fc.jsonValue({ maxDepth: 2 }),
  );
  const segment = fc.oneof(
    fc.record(
      {
        name: fc.oneof(fc.constantFrom('A', 'B', 'C', ''), fc.string({ maxLength: 8 })),
        all: fc.oneof(fc.array(condition, { maxLength: 4 }), fc.jsonValue({ maxDepth: 1 })),
        description: fc.string({ maxLength: 10 }),
      },
      { requiredKeys: ['name'] },
    ),
    fc.jsonValue({ maxDepth: 2 }),
  );
  const ruleSet = fc.oneof(
    fc.record(
      {
        name: fc.string({ maxLength: 8 }),
        segments: fc.oneof(fc.array(segment, { maxLength: 6 }), fc.jsonValue({ maxDepth: 2 })),
        fallback: fc.oneof(fc.constantFrom('Other', 'A', ''), fc.jsonValue({ maxDepth: 1 })),
      },
      { requiredKeys: [] },
    ),
    fc.jsonValue({ maxDepth: 4 }),
  );

  it('parseRuleSet then checkRuleSet (any score scale) throw nothing but EngineError', () => {
    fc.assert(
      fc.property(ruleSet, fc.integer({ min: 2, max: 10 }), (json, bins) => {
        // Through JSON text, as a rules file arrives.
        const rules = tolerate(() => parseRuleSet(JSON.parse(JSON.stringify(json) ?? 'null')));
        if (rules === undefined) return;
        expect(rules.segments.length).toBeGreaterThan(0);
        if (tolerate(() => checkRuleSet(rules, bins)) === undefined) return;
        // A rule set that passes both checks segments any customer.
        const scores = { r: Uint8Array.of(1, bins), f: Uint8Array.of(1, bins), m: Uint8Array.of(bins, 1), bins };
        const raw = { recencyDays: Float64Array.of(0, 400), frequency: Float64Array.of(1, 30), monetary: Float64Array.of(-5, 1e9) };
        // Rules may use p_alive and clv, which the customer-value model gives.
        const a = applyRules(rules, scores, raw, { pAlive: Float64Array.of(0.05, 1), clv: Float64Array.of(0, 1e4) });
        expect(a.codes.length).toBe(2);
      }),
      { numRuns: 600, timeout: PER_RUN_MS, seed: 8104 },
    );
  });

  it('errors list what is wrong in one line per problem, never a stack', () => {
    const e = tolerate(() => parseRuleSet({ segments: [{ name: 'A', all: [{ field: 'q', op: '~', value: 'x' }] }, { name: 'A' }], fallback: 'A', extra: 1 }));
    expect(e).toBeUndefined();
    try {
      parseRuleSet({ segments: [{ name: 'A', all: [{ field: 'q', op: '~', value: 'x' }] }, { name: 'A' }], fallback: 'A', extra: 1 });
    } catch (err) {
      expect(err).toBeInstanceOf(EngineError);
      expect((err as EngineError).code).toBe('invalid_rules');
      expect((err as EngineError).message).toMatch(/unknown key "extra".*unknown field "q".*used twice.*fallback "A" is also a rule's name/);
    }
  });
});
