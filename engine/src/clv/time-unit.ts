import { EngineError } from '../errors.ts';

/** The unit t_x, T and horizons are measured in. Purchases are counted per calendar day either way. */
export type TimeUnit = 'day' | 'week';

export const TIME_UNITS: readonly TimeUnit[] = ['day', 'week'];

/** Days in one unit. */
export function daysPerUnit(unit: TimeUnit): number {
  return unit === 'week' ? 7 : 1;
}

/** A month as the average calendar month, 365.25 / 12 = 30.4375 days, in `unit`s. */
export function monthInUnits(unit: TimeUnit): number {
  return 365.25 / 12 / daysPerUnit(unit);
}

export function checkTimeUnit(unit: string): TimeUnit {
  if (unit !== 'day' && unit !== 'week') throw new EngineError('invalid_argument', `time unit must be day or week, got "${unit}"`);
  return unit;
}
