/**
 * The BI data mart written by `segment-studio export` (--format parquet, --format duckdb, --to
 * postgres): an analysis with clusters, baskets and recommendations on generated data. The
 * tables agree with each other (segment sizes counted here, next-best product = rank-1
 * recommendation); the Parquet files read back with hyparquet (an independent reader), the DuckDB
 * file with native DuckDB and the PostgreSQL tables with pg equal the pipeline's tables row for
 * row, and the Parquet files are byte for byte the app's; manifest.json holds each file's SHA-256 (for PostgreSQL the tables and rows, never the
 * password); writes to PostgreSQL are one transaction and --append replaces only the rows of the
 * same snapshot.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MART_TABLES, martSchemaMarkdown, type MartTable, type MartValue } from '../../engine/src/analysis/mart.ts';
import { defaultAnalysis, generateCsv, tableRows } from '../../engine/src/index.ts';
import { parseArgs } from '../../engine/cli/args.ts';
import { MART_DUCKDB_FILE } from '../../engine/cli/export.ts';
import { describePostgres, martDuckDbFile, martOfRun, postgresUrl, writePostgres } from '../../engine/cli/mart.ts';
import { openNativeDuckDb } from '../../engine/cli/native-duckdb.ts';
import { runFromArgs } from '../../engine/cli/run.ts';
import { main } from '../../engine/cli/main.ts';
import { toolVersion } from '../../engine/cli/provenance.ts';
import { martParquetFiles as appParquetFiles } from '../../renderer/engine-client/index.ts';
import { PG_SKIP_REASON, PG_URL, connectPg, freshSchema } from '../helpers/postgres.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'ss-mart-'));
const TODAY = '2026-01-01';
let analysisFile: string;
let tables: MartTable[];
let snapshot: string;

beforeAll(async () => {
  const chunks: string[] = [];
  generateCsv({ rows: 20_000, seed: 11 }, (c) => chunks.push(c));
  writeFileSync(path.join(dir, 'data.csv'), chunks.join(''));
  const a = defaultAnalysis();
  a.sources.paths = ['data.csv'];
  a.clustering = { ...a.clustering, enabled: true, k: 3 };
  a.baskets = { ...a.baskets, enabled: true, minSupport: 0.01, minConfidence: 0.2 };
  a.export = { ...a.export, recommend: 3 };
  analysisFile = path.join(dir, 'analysis.json');
  writeFileSync(analysisFile, JSON.stringify(a));
  // The pipeline's tables, as the engine makes them: what every written copy must equal.
  const sql = await openNativeDuckDb();
  try {
    tables = martOfRun((await runFromArgs(sql, parseArgs(['export', analysisFile, '--today', TODAY]), 'export')).result);
  } finally {
    sql.close();
  }
  snapshot = tables[0]!.rows[0]![0] as string;
}, 120_000);

/** `segment-studio …` in this process: exit code and what it printed. */
async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const [write, writeErr] = [process.stdout.write.bind(process.stdout), process.stderr.write.bind(process.stderr)];
  process.stdout.write = ((chunk: string) => out.push(String(chunk)) > 0) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => err.push(String(chunk)) > 0) as typeof process.stderr.write;
  try {
    const code = await main(argv);
    return { code, out: out.join(''), err: err.join('') };
  } finally {
    process.stdout.write = write;
    process.stderr.write = writeErr;
  }
}

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** manifest.json's outputs are exactly the files in the folder (marker files aside), each with its SHA-256 and size. */
function checkManifest(root: string): Record<string, unknown> {
  const m = JSON.parse(readFileSync(path.join(root, 'manifest.json'), 'utf8'));
  const files = readdirSync(root).filter((n) => !n.startsWith('.') && n !== 'manifest.json');
  expect(m.outputs.map((o: { name: string }) => o.name).sort()).toEqual(files.sort());
  for (const o of m.outputs as { name: string; sha256: string; size: number }[]) {
    expect(o.sha256).toBe(sha(path.join(root, o.name)));
    expect(o.size).toBe(readFileSync(path.join(root, o.name)).length);
  }
  expect(m.sources).toEqual([{ name: 'data.csv', size: readFileSync(path.join(dir, 'data.csv')).length, sha256: sha(path.join(dir, 'data.csv')) }]);
  expect(m.snapshot).toBe(snapshot);
  return m;
}

/** A value read back as the mart holds it: BIGINT as a number, a DATE as YYYY-MM-DD. */
function plain(v: unknown): MartValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'number' || typeof v === 'string') return v;
  throw new Error(`unexpected value ${String(v)}`);
}

/** Rows in a stable order (PostgreSQL does not promise insertion order). */
const sorted = (rows: MartValue[][]) => rows.map((r) => JSON.stringify(r)).sort();

function readBack(t: MartTable, objects: Record<string, unknown>[]): MartValue[][] {
  return objects.map((o) => t.columns.map((c) => plain(c.type === 'integer' && typeof o[c.name] === 'string' ? Number(o[c.name]) : o[c.name])));
}

/** The tables as an earlier month's run would have written them. */
const earlier = () => tables.map((t) => ({ ...t, rows: t.rows.map((r) => ['2000-01-01', ...r.slice(1)]) }));

describe('the mart tables', () => {
  it('hold every customer, segment, rule and recommendation of the run, consistently', () => {
    const [customers, segments, rules, recs] = tables as [MartTable, MartTable, MartTable, MartTable];
    expect(tables.map((t) => t.name)).toEqual(['customer_segmentation', 'segment_summary', 'market_basket_rules', 'recommendations']);
    expect(customers.rows.length).toBeGreaterThan(500);
    expect(rules.rows.length).toBeGreaterThan(0);
    expect(recs.rows.length).toBeGreaterThan(0);
    for (const t of tables) for (const r of t.rows) expect(r[0]).toBe(snapshot);
    const col = (t: MartTable, name: string) => t.columns.findIndex((c) => c.name === name);
    // Segment sizes add up to the customers and match a count over customer_segmentation.
    const bySegment = new Map<string, number>();
    for (const r of customers.rows) bySegment.set(r[col(customers, 'segment')] as string, (bySegment.get(r[col(customers, 'segment')] as string) ?? 0) + 1);
    for (const r of segments.rows) expect(r[col(segments, 'customers')]).toBe(bySegment.get(r[col(segments, 'segment')] as string) ?? 0);
    // Every customer has a cluster 1..3; next_best_product is the rank-1 recommendation.
    for (const r of customers.rows) expect([1, 2, 3]).toContain(r[col(customers, 'cluster')]);
    const first = new Map(recs.rows.filter((r) => r[col(recs, 'rank')] === 1).map((r) => [r[col(recs, 'customer_id')], r[col(recs, 'product_code')]]));
    for (const r of customers.rows) expect(r[col(customers, 'next_best_product')]).toBe(first.get(r[col(customers, 'customer_id')]) ?? null);
    // Types: integers are whole, dates are dates.
    for (const t of tables)
      t.columns.forEach((c, j) => {
        for (const r of t.rows) {
          const v = r[j];
          if (v === null) continue;
          if (c.type === 'integer') expect(Number.isInteger(v)).toBe(true);
          if (c.type === 'double') expect(typeof v).toBe('number');
          if (c.type === 'date') expect(v).toMatch(/^\d{4}-\d{2}-\d{2}$/);
          if (c.type === 'text') expect(typeof v).toBe('string');
        }
      });
  });

  it('the committed schema document starts with the generated schema', () => {
    expect(readFileSync(new URL('../../docs/data-mart.md', import.meta.url), 'utf8').startsWith(martSchemaMarkdown())).toBe(true);
  });

  it('--to: postgres://… as given, postgres from the variable; a password is never shown', () => {
    const url = 'postgres://bi:s3cret@127.0.0.1:5432/warehouse';
    expect(postgresUrl(url)).toBe(url);
    expect(postgresUrl('postgres', { SEGMENT_STUDIO_PG_URL: url })).toBe(url);
    expect(describePostgres(url)).toBe('postgres://bi@127.0.0.1:5432/warehouse');
    expect(() => postgresUrl('postgres', {})).toThrow(/SEGMENT_STUDIO_PG_URL, which is not set/);
    expect(() => postgresUrl('mysql://bi:s3cret@host/db')).toThrow('got "mysql://bi@host/db"');
  });
});

describe('export --format parquet and --format duckdb', () => {
  it('Parquet files read back equal with an independent reader (hyparquet), schema.md beside them, the manifest hashing each', async () => {
    const out = path.join(dir, 'parquet');
    const r = await cli('export', path.join(dir, 'data.csv'), '--analysis', analysisFile, '--out', out, '--format', 'parquet', '--today', TODAY, '--json');
    expect([r.code, r.err]).toEqual([0, '']);
    const printed = JSON.parse(r.out);
    expect(printed.tables).toEqual(tables.map((t) => ({ table: t.name, rows: t.rows.length })));
    expect(printed.files.map((f: string) => path.basename(f))).toEqual([...MART_TABLES.map((t) => `${t.name}.parquet`), 'schema.md', 'manifest.json']);
    for (const t of tables) {
      const bytes = readFileSync(path.join(out, `${t.name}.parquet`));
      const objects = await parquetReadObjects({ file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) });
      expect(Object.keys(objects[0] ?? {})).toEqual(objects.length ? t.columns.map((c) => c.name) : []);
      expect(readBack(t, objects)).toEqual(t.rows);
    }
    expect(readFileSync(path.join(out, 'schema.md'), 'utf8')).toBe(martSchemaMarkdown());
    const m = checkManifest(out);
    // No campaign list was written: no campaign columns, no suppression; no database.
    expect([m.columns, m.suppression, m.database]).toEqual([[], null, undefined]);
    // The app's writer (Export screen, data-mart.zip) gives the same bytes for the same tables.
    for (const f of appParquetFiles(tables, `segment-studio ${toolVersion()}`))
      expect(sha(path.join(out, f.name)), f.name).toBe(createHash('sha256').update(f.content).digest('hex'));
  }, 120_000);

  it('a DuckDB file in --out reads back equal with native DuckDB, with the schema as comments; --append replaces only the same snapshot', async () => {
    const out = path.join(dir, 'duckdb');
    // An earlier month's file, then this month appended twice: the second append replaces the first's rows.
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, MART_DUCKDB_FILE), await martDuckDbFile(earlier(), { snapshot: '2000-01-01', append: false }));
    for (let i = 0; i < 2; i++) {
      const r = await cli('export', analysisFile, '--out', out, '--format', 'duckdb', '--append', '--today', TODAY);
      expect([r.code, r.err]).toEqual([0, '']);
      expect(r.out).toContain(`data mart (append, snapshot ${snapshot})`);
    }
    checkManifest(out);
    const sql = await openNativeDuckDb();
    try {
      await sql.exec(`ATTACH '${path.join(out, MART_DUCKDB_FILE)}' AS m (READ_ONLY)`);
      for (const t of tables) {
        const rows = tableRows(
          await sql.query(`SELECT * REPLACE (strftime(snapshot_date, '%Y-%m-%d') AS snapshot_date) FROM m.${t.name} WHERE snapshot_date = DATE '${snapshot}'`),
        );
        const fixed = rows.map((o) =>
          Object.fromEntries(
            Object.entries(o).map(([k, v]) => [k, t.columns.find((c) => c.name === k)?.type === 'date' && typeof v === 'number' ? new Date(v) : v]),
          ),
        );
        expect(sorted(readBack(t, fixed))).toEqual(sorted(t.rows));
        const counts = tableRows(await sql.query(`SELECT strftime(snapshot_date, '%Y-%m-%d') AS d, count(*) AS n FROM m.${t.name} GROUP BY 1 ORDER BY 1`));
        expect(counts).toEqual(
          t.rows.length
            ? [
                { d: '2000-01-01', n: t.rows.length },
                { d: snapshot, n: t.rows.length },
              ]
            : [],
        );
      }
      const comment = tableRows(await sql.query(`SELECT comment FROM duckdb_tables() WHERE database_name = 'm' AND table_name = 'customer_segmentation'`));
      expect(comment).toEqual([{ comment: MART_TABLES[0]!.about }]);
    } finally {
      sql.close();
    }
    // Without --append the file holds this run alone.
    expect((await cli('export', analysisFile, '--out', out, '--format', 'duckdb', '--today', TODAY)).code).toBe(0);
    const again = await openNativeDuckDb();
    try {
      await again.exec(`ATTACH '${path.join(out, MART_DUCKDB_FILE)}' AS m (READ_ONLY)`);
      expect(tableRows(await again.query('SELECT count(*) AS n FROM m.customer_segmentation'))).toEqual([{ n: tables[0]!.rows.length }]);
    } finally {
      again.close();
    }
    checkManifest(out);
  }, 180_000);
});

describe.skipIf(PG_SKIP_REASON !== undefined)(`export --to postgres${PG_SKIP_REASON ? ` (skipped: ${PG_SKIP_REASON})` : ''}`, () => {
  let client: pg.Client;
  let schema: { name: string; drop: () => Promise<void> };
  beforeAll(async () => {
    client = await connectPg();
    schema = await freshSchema(client, 'ss_mart');
  });
  afterAll(async () => {
    await schema?.drop();
    await client?.end();
  });

  const select = async (t: MartTable, where = '') => readBack(t, (await client.query(`SELECT * FROM ${schema.name}.${t.name} ${where}`)).rows);

  it('writes the four tables (every row read back equal, column types, comments); the manifest lists tables and rows, never the password', async () => {
    const out = path.join(dir, 'pg');
    const r = await cli('export', analysisFile, '--out', out, '--to', PG_URL!, '--schema', schema.name, '--today', TODAY, '--json');
    expect([r.code, r.err]).toEqual([0, '']);
    for (const t of tables) expect(sorted(await select(t))).toEqual(sorted(t.rows));
    const types = (
      await client.query(
        `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'customer_segmentation' ORDER BY ordinal_position`,
        [schema.name],
      )
    ).rows;
    const expected = { text: 'character varying', integer: 'bigint', double: 'double precision', date: 'date' };
    expect(types).toEqual(MART_TABLES[0]!.columns.map((c) => ({ column_name: c.name, data_type: expected[c.type] })));
    const comment = await client.query(`SELECT obj_description($1::regclass, 'pg_class') AS c`, [`${schema.name}.customer_segmentation`]);
    expect(comment.rows[0].c).toBe(MART_TABLES[0]!.about);
    // Only manifest.json in --out: it names the server without the password, the tables and their rows.
    expect(readdirSync(out).filter((n) => !n.startsWith('.'))).toEqual(['manifest.json']);
    const u = new URL(PG_URL!);
    const target = `postgres://${u.username}@${u.host}${u.pathname}`;
    const m = checkManifest(out);
    expect(m.database).toEqual({ target, mode: 'replace', tables: tables.map((t) => ({ name: `${schema.name}.${t.name}`, rows: t.rows.length })) });
    expect(JSON.parse(r.out).to).toBe(target);
    for (const text of [r.out, readFileSync(path.join(out, 'manifest.json'), 'utf8')]) {
      expect(text).not.toContain(`:${u.password}@`);
      expect(text).not.toContain(PG_URL!);
    }
  }, 120_000);

  it('--to postgres takes the URL from $SEGMENT_STUDIO_PG_URL; --append keeps other snapshots and replaces the same one', async () => {
    await writePostgres(earlier(), PG_URL!, { snapshot: '2000-01-01', append: true, schema: schema.name });
    const saved = process.env.SEGMENT_STUDIO_PG_URL;
    process.env.SEGMENT_STUDIO_PG_URL = PG_URL;
    try {
      const out = path.join(dir, 'pg-append');
      const r = await cli('export', analysisFile, '--out', out, '--to', 'postgres', '--schema', schema.name, '--append', '--today', TODAY);
      expect([r.code, r.err]).toEqual([0, '']);
      expect((checkManifest(out).database as { mode: string }).mode).toBe('append');
    } finally {
      if (saved === undefined) delete process.env.SEGMENT_STUDIO_PG_URL;
      else process.env.SEGMENT_STUDIO_PG_URL = saved;
    }
    for (const t of tables) {
      expect(sorted(await select(t, `WHERE snapshot_date = '${snapshot}'`))).toEqual(sorted(t.rows));
      expect((await select(t, `WHERE snapshot_date = '2000-01-01'`)).length).toBe(t.rows.length);
    }
  }, 120_000);

  it('--to with --format parquet writes both; a failed PostgreSQL write changes nothing there and writes no files', async () => {
    const out = path.join(dir, 'pg-and-parquet');
    const r = await cli('export', analysisFile, '--out', out, '--to', PG_URL!, '--schema', `${schema.name}_both`, '--format', 'parquet', '--today', TODAY);
    await client.query(`DROP SCHEMA IF EXISTS ${schema.name}_both CASCADE`);
    expect([r.code, r.err]).toEqual([0, '']);
    const m = checkManifest(out);
    expect((m.outputs as { name: string }[]).map((o) => o.name)).toContain('customer_segmentation.parquet');
    expect((m.database as { tables: unknown[] }).tables).toHaveLength(4);
    // A text where a number belongs, in the last table: the whole transaction rolls back.
    const broken = tables.map((t, k) => (k === 3 ? { ...t, rows: [[snapshot, 'x', 'y', 'not a rank', ...t.rows[0]!.slice(4)]] } : { ...t, rows: [] }));
    await expect(writePostgres(broken as MartTable[], PG_URL!, { snapshot, append: false, schema: schema.name })).rejects.toThrow(
      /PostgreSQL: .*nothing was written/,
    );
    for (const t of tables) expect((await select(t)).length).toBe(2 * t.rows.length);
    // Through the CLI: a server that refuses the login leaves --out unwritten.
    const bad = new URL(PG_URL!);
    bad.password = 'wrong-password';
    const failed = path.join(dir, 'pg-failed');
    const f = await cli('export', analysisFile, '--out', failed, '--to', bad.href, '--today', TODAY);
    expect(f.code).toBe(1);
    expect(f.err).not.toContain('wrong-password');
    expect(existsSync(failed)).toBe(false);
  }, 180_000);
});
