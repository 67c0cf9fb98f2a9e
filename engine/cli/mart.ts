/**
 * The data mart's writers for `segment-studio export` (docs/data-mart.md) that need Node: the
 * tables of a run as a DuckDB database file (bytes, which export writes into --out as one set
 * with the manifest) or into PostgreSQL in one transaction. Parquet is the engine's, shared with
 * the app (engine/src/analysis/mart-parquet.ts).
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { martCommentsSql, martCreateSql, martTables, martValuesSql, type MartTable } from '../src/analysis/mart.ts';
import { martBatchRows, martPostgresNames, martPostgresStatements } from '../src/analysis/mart-postgres.ts';
import { ruleRows } from '../src/analysis/outputs.ts';
import { EngineError, ident, literal, type AnalysisRun, type SqlPort } from '../src/index.ts';
import { DUCKDB } from '../src/sql/dialect.ts';
import { openNativeDuckDb } from './native-duckdb.ts';

/** The environment variable holding the PostgreSQL connection string for `--to postgres`. */
export const PG_URL_ENV = 'SEGMENT_STUDIO_PG_URL';

/** A connection string with its password (if any) left out, for messages and the manifest. */
const withoutPassword = (to: string) => to.replace(/\/\/([^@/:]*):[^@/]*@/, '//$1@');

/** `--to postgres://… | postgresql://… | postgres` (the URL then from $SEGMENT_STUDIO_PG_URL): the connection string. */
export function postgresUrl(to: string, env: NodeJS.ProcessEnv = process.env): string {
  if (/^postgres(ql)?:\/\//.test(to)) return to;
  if (to === 'postgres') {
    const url = env[PG_URL_ENV];
    if (!url) throw new EngineError('invalid_argument', `--to postgres takes the connection string from $${PG_URL_ENV}, which is not set`);
    return url;
  }
  throw new EngineError(
    'invalid_argument',
    `--to takes postgres://USER@HOST/DB, or postgres with $${PG_URL_ENV}; got "${withoutPassword(to)}" (files go to --out with --format parquet or duckdb)`,
  );
}

/** Where the tables went, never with a password: postgres://user@host:port/db. */
export function describePostgres(url: string): string {
  const u = new URL(url);
  return `postgres://${u.username ? `${decodeURIComponent(u.username)}@` : ''}${u.host}${u.pathname}`;
}

/** The four tables of a pipeline run (customer ids as they are: the mart is for your own database). */
export function martOfRun(result: AnalysisRun): MartTable[] {
  const b = result.baskets;
  return martTables({
    scored: result.scored,
    fit: result.clusters?.fit ?? null,
    ruleRows: b ? ruleRows(b.rules.rules, b.items) : null,
    recommendationRows: b?.recommendations ?? null,
    nextBest: b?.nextBest ?? null,
  });
}

async function fillDuckDb(sql: SqlPort, t: MartTable, name: string): Promise<void> {
  const per = martBatchRows(t);
  for (let at = 0; at < t.rows.length; at += per) await sql.exec(`INSERT INTO ${name} VALUES ${martValuesSql(t, t.rows.slice(at, at + per), DUCKDB)}`);
}

/** Runs `build` with a private scratch folder, removed afterwards whatever happens. */
async function inScratch<T>(build: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(path.join(tmpdir(), 'segment-studio-mart-'));
  try {
    return await build(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The tables in a DuckDB database file, with the schema as comments, as the file's bytes.
 * Replace: the tables made afresh; append: built on a copy of `previous` (when it exists), rows
 * of the same snapshot date replaced and others kept.
 */
export function martDuckDbFile(tables: readonly MartTable[], options: { snapshot: string; append: boolean; previous?: string }): Promise<Uint8Array> {
  return inScratch(async (dir) => {
    const file = path.join(dir, 'mart.duckdb');
    if (options.append && options.previous !== undefined && existsSync(options.previous)) copyFileSync(options.previous, file);
    const sql = await openNativeDuckDb();
    try {
      await sql.exec(`ATTACH ${literal(file)} AS mart`);
      for (const t of tables) {
        const name = `mart.main.${ident(t.name)}`;
        if (options.append) {
          await sql.exec(martCreateSql(t, name, DUCKDB, true));
          await sql.exec(`DELETE FROM ${name} WHERE snapshot_date = DATE ${literal(options.snapshot)}`);
        } else await sql.exec(martCreateSql(t, name, DUCKDB));
        await fillDuckDb(sql, t, name);
        for (const c of martCommentsSql(t, name)) await sql.exec(c);
      }
      await sql.exec('DETACH mart');
    } finally {
      sql.close();
    }
    return readFileSync(file);
  });
}

/**
 * The tables in PostgreSQL, all in one transaction (nothing changes unless everything is
 * written): the statements of engine/src/analysis/mart-postgres.ts, which the desktop app runs
 * too. The connection string is used, never stored or printed.
 */
export async function writePostgres(tables: readonly MartTable[], url: string, options: MartWriteOptions): Promise<string[]> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    await client.query('BEGIN');
    for (const s of martPostgresStatements(tables, options)) await client.query(s.text, s.values);
    await client.query('COMMIT');
    return martPostgresNames(tables, options.schema);
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && (e as NodeJS.ErrnoException).syscall) throw e;
    throw new EngineError('invalid_argument', `PostgreSQL: ${(e as Error).message}; nothing was written`);
  } finally {
    await client.end();
  }
}

export interface MartWriteOptions {
  /** The run's snapshot date: with `append`, rows of this date are replaced. */
  snapshot: string;
  append: boolean;
  /** PostgreSQL schema for the tables (created if missing); default: the search path's. */
  schema?: string;
}
