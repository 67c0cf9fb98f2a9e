/**
 * The Clusters screen's clusters × segments table: every cell's count is the number of customers
 * with that cluster and segment, its share that count over the cluster's customers, counted here
 * customer by customer (not through the engine's crosstab, which the table is built from).
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { crosstab } from '../../engine/src/index.ts';
import { crosstabCells } from '../../renderer/features/clusters/crosstab-cells.ts';

const NAMES = ['Champions', 'Loyal', 'At risk', 'Lost'];

it('cells count the customers of each cluster and segment, shares of the cluster', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 6 }),
      fc.array(fc.record({ cluster: fc.nat(), seg: fc.nat({ max: NAMES.length - 1 }) }), { maxLength: 200 }),
      (k, customers) => {
        const labels = Int32Array.from(customers, (c) => c.cluster % k);
        const codes = Int32Array.from(customers, (c) => c.seg);
        const rows = crosstabCells(crosstab(labels, k, codes, NAMES));
        expect(rows).toHaveLength(k);
        for (let c = 0; c < k; c++) {
          const inCluster = customers.filter((_, i) => labels[i] === c).length;
          expect(rows[c]).toHaveLength(NAMES.length);
          for (let j = 0; j < NAMES.length; j++) {
            const count = customers.filter((_, i) => labels[i] === c && codes[i] === j).length;
            const cell = rows[c]![j]!;
            expect(cell.count).toBe(count);
            expect(cell.share).toBe(inCluster ? count / inCluster : 0);
            expect(cell.text).toBe(count ? count.toLocaleString('en') : '');
          }
          if (inCluster) expect(rows[c]!.reduce((sum, cell) => sum + cell.share, 0)).toBeCloseTo(1, 12);
        }
      },
    ),
  );
});

it('shows thousands with separators and leaves empty cells blank', () => {
  const labels = new Int32Array(1234 + 1);
  const codes = Int32Array.from({ length: 1235 }, (_, i) => (i < 1234 ? 0 : 2));
  const [row] = crosstabCells(crosstab(labels, 1, codes, NAMES));
  expect(row!.map((c) => c.text)).toEqual(['1,234', '', '1', '']);
  expect(row![0]!.share).toBeCloseTo(1234 / 1235, 15);
});
