import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clvCell, pAliveCell, valueByGroup } from '../../../engine/src/index.ts';
import { histogram } from '../../../renderer/features/value/histogram.ts';

const customer = fc.record({
  g: fc.integer({ min: 0, max: 3 }),
  pAlive: fc.oneof(fc.double({ min: 1e-6, max: 1, noNaN: true }), fc.constant(NaN)),
  clv: fc.oneof(fc.double({ min: 0, max: 1e5, noNaN: true }), fc.constant(NaN)),
});

describe('CLV per segment or cluster', () => {
  it('counts, modelled customers, means and totals equal a direct sum per group (NaN: not modelled)', () => {
    fc.assert(
      fc.property(fc.array(customer, { maxLength: 300 }), (rows) => {
        const names = ['A', 'B', 'C', 'D'];
        const out = valueByGroup(
          Int32Array.from(rows, (r) => r.g),
          names,
          {
            pAlive: Float64Array.from(rows, (r) => (Number.isNaN(r.pAlive) ? NaN : r.pAlive)),
            clv: Float64Array.from(rows, (r) => (Number.isNaN(r.pAlive) ? NaN : r.clv)),
          },
        );
        const all = rows.filter((r) => !Number.isNaN(r.pAlive)).reduce((s, r) => s + (Number.isFinite(r.clv) ? r.clv : 0), 0);
        names.forEach((name, g) => {
          const members = rows.filter((r) => r.g === g);
          const modelled = members.filter((r) => !Number.isNaN(r.pAlive));
          const total = modelled.reduce((s, r) => s + (Number.isFinite(r.clv) ? r.clv : 0), 0);
          const row = out[g]!;
          expect(row.group).toBe(name);
          expect(row.customers).toBe(members.length);
          expect(row.modelled).toBe(modelled.length);
          expect(row.totalClv).toBeCloseTo(total, 6);
          if (modelled.length) {
            expect(row.meanPAlive).toBeCloseTo(modelled.reduce((s, r) => s + r.pAlive, 0) / modelled.length, 9);
            expect(row.meanClv).toBeCloseTo(total / modelled.length, 6);
          } else expect(row.meanPAlive).toBeNaN();
          expect(row.clvShare).toBeCloseTo(all ? total / all : 0, 9);
        });
      }),
    );
  });

  it('cells: P(alive) to six significant digits, CLV to the cent, empty without a figure', () => {
    expect(pAliveCell(0.000123456789)).toBe(0.000123457);
    expect(pAliveCell(1)).toBe(1);
    expect(clvCell(1234.5678)).toBe(1234.57);
    expect(clvCell(NaN)).toBeNaN(); // toCsv writes NaN as an empty cell
  });

  it('the screen’s histograms: every finite value in one bin, the tail beyond the quantile counted apart', () => {
    const h = histogram([0, 0.05, 0.5, 1, NaN, 0.999], 20, 0, 1);
    expect(h.counts.reduce((s, c) => s + c, 0)).toBe(5);
    expect(h.counts[0]).toBe(1);
    expect(h.counts[1]).toBe(1);
    expect(h.counts[10]).toBe(1);
    expect(h.counts[19]).toBe(2);
    const tail = histogram([...Array.from({ length: 99 }, (_, i) => i), 10_000], 10, 0, undefined, 0.99);
    expect(tail.hi).toBe(98);
    expect(tail.above).toBe(1);
    expect(tail.counts.reduce((s, c) => s + c, 0)).toBe(99);
  });
});
