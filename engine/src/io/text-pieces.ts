/**
 * Decoded samples in pieces. V8 puts a string of 128 KB or more in its large-object space, which
 * costs 0.5-2 ms per string here (305 heads of 256 KB: 148 ms to decode whole, 7 ms below
 * 128 KB): so a sample is decoded in pieces of PIECE_BYTES, the sniffers read the first piece
 * when that settles their answer (SampleText.read), and the plain-table check runs piece by piece.
 */

/** Bytes decoded per piece: strings well below V8's 128 KB large-object size. */
export const PIECE_BYTES = 64 * 1024;

const STRICT = new TextDecoder('utf-8', { fatal: true });
// A decode drops a byte-order mark that starts its bytes: only the first piece's may go.
const STRICT_KEEP_BOM = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * `bytes` decoded as strict UTF-8 in pieces of about `size` bytes (at most 3 more), cut before a
 * lead or ASCII byte: joined, what one strict decode of `bytes` gives, and a TypeError where it
 * throws one (valid UTF-8 never has four continuation bytes in a row, so where no such cut is
 * found the bytes are invalid, and so is one of the pieces however they are cut).
 */
export function* utf8Pieces(bytes: Uint8Array, size = PIECE_BYTES): Generator<string> {
  const continues = (i: number) => i < bytes.length && (bytes[i]! & 0xc0) === 0x80;
  let at = 0;
  do {
    const target = Math.min(bytes.length, at + size);
    let end = target;
    while (continues(end) && end > at + 1 && target - end < 3) end--;
    if (continues(end)) for (end = target; continues(end) && end - target < 3; ) end++;
    yield (at === 0 ? STRICT : STRICT_KEEP_BOM).decode(bytes.subarray(at, end));
    at = end;
  } while (at < bytes.length);
}

/** Thrown by a sniffer handed the first piece of a sample when its answer may depend on the rest. */
export const NEED_MORE = new Error('the first piece of the sample does not settle it');

/** A decoded sample: its pieces, joined only when a sniffer needs more than the first. */
export class SampleText {
  private whole: string | undefined;

  constructor(readonly pieces: readonly string[]) {}

  /** The whole sample as one string. */
  get text(): string {
    this.whole ??= this.pieces.join('');
    return this.whole;
  }

  /**
   * `f` of the sample. Given the first piece (prefix: true), `f` answers as it would on the whole
   * sample or throws NEED_MORE; then it gets the whole sample (prefix: false).
   */
  read<T>(f: (text: string, prefix: boolean) => T): T {
    if (this.pieces.length > 1) {
      try {
        return f(this.pieces[0]!, true);
      } catch (e) {
        if (e !== NEED_MORE) throw e;
      }
    }
    return f(this.text, false);
  }
}
