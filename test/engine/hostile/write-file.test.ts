/**
 * Issue 8, item 3: exports go to a temporary file that is flushed and renamed, so a failure at
 * any step — mid-write, at the flush, at the rename — leaves the previous export intact and no
 * temporary file behind. Faults are injected through writeFileAtomic's file-system parameter.
 */
import * as fs from 'node:fs';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic, type AtomicWriteFs } from '../../../engine/cli/write-file.ts';

const PREVIOUS = 'customer_id,segment\n1,Champions\n';

function setup(): { dir: string; target: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'ss-atomic-'));
  const target = path.join(dir, 'customers.csv');
  writeFileSync(target, PREVIOUS);
  return { dir, target };
}

/** The real file system, with one call made to fail after it has done part of its work. */
function faulty(fault: 'write' | 'fsync' | 'rename', after = 0): AtomicWriteFs & { written: number } {
  let writes = 0;
  const io = {
    written: 0,
    mkdirSync: fs.mkdirSync,
    openSync: fs.openSync,
    closeSync: fs.closeSync,
    rmSync: fs.rmSync,
    writeSync(fd: number, buffer: Uint8Array, offset: number, length: number): number {
      if (fault === 'write' && writes++ >= after) {
        // Half of this chunk reaches the disk, then the disk is full.
        fs.writeSync(fd, buffer, offset, Math.floor(length / 2));
        io.written += Math.floor(length / 2);
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write' });
      }
      const n = fs.writeSync(fd, buffer, offset, length);
      io.written += n;
      return n;
    },
    fsyncSync(fd: number): void {
      if (fault === 'fsync') throw Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO', syscall: 'fsync' });
      fs.fsyncSync(fd);
    },
    renameSync(from: string, to: string): void {
      if (fault === 'rename')
        throw Object.assign(new Error(`EXDEV: cross-device link not permitted, rename '${from}' -> '${to}'`), { code: 'EXDEV', syscall: 'rename' });
      fs.renameSync(from, to);
    },
  };
  return io;
}

describe('writeFileAtomic', () => {
  it('replaces the file when every step succeeds, leaving no temporary file', () => {
    const { dir, target } = setup();
    writeFileAtomic(target, 'new content\n');
    expect(readFileSync(target, 'utf8')).toBe('new content\n');
    expect(readdirSync(dir)).toEqual(['customers.csv']);
  });

  it.each([
    ['a write fails mid-file (disk full)', 'write', 1],
    ['the very first write fails', 'write', 0],
    ['the flush fails', 'fsync', 0],
    ['the rename fails', 'rename', 0],
  ] as const)('%s: the previous export is intact and the temporary file is gone', (_, fault, after) => {
    const { dir, target } = setup();
    // 3 MiB: several 1 MiB chunks, so the fault lands part-way through the content.
    const content = 'x'.repeat(3 * 1024 * 1024);
    const io = faulty(fault, after);
    expect(() => writeFileAtomic(target, content, io)).toThrow(/ENOSPC|EIO|EXDEV/);
    if (fault === 'write' && after > 0) expect(io.written).toBeGreaterThan(1024 * 1024);
    expect(readFileSync(target, 'utf8')).toBe(PREVIOUS);
    expect(readdirSync(dir)).toEqual(['customers.csv']);
  });

  it('creates the folder of a first export', () => {
    const { dir } = setup();
    const target = path.join(dir, 'new', 'segments.csv');
    writeFileAtomic(target, new TextEncoder().encode('a\n'));
    expect(readFileSync(target, 'utf8')).toBe('a\n');
  });
});
