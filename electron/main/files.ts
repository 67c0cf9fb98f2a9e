/** File system work of the main process: read-only slices of picked files, atomic saves, folder listing. */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

const DATA_EXT = /\.(csv|tsv|txt|gz|xlsx)$/i;

/** Reads bytes [start, end) of a file opened read-only; short at the end of the file. */
export async function readSlice(filePath: string, start: number, end: number): Promise<Uint8Array> {
  const fh = await fs.open(filePath, 'r');
  try {
    const buf = new Uint8Array(end - start);
    let done = 0;
    while (done < buf.length) {
      const { bytesRead } = await fh.read(buf, done, buf.length - done, start + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return buf.subarray(0, done);
  } finally {
    await fh.close();
  }
}

/**
 * Writes `bytes` to `target` atomically: a temporary file in the same folder, flushed, then
 * renamed over the target. A failure at any point leaves the previous file intact.
 */
export async function writeFileAtomic(target: string, bytes: Uint8Array, io: { beforeRename?: () => Promise<void> } = {}): Promise<void> {
  const dir = path.dirname(target);
  const tmp = path.join(dir, `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  const fh = await fs.open(tmp, 'wx', 0o644);
  try {
    await fh.writeFile(bytes);
    await fh.sync();
  } catch (e) {
    await fh.close().catch(() => undefined);
    await fs.rm(tmp, { force: true });
    throw e;
  }
  await fh.close();
  try {
    await io.beforeRename?.();
    await fs.rename(tmp, target);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}

/** Data files directly inside a folder and one level down (daily exports by month), sorted. */
export async function listDataFiles(folder: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await fs.readdir(folder, { withFileTypes: true })) {
    const p = path.join(folder, e.name);
    if (e.isFile() && DATA_EXT.test(e.name)) out.push(p);
    else if (e.isDirectory() && !e.name.startsWith('.')) {
      for (const f of await fs.readdir(p, { withFileTypes: true })) if (f.isFile() && DATA_EXT.test(f.name)) out.push(path.join(p, f.name));
    }
  }
  return out.sort();
}
