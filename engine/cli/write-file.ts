import * as fs from 'node:fs';
import path from 'node:path';
import { EngineError } from '../src/errors.ts';
import { OUTPUT_MARKER } from '../src/io/folder-rule.ts';

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

/** A temporary sibling of an output folder: `.<folder>.ss-new-<pid>` (being written) or `.<folder>.ss-old-<pid>` (the set it replaces). */
const SIBLING = /^\.(.+)\.ss-(new|old)-(\d+)$/;
const sibling = (dir: string, kind: 'new' | 'old', pid: number) => path.join(path.dirname(dir), `.${path.basename(dir)}.ss-${kind}-${pid}`);
/** writeFileAtomic's temporary file. */
const TEMP_FILE = /^\..+\.(\d+)\.tmp$/;

function alive(pid: number): boolean {
  if (pid === process.pid) return false; // an earlier write of this process, which is over
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Clears what a crashed write of the output set in `dir` left behind: a set being written is
 * removed; a retired set whose replacement never arrived (the crash fell between the two
 * renames) becomes `dir` again, so the folder holds all the old files. Temporary files of a
 * crashed single-file write inside `dir` are removed. Leftovers of a write still running (its
 * process alive) are left alone. Returns what was cleaned, for the report.
 */
export function recoverOutputSet(dir: string): string[] {
  const abs = path.resolve(dir);
  const parent = path.dirname(abs);
  const cleaned: string[] = [];
  let names: string[] = [];
  try {
    names = fs.readdirSync(parent);
  } catch {
    return cleaned; // no parent yet: nothing to recover
  }
  const mine = names
    .map((n) => SIBLING.exec(n))
    .filter((m): m is RegExpExecArray => m !== null && m[1] === path.basename(abs) && !alive(Number(m[3])))
    .sort((a, b) => (a[2] === 'old' ? -1 : 1) - (b[2] === 'old' ? -1 : 1));
  for (const m of mine) {
    const p = path.join(parent, m[0]);
    if (m[2] === 'old' && !fs.existsSync(abs)) fs.renameSync(p, abs);
    else fs.rmSync(p, { recursive: true, force: true });
    cleaned.push(p);
  }
  if (fs.existsSync(abs)) {
    for (const n of fs.readdirSync(abs)) {
      const t = TEMP_FILE.exec(n);
      if (t && !alive(Number(t[1]))) {
        fs.rmSync(path.join(abs, n), { force: true });
        cleaned.push(path.join(abs, n));
      }
    }
  }
  return cleaned;
}

/** Hard links (copies where links fail) of everything under `from` into `to` except `skip` (relative paths, "/"-separated). */
function carryOver(from: string, to: string, skip: ReadonlySet<string>, rel = ''): void {
  for (const e of fs.readdirSync(path.join(from, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (skip.has(r) || r === OUTPUT_MARKER || TEMP_FILE.test(e.name)) continue;
    const src = path.join(from, r);
    const dst = path.join(to, r);
    if (e.isDirectory()) {
      fs.mkdirSync(dst, { recursive: true });
      carryOver(from, to, skip, r);
    } else if (e.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(src), dst);
    else {
      try {
        fs.linkSync(src, dst);
      } catch {
        fs.copyFileSync(src, dst);
      }
    }
  }
}

/**
 * Writes the pipeline's output files under `dir` as one set: all the new files or, after any
 * failure or crash, all the old ones, never a mix. The set is written into a temporary sibling
 * folder (with OUTPUT_MARKER, so the folder is never read back as input), together with links
 * to the files of `dir` this set does not replace (another command's outputs, the user's own
 * files); then `dir` is retired and the new folder renamed into its place, and the retired one
 * removed. Leftovers of a crashed earlier write are cleared first (recoverOutputSet). Returns
 * the paths written.
 */
export function writeOutputs(dir: string, files: readonly { name: string; text: string | Uint8Array }[], io: AtomicWriteFs = fs): string[] {
  const abs = path.resolve(dir);
  if (fs.statSync(abs, { throwIfNoEntry: false })?.isDirectory() === false) {
    throw new EngineError('invalid_argument', 'this is a file; --out names the folder to write into', { file: dir });
  }
  recoverOutputSet(abs);
  const staging = sibling(abs, 'new', process.pid);
  const retired = sibling(abs, 'old', process.pid);
  io.mkdirSync(staging, { recursive: true });
  try {
    const names = new Set(files.map((f) => f.name));
    const previous = fs.existsSync(abs);
    if (previous) carryOver(abs, staging, names);
    for (const f of files) writeFileAtomic(path.join(staging, ...f.name.split('/')), f.text, io);
    writeFileAtomic(path.join(staging, OUTPUT_MARKER), 'Written by segment-studio: this folder is never read as input.\n', io);
    if (previous) {
      io.renameSync(abs, retired);
      io.renameSync(staging, abs);
      fs.rmSync(retired, { recursive: true, force: true });
    } else io.renameSync(staging, abs);
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    if (!fs.existsSync(abs) && fs.existsSync(retired)) fs.renameSync(retired, abs);
    throw e;
  }
  return files.map((f) => path.join(dir, ...f.name.split('/')));
}
