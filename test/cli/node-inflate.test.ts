/**
 * Workbooks inflated by Node's zlib (the CLI's RawInflater, engine/cli/node-inflate.ts) read as
 * with the engine's own inflaters (DecompressionStream, fflate): the same CSV, rows and sheets, or
 * the same error, for every workbook of the bad-inputs corpus (damaged zips among them) and for a
 * sheet large enough to come in several pieces (each test checks that zlib was used).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { utils, write } from '@e965/xlsx';
import { nodeRawInflater } from '../../engine/cli/node-inflate.ts';
import { setRawInflater, type RawInflater } from '../../engine/src/index.ts';
import { xlsxSheetToCsvStreaming, xlsxSheetToCsvStreamingAsync } from '../../engine/src/io/xlsx-stream.ts';
import { BAD_INPUTS } from '../fixtures/make-bad-inputs.ts';

type Outcome = { csv: string; rows: number; sheet: string; sheets: string[] } | { error: string } | undefined;

async function outcome(read: () => Promise<ReturnType<typeof xlsxSheetToCsvStreaming>> | ReturnType<typeof xlsxSheetToCsvStreaming>): Promise<Outcome> {
  try {
    const r = await read();
    return r && { csv: new TextDecoder().decode(r.csv), rows: r.rows, sheet: r.sheet, sheets: r.sheets };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** Calls of Node's zlib through the inflater handed to the engine: proof that it was used. */
const calls = { whole: 0, pieces: 0 };
const counted: RawInflater = {
  inflate: (raw, size) => {
    calls.whole++;
    return nodeRawInflater.inflate(raw, size);
  },
  pieces: (raw) => {
    calls.pieces++;
    return nodeRawInflater.pieces(raw);
  },
};

/** The outcome of both readers (the one inflating whole parts, the one inflating a sheet in pieces), with and without Node's zlib. */
async function both(name: string, bytes: Uint8Array): Promise<{ engine: Outcome[]; zlib: Outcome[] }> {
  const read = () => Promise.all([outcome(() => xlsxSheetToCsvStreaming(name, bytes)), outcome(() => xlsxSheetToCsvStreamingAsync(name, bytes))]);
  setRawInflater(undefined);
  const engine = await read();
  setRawInflater(counted);
  const zlib = await read();
  return { engine, zlib };
}

afterEach(() => setRawInflater(undefined));

describe("workbooks inflated by Node's zlib", () => {
  it('every XLSX case of the bad-inputs corpus: the same outcome', async () => {
    const cases = BAD_INPUTS.filter((b) => b.name.endsWith('.xlsx'));
    expect(cases.length).toBeGreaterThan(3);
    calls.whole = 0;
    for (const input of cases) {
      const { engine, zlib } = await both(input.name, input.bytes());
      expect(zlib, input.name).toEqual(engine);
    }
    expect(calls.whole, "some of the corpus' parts are deflated").toBeGreaterThan(0);
  });

  it('a sheet inflated in several pieces: the same CSV', async () => {
    const rows = Array.from({ length: 60_000 }, (_, i) => [`INV${i}`, `Product ${i % 977} with a longer description`, i * 0.25, i % 13]);
    const bytes = new Uint8Array(
      write(utils.book_new(utils.aoa_to_sheet([['Invoice', 'Description', 'Price', 'Qty'], ...rows])), {
        type: 'array',
        bookType: 'xlsx',
        compression: true,
      }) as ArrayBuffer,
    );
    calls.whole = 0;
    calls.pieces = 0;
    const { engine, zlib } = await both('big.xlsx', bytes);
    expect(calls.whole).toBeGreaterThan(0);
    expect(calls.pieces).toBe(1);
    expect(engine[1] && 'rows' in engine[1] ? engine[1].rows : 0).toBe(60_001);
    expect(zlib).toEqual(engine);
  });
});
