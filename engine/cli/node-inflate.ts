import { createInflateRaw, inflateRawSync } from 'node:zlib';
import type { RawInflater } from '../src/index.ts';

/** Pieces of a sheet as inflated: Node's DecompressionStream wraps the same zlib but hands out 16 KB pieces through web streams (gen-500k's sheet: 1.0 s of CPU that way, 0.4-0.5 s in 1 MB pieces). */
const PIECE = 1 << 20;

/** Node's zlib for the engine's workbook reader (engine/src/io/raw-inflate.ts). */
export const nodeRawInflater: RawInflater = {
  // The stated size as zlib's piece size: one piece, unless the zip's directory understates it.
  inflate: (raw, size) => inflateRawSync(raw, { chunkSize: Math.min(PIECE, Math.max(64, size)) }),
  pieces(raw) {
    const inflater = createInflateRaw({ chunkSize: PIECE });
    inflater.end(raw);
    return inflater;
  },
};
