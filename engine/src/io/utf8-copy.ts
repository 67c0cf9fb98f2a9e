import { isUtf8WithStrays, repairUtf8, utf8Evidence } from './utf8-repair.ts';
import { windows1252ToUtf8 } from './windows-1252.ts';

/**
 * A file's bytes as UTF-8, for the copies DuckDB reads instead of the file (aligned text, baskets),
 * decided as a load decides it (read-sources.ts, loadRaw): a few invalid bytes among valid
 * multi-byte sequences become U+FFFD, reported by line (utf8-repair.ts); otherwise text that is
 * not UTF-8 is Windows-1252, converted. A byte-order mark is left out.
 */
export function asUtf8(bytes: Uint8Array, encoding: 'utf-8' | 'latin-1', bom: boolean): { bytes: Uint8Array; replaced?: { count: number; lines: number[] } } {
  const text = bom ? bytes.subarray(3) : bytes;
  const evidence = encoding === 'utf-8' ? utf8Evidence(text, true) : undefined;
  if (!evidence || (evidence.invalid > 0 && !isUtf8WithStrays(evidence))) return { bytes: windows1252ToUtf8(text) };
  if (evidence.invalid === 0) return { bytes: text };
  const fixed = repairUtf8(text);
  return { bytes: fixed.bytes, replaced: { count: fixed.count, lines: fixed.lines } };
}
