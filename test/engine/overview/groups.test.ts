import { beforeAll, describe, expect, it } from 'vitest';
import { computeGroupBreakdown, openDataset, prepareOverviewBase, type SqlPort } from '../../../engine/src/index.ts';
import { openDb, textSource } from '../../helpers/engine.ts';

const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n';

describe('spend over time and top products per group', () => {
  let sql: SqlPort;
  beforeAll(async () => {
    sql = await openDb();
    const lines = [
      'i1,P1,apple,1,2024-01-10 10:00:00,10,c1,UK',
      'i1,P2,bread,2,2024-01-10 10:00:00,3,c1,UK',
      'i2,P1,apple,2,2024-02-01 10:00:00,10,c1,UK',
      'i3,P2,bread,1,2024-01-15 10:00:00,3,c2,UK',
      'i4,P3,cheese,4,2024-01-20 10:00:00,5,c3,UK',
      'i5,P1,apple,1,2024-02-20 10:00:00,10,c3,UK',
      'i6,P3,cheese,1,2024-02-21 10:00:00,5,c4,UK',
    ];
    await openDataset(sql, [textSource('t.csv', `${HEADER + lines.join('\n')}\n`)]);
    await prepareOverviewBase(sql);
  });

  it('sums each group per month and ranks its products by revenue (c4 is in no group)', async () => {
    const out = await computeGroupBreakdown(sql, ['c1', 'c2', 'c3'], ['G1', 'G2', 'G2'], 'month', 2);
    // G1 = c1: Jan 10 + 6 = 16 (1 order), Feb 20. G2 = c2 + c3: Jan 3 + 20 = 23 (2 orders, 2 customers), Feb 10.
    expect(out.spend).toEqual([
      { group: 'G1', period: '2024-01-01', revenue: 16, orders: 1, customers: 1 },
      { group: 'G1', period: '2024-02-01', revenue: 20, orders: 1, customers: 1 },
      { group: 'G2', period: '2024-01-01', revenue: 23, orders: 2, customers: 2 },
      { group: 'G2', period: '2024-02-01', revenue: 10, orders: 1, customers: 1 },
    ]);
    // G1: apple 30 of 36, bread 6. G2: cheese 20 of 33, apple 10 (bread 3 cut by top = 2).
    expect(out.topProducts).toEqual([
      { group: 'G1', rank: 1, product: 'P1', description: 'apple', revenue: 30, revenueShare: 30 / 36, customers: 1 },
      { group: 'G1', rank: 2, product: 'P2', description: 'bread', revenue: 6, revenueShare: 6 / 36, customers: 1 },
      { group: 'G2', rank: 1, product: 'P3', description: 'cheese', revenue: 20, revenueShare: 20 / 33, customers: 1 },
      { group: 'G2', rank: 2, product: 'P1', description: 'apple', revenue: 10, revenueShare: 10 / 33, customers: 1 },
    ]);
  });

  it('takes ids that need quoting and an empty assignment', async () => {
    expect((await computeGroupBreakdown(sql, [], [], 'week')).spend).toEqual([]);
    const weekly = await computeGroupBreakdown(sql, ['c2'], ['a "quoted", group'], 'week');
    expect(weekly.spend).toEqual([{ group: 'a "quoted", group', period: '2024-01-15', revenue: 3, orders: 1, customers: 1 }]);
  });
});
