/** File system work of the main process: read-only slices of picked files, atomic saves, folder listing. */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Subfolder levels listed below a chosen folder: the engine's FOLDER_DEPTH (electron/ imports
 * nothing outside electron/, so test/electron/folder-listing.test.ts checks the two are equal).
 */
export const LIST_DEPTH = 1;

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

/**
 * Every file of a chosen folder down to LIST_DEPTH subfolder levels, hidden files included and
 * symbolic links followed (as the engine's folder rule says); hidden folders are not entered.
 * Which of them are read is the renderer's call, through the engine's selectFolderFiles.
 */
export async function listFolderFiles(folder: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string, depth: number) => {
    for (const name of await fs.readdir(dir)) {
      const p = path.join(dir, name);
      const st = await fs.stat(p).catch(() => null); // null: a dangling link
      if (st?.isFile()) out.push(p);
      else if (st?.isDirectory() && depth < LIST_DEPTH && !name.startsWith('.')) await walk(p, depth + 1);
    }
  };
  await walk(folder, 0);
  return out.sort();
}
