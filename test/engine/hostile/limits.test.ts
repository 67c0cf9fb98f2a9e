/**
 * Issue 8, item 6: inputs that cannot fit in WebAssembly memory are refused before anything is
 * allocated, with the limit in the message; a DuckDB out-of-memory error part-way through
 * becomes the same kind of message. Fake sources report huge sizes without holding the bytes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { gzipSync } from 'fflate';
import {
  EngineError,
  MAX_SOURCE_BYTES,
  MAX_TOTAL_TEXT_BYTES,
  MEMORY_PER_TEXT_BYTE,
  openDataset,
  readSources,
  type DataSource,
  type SqlPort,
} from '../../../engine/src/index.ts';
import { MemorySource, openDb } from '../../helpers/engine.ts';
import { goodCsv } from '../../fixtures/make-bad-inputs.ts';

const GiB = 1024 ** 3;

/** A file that claims `size` bytes; reads give the start of a real CSV, then the byte 'x'. */
class HugeSource implements DataSource {
  reads: [number, number][] = [];
  constructor(
    readonly name: string,
    readonly size: number,
    private readonly head = new TextEncoder().encode(goodCsv(3)),
  ) {}
  async read(start: number, end: number): Promise<Uint8Array> {
    this.reads.push([start, end]);
    if (end - start > 1024 * 1024) throw new Error(`test: read of ${end - start} bytes; the engine must not read a huge file whole`);
    const out = new Uint8Array(end - start).fill(0x78);
    if (start < this.head.length) out.set(this.head.subarray(start, Math.min(end, this.head.length)));
    return out;
  }
}

/** A SqlPort that records what is asked of it and fails every call: nothing may reach it. */
function untouchable(): SqlPort & { calls: string[] } {
  const calls: string[] = [];
  const refuse = async (what: string) => {
    calls.push(what);
    throw new Error(`test: ${what} called`);
  };
  return {
    calls,
    exec: (q) => refuse(`exec ${q.slice(0, 30)}`),
    query: (q) => refuse(`query ${q.slice(0, 30)}`),
    registerFile: (a) => refuse(`registerFile ${a}`),
    registerBuffer: (a) => refuse(`registerBuffer ${a}`),
    dropFile: (a) => refuse(`dropFile ${a}`),
  };
}

async function refusal(sql: SqlPort, sources: DataSource[]): Promise<EngineError> {
  const e = await readSources(sql, sources).then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(EngineError);
  return e as EngineError;
}

let db: SqlPort;
beforeAll(async () => {
  db = await openDb();
});

describe('memory limits', () => {
  it('the total limit follows from the memory budget and the measured cost per byte', () => {
    expect(MAX_TOTAL_TEXT_BYTES).toBe(Math.floor((3 * GiB) / MEMORY_PER_TEXT_BYTE));
    expect(MAX_TOTAL_TEXT_BYTES).toBeGreaterThan(450 * 1024 * 1024); // 5M generated lines (430 MB) still load
  });

  it('a host whose DuckDB spills to disk (native, the CLI) is not held to the WebAssembly limits', async () => {
    const sql = { ...untouchable(), spillsToDisk: true };
    const e = await readSources(sql, [new HugeSource('huge.csv', MAX_SOURCE_BYTES + 1)]).catch((x: unknown) => x);
    // Past the size check: the first thing asked of DuckDB is to register the file.
    expect(e).not.toBeInstanceOf(EngineError);
    expect(sql.calls).toEqual(['registerFile src_0.csv']);
  });

  it('one file over the per-file limit is refused by name before anything is read into DuckDB', async () => {
    const sql = untouchable();
    const e = await refusal(sql, [new HugeSource('huge.csv', MAX_SOURCE_BYTES + 1)]);
    expect(e.code).toBe('too_large');
    expect(e.describe()).toMatch(/^huge\.csv: the file is 3\.0 GiB; the limit is 3\.0 GiB per file$/);
    expect(sql.calls).toEqual([]);
  });

  it('a 1 GiB CSV is refused with the memory limit named, reading only its first bytes', async () => {
    const sql = untouchable();
    const source = new HugeSource('year.csv', GiB);
    const e = await refusal(sql, [source]);
    expect(e.code).toBe('too_large');
    expect(e.describe()).toMatch(
      /^year\.csv: the file holds about 1\.0 GiB of text, which needs about 5\.0 GiB of memory once loaded; the limit is 3\.0 GiB of memory, about 614 MiB of CSV text in total/,
    );
    expect(sql.calls).toEqual([]);
    expect(source.reads.every(([a, b]) => b - a <= 8)).toBe(true);
  });

  it('many files each small enough are refused together', async () => {
    const sql = untouchable();
    // Each day its own first line: files alike byte for byte would be copies, read once.
    const days = Array.from({ length: 365 }, (_, i) => new HugeSource(`day-${i}.csv`, 2 * 1024 * 1024, new TextEncoder().encode(`day ${i}\n${goodCsv(3)}`)));
    const e = await refusal(sql, days);
    expect(e.message).toMatch(/^the 365 files hold about 730 MiB of text/);
    expect(e.location).toEqual({});
    expect(sql.calls).toEqual([]);
  });

  it('gzip is estimated by the size in its trailer; an impossible trailer is ignored', async () => {
    const text = new TextEncoder().encode(goodCsv(3));
    const gz = gzipSync(text);
    // Claim 700 MiB uncompressed in the trailer of a 200 MiB file (a plausible 3.5:1 ratio).
    const big = new Uint8Array(gz.length);
    big.set(gz);
    const claimed = 700 * 1024 * 1024;
    class BigGzip extends HugeSource {
      override async read(start: number, end: number): Promise<Uint8Array> {
        if (start >= this.size - 4)
          return Uint8Array.of(claimed & 0xff, (claimed >> 8) & 0xff, (claimed >> 16) & 0xff, (claimed >>> 24) & 0xff).subarray(
            start - (this.size - 4),
            end - (this.size - 4),
          );
        return super.read(start, end);
      }
    }
    const sql = untouchable();
    const e = await refusal(sql, [new BigGzip('year.csv.gz', 200 * 1024 * 1024, big)]);
    expect(e.message).toMatch(/about 700 MiB of text/);
    // A small gzip file is read normally (its trailer holds its true size).
    const ds = await openDataset(db, [new MemorySource('small.csv.gz', gz)]);
    expect(ds.report.rows_read).toBe(3);
    // A 1 KB file cannot hold 700 MiB (deflate expands at most ~1032:1): the trailer is ignored and
    // the file is read, here found corrupt.
    const tiny = await refusal(untouchable(), [new BigGzip('tiny.csv.gz', 1024, big)]);
    expect(tiny.code).toBe('parse');
    expect(tiny.message).toMatch(/not a readable gzip file/);
  });

  it('an out-of-memory error from DuckDB part-way becomes too_large with the limit, naming the file', async () => {
    const failing: SqlPort = {
      ...db,
      exec: async (q) => {
        if (/CREATE TABLE raw/.test(q)) throw new Error('Out of Memory Error: failed to allocate data of size 256.0 MiB (3.0 GiB/3.1 GiB used)');
        return db.exec(q);
      },
    };
    const e = await refusal(failing, [new MemorySource('big.csv', new TextEncoder().encode(goodCsv(3)))]);
    expect(e.code).toBe('too_large');
    expect(e.describe()).toMatch(/^big\.csv: ran out of memory reading the file; the limit is 3\.0 GiB of memory/);
    // The same in building the canonical table.
    const late: SqlPort = {
      ...db,
      exec: async (q) => {
        if (/CREATE OR REPLACE TABLE lines/.test(q)) throw new Error('Out of Memory Error: Allocation failure');
        return db.exec(q);
      },
    };
    const e2 = (await openDataset(late, [new MemorySource('big.csv', new TextEncoder().encode(goodCsv(3)))]).catch((x: unknown) => x)) as EngineError;
    expect(e2).toBeInstanceOf(EngineError);
    expect(e2.describe()).toMatch(/^big\.csv: ran out of memory; the limit is/);
  });

  it('other DuckDB errors are wrapped naming the file; our own bugs are not disguised', async () => {
    // The detection sample's statement (canonical.ts: every n-th line of `raw`).
    const isSample = (q: string) => /FROM raw (WHERE rowid % \d+ )?ORDER BY rowid$/.test(q);
    const binder: SqlPort = {
      ...db,
      query: async (q) => (isSample(q) ? Promise.reject(new Error('Binder Error: something unexpected\nLINE 1: ...')) : db.query(q)),
    };
    const e = (await openDataset(binder, [new MemorySource('odd.csv', new TextEncoder().encode(goodCsv(3)))]).catch((x: unknown) => x)) as EngineError;
    expect(e).toBeInstanceOf(EngineError);
    expect(e.describe()).toBe('odd.csv: the data could not be processed (Binder Error: something unexpected)');
    const bug: SqlPort = { ...db, query: async (q) => (isSample(q) ? Promise.reject(new TypeError('x is undefined')) : db.query(q)) };
    const e2 = await openDataset(bug, [new MemorySource('odd.csv', new TextEncoder().encode(goodCsv(3)))]).catch((x: unknown) => x);
    expect(e2).toBeInstanceOf(TypeError);
  });
});
