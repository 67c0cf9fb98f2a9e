/**
 * The app's Parquet writer for the data mart (the engine's, engine/src/analysis/mart-parquet.ts,
 * hyparquet-writer, as the app imports it through its engine client): the tables `martTables` builds for a real run (generated data, clusters,
 * baskets, recommendations; and a run without them: NULL clusters, empty rule tables) written
 * by the app's writer and read back by two independent readers — hyparquet and native DuckDB's
 * read_parquet — equal row for row, with the documented types (VARCHAR, BIGINT, DOUBLE, DATE).
 * A property test covers edge values (NULLs, unicode, negatives, dates before 1970, extremes).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNativeDuckDb } from '../../engine/cli/native-duckdb.ts';
import { MART_TABLES, martTables, type MartTable, type MartType, type MartValue } from '../../engine/src/analysis/mart.ts';
import { defaultAnalysis, generateCsv, literal, ruleRows, runAnalysis, tableRows, type SqlPort } from '../../engine/src/index.ts';
import { textSource } from '../helpers/engine.ts';
import { martParquetFiles, martTableParquet } from '../../renderer/engine-client/index.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'ss-mart-parquet-'));
let full: MartTable[];
let bare: MartTable[];
let duck: SqlPort & { close(): void };

/** The mart of the pipeline run on `csv`, with or without clusters, baskets and recommendations (as the CLI's export builds it). */
async function martOf(csv: string, extras: boolean): Promise<MartTable[]> {
  const a = defaultAnalysis();
  a.clustering = { ...a.clustering, enabled: extras, k: 3 };
  a.baskets = { ...a.baskets, enabled: extras, minSupport: 0.01, minConfidence: 0.2 };
  a.export = { ...a.export, recommend: extras ? 3 : 0 };
  const sql = await openNativeDuckDb();
  try {
    const run = await runAnalysis(sql, [textSource('data.csv', csv)], a, { today: '2026-01-01' });
    const b = run.baskets;
    return martTables({
      scored: run.scored,
      fit: run.clusters?.fit ?? null,
      ruleRows: b ? ruleRows(b.rules.rules, b.items) : null,
      recommendationRows: b?.recommendations ?? null,
      nextBest: b?.nextBest ?? null,
    });
  } finally {
    sql.close();
  }
}

beforeAll(async () => {
  const chunks: string[] = [];
  generateCsv({ rows: 12_000, seed: 5 }, (c) => chunks.push(c));
  full = await martOf(chunks.join(''), true);
  bare = await martOf(chunks.join(''), false);
  duck = await openNativeDuckDb();
}, 180_000);

afterAll(() => duck?.close());

const arrayBuffer = (b: Uint8Array) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

/** hyparquet's values as the mart holds them: INT64 comes as bigint, DATE as a Date at UTC midnight. */
function fromHyparquet(v: unknown, type: MartType): MartValue {
  if (v === null || v === undefined) return null;
  if (type === 'integer') {
    expect(typeof v).toBe('bigint');
    return Number(v);
  }
  if (type === 'date') {
    expect(v).toBeInstanceOf(Date);
    return (v as Date).toISOString().slice(0, 10);
  }
  expect(typeof v).toBe(type === 'text' ? 'string' : 'number');
  return v as MartValue;
}

async function readWithHyparquet(t: MartTable, bytes: Uint8Array): Promise<MartValue[][]> {
  const objects = await parquetReadObjects({ file: arrayBuffer(bytes) });
  if (objects.length) expect(Object.keys(objects[0]!)).toEqual(t.columns.map((c) => c.name));
  return objects.map((o) => t.columns.map((c) => fromHyparquet(o[c.name], c.type)));
}

const DUCK_TYPE: Record<MartType, string> = { text: 'VARCHAR', integer: 'BIGINT', double: 'DOUBLE', date: 'DATE' };

/** DuckDB's read_parquet: the column types as DuckDB sees them, and the rows (dates as text, integers checked whole). */
async function readWithDuckDb(t: MartTable, bytes: Uint8Array): Promise<{ types: string[]; rows: MartValue[][] }> {
  const file = path.join(dir, `${t.name}-${Math.random().toString(36).slice(2)}.parquet`);
  writeFileSync(file, bytes);
  const types = tableRows(await duck.query(`DESCRIBE SELECT * FROM read_parquet(${literal(file)})`)).map((r) => `${r.column_name}:${r.column_type}`);
  const select = t.columns.map((c) =>
    c.type === 'date'
      ? `strftime("${c.name}", '%Y-%m-%d') AS "${c.name}"`
      : c.type === 'integer'
        ? `CAST("${c.name}" AS VARCHAR) AS "${c.name}"`
        : `"${c.name}"`,
  );
  const rows = tableRows(await duck.query(`SELECT ${select.join(', ')} FROM read_parquet(${literal(file)})`));
  return {
    types,
    rows: rows.map((o) =>
      t.columns.map((c) => (o[c.name] === null || o[c.name] === undefined ? null : c.type === 'integer' ? Number(o[c.name]) : (o[c.name] as MartValue))),
    ),
  };
}

describe('the app writes the data mart as Parquet (hyparquet-writer)', () => {
  it('the tables of a run with clusters, baskets and recommendations read back equal with hyparquet and with DuckDB, typed as documented', async () => {
    expect(full.map((t) => t.rows.length).every((n) => n > 0)).toBe(true);
    const files = martParquetFiles(full, 'segment-studio test');
    expect(files.map((f) => f.name)).toEqual(MART_TABLES.map((t) => `${t.name}.parquet`));
    for (const [k, t] of full.entries()) {
      const bytes = files[k]!.content;
      expect(await readWithHyparquet(t, bytes)).toEqual(t.rows);
      const d = await readWithDuckDb(t, bytes);
      expect(d.types).toEqual(t.columns.map((c) => `${c.name}:${DUCK_TYPE[c.type]}`));
      expect(d.rows).toEqual(t.rows);
    }
  }, 120_000);

  it('a run without clusters or baskets: NULL clusters and next-best products, empty rule and recommendation tables keep their columns', async () => {
    const [customers, , rules, recs] = bare as [MartTable, MartTable, MartTable, MartTable];
    expect(customers.rows.length).toBeGreaterThan(100);
    expect(rules.rows.length + recs.rows.length).toBe(0);
    for (const t of bare) {
      const bytes = martTableParquet(t, 'segment-studio test');
      expect(await readWithHyparquet(t, bytes)).toEqual(t.rows);
      const d = await readWithDuckDb(t, bytes);
      expect(d.types).toEqual(t.columns.map((c) => `${c.name}:${DUCK_TYPE[c.type]}`));
      expect(d.rows).toEqual(t.rows);
    }
    const cluster = customers.columns.findIndex((c) => c.name === 'cluster');
    expect(customers.rows.every((r) => r[cluster] === null)).toBe(true);
  }, 60_000);

  it('property: any values of the four types round-trip through both readers', async () => {
    const types: MartType[] = ['text', 'integer', 'double', 'date'];
    const value: Record<MartType, fc.Arbitrary<MartValue>> = {
      text: fc.string({ unit: 'grapheme', maxLength: 12 }),
      integer: fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
      double: fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => (Object.is(x, -0) ? 0 : x)),
      date: fc
        .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10)),
    };
    const row = fc.tuple(...types.map((t) => fc.option(value[t], { nil: null })));
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 40 }), async (rows) => {
        const t: MartTable = { name: 'p', about: '', columns: types.map((type) => ({ name: `c_${type}`, type, about: '' })), rows };
        const bytes = martTableParquet(t, 'test');
        expect(await readWithHyparquet(t, bytes)).toEqual(rows);
        expect((await readWithDuckDb(t, bytes)).rows).toEqual(rows);
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it('a value of the wrong kind is refused with the table, column and row', () => {
    const t: MartTable = { name: 'x', about: '', columns: [{ name: 'n', type: 'integer', about: '' }], rows: [[1], [1.5]] };
    expect(() => martTableParquet(t, 'test')).toThrow('data mart: x.n row 2 holds 1.5 where the type is integer');
  });
});
