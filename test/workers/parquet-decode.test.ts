/**
 * The app's Parquet input (workers/handlers/parquet-decode.ts, hyparquet in the analytics
 * worker): Parquet files written by native DuckDB (COPY ... (FORMAT PARQUET), several codecs,
 * the column types a transactions export carries) decode to a CSV whose every cell is the text
 * native DuckDB's CAST(column AS VARCHAR) gives — the CLI's reading — compared cell by cell,
 * NULLs included, by reading the CSV back with DuckDB's read_csv. Unreadable codecs and
 * damaged files are refused with the file's name.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNativeDuckDb } from '../../engine/cli/native-duckdb.ts';
import { NodeFileSource } from '../../engine/cli/node-duckdb.ts';
import { defaultAnalysis, generateCsv, literal, runAnalysis, tableRows, type AnalysisRun, type DataSource, type SqlPort } from '../../engine/src/index.ts';
import { parquetToCsv } from '../../workers/handlers/parquet-decode.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'ss-parquet-decode-'));
let duck: SqlPort & { close(): void };

beforeAll(async () => {
  duck = await openNativeDuckDb();
  await duck.exec("SET TimeZone = 'UTC'");
  // Every type a transactions export may carry, with the awkward values of each.
  await duck.exec(`CREATE TABLE t AS SELECT * FROM (VALUES
    ('536365', 'A,B "quoted"', 6::BIGINT, 6::INTEGER, 2.55::DOUBLE, 2.5::FLOAT, 3.10::DECIMAL(10,2), DATE '2010-12-01', TIMESTAMP '2010-12-01 08:26:00', TIMESTAMP '2010-12-01 08:26:00.25', true, 17850::BIGINT),
    ('C536379', ' padded ', -1::BIGINT, -1::INTEGER, 1234.0::DOUBLE, 0.1::FLOAT, -0.05::DECIMAL(10,2), DATE '1969-07-20', TIMESTAMP '1969-07-20 20:17:40', TIMESTAMP '2011-01-01 00:00:00.123456', false, NULL),
    ('536370', 'line
break, ünïcødé €', 0::BIGINT, 0::INTEGER, 0.1::DOUBLE, 1e10::FLOAT, 0::DECIMAL(10,2), DATE '2000-02-29', TIMESTAMP '2000-02-29 23:59:59', NULL, NULL, 12583::BIGINT),
    (NULL, '', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
    ('536371', 'x', 9007199254740993::BIGINT, 2147483647::INTEGER, 1e-3::DOUBLE, -3.75::FLOAT, 99999999.99::DECIMAL(10,2), DATE '2099-12-31', TIMESTAMP '2011-12-09 12:50:00', TIMESTAMP '1999-12-31 23:59:59.9', true, 1::BIGINT)
  ) AS v(invoice, description, quantity, qty32, price, weight, amount, day, placed, placed_fraction, flag, customer)`);
}, 60_000);

afterAll(() => duck?.close());

async function writeParquet(codec: string): Promise<string> {
  const file = path.join(dir, `t-${codec}.parquet`);
  await duck.exec(`COPY t TO ${literal(file)} (FORMAT PARQUET, COMPRESSION ${codec})`);
  return file;
}

const arrayBuffer = (b: Buffer) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

describe('Parquet decoded in the app equals native DuckDB read as text', () => {
  for (const codec of ['SNAPPY', 'GZIP', 'UNCOMPRESSED']) {
    it(`${codec}: every cell as DuckDB's CAST(... AS VARCHAR)`, async () => {
      const file = await writeParquet(codec);
      const progress: number[] = [];
      const decoded = await parquetToCsv('t.parquet', arrayBuffer(readFileSync(file)), { onProgress: (f) => progress.push(f) });
      const names = tableRows(await duck.query(`SELECT column_name AS c FROM (DESCRIBE SELECT * FROM read_parquet(${literal(file)}))`)).map((r) => String(r.c));
      expect(decoded.columns).toEqual(names);
      expect(decoded.rows).toBe(5);
      expect(progress.at(-1)).toBe(1);
      const expected = tableRows(
        await duck.query(`SELECT ${names.map((n) => `CAST("${n}" AS VARCHAR) AS "${n}"`).join(', ')} FROM read_parquet(${literal(file)})`),
      );
      const csv = path.join(dir, `t-${codec}.csv`);
      writeFileSync(csv, decoded.csv);
      // The engine's own read of a CSV: every column VARCHAR under the names given.
      const got = tableRows(
        await duck.query(`SELECT * FROM read_csv(${literal(csv)}, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')`),
      );
      // A quoted empty field and NULL both come back NULL from read_csv (as for any CSV the app reads).
      const asRead = expected.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === '' ? null : v])));
      expect(got).toEqual(asRead);
      // Spot checks of DuckDB's text forms, so the comparison is not vacuous.
      expect(expected[0]).toMatchObject({
        price: '2.55',
        amount: '3.10',
        day: '2010-12-01',
        placed: '2010-12-01 08:26:00',
        placed_fraction: '2010-12-01 08:26:00.25',
        flag: 'true',
      });
      expect(expected[1]).toMatchObject({ price: '1234.0', description: ' padded ' });
      expect(expected[4]).toMatchObject({ quantity: '9007199254740993', price: '0.001' });
    }, 60_000);
  }

  it('a ZSTD file is refused naming the file and the codec; a damaged file naming the file', async () => {
    const file = await writeParquet('ZSTD');
    await expect(parquetToCsv('orders.parquet', arrayBuffer(readFileSync(file)))).rejects.toThrow(/^orders\.parquet: its pages are compressed with ZSTD/);
    const damaged = readFileSync(await writeParquet('SNAPPY')).subarray(0, 200);
    await expect(parquetToCsv('cut.parquet', arrayBuffer(Buffer.from(damaged)))).rejects.toThrow(/^cut\.parquet: not a readable Parquet file/);
  }, 60_000);
});

/** A native DuckDB port that, like the app's, has no read_parquet of its own: Parquet goes through the app's decoder. */
function decodingPort(port: SqlPort): SqlPort {
  return {
    exec: (q, o) => port.exec(q, o),
    query: (q, o) => port.query(q, o),
    registerFile: (a, s) => port.registerFile(a, s),
    registerBuffer: (a, b) => port.registerBuffer(a, b),
    dropFile: (a) => port.dropFile(a),
    async parquetToCsv(alias: string, source: DataSource) {
      const bytes = await source.read(0, source.size);
      const decoded = await parquetToCsv(source.name, bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
      await port.registerBuffer(alias, decoded.csv);
      return decoded.columns;
    },
  };
}

describe('the pipeline on a Parquet file read through the decoder', () => {
  it('gives the segments, customers, clusters and rules of the same data read natively, as CSV and as Parquet', async () => {
    const chunks: string[] = [];
    generateCsv({ rows: 15_000, seed: 21 }, (c) => chunks.push(c));
    const csv = path.join(dir, 'orders.csv');
    writeFileSync(csv, chunks.join(''));
    const parquet = path.join(dir, 'orders.parquet');
    // Typed columns, as a warehouse export would have them (DuckDB's own reading of the CSV).
    await duck.exec(`COPY (SELECT * FROM read_csv(${literal(csv)})) TO ${literal(parquet)} (FORMAT PARQUET)`);
    const types = tableRows(await duck.query(`SELECT column_type AS t FROM (DESCRIBE SELECT * FROM read_parquet(${literal(parquet)}))`)).map((r) =>
      String(r.t),
    );
    expect(types).toContain('TIMESTAMP');
    expect(types).toContain('DOUBLE');
    const a = defaultAnalysis();
    const run = async (file: string, decode: boolean): Promise<AnalysisRun> => {
      const sql = await openNativeDuckDb();
      try {
        return await runAnalysis(decode ? decodingPort(sql) : sql, [new NodeFileSource(file)], a, { today: '2026-01-01' });
      } finally {
        sql.close();
      }
    };
    const fromCsv = await run(csv, false);
    const native = await run(parquet, false);
    const decoded = await run(parquet, true);
    expect(decoded.dataset.sources[0]!.kind).toBe('parquet');
    const outputs = (r: AnalysisRun) => Object.fromEntries(r.files.map((f) => [f.name, f.text]));
    expect(outputs(decoded)).toEqual(outputs(native));
    expect(outputs(decoded)['customers.csv']).toBe(outputs(fromCsv)['customers.csv']);
    expect(outputs(decoded)['segments.csv']).toBe(outputs(fromCsv)['segments.csv']);
    expect(decoded.dataset.report.rows_kept).toBe(fromCsv.dataset.report.rows_kept);
    expect(decoded.scored.rfm.customerIds.length).toBeGreaterThan(500);
  }, 180_000);
});
