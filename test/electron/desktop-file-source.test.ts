import { describe, expect, it } from 'vitest';
import type { DesktopApi, PickedFile } from '../../electron/contract.ts';
import {
  DESKTOP_SLICE_BYTES,
  DesktopFileSource,
  isReadableName,
  rangeUrlOf,
  UnreadableFileError,
  UnreadableFileSource,
} from '../../renderer/data/file-source.ts';
import { filesToSources } from '../../renderer/platform/browser.ts';
import { pickedToSource } from '../../renderer/platform/electron.ts';
import { MAX_SLICE_BYTES } from '../../electron/main/validate.ts';

/** A file of `size` bytes whose byte i is i % 251, read through a recording readSlice. */
function fakeFile(size: number) {
  const calls: [number, number][] = [];
  const readSlice = async (start: number, end: number) => {
    calls.push([start, end]);
    if (end - start > MAX_SLICE_BYTES) throw new Error('read: at most 67108864 bytes per slice');
    const out = new Uint8Array(Math.max(0, Math.min(end, size) - start));
    for (let i = 0; i < out.length; i++) out[i] = (start + i) % 251;
    return out;
  };
  return { calls, readSlice };
}

describe('DesktopFileSource (a picked file, read lazily through the preload)', () => {
  it('reads any range in slices the main process accepts, and returns exactly the bytes asked', async () => {
    const size = 3 * DESKTOP_SLICE_BYTES + 123;
    const f = fakeFile(size);
    const src = new DesktopFileSource('big.csv', size, 'app://segment-studio/picked/x', f.readSlice);
    const all = await src.read(0, size);
    expect(all.byteLength).toBe(size);
    expect(all[size - 1]).toBe((size - 1) % 251);
    expect(all[DESKTOP_SLICE_BYTES]).toBe(DESKTOP_SLICE_BYTES % 251);
    expect(f.calls.length).toBe(4);
    expect(Math.max(...f.calls.map(([a, b]) => b - a))).toBeLessThanOrEqual(DESKTOP_SLICE_BYTES);
  });

  it('asks for the slices of a large read a few at a time, and puts them in order', async () => {
    const size = 9 * DESKTOP_SLICE_BYTES + 5;
    const f = fakeFile(size);
    let inFlight = 0;
    let most = 0;
    const src = new DesktopFileSource('big.csv', size, 'u', async (a, b) => {
      most = Math.max(most, ++inFlight);
      // Answers come back out of order.
      await new Promise((r) => setTimeout(r, ((a / DESKTOP_SLICE_BYTES) * 7) % 5));
      inFlight--;
      return f.readSlice(a, b);
    });
    const all = await src.read(0, size);
    expect(all.byteLength).toBe(size);
    expect([0, DESKTOP_SLICE_BYTES - 1, 4 * DESKTOP_SLICE_BYTES + 3, size - 1].map((i) => all[i])).toEqual(
      [0, DESKTOP_SLICE_BYTES - 1, 4 * DESKTOP_SLICE_BYTES + 3, size - 1].map((i) => i % 251),
    );
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(4);
    expect(f.calls.map(([a]) => a).sort((x, y) => x - y)).toEqual(Array.from({ length: 10 }, (_, k) => k * DESKTOP_SLICE_BYTES));
  });

  it('a file that shrank under a read gives its bytes up to the first short slice', async () => {
    const size = 3 * DESKTOP_SLICE_BYTES;
    const shrunk = DESKTOP_SLICE_BYTES + 10;
    const f = fakeFile(shrunk);
    const src = new DesktopFileSource('s.csv', size, 'u', f.readSlice);
    const got = await src.read(0, size);
    expect(got.byteLength).toBe(shrunk);
    expect(got[shrunk - 1]).toBe((shrunk - 1) % 251);
  });

  it('a small read is one slice; reads past the end are clamped', async () => {
    const f = fakeFile(100);
    const src = new DesktopFileSource('s.csv', 100, 'u', f.readSlice);
    expect(Array.from(await src.read(98, 500))).toEqual([98, 99]);
    expect(f.calls).toEqual([[98, 100]]);
  });

  it('a picked file becomes a lazy source with its range URL for DuckDB', async () => {
    const f = fakeFile(10);
    const tokens: string[] = [];
    const api = { readSlice: (t: string, a: number, b: number) => (tokens.push(t), f.readSlice(a, b)) } as unknown as DesktopApi;
    const picked: PickedFile = { token: 'ab'.repeat(16), name: 'x.csv', size: 10, relativePath: 'x.csv', url: 'app://segment-studio/picked/abab' };
    const src = pickedToSource(api, picked);
    expect(rangeUrlOf(src)).toBe(picked.url);
    expect(Array.from(await src.read(0, 3))).toEqual([0, 1, 2]);
    expect(tokens).toEqual([picked.token]);
  });
});

describe('files of a type we cannot read', () => {
  it('readable names: exports and workbooks, and names without an extension (left to sniffing)', () => {
    for (const n of ['a.csv', 'B.TSV', 'x.txt', 'x.csv.gz', 'w.xlsx', 'old.xls', 'b.xlsb', 'calc.ods', 'a.parquet', 'days.zip', 'export'])
      expect({ n, ok: isReadableName(n) }).toEqual({ n, ok: true });
    for (const n of ['c.json', 'notes.pdf', '.DS_Store']) expect({ n, ok: isReadableName(n) }).toEqual({ n, ok: false });
  });

  it('a picked .json fails its first read with a message that names the file and what can be opened', async () => {
    const api = { readSlice: async () => new Uint8Array(0) } as unknown as DesktopApi;
    const src = pickedToSource(api, { token: 'ab'.repeat(16), name: 'c.json', size: 20, relativePath: 'c.json', url: 'u' });
    expect(src).toBeInstanceOf(UnreadableFileSource);
    const err = await src.read(0, 4).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnreadableFileError);
    expect((err as UnreadableFileError).location).toEqual({ file: 'c.json' });
    expect((err as Error).message).toMatch(/^JSON files cannot be read: open a CSV/);
  });

  it('the browser platform keeps a picked .json (to refuse it aloud) but skips other types inside a folder', () => {
    const file = (name: string, rel = '') => Object.defineProperty(new File(['x'], name), 'webkitRelativePath', { value: rel });
    const picked = filesToSources([file('b.csv'), file('c.json')]);
    expect(picked.map((s) => [s.name, s instanceof UnreadableFileSource])).toEqual([
      ['b.csv', false],
      ['c.json', true],
    ]);
    const folder = filesToSources([file('2.csv', 'd/2.csv'), file('README.md', 'd/README.md'), file('1.csv', 'd/1.csv')]);
    expect(folder.map((s) => s.name)).toEqual(['1.csv', '2.csv']);
  });
});
