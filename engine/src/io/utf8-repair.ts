/**
 * A UTF-8 file with a stray invalid byte (one Latin-1 "É" pasted into a UTF-8 export) is still
 * a UTF-8 file: the byte is replaced by U+FFFD and reported by line, and the rest keeps its
 * accents. Decoding the whole file as Windows-1252 would garble every other accented letter.
 */

/** Length of the valid UTF-8 sequence at `i` (strict: no overlongs, surrogates or > U+10FFFF), 0 if invalid, -1 if cut off by the end. */
function sequenceAt(b: Uint8Array, i: number): number {
  const c = b[i]!;
  if (c < 0x80) return 1;
  let n: number;
  let lo = 0x80;
  let hi = 0xbf;
  if (c >= 0xc2 && c <= 0xdf) n = 2;
  else if (c >= 0xe0 && c <= 0xef) {
    n = 3;
    if (c === 0xe0) lo = 0xa0;
    if (c === 0xed) hi = 0x9f;
  } else if (c >= 0xf0 && c <= 0xf4) {
    n = 4;
    if (c === 0xf0) lo = 0x90;
    if (c === 0xf4) hi = 0x8f;
  } else return 0;
  for (let k = 1; k < n; k++) {
    if (i + k >= b.length) return -1;
    const x = b[i + k]!;
    if (k === 1 ? x < lo || x > hi : (x & 0xc0) !== 0x80) return 0;
  }
  return n;
}

/**
 * Valid multi-byte sequences and invalid bytes. A sequence cut off by the end counts as neither
 * in a sample (the file goes on), as invalid bytes in a whole file.
 */
export function utf8Evidence(bytes: Uint8Array, whole = false): { multibyte: number; invalid: number } {
  let multibyte = 0;
  let invalid = 0;
  for (let i = 0; i < bytes.length; ) {
    if (bytes[i]! < 0x80) {
      i++;
      continue;
    }
    const n = sequenceAt(bytes, i);
    if (n === -1 && !whole) break;
    if (n <= 0) {
      invalid++;
      i++;
    } else {
      multibyte++;
      i += n;
    }
  }
  return { multibyte, invalid };
}

/** Text with more valid UTF-8 sequences than invalid bytes is UTF-8 with strays, not another encoding. */
export function isUtf8WithStrays(e: { multibyte: number; invalid: number }): boolean {
  return e.invalid > 0 && e.multibyte >= e.invalid;
}

/** Lines of replaced bytes kept as examples. */
const EXAMPLE_LINES = 5;

export interface Utf8Repair {
  bytes: Uint8Array;
  /** Invalid bytes replaced. */
  count: number;
  /** 1-based lines of the first replaced bytes. */
  lines: number[];
}

/** Replaces every invalid byte by U+FFFD (EF BF BD), noting the lines where it happened. */
export function repairUtf8(bytes: Uint8Array): Utf8Repair {
  const { invalid } = utf8Evidence(bytes, true);
  const out = new Uint8Array(bytes.length + invalid * 2 + 3);
  let at = 0;
  let line = 1;
  let count = 0;
  const lines: number[] = [];
  for (let i = 0; i < bytes.length; ) {
    const c = bytes[i]!;
    if (c < 0x80) {
      if (c === 0x0a || (c === 0x0d && bytes[i + 1] !== 0x0a)) line++;
      out[at++] = c;
      i++;
      continue;
    }
    const n = sequenceAt(bytes, i);
    if (n > 0) {
      out.set(bytes.subarray(i, i + n), at);
      at += n;
      i += n;
      continue;
    }
    out[at++] = 0xef;
    out[at++] = 0xbf;
    out[at++] = 0xbd;
    count++;
    if (lines[lines.length - 1] !== line && lines.length < EXAMPLE_LINES) lines.push(line);
    i++;
  }
  return { bytes: out.subarray(0, at), count, lines };
}
