/**
 * Validation of every IPC argument: the renderer is untrusted, so shapes, types and sizes are
 * checked before anything touches the file system. Pure; unit-tested in test/electron.
 */
import type { OpenRequest, SaveRequest } from '../contract.ts';

export class IpcValidationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IpcValidationError';
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Largest single slice the renderer may request (DuckDB reads in much smaller pieces). */
export const MAX_SLICE_BYTES = 64 * 1024 * 1024;
/** Largest export the renderer may ask us to write. */
export const MAX_SAVE_BYTES = 2 * 1024 ** 3;
/** A manifest lists sources, settings and file hashes: far below this. */
export const MAX_MANIFEST_BYTES = 16 * 1024 ** 2;
const SAFE_NAME = /^[^\\/:*?"<>|\0]{1,200}$/;

export function validateOpenRequest(v: unknown): OpenRequest {
  if (!isObject(v)) throw new IpcValidationError('open: expected { folder, multiple }');
  const keys = Object.keys(v);
  if (keys.some((k) => k !== 'folder' && k !== 'multiple')) throw new IpcValidationError('open: unexpected field');
  if (typeof v.folder !== 'boolean' || typeof v.multiple !== 'boolean') throw new IpcValidationError('open: folder and multiple must be booleans');
  return { folder: v.folder, multiple: v.multiple };
}

export function validateReadSlice(token: unknown, start: unknown, end: unknown): { token: string; start: number; end: number } {
  if (typeof token !== 'string' || !/^[0-9a-f]{32}$/.test(token)) throw new IpcValidationError('read: bad file token');
  if (typeof start !== 'number' || typeof end !== 'number' || !Number.isSafeInteger(start) || !Number.isSafeInteger(end)) {
    throw new IpcValidationError('read: start and end must be integers');
  }
  if (start < 0 || end < start) throw new IpcValidationError('read: bad range');
  if (end - start > MAX_SLICE_BYTES) throw new IpcValidationError(`read: at most ${MAX_SLICE_BYTES} bytes per slice`);
  return { token, start, end };
}

export function validateSaveRequest(v: unknown): SaveRequest {
  if (!isObject(v)) throw new IpcValidationError('save: expected { suggestedName, bytes, filters }');
  const { suggestedName, bytes, filters } = v;
  if (typeof suggestedName !== 'string' || !SAFE_NAME.test(suggestedName)) throw new IpcValidationError('save: bad file name');
  if (!(bytes instanceof Uint8Array)) throw new IpcValidationError('save: bytes must be a Uint8Array');
  if (bytes.byteLength > MAX_SAVE_BYTES) throw new IpcValidationError('save: file too large');
  if (!Array.isArray(filters) || filters.length > 8) throw new IpcValidationError('save: bad filters');
  const clean = filters.map((f) => {
    if (!isObject(f) || typeof f.name !== 'string' || !Array.isArray(f.extensions) || f.extensions.length > 8) throw new IpcValidationError('save: bad filter');
    const extensions = f.extensions.map((e) => {
      if (typeof e !== 'string' || !/^[a-z0-9]{1,8}$/i.test(e)) throw new IpcValidationError('save: bad extension');
      return e;
    });
    return { name: f.name.slice(0, 40), extensions };
  });
  const { manifest } = v;
  if (manifest !== undefined && (!(manifest instanceof Uint8Array) || manifest.byteLength > MAX_MANIFEST_BYTES))
    throw new IpcValidationError(`save: the manifest must be a Uint8Array of at most ${MAX_MANIFEST_BYTES} bytes`);
  return { suggestedName, bytes, filters: clean, ...(manifest ? { manifest } : {}) };
}

/** Largest remembered-mappings document the renderer may store (a few hundred layouts fit in far less). */
export const MAX_MAPPINGS_BYTES = 1024 * 1024;

/** The remembered-mappings document: JSON text of bounded size (its content is the renderer's). */
export function validateMappingsText(v: unknown): string {
  if (typeof v !== 'string') throw new IpcValidationError('mappings: expected text');
  if (v.length > MAX_MAPPINGS_BYTES) throw new IpcValidationError(`mappings: larger than ${MAX_MAPPINGS_BYTES} characters`);
  try {
    JSON.parse(v);
  } catch {
    throw new IpcValidationError('mappings: not JSON');
  }
  return v;
}

export function validateRecentPath(v: unknown, known: readonly string[]): string {
  if (typeof v !== 'string' || !known.includes(v)) throw new IpcValidationError('recent: not a recent file');
  return v;
}
