import * as fs from 'node:fs';
import path from 'node:path';

/** The file-system calls `writeFileAtomic` makes; tests inject faults through it. */
export interface AtomicWriteFs {
  mkdirSync(dir: string, options: { recursive: true }): unknown;
  openSync(file: string, flags: string): number;
  writeSync(fd: number, buffer: Uint8Array, offset: number, length: number): number;
  fsyncSync(fd: number): void;
  closeSync(fd: number): void;
  renameSync(from: string, to: string): void;
  rmSync(file: string, options: { force: true }): void;
}

/** Bytes per write call: large exports go out in pieces, never as one giant buffer copy. */
const CHUNK = 1 << 20;

/**
 * Writes a file atomically: to a temporary file beside it, flushed to disk, then renamed over
 * the target, so a crash or full disk never leaves a half-written export in place of the
 * previous one. On failure the temporary file is removed and the error rethrown.
 */
export function writeFileAtomic(target: string, content: string | Uint8Array, io: AtomicWriteFs = fs): void {
  io.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  try {
    const fd = io.openSync(tmp, 'w');
    try {
      for (let at = 0; at < bytes.length; ) {
        const n = io.writeSync(fd, bytes, at, Math.min(CHUNK, bytes.length - at));
        if (n <= 0) throw new Error(`${tmp}: the write made no progress`);
        at += n;
      }
      // Flush before the rename: otherwise a power cut can leave the new name on empty blocks.
      io.fsyncSync(fd);
    } finally {
      io.closeSync(fd);
    }
    io.renameSync(tmp, target);
  } catch (e) {
    io.rmSync(tmp, { force: true });
    throw e;
  }
}

/** Writes the pipeline's output files under `dir` (each atomically); returns the paths written. */
export function writeOutputs(dir: string, files: readonly { name: string; text: string }[]): string[] {
  return files.map((f) => {
    const target = path.join(dir, ...f.name.split('/'));
    writeFileAtomic(target, f.text);
    return target;
  });
}
