import { beforeAll, describe, expect, it } from 'vitest';
import {
  BgNbdPredictor,
  compareHoldout,
  customerSummary,
  defaultCleaningOptions,
  fitBgNbd,
  fitGammaGamma,
  openDataset,
  type BgNbdFit,
  type CustomerSummary,
} from '../../../engine/src/index.ts';
import { openDb, textSource } from '../../helpers/engine.ts';
import { publishedSummary, rawTransactions, type PublishedRow } from './cdnow.ts';

const within = (actual: number, expected: number, relative: number) => expect(Math.abs(actual / expected - 1)).toBeLessThan(relative);
const DAY = 86_400_000;
const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY;

describe('BG/NBD and Gamma-Gamma on the CDNOW calibration summary (published figures)', () => {
  let published: PublishedRow[];
  let bg: BgNbdFit;
  beforeAll(() => {
    published = publishedSummary();
    bg = fitBgNbd({ x: published.map((c) => c.x), tx: published.map((c) => c.tx), T: published.map((c) => c.T) });
  });

  it('BG/NBD: r = 0.243, α = 4.414, a = 0.793, b = 2.426 (each within 0.5%), LL = −9582.4', () => {
    expect(published).toHaveLength(2357);
    within(bg.r, 0.243, 0.005);
    within(bg.alpha, 4.414, 0.005);
    within(bg.a, 0.793, 0.005);
    within(bg.b, 2.426, 0.005);
    expect(bg.logLikelihood).toBeCloseTo(-9582.4, 1);
    expect(bg.converged).toBe(true);
    expect(bg.agreeingStarts).toBeGreaterThanOrEqual(2);
  });

  it('conditional expectation for x = 2, t_x = 30.43, T = 38.86 over the next 39 weeks = 1.226', () => {
    const e = new BgNbdPredictor(bg).expected(2, 30.43, 38.86, 39);
    expect(Math.abs(e - 1.226)).toBeLessThanOrEqual(0.005);
  });

  it('Gamma-Gamma on the 946 repeat buyers: p = 6.25, q = 3.74, v = 15.44 (each within 1%)', () => {
    const gg = fitGammaGamma(
      published.map((c) => c.x),
      published.map((c) => c.zbar),
    );
    expect(gg.customers).toBe(946);
    expect(gg.excluded).toBe(2357 - 946);
    within(gg.p, 6.25, 0.01);
    within(gg.q, 3.74, 0.01);
    within(gg.v, 15.44, 0.01);
    expect(gg.converged).toBe(true);
    // Fader & Hardie report a weak correlation (0.11) between frequency and mean spend.
    expect(gg.check.correlation).toBeCloseTo(0.11, 2);
    expect(gg.check.independent).toBe(true);
  });
});

describe('the CDNOW summary derived from the raw transactions', () => {
  const transactions = rawTransactions();
  let summary: CustomerSummary;
  beforeAll(async () => {
    const sql = await openDb();
    const csv = ['customer,date,cds,value', ...transactions.map((t) => `${t.customer},${t.date},${t.cds},${t.value}`)].join('\n');
    const cleaning = defaultCleaningOptions();
    cleaning.rules = [];
    await openDataset(sql, [textSource('cdnow.csv', csv)], { mapping: { customer: 'customer', date: 'date', quantity: 'cds', line_total: 'value' }, cleaning });
    summary = await customerSummary(sql, { unit: 'week', calibrationEnd: '1997-09-30' });
  });

  it('the engine SQL path equals the published summary customer by customer (x, t_x, T, zbar to their 2 decimals)', () => {
    const published = new Map(publishedSummary().map((c) => [c.id, c]));
    expect(summary.customerIds).toHaveLength(published.size);
    summary.customerIds.forEach((id, i) => {
      const p = published.get(id);
      expect(p, id).toBeDefined();
      expect(summary.x[i], id).toBe(p!.x);
      expect(Math.abs(summary.tx[i]! - p!.tx), id).toBeLessThanOrEqual(0.005 + 1e-9);
      expect(Math.abs(summary.T[i]! - p!.T), id).toBeLessThanOrEqual(0.005 + 1e-9);
      if (p!.x > 0) expect(Math.abs(summary.meanSpend[i]! - p!.zbar), id).toBeLessThanOrEqual(0.005 + 1e-9);
      else expect(summary.meanSpend[i]).toBeNaN();
    });
  });

  it('holdout: 39 weeks to 1998-06-30; per-customer purchase days match an independent count', () => {
    expect(summary.holdout?.end).toBe('1998-06-30');
    expect(summary.holdout?.length).toBe(39);
    const days = new Map<string, Set<string>>();
    for (const t of transactions) if (t.date > '1997-09-30') days.set(t.customer, (days.get(t.customer) ?? new Set()).add(t.date));
    summary.customerIds.forEach((id, i) => expect(summary.holdout!.x[i], id).toBe(days.get(id)?.size ?? 0));
    // An independent check of T: weeks from the first purchase day to the calibration end.
    const first = new Map<string, number>();
    for (const t of transactions) first.set(t.customer, Math.min(first.get(t.customer) ?? Infinity, dayNumber(t.date)));
    summary.customerIds.forEach((id, i) => expect(summary.T[i]).toBeCloseTo((dayNumber('1997-09-30') - first.get(id)!) / 7, 12));
  });

  it('calibration/holdout comparison: groups 0..6 and 7+ add up to the totals; predictions rise with frequency', () => {
    const fit = fitBgNbd(summary);
    const c = compareHoldout(fit, summary, summary.holdout!.x, summary.holdout!.length);
    expect(c.groups.map((g) => g.frequency)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7+']);
    expect(c.groups.reduce((s, g) => s + g.customers, 0)).toBe(2357);
    const actual = summary.holdout!.x.reduce((s, v) => s + v, 0);
    expect(c.total.actual).toBe(actual);
    expect(c.groups.reduce((s, g) => s + g.actual * g.customers, 0)).toBeCloseTo(actual, 9);
    expect(c.groups.reduce((s, g) => s + g.predicted * g.customers, 0)).toBeCloseTo(c.total.predicted, 9);
    expect(c.total.relativeError).toBeCloseTo((c.total.predicted - actual) / actual, 12);
    // Conditional expectations rise with calibration frequency, as in FHL 2005's figure 5.
    for (let g = 1; g < c.groups.length; g++) expect(c.groups[g]!.predicted).toBeGreaterThan(c.groups[g - 1]!.predicted);
    for (const g of c.groups) expect(g.error).toBeCloseTo(g.predicted - g.actual, 12);
  });
});
