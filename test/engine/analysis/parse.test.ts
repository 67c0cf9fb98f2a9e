import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ANALYSIS_VERSION, EngineError, PRESETS, defaultAnalysis, parseAnalysis, serialiseAnalysis } from '../../../engine/src/index.ts';

const problems = (input: unknown): string => {
  try {
    parseAnalysis(input);
  } catch (e) {
    expect(e).toBeInstanceOf(EngineError);
    return (e as EngineError).message;
  }
  throw new Error('expected the analysis to be refused');
};

describe('analysis document', () => {
  it('fills every absent section and field from the defaults', () => {
    expect(parseAnalysis({ version: ANALYSIS_VERSION })).toEqual(defaultAnalysis());
    const a = parseAnalysis({ version: 1, clustering: { k: 'auto' }, baskets: { minSupport: 0.02 } });
    expect(a.clustering).toEqual({ ...defaultAnalysis().clustering, k: 'auto' });
    expect(a.baskets.minSupport).toBe(0.02);
    expect(a.baskets.minConfidence).toBe(defaultAnalysis().baskets.minConfidence);
  });

  it('names every unknown or invalid field with its path', () => {
    const m = problems({
      version: 1,
      colour: 'red',
      clustering: { k: 0, restart: 3 },
      scoring: { bins: 11 },
      baskets: { minSupport: 1.5, restrict: { kind: 'segment' } },
      cleaning: { rules: ['duplicate', 'typo'] },
      snapshot: '2024-13-45',
      mapping: { shoe: 'x' },
      export: { columns: ['customer_id', 'email2'] },
    });
    for (const field of [
      'colour',
      'clustering.k',
      'clustering.restart',
      'scoring.bins',
      'baskets.minSupport',
      'baskets.restrict',
      'cleaning.rules',
      'snapshot',
      'mapping.shoe',
      'export.columns',
    ]) {
      expect(m).toContain(field);
    }
    expect(m).toContain('"typo"');
    expect(m).toContain('"email2"');
  });

  it('reports the segment rules problems under "segments"', () => {
    expect(problems({ version: 1, segments: { name: 'x', fallback: 'Rest', segments: [{ name: 'A', all: [{ field: 'q', op: '>=', value: 1 }] }] } })).toMatch(
      /segments: .*unknown field "q"/,
    );
  });

  it('migrates a version-0 document (a bare rules file) and refuses newer versions', () => {
    const a = parseAnalysis(PRESETS.sum5);
    expect(a.version).toBe(ANALYSIS_VERSION);
    expect(a.segments).toEqual(PRESETS.sum5);
    expect(a.cleaning).toEqual(defaultAnalysis().cleaning);
    expect(problems({ version: ANALYSIS_VERSION + 1 })).toMatch(/newer Segment Studio/);
    expect(problems({ name: 'no version' })).toMatch(/"version" is missing/);
    expect(problems([1, 2])).toMatch(/JSON object/);
  });

  it('keeps the text layout chosen, and refuses one it does not know', () => {
    expect(parseAnalysis({ version: 1, sources: { paths: ['a.csv'], layout: 'matrix' } }).sources).toEqual({ paths: ['a.csv'], layout: 'matrix' });
    expect(parseAnalysis({ version: 1 }).sources.layout).toBeUndefined();
    expect(problems({ version: 1, sources: { paths: [], layout: 'one-hot' } })).toContain('sources.layout: must be one of table, baskets, matrix');
  });

  it('keeps the encoding chosen, and refuses one it does not read', () => {
    expect(parseAnalysis({ version: 1, sources: { paths: ['a.csv'], encoding: 'windows-1250' } }).sources).toEqual({
      paths: ['a.csv'],
      encoding: 'windows-1250',
    });
    expect(parseAnalysis({ version: 1 }).sources.encoding).toBeUndefined();
    expect(problems({ version: 1, sources: { paths: [], encoding: 'utf-16' } })).toContain(
      'sources.encoding: must be one of utf-8, latin-1, windows-1250, windows-1251, macintosh, cp850, cp437, shift_jis',
    );
  });

  it('keeps cleaning rules in the attribution order whatever order they are written in', () => {
    expect(parseAnalysis({ version: 1, cleaning: { rules: ['duplicate', 'missing_customer'] } }).cleaning.rules).toEqual(['missing_customer', 'duplicate']);
  });

  it('round-trips: serialise then parse gives the same analysis', () => {
    fc.assert(
      fc.property(
        fc.record({
          k: fc.oneof(fc.constant('auto' as const), fc.integer({ min: 1, max: 50 })),
          bins: fc.integer({ min: 2, max: 10 }),
          minSupport: fc.double({ min: 0.0001, max: 0.99, noNaN: true }),
          snapshot: fc.option(
            fc.date({ min: new Date('2000-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
          ),
          preset: fc.constantFrom(...Object.keys(PRESETS)),
          restrict: fc.oneof(
            fc.constant({ kind: 'all' as const }),
            fc.integer({ min: 1, max: 9 }).map((cluster) => ({ kind: 'cluster' as const, cluster })),
          ),
        }),
        (r) => {
          const a = defaultAnalysis();
          a.clustering.k = r.k;
          a.scoring.bins = r.bins;
          a.baskets.minSupport = r.minSupport;
          a.baskets.restrict = r.restrict;
          a.snapshot = r.snapshot;
          a.segments = structuredClone(PRESETS[r.preset]!);
          expect(parseAnalysis(JSON.parse(serialiseAnalysis(a)))).toEqual(a);
        },
      ),
    );
  });
});
