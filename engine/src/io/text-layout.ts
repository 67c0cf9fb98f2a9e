/**
 * How a delimited text file's lines are read: as a table (a header, then a line per row), as one
 * basket per line (basket-lines.ts) or as an item matrix (item-matrix.ts). Detected from the
 * sniffed sample, unless the user chose: detection needs evidence a small file cannot give (the
 * five baskets of mlxtend's tutorial read as a table), and a choice is never second-guessed.
 */
import { EngineError } from '../errors.ts';
import { ALIGNED } from './aligned-text.ts';
import { basketShape, basketLineFormat, looksLikeBaskets } from './basket-lines.ts';
import { looksLikeMatrix } from './item-matrix.ts';
import type { CsvFormat } from './sniff.ts';

export const TEXT_LAYOUTS = ['table', 'baskets', 'matrix'] as const;
export type TextLayout = (typeof TEXT_LAYOUTS)[number];

/** What each layout means, for choices and messages. */
export const TEXT_LAYOUT_NAMES: Record<TextLayout, string> = {
  table: 'a table (a header, then a line per row)',
  baskets: 'one basket per line, every field an item',
  matrix: 'an item matrix (a column per item, a row per basket, each cell yes or no)',
};

/**
 * The format of a file read as baskets or as an item matrix; null for a table. `lines`: the
 * sniffed sample's non-blank lines. Files in UTF-16 are tables (the copies are made from UTF-8 or
 * Windows-1252); aligned columns are a table unless chosen otherwise.
 */
export function textLayout(lines: readonly string[], format: CsvFormat, file: string, chosen?: TextLayout): CsvFormat | null {
  if (chosen === 'table') return null;
  if (format.encoding === 'utf-16') {
    if (chosen)
      throw new EngineError('invalid_argument', `${TEXT_LAYOUT_NAMES[chosen]} is read from UTF-8 or Windows-1252 text; save the file as UTF-8`, { file });
    return null;
  }
  const { delimiter, quote } = format;
  if (chosen === 'matrix' || (chosen === undefined && delimiter !== ALIGNED)) {
    const m = looksLikeMatrix(lines, delimiter, quote, chosen === 'matrix', file);
    if (m)
      return {
        ...format,
        header: true,
        matrix: true,
        ...(m.matrixId ? { matrixId: true as const } : {}),
        ...(m.counts ? { matrixCounts: true as const } : {}),
      };
  }
  if (chosen === 'baskets' || (chosen === undefined && delimiter !== ALIGNED)) {
    const b = chosen ? basketShape(lines, delimiter, quote) : looksLikeBaskets(lines, delimiter, quote);
    if (b) return { ...format, delimiter: b.delimiter, header: b.header, baskets: true, ...basketLineFormat(b) };
  }
  return null;
}

const SEPARATORS: Record<string, string> = { ',': 'commas', ';': 'semicolons', '\t': 'tabs', '|': 'pipes', [ALIGNED]: 'spaces' };

/** How a file read as baskets or as an item matrix is laid out, in words (null for a table). */
export function longLayoutText(format: CsvFormat): string | null {
  if (format.matrix)
    return `an item matrix: a column per item, a row per basket${format.matrixId ? ' named by the first column' : ''}, ${
      format.matrixCounts ? 'each cell a count (above 0: held)' : 'each cell yes or no'
    }`;
  if (!format.baskets) return null;
  const by = SEPARATORS[format.delimiter] ?? JSON.stringify(format.delimiter);
  const first = format.itemCounts ? ", each line's item count first (left out)" : format.basketIds ? ", each line's basket id first" : '';
  if (format.itemList !== undefined)
    return `one basket per line, items listed in one field separated by ${SEPARATORS[format.itemList] ?? JSON.stringify(format.itemList)}${first}`;
  return `one basket per line, items separated by ${by}${first}`;
}
