import { Gunzip } from 'fflate';
import type { DataSource } from '../ports.ts';

/** Bytes sniffed per file: enough lines for delimiter, header and value detection. */
export const SNIFF_BYTES = 256 * 1024;

export interface Head {
  bytes: Uint8Array;
  /** True when the file continues past the sample (its last line may be cut). */
  partial: boolean;
}

export async function readHead(source: DataSource, limit = SNIFF_BYTES): Promise<Head> {
  const end = Math.min(source.size, limit);
  return { bytes: await source.read(0, end), partial: end < source.size };
}

/** Decompresses the start of a gzip stream, stopping once `limit` bytes are out. */
export async function readGzipHead(source: DataSource, limit = SNIFF_BYTES): Promise<Head> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let ended = false;
  const gunzip = new Gunzip((chunk, final) => {
    chunks.push(chunk);
    total += chunk.length;
    if (final) ended = true;
  });
  const step = 64 * 1024;
  for (let offset = 0; offset < source.size && total < limit && !ended; offset += step) {
    const end = Math.min(source.size, offset + step);
    gunzip.push(await source.read(offset, end), end >= source.size);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return { bytes: bytes.subarray(0, Math.min(total, limit)), partial: !ended || total > limit };
}
