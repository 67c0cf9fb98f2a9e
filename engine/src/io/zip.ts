/**
 * Reading zip containers (an XLSX workbook's parts, a zip archive of exports): the central
 * directory, and an entry's data inflated whole or in pieces, by the platform's inflater where
 * it has one. Constructs left aside (zip64, encryption, methods other than stored and deflate)
 * throw Unsupported: the XLSX reader then falls back to SheetJS, the archive reader says why.
 */
import { Inflate, inflateSync } from 'fflate';
import { EngineError } from '../errors.ts';
import { rawInflater } from './raw-inflate.ts';

/** Thrown for a zip (or a workbook inside one) this reader leaves aside. */
export class Unsupported extends Error {}

export interface ZipEntry {
  method: number;
  offset: number;
  compressed: number;
  /** Inflated size (from the central directory): what a sheet's progress is measured against. */
  size: number;
  /** Its data is encrypted (general purpose flag bit 0): not readable here. */
  encrypted: boolean;
}

function u16(b: Uint8Array, i: number): number {
  return b[i]! | (b[i + 1]! << 8);
}
function u32(b: Uint8Array, i: number): number {
  return (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;
}

/** Central directory: entry name → where its data is. */
export function zipDirectory(bytes: Uint8Array): Map<string, ZipEntry> {
  let e = bytes.length - 22;
  const stop = Math.max(0, bytes.length - 22 - 65535);
  while (e >= stop && u32(bytes, e) !== 0x06054b50) e--;
  if (e < stop) throw new Unsupported('no end of central directory');
  const count = u16(bytes, e + 10);
  let p = u32(bytes, e + 16);
  if (count === 0xffff || p === 0xffffffff) throw new Unsupported('zip64');
  const dec = new TextDecoder();
  const out = new Map<string, ZipEntry>();
  for (let k = 0; k < count; k++) {
    if (p + 46 > bytes.length || u32(bytes, p) !== 0x02014b50) throw new Unsupported('bad central directory');
    const encrypted = (u16(bytes, p + 8) & 1) === 1;
    const method = u16(bytes, p + 10);
    const compressed = u32(bytes, p + 20);
    const size = u32(bytes, p + 24);
    const nameLen = u16(bytes, p + 28);
    const extraLen = u16(bytes, p + 30);
    const commentLen = u16(bytes, p + 32);
    const local = u32(bytes, p + 42);
    const name = dec.decode(bytes.subarray(p + 46, p + 46 + nameLen));
    if (local + 30 > bytes.length || u32(bytes, local) !== 0x04034b50) throw new Unsupported('bad local header');
    const offset = local + 30 + u16(bytes, local + 26) + u16(bytes, local + 28);
    out.set(name.replace(/\\/g, '/'), { method, offset, compressed, size, encrypted });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

/** A small part (workbook, relationships, styles, shared strings) whole: by the platform's inflater where one was given (raw-inflate.ts), else fflate. */
export function entryData(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
  const raw = bytes.subarray(entry.offset, entry.offset + entry.compressed);
  if (entry.method === 0) return raw;
  if (entry.method === 8) return rawInflater()?.inflate(raw, entry.size) ?? inflateSync(raw);
  throw new Unsupported(`compression method ${entry.method}`);
}

/** Inflates a zip entry in pieces, synchronously (fflate), handing each to `sink`. */
export function inflateEntry(bytes: Uint8Array, entry: ZipEntry, sink: (chunk: Uint8Array) => void): void {
  const CHUNK = 1 << 20;
  const raw = bytes.subarray(entry.offset, entry.offset + entry.compressed);
  if (entry.method === 0) {
    for (let i = 0; i < raw.length; i += CHUNK) sink(raw.subarray(i, i + CHUNK));
  } else if (entry.method === 8) {
    const inf = new Inflate((chunk) => sink(chunk));
    for (let i = 0; i < raw.length; i += CHUNK) inf.push(raw.subarray(i, i + CHUNK), i + CHUNK >= raw.length);
    if (raw.length === 0) inf.push(new Uint8Array(0), true);
  } else throw new Unsupported(`compression method ${entry.method}`);
}

/** The platform's native inflater (Compression Streams: browsers, workers, Node 18+), when it has one. */
interface ByteStream {
  readonly writable: { getWriter(): { write(chunk: Uint8Array): Promise<void>; close(): Promise<void>; abort(reason?: unknown): Promise<void> } };
  readonly readable: { getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array }> } };
}
const NativeInflate = (globalThis as { DecompressionStream?: new (format: string) => ByteStream }).DecompressionStream;

/**
 * Inflates a zip entry off the thread that scans it: the platform's inflater (raw-inflate.ts) or its
 * DecompressionStream ("deflate-raw"), about twice as fast as fflate in JavaScript; fflate where
 * there is neither.
 */
export async function inflateEntryAsync(bytes: Uint8Array, entry: ZipEntry, sink: (chunk: Uint8Array) => void, pace?: () => Promise<void>): Promise<void> {
  const platform = rawInflater();
  if (entry.method === 8 && platform !== undefined) {
    const pieces = platform.pieces(bytes.subarray(entry.offset, entry.offset + entry.compressed))[Symbol.asyncIterator]();
    let finished = false;
    try {
      // The next piece is asked for before this one is scanned: the inflater works a piece ahead of the scan.
      let next = pieces.next();
      for (;;) {
        const r = await next;
        if (r.done) break;
        next = pieces.next();
        next.catch(() => {}); // a failure is thrown where it is awaited, after this piece
        sink(r.value);
        if (pace) await pace();
      }
      finished = true;
    } catch (e) {
      if (e instanceof EngineError) throw e;
      throw new Unsupported(`damaged data (${e instanceof Error ? e.message : String(e)})`);
    } finally {
      // Stopped early (cancelled, refused): the inflater is told, as for-await would.
      if (!finished) await pieces.return?.().catch(() => {});
    }
    return;
  }
  let stream: ByteStream | undefined;
  try {
    if (entry.method === 8 && NativeInflate !== undefined) stream = new NativeInflate('deflate-raw');
  } catch {
    stream = undefined; // a platform without "deflate-raw"
  }
  if (stream === undefined) return inflateEntry(bytes, entry, sink);
  const raw = bytes.subarray(entry.offset, entry.offset + entry.compressed);
  const writer = stream.writable.getWriter();
  const CHUNK = 1 << 20;
  const writing = (async () => {
    for (let i = 0; i < raw.length; i += CHUNK) await writer.write(raw.subarray(i, i + CHUNK));
    await writer.close();
  })();
  writing.catch(() => {}); // its failure is the reader's too, and reported there
  const reader = stream.readable.getReader();
  // Each piece is scanned as it comes (16 KB in Node): the next one is being inflated meanwhile.
  try {
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      if (r.value === undefined) continue;
      sink(r.value);
      if (pace) await pace();
    }
  } catch (e) {
    if (e instanceof EngineError) throw e;
    throw new Unsupported(`damaged data (${e instanceof Error ? e.message : String(e)})`);
  }
  await writing;
}
