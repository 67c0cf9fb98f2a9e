import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BrowserFileSource,
  DESKTOP_SLICE_BYTES,
  DESKTOP_WHOLE_FILE_BYTES,
  DesktopFileSource,
  ownBytes,
  prefetchHeads,
  READ_AHEAD_BYTES,
  takePrefetchedFile,
} from '../../renderer/data/file-source.ts';

/** A Blob that counts its reads (each slice read is one round trip to the browser process). */
class CountingBlob extends Blob {
  reads = 0;
  override slice(start?: number, end?: number, type?: string): Blob {
    this.reads++;
    return super.slice(start, end, type);
  }
}

/** Byte-equal (a plain comparison: the matcher's deep equality is slow on 150 kB arrays). */
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

const bytesOf = (n: number, seed: number) => {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 31 + seed * 7) % 251;
  return out;
};

describe('BrowserFileSource', () => {
  it('sniffing a folder reads each file once: its magic bytes and its head from one Blob read', async () => {
    const files = Array.from({ length: 305 }, (_, i) => {
      const blob = new CountingBlob([bytesOf(150_000 + i, i)]);
      return { blob, source: new BrowserFileSource(blob, `day-${i}.csv`), bytes: bytesOf(150_000 + i, i) };
    });
    for (const f of files) {
      expect(same(await f.source.read(0, 8), f.bytes.slice(0, 8))).toBe(true);
      expect(same(await f.source.read(0, Math.min(f.source.size, 256 * 1024)), f.bytes)).toBe(true);
    }
    expect(files.map((f) => f.blob.reads)).toEqual(files.map(() => 1));
  });

  it('hands out copies: changing returned bytes changes no later read', async () => {
    const bytes = bytesOf(1000, 3);
    const source = new BrowserFileSource(new Blob([bytes]), 'a.csv');
    const first = await source.read(0, 10);
    first.fill(0);
    expect(await source.read(0, 10)).toEqual(bytes.slice(0, 10));
  });
});

/** A Blob whose reads are counted and whose answers wait for `gate` (to see reads overlap and to order them). */
class SlowBlob extends Blob {
  static inFlight = 0;
  static maxInFlight = 0;
  reads = 0;
  constructor(
    parts: BlobPart[],
    private readonly gate: () => Promise<void>,
  ) {
    super(parts);
  }
  override slice(start?: number, end?: number, type?: string): Blob {
    this.reads++;
    const part = super.slice(start, end, type);
    const gate = this.gate;
    return Object.assign(part, {
      arrayBuffer: async () => {
        SlowBlob.inFlight++;
        SlowBlob.maxInFlight = Math.max(SlowBlob.maxInFlight, SlowBlob.inFlight);
        await gate();
        SlowBlob.inFlight--;
        return Blob.prototype.arrayBuffer.call(part);
      },
    });
  }
}

describe('prefetchHeads', () => {
  const tick = () => new Promise<void>((r) => setTimeout(r, 1));

  it('reads the heads several at a time; the sniffing reads that follow read no file again', async () => {
    SlowBlob.maxInFlight = 0;
    const files = Array.from({ length: 40 }, (_, i) => {
      const bytes = bytesOf(i % 2 ? 1000 + i : READ_AHEAD_BYTES + 5000, i);
      const blob = new SlowBlob([bytes], tick);
      return { blob, bytes, source: new BrowserFileSource(blob, `day-${i}.csv`) };
    });
    const release = prefetchHeads(files.map((f) => f.source));
    for (const f of files) {
      const head = Math.min(f.bytes.length, READ_AHEAD_BYTES);
      expect(same(await f.source.read(0, 8), f.bytes.slice(0, 8))).toBe(true);
      expect(same(await f.source.read(0, head), f.bytes.slice(0, head))).toBe(true);
    }
    expect(files.map((f) => f.blob.reads)).toEqual(files.map(() => 1));
    expect(SlowBlob.maxInFlight).toBeGreaterThan(1);
    expect(SlowBlob.maxInFlight).toBeLessThanOrEqual(8);
    // Past the head: the file itself is read.
    const big = files[0]!;
    expect(same(await big.source.read(READ_AHEAD_BYTES, READ_AHEAD_BYTES + 100), big.bytes.slice(READ_AHEAD_BYTES, READ_AHEAD_BYTES + 100))).toBe(true);
    release();
  });

  it('holds at most the budget: files past it are read when the engine asks', async () => {
    const files = Array.from({ length: 5 }, (_, i) => {
      const bytes = bytesOf(1000, i);
      return { bytes, blob: new CountingBlob([bytes]) };
    });
    const sources = files.map((f, i) => new BrowserFileSource(f.blob, `f${i}`));
    const release = prefetchHeads(sources, 2500);
    await tick();
    expect(files.map((f) => f.blob.reads)).toEqual([1, 1, 0, 0, 0]);
    for (const [i, s] of sources.entries()) expect(same(await s.read(0, 1000), files[i]!.bytes)).toBe(true);
    release();
  });

  it('after release, a read waiting for a head not yet fetched reads the file itself; a failed head read fails the read as before', async () => {
    let open!: () => void;
    const gate = new Promise<void>((r) => {
      open = r;
    });
    const files = Array.from({ length: 12 }, (_, i) => {
      const bytes = bytesOf(500, i);
      return { bytes, source: new BrowserFileSource(new SlowBlob([bytes], () => gate), `f${i}`) };
    });
    const release = prefetchHeads(files.map((f) => f.source));
    // The 12th file waits behind the first 8 reads; released meanwhile, it reads itself.
    const late = files[11]!.source.read(0, 500);
    release();
    open();
    expect(same(await late, files[11]!.bytes)).toBe(true);

    const failing = new DesktopFileSource('gone.csv', 100, 'app://x', async () => {
      throw new Error('the file was moved');
    });
    const releaseFailing = prefetchHeads([failing]);
    await expect(failing.read(0, 8)).rejects.toThrow('the file was moved');
    releaseFailing();
  });

  it('gives the bytes asked for, whatever the order of reads across files, heads prefetched or not (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 3 * READ_AHEAD_BYTES }), { minLength: 1, maxLength: 4 }),
        fc.array(fc.tuple(fc.nat(3), fc.integer({ min: -10, max: 4 * READ_AHEAD_BYTES }), fc.integer({ min: 0, max: READ_AHEAD_BYTES + 10 })), {
          minLength: 1,
          maxLength: 12,
        }),
        // null: no prefetch; otherwise the heads' byte budget.
        fc.option(fc.integer({ min: 0, max: 4 * READ_AHEAD_BYTES })),
        async (sizes, reads, budget) => {
          const contents = sizes.map((n, i) => bytesOf(n, i));
          const sources = contents.map((b, i) => new BrowserFileSource(new Blob([b]), `f${i}`));
          const release = budget === null ? () => undefined : prefetchHeads(sources, budget);
          for (const [which, start, length] of reads) {
            const k = which % sources.length;
            const got = await sources[k]!.read(start, start + length);
            // The reference: Blob.slice's clamping, on the bytes themselves.
            const from = Math.max(0, Math.min(start, contents[k]!.length));
            const to = Math.max(from, Math.min(start + length, contents[k]!.length));
            expect(same(got, contents[k]!.slice(from, to))).toBe(true);
          }
          release();
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('prefetchHeads: small files read whole for DuckDB', () => {
  const MiB = 1024 * 1024;
  /** What DuckDB's port does with the bytes: transferred to its worker (detached here). */
  const handOver = (bytes: Uint8Array) => structuredClone(bytes, { transfer: [bytes.buffer] });

  it('reads each small file whole; DuckDB gets a copy, and the engine reads after it stay in memory', async () => {
    const files = Array.from({ length: 6 }, (_, i) => {
      const bytes = bytesOf(READ_AHEAD_BYTES + 1000 * i, i);
      return { bytes, blob: new CountingBlob([bytes]) };
    });
    const sources = files.map((f, i) => new BrowserFileSource(f.blob, `day-${i}.csv`));
    const release = prefetchHeads(sources);
    for (const [i, s] of sources.entries()) {
      const taken = takePrefetchedFile(s);
      expect(taken).not.toBeNull();
      const bytes = await taken!;
      expect(same(bytes, files[i]!.bytes)).toBe(true);
      handOver(bytes);
      // The engine's reads after the registration (its plain-table check reads a small file whole).
      expect(same(await s.read(0, s.size), files[i]!.bytes)).toBe(true);
      expect(same(await s.read(READ_AHEAD_BYTES - 10, READ_AHEAD_BYTES + 10), files[i]!.bytes.slice(READ_AHEAD_BYTES - 10, READ_AHEAD_BYTES + 10))).toBe(true);
    }
    expect(files.map((f) => f.blob.reads)).toEqual(files.map(() => 1));
    release();
  });

  it('reads served from a head are views of it: ownBytes gives a copy to transfer, and later reads still see the file', async () => {
    const bytes = bytesOf(5000, 3);
    const source = new BrowserFileSource(new Blob([bytes]), 'book.xlsx');
    const release = prefetchHeads([source]);
    const whole = await source.read(0, source.size);
    const owned = ownBytes(whole);
    expect(owned).not.toBe(whole);
    handOver(owned); // a workbook's or Parquet file's bytes, to the analytics worker
    expect(same(await source.read(0, source.size), bytes)).toBe(true);
    expect(same(await source.read(10, 20), bytes.slice(10, 20))).toBe(true);
    release();
    // Bytes no head holds are handed over as they are.
    const direct = await new BrowserFileSource(new Blob([bytes]), 'other.xlsx').read(0, 5000);
    expect(ownBytes(direct)).toBe(direct);
  });

  it('reads only the head of a file DuckDB reads itself: browser-picked over 4 MiB (its handle), desktop over 128 MiB (its URL)', async () => {
    const bytes = bytesOf(4 * MiB + 1, 9);
    const blob = new CountingBlob([bytes]);
    const source = new BrowserFileSource(blob, 'big.csv');
    const slices: [number, number][] = [];
    const desktop = new DesktopFileSource(
      'd.csv',
      DESKTOP_WHOLE_FILE_BYTES + 1,
      'app://d',
      async (a, b) => (slices.push([a, b]), new Uint8Array(b - a).fill(7)),
    );
    const release = prefetchHeads([source, desktop]);
    expect(takePrefetchedFile(source)).toBeNull();
    expect(takePrefetchedFile(desktop)).toBeNull();
    expect(same(await source.read(0, READ_AHEAD_BYTES), bytes.slice(0, READ_AHEAD_BYTES))).toBe(true);
    expect(same(await desktop.read(0, READ_AHEAD_BYTES), new Uint8Array(READ_AHEAD_BYTES).fill(7))).toBe(true);
    expect(blob.reads).toBe(1);
    expect(slices).toEqual([[0, READ_AHEAD_BYTES]]);
    release();
  });

  it('reads a desktop file of up to 128 MiB whole, in slices the main process accepts: DuckDB gets a copy, the engine reads it from memory', async () => {
    const files = [READ_AHEAD_BYTES * 2 + 5, 100, 4 * MiB + 1, DESKTOP_SLICE_BYTES * 2 + 3].map((n, i) => ({
      bytes: bytesOf(n, i),
      slices: [] as [number, number][],
    }));
    const sources = files.map(
      (f, i) => new DesktopFileSource(`day-${i}.csv`, f.bytes.length, `app://picked/${i}`, async (a, b) => (f.slices.push([a, b]), f.bytes.slice(a, b))),
    );
    const release = prefetchHeads(sources);
    for (const [i, s] of sources.entries()) {
      const bytes = await takePrefetchedFile(s)!;
      expect(same(bytes, files[i]!.bytes)).toBe(true);
      handOver(bytes);
      expect(same(await s.read(0, s.size), files[i]!.bytes)).toBe(true);
      expect(same(await s.read(50, 90), files[i]!.bytes.slice(50, 90))).toBe(true);
    }
    const slicesOf = (n: number) =>
      Array.from({ length: Math.ceil(n / DESKTOP_SLICE_BYTES) }, (_, k) => [k * DESKTOP_SLICE_BYTES, Math.min(n, (k + 1) * DESKTOP_SLICE_BYTES)]);
    expect(files.map((f) => f.slices)).toEqual(files.map((f) => slicesOf(f.bytes.length)));
    release();
  });

  it('within the budget only: files past it are registered through their handles', async () => {
    const sources = [0, 1, 2].map((i) => new BrowserFileSource(new Blob([bytesOf(READ_AHEAD_BYTES + 10, i)]), `f${i}`));
    const release = prefetchHeads(sources, 2 * READ_AHEAD_BYTES + 20);
    expect(takePrefetchedFile(sources[0]!)).not.toBeNull();
    expect(takePrefetchedFile(sources[1]!)).not.toBeNull();
    expect(takePrefetchedFile(sources[2]!)).toBeNull();
    expect(same(await sources[2]!.read(0, 10), bytesOf(READ_AHEAD_BYTES + 10, 2).slice(0, 10))).toBe(true);
    release();
  });

  it('gives nothing to register once released; a failed read fails the take (the port registers the handle)', async () => {
    const source = new BrowserFileSource(new Blob([bytesOf(100, 1)]), 'a.csv');
    prefetchHeads([source])();
    expect(takePrefetchedFile(source)).toBeNull();
    const failing = new BrowserFileSource(
      Object.assign(new Blob([bytesOf(100, 2)]), {
        slice: () => Object.assign(new Blob([]), { arrayBuffer: () => Promise.reject(new Error('the file was moved')) }),
      }),
      'gone.csv',
    );
    const release = prefetchHeads([failing]);
    await expect(takePrefetchedFile(failing)).rejects.toThrow('the file was moved');
    release();
  });
});
