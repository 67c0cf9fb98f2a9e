import { guessEightBit } from './code-page-guess.ts';
import { eightBitToUtf8, type ByteEncoding } from './code-pages.ts';
import { isUtf8WithStrays, repairUtf8, utf8Evidence } from './utf8-repair.ts';

/**
 * A file's bytes as UTF-8, for the copies DuckDB reads instead of the file (aligned text, baskets),
 * decided as a load decides it (read-sources.ts, loadRaw): a few invalid bytes among valid
 * multi-byte sequences become U+FFFD, reported by line (utf8-repair.ts); otherwise text that is
 * not UTF-8 is converted from its 8-bit code page (the sniffed one, else the one its bytes show).
 * A byte-order mark is left out.
 */
export function asUtf8(bytes: Uint8Array, encoding: ByteEncoding, bom: boolean): { bytes: Uint8Array; replaced?: { count: number; lines: number[] } } {
  const text = bom ? bytes.subarray(3) : bytes;
  if (encoding !== 'utf-8') return { bytes: eightBitToUtf8(text, encoding) };
  const evidence = utf8Evidence(text, true);
  if (evidence.invalid > 0 && !isUtf8WithStrays(evidence)) return { bytes: eightBitToUtf8(text, guessEightBit(text).encoding) };
  if (evidence.invalid === 0) return { bytes: text };
  const fixed = repairUtf8(text);
  return { bytes: fixed.bytes, replaced: { count: fixed.count, lines: fixed.lines } };
}
