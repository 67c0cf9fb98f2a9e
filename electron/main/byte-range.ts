/**
 * Byte ranges of picked files over the app's own origin (`app://segment-studio/picked/<token>`),
 * so DuckDB-WASM reads a picked file lazily, range by range (its HTTP reader), the way it reads
 * a browser File handle: never the whole file into WebAssembly memory. The same grants as the
 * IPC slices: unknown tokens are 404s, and one response carries at most MAX_SLICE_BYTES.
 * Pure apart from the injected reader; the Electron protocol handler and the end-to-end test
 * double both serve through `servePickedRange`.
 */
import type { PathGrants } from './grants.ts';
import { MAX_SLICE_BYTES } from './validate.ts';

/** Path prefix of picked-file URLs under the app origin. */
export const PICKED_PREFIX = '/picked/';

export interface RangeResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array | null;
}

/** [start, end) of one `bytes=a-b` / `bytes=a-` / `bytes=-n` range; 'unsatisfiable' outside the file; null when absent. */
export function parseByteRange(header: string | null | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | null {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return 'unsatisfiable';
  let start: number;
  let end: number;
  if (m[1] === '') {
    // Suffix range: the last n bytes.
    const n = Number(m[2]);
    start = Math.max(0, size - n);
    end = size;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size : Math.min(size, Number(m[2]) + 1);
  }
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start >= size || end <= start) return 'unsatisfiable';
  return { start, end };
}

/** The token of a picked-file URL path, or null for any other path. */
export function pickedToken(pathname: string): string | null {
  if (!pathname.startsWith(PICKED_PREFIX)) return null;
  const token = pathname.slice(PICKED_PREFIX.length);
  return /^[0-9a-f]{32}$/.test(token) ? token : null;
}

/**
 * Answers a GET or HEAD for a picked file. HEAD reports the size (206 when a range was asked,
 * as DuckDB's size probe expects); GET returns the bytes of the range, refused with 416 when
 * the range (or the whole file, without one) is larger than one slice may be.
 */
export async function servePickedRange(
  grants: PathGrants,
  token: string,
  method: string,
  rangeHeader: string | null | undefined,
  read: (filePath: string, start: number, end: number) => Promise<Uint8Array>,
): Promise<RangeResponse> {
  const grant = grants.get(token);
  if (!grant) return { status: 404, headers: { 'Content-Type': 'text/plain' }, body: new TextEncoder().encode('not a picked file') };
  const size = grant.size;
  const base = { 'Accept-Ranges': 'bytes', 'Content-Type': 'application/octet-stream', 'Cache-Control': 'no-store' };
  const range = parseByteRange(rangeHeader, size);
  if (range === 'unsatisfiable') return { status: 416, headers: { ...base, 'Content-Range': `bytes */${size}` }, body: null };
  const { start, end } = range ?? { start: 0, end: size };
  const headers: Record<string, string> = { ...base, 'Content-Length': String(end - start) };
  if (range) headers['Content-Range'] = `bytes ${start}-${end - 1}/${size}`;
  const status = range ? 206 : 200;
  if (method === 'HEAD') return { status, headers, body: null };
  if (method !== 'GET') return { status: 405, headers: { Allow: 'GET, HEAD' }, body: null };
  if (end - start > MAX_SLICE_BYTES) return { status: 416, headers: { ...base, 'Content-Range': `bytes */${size}` }, body: null };
  const body = await read(grant.path, start, end);
  headers['Content-Length'] = String(body.byteLength);
  if (range) headers['Content-Range'] = `bytes ${start}-${start + body.byteLength - 1}/${size}`;
  return { status, headers, body };
}
