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

/** P(alive) and CLV of one segment or cluster. */
export interface GroupValue {
  group: string;
  customers: number;
  /** Customers the value model covers (the others have no purchase day up to the calibration end). */
  modelled: number;
  /** Means over the modelled customers (NaN when none). */
  meanPAlive: number;
  meanClv: number;
  totalClv: number;
  /** Share of the total CLV of every group. */
  clvShare: number;
}

/** Per group (codes index into names): customers, modelled customers, mean P(alive), mean and total CLV. O(n). */
export function valueByGroup(codes: ArrayLike<number>, names: readonly string[], value: ValueColumns): GroupValue[] {
  const k = names.length;
  const customers = new Float64Array(k);
  const modelled = new Float64Array(k);
  const pAlive = new Float64Array(k);
  const clv = new Float64Array(k);
  for (let i = 0; i < codes.length; i++) {
    const g = codes[i]!;
    customers[g]! += 1;
    if (Number.isNaN(value.pAlive[i]!)) continue;
    modelled[g]! += 1;
    pAlive[g]! += value.pAlive[i]!;
    // CLV is NaN for a customer without repeat purchases when Gamma-Gamma has no population mean (q ≤ 1).
    if (Number.isFinite(value.clv[i]!)) clv[g]! += value.clv[i]!;
  }
  const total = clv.reduce((s, v) => s + v, 0);
  return names.map((group, g) => ({
    group,
    customers: customers[g]!,
    modelled: modelled[g]!,
    meanPAlive: modelled[g]! ? pAlive[g]! / modelled[g]! : NaN,
    meanClv: modelled[g]! ? clv[g]! / modelled[g]! : NaN,
    totalClv: clv[g]!,
    clvShare: total ? clv[g]! / total : 0,
  }));
}
