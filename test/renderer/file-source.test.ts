import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BrowserFileSource, READ_AHEAD_BYTES } from '../../renderer/data/file-source.ts';

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

  it('gives the bytes asked for, whatever the order of reads across files (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 3 * READ_AHEAD_BYTES }), { minLength: 1, maxLength: 3 }),
        fc.array(fc.tuple(fc.nat(2), fc.integer({ min: -10, max: 4 * READ_AHEAD_BYTES }), fc.integer({ min: 0, max: READ_AHEAD_BYTES + 10 })), {
          minLength: 1,
          maxLength: 12,
        }),
        async (sizes, reads) => {
          const contents = sizes.map((n, i) => bytesOf(n, i));
          const sources = contents.map((b, i) => new BrowserFileSource(new Blob([b]), `f${i}`));
          for (const [which, start, length] of reads) {
            const k = which % sources.length;
            const got = await sources[k]!.read(start, start + length);
            // The reference: Blob.slice's clamping, on the bytes themselves.
            const from = Math.max(0, Math.min(start, contents[k]!.length));
            const to = Math.max(from, Math.min(start + length, contents[k]!.length));
            expect(same(got, contents[k]!.slice(from, to))).toBe(true);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('hands out copies: changing returned bytes changes no later read', async () => {
    const bytes = bytesOf(1000, 3);
    const source = new BrowserFileSource(new Blob([bytes]), 'a.csv');
    const first = await source.read(0, 10);
    first.fill(0);
    expect(await source.read(0, 10)).toEqual(bytes.slice(0, 10));
  });
});
