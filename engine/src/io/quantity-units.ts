/**
 * Quantities written with their unit ("2 pcs", "1,25 kg", "500 g") are read as their numbers
 * (number-format.ts QUANTITY_UNIT), whatever the unit. A till that weighs some goods and counts
 * others writes kilos beside pieces: items per order then add them alike, and 500 g counts 500
 * beside 1 kg's 1 (revenue stays right where each line's price is per its own unit). Where the
 * lines hold more than one measure that is said, with each one's lines and first place; pieces in
 * any language, and no unit at all, are one measure.
 */
import { QUANTITY_UNIT } from '../mapping/number-format.ts';
import type { SqlPort } from '../ports.ts';
import { ident, literal } from '../sql/quote.ts';
import { num, tableRows } from '../sql/rows.ts';
import { locateRow, type SourceInfo } from './read-sources.ts';

export interface QuantityUnits {
  column: string;
  /** Each measure ("kg", "g", "l", "pack"..., "pieces", "no unit"), most lines first, with its first value and place. */
  measures: { measure: string; lines: number; first: { file: string; row: number; value: string } | undefined }[];
}

/** Spellings of one unit (lower case, as quantityUnit gives them). */
const SPELLINGS: Readonly<Record<string, string>> = {
  kgs: 'kg',
  gr: 'g',
  grs: 'g',
  lbs: 'lb',
  lt: 'l',
  ltr: 'l',
  pk: 'pack',
  pkg: 'pack',
  packs: 'pack',
  boxes: 'box',
  doz: 'dz',
  sets: 'set',
  pairs: 'pair',
};
const NOT_PIECES = new Set(['kg', 'g', 'mg', 'lb', 'oz', 'l', 'ml', 'cl', 'dl', 'm', 'cm', 'mm', 'pack', 'box', 'dz', 'set', 'pair']);

/** The measure a unit counts in: its own name, or "pieces" for pieces in any language and for none. */
export function measureOf(unit: string): string {
  const u = SPELLINGS[unit] ?? unit;
  return NOT_PIECES.has(u) ? u : 'pieces';
}

/** The measures of the quantity column's values, when there are several; undefined when one. */
export async function findQuantityUnits(sql: SqlPort, sources: readonly SourceInfo[], column: string): Promise<QuantityUnits | undefined> {
  const q = `trim(${ident(column)})`;
  const rows = tableRows(
    await sql.query(
      `SELECT lower(regexp_extract(${q}, ${literal(QUANTITY_UNIT)}, 2, 'i')) AS unit, count(*) AS n, min(rowid) AS first, arg_min(${q}, rowid) AS v
       FROM raw WHERE regexp_matches(${q}, '[0-9]') GROUP BY 1`,
      { parallel: true },
    ),
  );
  const byMeasure = new Map<string, { lines: number; first: number; value: string; units: Set<string> }>();
  for (const r of rows) {
    const unit = String(r.unit);
    const measure = measureOf(unit);
    const was = byMeasure.get(measure);
    const first = num(r.first);
    const lines = num(r.n) + (was?.lines ?? 0);
    const units = (was?.units ?? new Set<string>()).add(unit);
    byMeasure.set(measure, was && was.first < first ? { ...was, lines, units } : { lines, first, value: String(r.v), units });
  }
  if (byMeasure.size < 2) return undefined;
  const measures = [...byMeasure]
    .sort((a, b) => b[1].lines - a[1].lines || a[1].first - b[1].first)
    .map(([measure, m]) => {
      const at = locateRow(sources, m.first);
      // Values without a unit are counted with pieces, and named so.
      const named = measure !== 'pieces' || !m.units.has('') ? measure : m.units.size > 1 ? 'pieces or no unit' : 'no unit';
      return { measure: named, lines: m.lines, first: at ? { ...at, value: m.value } : undefined };
    });
  return { column, measures };
}

/** The words for them (the CLI's warnings, the Data screen's notice); none without. */
export function quantityUnitWarnings(u: QuantityUnits | undefined): string[] {
  if (u === undefined) return [];
  const each = u.measures.map(
    (m) =>
      `${m.measure} on ${m.lines.toLocaleString('en-US')} ${m.lines === 1 ? 'line' : 'lines'}${m.first ? ` (first "${m.first.value}", ${m.first.file} row ${m.first.row})` : ''}`,
  );
  return [
    `quantities in "${u.column}" are written in ${u.measures.length} measures, each read as its number whatever its unit: ${each.join(', ')}; items per order add them alike (500 g counts 500, 1 kg counts 1), revenue is right where each price is per its line's unit`,
  ];
}
