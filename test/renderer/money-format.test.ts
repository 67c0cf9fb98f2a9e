import { describe, expect, it } from 'vitest';
import { moneyFormat } from '../../renderer/ui/format.ts';

describe('moneyFormat', () => {
  it('writes the stated currency beside the figure', () => {
    expect(moneyFormat(['GBP'])(1234.5)).toBe('£1,234.50');
    expect(moneyFormat(['GBP'])(-3)).toBe('-£3.00');
    expect(moneyFormat(['IDR'])(80000)).toBe('IDR 80,000.00');
    expect(moneyFormat(['kr'])(12)).toBe('kr 12.00');
  });
  it('marks a sum of several unconverted currencies and stays plain when none is stated', () => {
    expect(moneyFormat(['EUR', 'USD'])(10)).toBe('EUR+ 10.00');
    expect(moneyFormat(undefined)(10)).toBe('10.00');
    expect(moneyFormat([])(250_000)).toBe('250K');
  });
});
