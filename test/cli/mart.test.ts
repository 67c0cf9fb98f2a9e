/**
 * The BI data mart (`segment-studio mart`): an analysis with clusters, baskets and
 * recommendations on generated data, written to Parquet (read back with hyparquet, an
 * independent reader), to a DuckDB file and to a real PostgreSQL server, and read back equal
 * row for row; the tables agree with each other (segment sizes, next-best product = rank-1
 * recommendation); PostgreSQL writes are one transaction and --append replaces only the rows of
 * the same snapshot.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MART_TABLES, martSchemaMarkdown, type MartTable, type MartValue } from '../../engine/src/analysis/mart.ts';
import { defaultAnalysis, generateCsv, tableRows } from '../../engine/src/index.ts';
import { parseArgs } from '../../engine/cli/args.ts';
import { describeTarget, martFromArgs, parseTarget, writeMart } from '../../engine/cli/mart.ts';
import { openNativeDuckDb } from '../../engine/cli/native-duckdb.ts';
import { main } from '../../engine/cli/main.ts';
import { PG_SKIP_REASON, PG_URL, connectPg, freshSchema } from '../helpers/postgres.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'ss-mart-'));
let tables: MartTable[];
let snapshot: string;

function analysisFile(name: string, snapshotDate: string | null): string {
  const a = defaultAnalysis();
  a.name = name;
  a.sources.paths = ['data.csv'];
  a.snapshot = snapshotDate;
  a.clustering = { ...a.clustering, enabled: true, k: 3 };
  a.baskets = { ...a.baskets, enabled: true, minSupport: 0.01, minConfidence: 0.2 };
  a.export = { ...a.export, recommend: 3 };
  const file = path.join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(a));
  return file;
}

beforeAll(async () => {
  const chunks: string[] = [];
  generateCsv({ rows: 20_000, seed: 11 }, (c) => chunks.push(c));
  writeFileSync(path.join(dir, 'data.csv'), chunks.join(''));
  ({ tables, snapshot } = await martFromArgs(parseArgs(['mart', analysisFile('monthly', null), '--today', '2026-01-01'])));
}, 120_000);

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

  it('the committed schema document is the generated one', () => {
    expect(readFileSync(new URL('../../docs/data-mart.md', import.meta.url), 'utf8')).toBe(martSchemaMarkdown());
  });

  it('targets: parquet:, duckdb:, postgres://, postgres with the variable; a password is never shown', () => {
    expect(parseTarget('parquet:out/mart')).toEqual({ kind: 'parquet', dir: path.resolve('out/mart') });
    expect(parseTarget('duckdb:mart.duckdb')).toEqual({ kind: 'duckdb', file: path.resolve('mart.duckdb') });
    const url = 'postgres://bi:s3cret@127.0.0.1:5432/warehouse';
    expect(parseTarget('postgres', { SEGMENT_STUDIO_PG_URL: url })).toEqual({ kind: 'postgres', url });
    expect(describeTarget(parseTarget(url))).toBe('postgres://bi@127.0.0.1:5432/warehouse');
    expect(() => parseTarget('postgres', {})).toThrow(/SEGMENT_STUDIO_PG_URL/);
    expect(() => parseTarget('mysql://bi:s3cret@host/db')).toThrow(/^(?!.*s3cret)/);
  });
});

describe('Parquet and DuckDB file', () => {
  it('Parquet files read back equal with an independent reader (hyparquet), with schema.md beside them', async () => {
    const out = path.join(dir, 'parquet');
    const written = await writeMart(tables, parseTarget(`parquet:${out}`), { snapshot, append: false });
    expect(written.map((f) => path.basename(f))).toEqual([...MART_TABLES.map((t) => `${t.name}.parquet`), 'schema.md']);
    for (const t of tables) {
      const bytes = readFileSync(path.join(out, `${t.name}.parquet`));
      const objects = await parquetReadObjects({ file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) });
      expect(Object.keys(objects[0] ?? {})).toEqual(objects.length ? t.columns.map((c) => c.name) : []);
      expect(readBack(t, objects)).toEqual(t.rows);
    }
    expect(readFileSync(path.join(out, 'schema.md'), 'utf8')).toBe(martSchemaMarkdown());
  }, 60_000);

  it('a DuckDB file reads back equal, with the schema as comments; --append replaces only the same snapshot', async () => {
    const file = path.join(dir, 'mart.duckdb');
    await writeMart(tables, parseTarget(`duckdb:${file}`), { snapshot, append: false });
    const earlier = tables.map((t) => ({ ...t, rows: t.rows.map((r) => ['2000-01-01', ...r.slice(1)]) }));
    await writeMart(earlier, parseTarget(`duckdb:${file}`), { snapshot: '2000-01-01', append: true });
    await writeMart(tables, parseTarget(`duckdb:${file}`), { snapshot, append: true });
    const sql = await openNativeDuckDb();
    try {
      await sql.exec(`ATTACH '${file}' AS m (READ_ONLY)`);
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
  }, 60_000);
});

describe.skipIf(PG_SKIP_REASON !== undefined)(`PostgreSQL${PG_SKIP_REASON ? ` (skipped: ${PG_SKIP_REASON})` : ''}`, () => {
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

  it('writes the four tables, reads back every row equal, with column types and comments', async () => {
    const written = await writeMart(tables, parseTarget(PG_URL!), { snapshot, append: false, schema: schema.name });
    expect(written).toEqual(MART_TABLES.map((t) => `"${schema.name}"."${t.name}"`));
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
  }, 60_000);

  it('segment-studio mart --to postgres: the connection string from the environment, never printed', async () => {
    const out: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => out.push(String(chunk)) > 0) as typeof process.stdout.write;
    try {
      const code = await main(['mart', analysisFile('cli', null), '--to', 'postgres', '--schema', `${schema.name}_cli`, '--today', '2026-01-01', '--json']);
      expect(code).toBe(0);
    } finally {
      process.stdout.write = write;
      await client.query(`DROP SCHEMA IF EXISTS ${schema.name}_cli CASCADE`).catch(() => {});
    }
    const printed = out.join('');
    const result = JSON.parse(printed);
    expect(result.to).toBe(`postgres://${new URL(PG_URL!).username}@${new URL(PG_URL!).host}${new URL(PG_URL!).pathname}`);
    expect(result.tables.map((t: { rows: number }) => t.rows)).toEqual(tables.map((t) => t.rows.length));
    expect(printed).not.toContain(`:${new URL(PG_URL!).password}@`);
    expect(printed).not.toContain(PG_URL!);
  }, 120_000);

  it('--append keeps other snapshots and replaces the same one; a failed write changes nothing', async () => {
    const earlier = tables.map((t) => ({ ...t, rows: t.rows.map((r) => ['2000-01-01', ...r.slice(1)]) }));
    await writeMart(earlier, parseTarget(PG_URL!), { snapshot: '2000-01-01', append: true, schema: schema.name });
    await writeMart(tables, parseTarget(PG_URL!), { snapshot, append: true, schema: schema.name });
    for (const t of tables) {
      expect(sorted(await select(t, `WHERE snapshot_date = '${snapshot}'`))).toEqual(sorted(t.rows));
      expect((await select(t, `WHERE snapshot_date = '2000-01-01'`)).length).toBe(t.rows.length);
    }
    // A text where a number belongs, in the last table: the whole transaction rolls back.
    const broken = tables.map((t, k) => (k === 3 ? { ...t, rows: [[snapshot, 'x', 'y', 'not a rank', ...t.rows[0]!.slice(4)]] } : { ...t, rows: [] }));
    await expect(writeMart(broken as MartTable[], parseTarget(PG_URL!), { snapshot, append: false, schema: schema.name })).rejects.toThrow(
      /PostgreSQL: .*nothing was written/,
    );
    for (const t of tables) expect((await select(t)).length).toBe(2 * t.rows.length);
  }, 60_000);
});
