import { beforeAll, describe, expect, it } from 'vitest';
import { EngineError, customerSummary, defaultCleaningOptions, openDataset, type SqlPort } from '../../../engine/src/index.ts';
import { openDb, textSource } from '../../helpers/engine.ts';

// A: three orders on 2024-01-01 (one day), one on 01-08, a cancellation alone on 01-10, one on 01-15;
//    holdout: 02-01 twice (one day). B: one purchase. C: first buys in the holdout (left out).
const CSV = `InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID
1,A1,Mug,1,2024-01-01 09:00,10,A
2,A1,Mug,2,2024-01-01 12:00,10,A
3,A2,Plate,1,2024-01-01 18:00,5,A
4,A2,Plate,4,2024-01-08 10:00,5,A
C5,A2,Plate,-1,2024-01-10 10:00,5,A
6,A1,Mug,1,2024-01-15 10:00,10,A
7,A1,Mug,1,2024-01-03 10:00,10,B
8,A1,Mug,3,2024-02-01 10:00,10,A
9,A2,Plate,1,2024-02-01 11:00,5,A
10,A1,Mug,1,2024-02-05 10:00,10,C
`;

async function load(returns: 'drop' | 'net' = 'drop') {
  const sql = await openDb();
  const cleaning = defaultCleaningOptions();
  cleaning.returns = returns;
  await openDataset(sql, [textSource('t.csv', CSV)], { cleaning });
  return sql;
}

describe('customer summary in SQL over kept', () => {
  let dropped: SqlPort;
  beforeAll(async () => {
    dropped = await load();
  });

  it('counts purchase days, not orders; T runs to the calibration end; the holdout counts later days', async () => {
    const s = await customerSummary(dropped, { calibrationEnd: '2024-01-31' });
    expect(s.customerIds).toEqual(['A', 'B']);
    expect(Array.from(s.x)).toEqual([2, 0]);
    expect(Array.from(s.tx)).toEqual([14, 0]);
    expect(Array.from(s.T)).toEqual([30, 28]);
    expect(s.meanSpend[0]).toBe((20 + 10) / 2); // 01-08: 4 × 5; 01-15: 1 × 10
    expect(s.meanSpend[1]).toBeNaN();
    expect(s.holdout).toEqual({ x: Float64Array.of(1, 0), end: '2024-02-05', length: 5 });
  });

  it('a cancellation-only day is not a purchase even when cancellations are netted; weeks divide by 7', async () => {
    const s = await customerSummary(await load('net'), { calibrationEnd: '2024-01-31', unit: 'week' });
    expect(Array.from(s.x)).toEqual([2, 0]);
    expect(s.tx[0]).toBeCloseTo(2, 12);
    expect(s.T[0]).toBeCloseTo(30 / 7, 12);
    expect(s.holdout?.length).toBeCloseTo(5 / 7, 12);
  });

  it('without a calibration end the period runs to the last purchase and there is no holdout', async () => {
    const s = await customerSummary(dropped);
    expect(s.customerIds).toEqual(['A', 'B', 'C']);
    expect(s.calibrationEnd).toBe('2024-02-05');
    expect(Array.from(s.x)).toEqual([3, 0, 0]);
    expect(s.holdout).toBeUndefined();
  });

  it('refuses bad dates and periods with an EngineError', async () => {
    const sql = dropped;
    await expect(customerSummary(sql, { calibrationEnd: '31/01/2024' })).rejects.toThrow(EngineError);
    await expect(customerSummary(sql, { calibrationEnd: '2023-12-01' })).rejects.toThrow(/before the first purchase/);
    await expect(customerSummary(sql, { calibrationEnd: '2024-01-31', observationEnd: '2024-01-20' })).rejects.toThrow(/before the calibration end/);
    await expect(customerSummary(sql, { unit: 'month' as 'day' })).rejects.toThrow(/day or week/);
  });
});
