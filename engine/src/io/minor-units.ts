/**
 * Money written in cents: a shop's own database export ("unit_price_cents", "total_cents",
 * "amount_minor", "Betrag in Cent") holds whole hundredths of the currency. Read as they stand,
 * every amount is a hundred times too large. A price or total column its header names so, its
 * sampled values all whole numbers, is read divided by 100, and said.
 */
import type { ColumnMapping } from '../mapping/roles.ts';
import { normaliseHeader } from '../mapping/roles.ts';

/** Headers naming an amount in hundredths (normaliseHeader): "price_cents", "amount_in_cents", "total_minor", "Betrag in Cent". */
const MINOR_UNIT_HEADER = /cents$|incents|incent$|pennies|inpence$|minorunits?$|minor$|centimes$|centesimi$|centavos$|groszy$/;

const WHOLE = /^[+-]?\d+$/;

/** The money roles to read as hundredths, with their columns. */
export type MinorUnits = { role: 'unit_price' | 'line_total'; column: string }[];

/** The money roles whose header names hundredths and whose sampled values are whole numbers, at least one of them. */
export function findMinorUnits(mapping: ColumnMapping, sample: Record<string, readonly (string | null)[]>): MinorUnits {
  return (['unit_price', 'line_total'] as const).flatMap((role) => {
    const column = mapping[role];
    if (column === undefined || !MINOR_UNIT_HEADER.test(normaliseHeader(column))) return [];
    const values = (sample[column] ?? []).flatMap((v) => (v === null || v.trim() === '' ? [] : [v.trim()]));
    return values.length > 0 && values.every((v) => WHOLE.test(v)) ? [{ role, column }] : [];
  });
}

/** A parsed amount in hundredths, in the currency's units. */
export const fromMinorUnitsSql = (parsed: string) => `(${parsed}) / 100`;

/** The words for the columns read as hundredths (the CLI's warnings, the Data screen's notice); none without. */
export function minorUnitWarnings(units: MinorUnits | undefined): string[] {
  if (units === undefined || units.length === 0) return [];
  const named = units.map((u) => `"${u.column}"`).join(' and ');
  return [
    `${named} ${units.length === 1 ? 'holds amounts' : 'hold amounts'} in cents (hundredths), as ${units.length === 1 ? 'its header says' : 'their headers say'}: read divided by 100 (e.g. 1250 as 12.50)`,
  ];
}
