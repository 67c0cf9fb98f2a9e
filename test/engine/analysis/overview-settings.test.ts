import { describe, expect, it } from 'vitest';
import { defaultAnalysis, parseAnalysis, serialiseAnalysis } from '../../../engine/src/index.ts';

function refusal(input: unknown): string {
  try {
    parseAnalysis(input);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('accepted');
}

describe('the Overview and back-test settings in the analysis', () => {
  it('default to 90 churn days, the latest as-of date (null) and a 90-day window; absent fields keep them', () => {
    expect(defaultAnalysis().overview).toEqual({ churnDays: 90, asOf: null, windowDays: 90 });
    expect(parseAnalysis({ version: 1, overview: { windowDays: 30 } }).overview).toEqual({ churnDays: 90, asOf: null, windowDays: 30 });
  });

  it('survive a save and reopen', () => {
    const a = defaultAnalysis();
    a.overview = { churnDays: 60, asOf: '2011-09-01', windowDays: 45 };
    expect(parseAnalysis(JSON.parse(serialiseAnalysis(a))).overview).toEqual({ churnDays: 60, asOf: '2011-09-01', windowDays: 45 });
  });

  it('refuse invalid values and unknown fields, each named', () => {
    const m = refusal({ version: 1, overview: { churnDays: 0, asOf: '01/09/2011', windowDays: 2.5, grain: 'week' } });
    expect(m).toContain('overview.churnDays: must be a whole number from 1 to 3650');
    expect(m).toContain('overview.asOf: must be a date YYYY-MM-DD or null');
    expect(m).toContain('overview.windowDays: must be a whole number from 1 to 3650');
    expect(m).toContain('overview.grain: unknown field; fields are churnDays, asOf, windowDays');
  });
});
