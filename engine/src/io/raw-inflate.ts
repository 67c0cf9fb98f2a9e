/**
 * A platform's raw-deflate inflater (zip method 8) for workbooks, faster than fflate in
 * JavaScript: Node's zlib, which the CLI hands over (engine/cli/node-inflate.ts; the engine imports
 * nothing of a platform). Without one, workbooks are inflated by the platform's DecompressionStream,
 * else fflate.
 */
export interface RawInflater {
  /** A small entry whole; `size` is its stated inflated size. */
  inflate(raw: Uint8Array, size: number): Uint8Array;
  /** A large entry in pieces, each as it is inflated. */
  pieces(raw: Uint8Array): AsyncIterable<Uint8Array>;
}

let given: RawInflater | undefined;

/** Sets (or, with undefined, removes) the inflater workbooks are read with from now on. */
export function setRawInflater(inflater: RawInflater | undefined): void {
  given = inflater;
}

/** The inflater set by setRawInflater, if any. */
export function rawInflater(): RawInflater | undefined {
  return given;
}
