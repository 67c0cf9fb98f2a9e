/**
 * P(alive) and CLV as customer columns (campaign lists, clv.csv): one format, so the app, `run`
 * and `clv` write the same figures for the same customer.
 */
import { round, type Cell } from '../export/csv.ts';
import { EngineError } from '../errors.ts';
import type { ValueColumns } from '../segments/apply-rules.ts';

/** Campaign columns the customer-value model gives. */
export const VALUE_COLUMNS = ['p_alive', 'clv'] as const;
export type ValueColumn = (typeof VALUE_COLUMNS)[number];

/** Six significant digits: small probabilities stay visible (rounding to decimals would give 0). */
export function significant(v: number): number {
  return Number.isFinite(v) ? Number(v.toPrecision(6)) : v;
}

/** P(alive) as written: six significant digits; empty when the model has no figure. */
export const pAliveCell = (v: number): Cell => significant(v);
/** CLV as written: money to the cent; empty when the model has no figure. */
export const clvCell = (v: number): Cell => round(v);

export function isValueColumn(col: string): col is ValueColumn {
  return (VALUE_COLUMNS as readonly string[]).includes(col);
}

/** Whether export columns need the customer-value model. */
export function needsValue(columns: readonly string[]): boolean {
  return columns.some(isValueColumn);
}

/** The cell of a value column for customer i (index into the scored customers). */
export function valueGetter(col: ValueColumn, value: ValueColumns | undefined): (i: number) => Cell {
  if (!value) throw new EngineError('invalid_argument', `the ${col} column needs the customer-value model (BG/NBD + Gamma-Gamma); it is not computed`);
  return col === 'p_alive' ? (i) => pAliveCell(value.pAlive[i]!) : (i) => clvCell(value.clv[i]!);
}
