import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  campaignExport,
  defaultAnalysis,
  groupSuppression,
  resolveGroupName,
  resolveSelection,
  type AnalysisExport,
  type ScoredCustomers,
} from '../../../engine/src/index.ts';

const NAMES = ['Champions', 'Loyal', 'At Risk', 'Lost'];

/** Customers c0..c(n-1) with the given segment codes; RFM values are arbitrary but valid. */
function scored(codes: number[]): ScoredCustomers {
  const n = codes.length;
  const ids = codes.map((_, i) => `c${i}`);
  const counts = NAMES.map((_, s) => codes.filter((c) => c === s).length);
  const f = (g: (i: number) => number) => Float64Array.from(ids, (_, i) => g(i));
  return {
    rfm: {
      customerIds: ids,
      recencyDays: f((i) => i % 30),
      frequency: f((i) => 1 + (i % 4)),
      monetary: f((i) => 10 * i),
      firstPurchase: Int32Array.from(ids, () => 19000),
      lastPurchase: Int32Array.from(ids, (_, i) => 19000 + (i % 30)),
      tenureDays: f(() => 40),
      avgOrderValue: f((i) => (10 * i) / (1 + (i % 4))),
      snapshot: '2022-01-31',
    },
    scores: { r: new Uint8Array(n).fill(3), f: new Uint8Array(n).fill(2), m: new Uint8Array(n).fill(1), bins: 5 },
    segments: { codes: Int32Array.from(codes), names: NAMES, counts, warnings: [] },
    summary: NAMES.map((segment, s) => ({ segment, customers: counts[s]! })) as unknown as ScoredCustomers['summary'],
  };
}

const exportWith = (x: Partial<AnalysisExport>): AnalysisExport => ({ ...defaultAnalysis().export, ...x });

/** Customer ids in a CSV text's first column (plain ids: no quoting to undo), header skipped. */
const idsOf = (text: string) =>
  text
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',')[0]);

describe('small-group suppression', () => {
  it('leaves out exactly the customers of groups smaller than minGroupSize, and names those groups', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: NAMES.length - 1 }), { minLength: 1, maxLength: 60 }), fc.integer({ min: 0, max: 25 }), (codes, min) => {
        const c = scored(codes);
        // Independent count of each segment's customers.
        const size: Record<string, number> = {};
        for (const code of codes) size[NAMES[code]!] = (size[NAMES[code]!] ?? 0) + 1;
        const small = NAMES.filter((n) => size[n] !== undefined && size[n]! < min);
        const expected = codes.map((code, i) => (small.includes(NAMES[code]!) ? null : `c${i}`)).filter((x) => x !== null);
        const out = campaignExport(exportWith({ minGroupSize: min }), c, null)!;
        expect(out.suppressed).toEqual(small.map((name) => ({ name, customers: size[name] })));
        expect(out.rows).toBe(expected.length);
        expect(idsOf(out.files[0]!.text)).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('writes no file for a suppressed group in the per-group layout, and 0 suppresses nothing', () => {
    // Champions 5, Loyal 2, At Risk 0, Lost 3.
    const c = scored([0, 0, 1, 3, 0, 3, 0, 1, 3, 0]);
    const per = campaignExport(exportWith({ layout: 'per-group', minGroupSize: 3 }), c, null)!;
    expect(per.files.map((f) => f.name)).toEqual(['campaign-segments/champions.csv', 'campaign-segments/lost.csv']);
    expect(per.suppressed).toEqual([{ name: 'Loyal', customers: 2 }]);
    expect(idsOf(per.files[0]!.text)).toEqual(['c0', 'c1', 'c4', 'c6', 'c9']);
    expect(idsOf(per.files[1]!.text)).toEqual(['c3', 'c5', 'c8']);
    const none = campaignExport(exportWith({ minGroupSize: 0 }), c, null)!;
    expect([none.rows, none.suppressed]).toEqual([10, []]);
    const keeps = groupSuppression({ groupBy: 'segment', minGroupSize: 4 }, c, null)!;
    expect(c.rfm.customerIds.filter((_, i) => !keeps.keeps(i))).toEqual(['c2', 'c3', 'c5', 'c7', 'c8']);
  });

  it('suppresses clusters by their sizes when grouping by cluster', () => {
    const c = scored([0, 0, 0, 0, 0, 0]);
    const labels = Int32Array.from([0, 1, 0, 0, 1, 0]);
    const profile = (cluster: number, size: number) =>
      ({
        cluster,
        name: `K${cluster}`,
        size,
        share: 0,
        revenue: 0,
        revenueShare: 0,
        recencyDays: { median: 0 },
        frequency: { median: 0 },
        monetary: { median: 0 },
      }) as never;
    const out = campaignExport(exportWith({ groupBy: 'cluster', minGroupSize: 3 }), c, { labels, profiles: [profile(0, 4), profile(1, 2)] })!;
    expect(out.suppressed).toEqual([{ name: expect.stringContaining('K1'), customers: 2 }]);
    expect(idsOf(out.files[0]!.text)).toEqual(['c0', 'c2', 'c3', 'c5']);
  });

  it('is an analysis setting: a whole number, default 0', () => {
    expect(defaultAnalysis().export.minGroupSize).toBe(0);
  });
});

describe('campaign list of chosen customers', () => {
  it('writes exactly the customers `keep` accepts among the selected groups', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: NAMES.length - 1 }), { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 7 }), (codes, step) => {
        const c = scored(codes);
        const out = campaignExport(exportWith({ selection: ['Champions', 'Lost'] }), c, null, { keep: (i) => i % step === 0 })!;
        const expected = codes.map((code, i) => (i % step === 0 && (code === 0 || code === 3) ? `c${i}` : null)).filter((x) => x !== null);
        expect(idsOf(out.files[0]!.text)).toEqual(expected);
      }),
    );
  });
});

describe('groups named by people (--segment, export.selection, baskets.restrict)', () => {
  /** `s` with each letter's case flipped where `flips` says, and spaces around it. */
  const recase = (s: string, flips: boolean[], pad: [string, string]) =>
    pad[0] + [...s].map((ch, i) => (flips[i % flips.length] ? (ch === ch.toLowerCase() ? ch.toUpperCase() : ch.toLowerCase()) : ch)).join('') + pad[1];
  const word = fc.string({ unit: fc.constantFrom(...'abcdeXYZ -'), minLength: 1, maxLength: 10 }).filter((s) => s.trim() !== '');
  const distinct = fc.uniqueArray(word, { minLength: 1, maxLength: 6, selector: (s) => s.trim().toLowerCase() });
  const pad = fc.tuple(fc.constantFrom('', ' ', '  '), fc.constantFrom('', ' ', '\t'));

  it('any case and surrounding spaces give the one group so named; any other name stops, listing every group (property)', () => {
    fc.assert(
      fc.property(distinct, fc.nat(), fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }), pad, word, (names, pick, flips, around, other) => {
        const name = names[pick % names.length]!;
        expect(resolveGroupName(recase(name, flips, around), names, 'segment', '--segment')).toBe(name);
        if (names.some((n) => n.trim().toLowerCase() === other.trim().toLowerCase())) return;
        let message = '';
        try {
          resolveGroupName(other, names, 'segment', '--segment');
        } catch (e) {
          message = (e as Error).message;
        }
        expect(message).toContain(`no segment "${other}"`);
        for (const n of names) expect(message).toContain(`"${n}"`);
      }),
      { numRuns: 300, seed: 8301 },
    );
  });

  it('an exact name wins; names differing only in case are not guessed between; clusters also by number', () => {
    expect(resolveGroupName('vip', ['VIP', 'vip'], 'segment', 'x')).toBe('vip');
    expect(() => resolveGroupName('Vip', ['VIP', 'vip'], 'segment', '--segment')).toThrow(
      '--segment: "Vip" matches "VIP" and "vip", which differ only in case',
    );
    const clusters = ['Cluster 1 – Recent', 'Cluster 2 – Lapsed'];
    expect(resolveGroupName('2', clusters, 'cluster', 'x')).toBe('Cluster 2 – Lapsed');
    expect(resolveGroupName(' cluster 1', clusters, 'cluster', 'x')).toBe('Cluster 1 – Recent');
    expect(() => resolveGroupName('7', clusters, 'cluster', '--segment')).toThrow(
      '--segment: no cluster "7"; the clusters are "Cluster 1 – Recent", "Cluster 2 – Lapsed" (or their numbers, 1 to 2)',
    );
    // A segment is never taken by number.
    expect(() => resolveGroupName('1', NAMES, 'segment', 'x')).toThrow('no segment "1"');
  });

  it('the selection resolves to the groups’ names; a selected group with no customers is named, not refused', () => {
    // Champions 2, Loyal 1, At Risk 0, Lost 1.
    const c = scored([0, 1, 0, 3]);
    const e = exportWith({ selection: ['champions', ' AT RISK '] });
    const selection = resolveSelection(e, c, null)!;
    expect(selection).toEqual(['Champions', 'At Risk']);
    const out = campaignExport({ ...e, selection }, c, null)!;
    expect(idsOf(out.files[0]!.text)).toEqual(['c0', 'c2']);
    expect(out.empty).toEqual(['At Risk']);
    expect(() => resolveSelection(exportWith({ selection: ['At risk', 'Nobody'] }), c, null)).toThrow('no segment "Nobody"');
    // Without an explicit selection no group is called empty.
    expect(campaignExport(exportWith({}), c, null)!.empty).toEqual([]);
  });
});
