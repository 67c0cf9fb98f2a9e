import { describe, expect, it } from 'vitest';
import { clvModelOptions, defaultAnalysis, EngineError, EXPORT_COLUMNS, parseAnalysis, serialiseAnalysis } from '../../../engine/src/index.ts';

const refusal = (input: unknown): string => {
  try {
    parseAnalysis(input);
  } catch (e) {
    expect(e).toBeInstanceOf(EngineError);
    return (e as EngineError).message;
  }
  throw new Error('expected the analysis to be refused');
};

describe('the analysis document: customer-value settings (clv)', () => {
  it('defaults: 12 months, 1 % a month, weeks, no holdout; absent fields take them', () => {
    expect(defaultAnalysis().clv).toEqual({ horizonMonths: 12, monthlyDiscount: 0.01, unit: 'week', holdoutFrom: null });
    expect(parseAnalysis({ version: 1, clv: { horizonMonths: 24 } }).clv).toEqual({
      horizonMonths: 24,
      monthlyDiscount: 0.01,
      unit: 'week',
      holdoutFrom: null,
    });
  });

  it('reads a holdout date and survives a save and reopen', () => {
    const a = parseAnalysis({ version: 1, clv: { horizonMonths: 6, monthlyDiscount: 0, unit: 'day', holdoutFrom: '1997-10-01' } });
    expect(a.clv).toEqual({ horizonMonths: 6, monthlyDiscount: 0, unit: 'day', holdoutFrom: '1997-10-01' });
    expect(parseAnalysis(JSON.parse(serialiseAnalysis(a)))).toEqual(a);
  });

  it('names each invalid field', () => {
    const m = refusal({ version: 1, clv: { horizonMonths: 0, monthlyDiscount: 1, unit: 'month', holdoutFrom: '1/10/1997', horizon: 12 } });
    expect(m).toContain('clv.horizonMonths: must be a whole number from 1 to 120');
    expect(m).toContain('clv.monthlyDiscount: must be a number from 0 to below 1');
    expect(m).toContain('clv.unit: must be one of day, week');
    expect(m).toContain('clv.holdoutFrom: must be a date YYYY-MM-DD or null');
    expect(m).toContain('clv.horizon: unknown field');
    expect(refusal({ version: 1, clv: { holdoutFrom: '1997-02-30x' } })).toContain('clv.holdoutFrom');
    expect(refusal({ version: 1, clv: { monthlyDiscount: -0.01 } })).toContain('clv.monthlyDiscount');
  });

  it('maps to the model: a holdout from D fits on the days up to D − 1 (across a month and a year end)', () => {
    const d = defaultAnalysis().clv;
    expect(clvModelOptions(d)).toEqual({ unit: 'week', months: 12, monthlyDiscount: 0.01 });
    expect(clvModelOptions({ ...d, holdoutFrom: '1997-10-01' }).calibrationEnd).toBe('1997-09-30');
    expect(clvModelOptions({ ...d, holdoutFrom: '2024-03-01' }).calibrationEnd).toBe('2024-02-29');
    expect(clvModelOptions({ ...d, holdoutFrom: '2011-01-01' }).calibrationEnd).toBe('2010-12-31');
  });

  it('campaign lists may carry p_alive and clv', () => {
    expect(EXPORT_COLUMNS).toContain('p_alive');
    expect(EXPORT_COLUMNS).toContain('clv');
    expect(parseAnalysis({ version: 1, export: { columns: ['customer_id', 'p_alive', 'clv'] } }).export.columns).toEqual(['customer_id', 'p_alive', 'clv']);
  });
});
