/**
 * A sheet inflated by the platform's inflater (raw-inflate.ts) is asked for its next piece before
 * the current one is scanned, so the inflater (Node's zlib on its own thread) works a piece ahead.
 * The result is the same as inflating the sheet whole, however the pieces fall; a failure on a later
 * piece still hands the workbook to SheetJS, and a scan stopped early tells the inflater.
 */
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { utils, write } from '@e965/xlsx';
import { inflateSync } from 'fflate';
import { setRawInflater, type RawInflater } from '../../../engine/src/index.ts';
import { cellsCsv } from '../../../engine/src/io/sheet-cells.ts';
import { xlsxSheetToCsvStreaming, xlsxSheetToCsvStreamingAsync } from '../../../engine/src/io/xlsx-stream.ts';

/** A deflated workbook whose sheet XML is a few hundred kilobytes. */
function workbook(): Uint8Array {
  const rows = Array.from({ length: 3_000 }, (_, i) => [`INV${i % 400}`, `Item "${i % 97}", blue`, i * 0.25, i % 13, i % 5 === 0 ? null : `C${i % 211}`]);
  const sheet = utils.aoa_to_sheet([['Invoice', 'Description', 'Price', 'Qty', 'Customer'], ...rows]);
  return new Uint8Array(write(utils.book_new(sheet, 'Data'), { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer);
}

/** What the pieces' consumer did: pieces asked for, and whether it told the inflater to stop. */
interface Log {
  asked: number;
  returned: boolean;
}

/** fflate behind the platform's interface: the sheet in pieces of the given sizes (in turn), failing at piece `failAt`. */
function scripted(sizes: number[], log: Log, failAt = -1): RawInflater {
  return {
    inflate: (raw) => inflateSync(raw),
    pieces(raw) {
      const whole = inflateSync(raw);
      let at = 0;
      let k = 0;
      return {
        [Symbol.asyncIterator]: () => ({
          async next() {
            log.asked++;
            if (k === failAt) throw new Error('invalid stored block lengths');
            if (at >= whole.length) return { done: true, value: undefined };
            const piece = whole.slice(at, at + sizes[k % sizes.length]!);
            at += piece.length;
            k++;
            return { done: false, value: piece };
          },
          async return() {
            log.returned = true;
            return { done: true, value: undefined };
          },
        }),
      };
    },
  };
}

const text = (r: ReturnType<typeof xlsxSheetToCsvStreaming>) =>
  r && { csv: new TextDecoder().decode(r.csv ?? cellsCsv(r.cells!)), rows: r.rows, rowNumbers: r.rowNumbers };

afterEach(() => setRawInflater(undefined));

describe('a sheet inflated a piece ahead of its scan', () => {
  const bytes = workbook();

  it('gives what the whole sheet gives, however the pieces fall (CSV and cells)', async () => {
    const expected = [false, true].map((cells) => text(xlsxSheetToCsvStreaming('b.xlsx', bytes, undefined, cells)));
    expect(expected[0]!.rows).toBe(3_001);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 40_000 }), { minLength: 1, maxLength: 5 }), fc.boolean(), async (sizes, cells) => {
        const log: Log = { asked: 0, returned: false };
        setRawInflater(scripted(sizes, log));
        expect(text(await xlsxSheetToCsvStreamingAsync('b.xlsx', bytes, undefined, {}, cells))).toEqual(expected[cells ? 1 : 0]);
        expect(log.returned).toBe(false);
      }),
      { numRuns: 40 },
    );
  });

  it('asks for the next piece before the current one is scanned', async () => {
    const log: Log = { asked: 0, returned: false };
    setRawInflater(scripted([16_384], log));
    let scanned = 0;
    const seen: number[] = [];
    await xlsxSheetToCsvStreamingAsync('b.xlsx', bytes, undefined, {
      onProgress: () => {
        scanned++;
        seen.push(log.asked - scanned);
      },
    });
    expect(scanned).toBeGreaterThan(3);
    expect(new Set(seen)).toEqual(new Set([1]));
  });

  it('a failure on a later piece: left to SheetJS (undefined), as before', async () => {
    const log: Log = { asked: 0, returned: false };
    setRawInflater(scripted([16_384], log, 3));
    expect(await xlsxSheetToCsvStreamingAsync('b.xlsx', bytes)).toBeUndefined();
  });

  it('cancelled mid-sheet: the cancellation is thrown and the inflater told to stop', async () => {
    const log: Log = { asked: 0, returned: false };
    setRawInflater(scripted([16_384], log));
    const signal = { aborted: false };
    const read = xlsxSheetToCsvStreamingAsync('b.xlsx', bytes, undefined, { signal, onProgress: () => (signal.aborted = true) });
    await expect(read).rejects.toMatchObject({ code: 'cancelled' });
    expect(log.returned).toBe(true);
  });
});
