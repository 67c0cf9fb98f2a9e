/**
 * Text whose columns are aligned by runs of spaces (or tabs) rather than split by one delimiter:
 * legacy till and ERP reports, and the CDNOW sample of the BTYD literature (" 00004 0001 19970101
 * 2 29.33"). DuckDB's reader takes one delimiter character, so such a file is read from a copy
 * with one space between fields and none at a line's ends, line for line (rows keep their numbers).
 */
import type { ByteEncoding } from './code-pages.ts';
import { asUtf8 } from './utf8-copy.ts';

/** The delimiter a sniffed format names for aligned text (never one DuckDB is given on the file itself). */
export const ALIGNED = ' ';

/** Fewer fields than this is not a transaction table (an id, a date and an amount at least). */
const MIN_FIELDS = 3;
/** Share of the sampled lines (the first, a possible header, aside) with the same number of fields. */
const CONSISTENT = 0.95;

/** A line's fields when runs of spaces and tabs separate them. */
export function alignedFields(line: string): string[] {
  const t = line.trim();
  return t === '' ? [''] : t.split(/[ \t]+/);
}

/**
 * Lines of aligned columns: no quotes (a quoted field could hold spaces), runs of spaces between
 * fields if there are tabs, and nearly every line after the first splits on runs of spaces into
 * the same number of fields, at least MIN_FIELDS.
 * The caller has found no delimiter that splits the lines.
 */
export function looksAligned(lines: readonly string[]): boolean {
  if (lines.some((l) => l.includes('"'))) return false;
  const body = lines.length > 1 ? lines.slice(1) : lines;
  // Tabs and never a run of spaces: a tab-separated file below a title line (whose empty cells
  // would be lost if read as aligned), not columns aligned for the eye.
  if (body.some((l) => l.includes('\t')) && !body.some((l) => l.includes('  '))) return false;
  const counts = new Map<number, number>();
  for (const l of body) {
    const n = alignedFields(l).length;
    counts.set(n, (counts.get(n) ?? 0) + 1);
  }
  const [fields, lineCount] = [...counts].reduce((a, b) => (b[1] > a[1] ? b : a));
  return fields >= MIN_FIELDS && lineCount >= body.length * CONSISTENT;
}

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;

/**
 * The UTF-8 copy DuckDB reads: each run of spaces and tabs between fields one space, none at the
 * ends of a line; line breaks kept as they are. Text that is not UTF-8 is decided as for any
 * copy (utf8-copy.ts).
 */
export function alignedCopy(bytes: Uint8Array, encoding: ByteEncoding, bom: boolean): { bytes: Uint8Array; replaced?: { count: number; lines: number[] } } {
  const { bytes: text, replaced } = asUtf8(bytes, encoding, bom);
  const out = new Uint8Array(text.length);
  let n = 0;
  let lineStart = true;
  let gap = false;
  for (const b of text) {
    if (b === SPACE || b === TAB) {
      gap = !lineStart;
      continue;
    }
    if (b === LF || b === CR) lineStart = true;
    else {
      if (gap) out[n++] = SPACE;
      lineStart = false;
    }
    gap = false;
    out[n++] = b;
  }
  return { bytes: out.subarray(0, n), ...(replaced ? { replaced } : {}) };
}
