import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CUSTOMER_COLUMNS, customerRows, customersCsv, customersCsvBeforeClusters, toCsv, type RfmScores, type RfmTable } from '../../../engine/src/index.ts';
import type { SegmentAssignment } from '../../../engine/src/segments/apply-rules.ts';

/** Customers with the given ids and values; scores and segments from the index. */
function customers(ids: string[], days: number[], money: number[]) {
  const n = ids.length;
  const rfm: RfmTable = {
    customerIds: ids,
    recencyDays: Float64Array.from(days, (d) => Math.abs(d) % 400),
    frequency: Float64Array.from(ids, (_, i) => 1 + (i % 7)),
    monetary: Float64Array.from(money),
    firstPurchase: Int32Array.from(days, (d) => d - 30),
    lastPurchase: Int32Array.from(days),
    tenureDays: new Float64Array(n),
    avgOrderValue: new Float64Array(n),
    snapshot: '2025-01-01',
  };
  const scores: RfmScores = {
    r: Uint8Array.from(ids, (_, i) => 1 + (i % 5)),
    f: Uint8Array.from(ids, (_, i) => 1 + ((i * 3) % 5)),
    m: Uint8Array.from(ids, (_, i) => 1 + ((i * 7) % 5)),
    bins: 5,
  };
  const segments: SegmentAssignment = {
    codes: Int32Array.from(ids, (_, i) => i % 3),
    names: ['Champions', '=Risky, "quoted"', ' padded '],
    counts: [0, 0, 0],
    warnings: [],
  };
  return { rfm, scores, segments };
}

describe('customers.csv', () => {
  it('writes a customer line by hand', () => {
    const c = customers(['=1+1'], [20089], [1234.567]);
    expect(customersCsv({ ...c, clusters: Int32Array.of(2) })).toBe(
      `${CUSTOMER_COLUMNS.join(',')}\n'=1+1,89,1,1234.57,2024-12-02,2025-01-01,1,1,1,111,Champions,2\n`,
    );
  });

  it('property: the same text as the generic writer over customerRows, for any ids, rows, delimiter and options', () => {
    const id = fc.oneof(fc.string(), fc.constantFrom('=SUM(A1)', '+1', '-2', '@x', '\tt', 'a,b', 'q"q', ' sp', 'Zoë', '顧客'));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(id, fc.integer({ min: -800_000, max: 3_000_000 }), fc.double({ noNaN: false })), { minLength: 0, maxLength: 40 }),
        fc.constantFrom(',', ';', '\t', '1'),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        (rows, delimiter, bom, withClusters, pseudonymised) => {
          const c = customers(
            rows.map((r) => r[0]),
            rows.map((r) => r[1]),
            rows.map((r) => r[2]),
          );
          const e = {
            ...c,
            ...(withClusters ? { clusters: Int32Array.from(rows, (_, i) => 1 + (i % 4)) } : {}),
            ...(pseudonymised ? { customerId: (s: string) => `-${s}` } : {}),
            ...(rows.length > 2 ? { rows: [2, 0, rows.length - 1] } : {}),
          };
          expect(customersCsv(e, { delimiter, bom })).toBe(toCsv(CUSTOMER_COLUMNS, customerRows(e), { delimiter, bom }));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('property: written before the clusters are known, the file is the same once they are given (again with others)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.string(), fc.integer({ min: -800_000, max: 3_000_000 }), fc.double({ noNaN: false })), { minLength: 0, maxLength: 30 }),
        fc.constantFrom(',', ';', '\t'),
        fc.boolean(),
        fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 30, maxLength: 30 }),
        (rows, delimiter, bom, labels) => {
          const c = customers(
            rows.map((r) => r[0]),
            rows.map((r) => r[1]),
            rows.map((r) => r[2]),
          );
          const e = { ...c, ...(rows.length > 2 ? { rows: [rows.length - 1, 1, 0] } : {}) };
          const later = customersCsvBeforeClusters(e, { delimiter, bom });
          const first = Int32Array.from(rows, (_, i) => labels[i]!);
          const second = Int32Array.from(rows, (_, i) => 13 - labels[i]!);
          for (const clusters of [first, undefined, second]) {
            const whole = { ...e, ...(clusters ? { clusters } : {}) };
            expect(later(clusters)).toBe(toCsv(CUSTOMER_COLUMNS, customerRows(whole), { delimiter, bom }));
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
