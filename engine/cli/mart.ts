import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { martCommentsSql, martCreateSql, martSchemaMarkdown, martTables, martValuesSql, type MartTable } from '../src/analysis/mart.ts';
import { martBatchRows, martPostgresNames, martPostgresStatements } from '../src/analysis/mart-postgres.ts';
import { ruleRows } from '../src/analysis/outputs.ts';
import { EngineError, ident, literal, type SqlPort } from '../src/index.ts';
import { DUCKDB } from '../src/sql/dialect.ts';
import { flag, type ParsedArgs } from './args.ts';
import { openNativeDuckDb } from './native-duckdb.ts';
import { runFromArgs } from './run.ts';
import { writeFileAtomic } from './write-file.ts';

/** The environment variable holding the PostgreSQL connection string for `--to postgres`. */
export const PG_URL_ENV = 'SEGMENT_STUDIO_PG_URL';

export type MartTarget = { kind: 'parquet'; dir: string } | { kind: 'duckdb'; file: string } | { kind: 'postgres'; url: string };

/** `--to parquet:DIR | duckdb:FILE | postgres://… | postgres` (the URL then from $SEGMENT_STUDIO_PG_URL). */
export function parseTarget(to: string | undefined, env: NodeJS.ProcessEnv = process.env): MartTarget {
  const usage = 'mart needs --to parquet:DIR, duckdb:FILE, postgres://USER@HOST/DB or postgres (with $SEGMENT_STUDIO_PG_URL)';
  if (to === undefined) throw new EngineError('invalid_argument', usage);
  if (/^postgres(ql)?:\/\//.test(to)) return { kind: 'postgres', url: to };
  if (to === 'postgres') {
    const url = env[PG_URL_ENV];
    if (!url) throw new EngineError('invalid_argument', `--to postgres takes the connection string from $${PG_URL_ENV}, which is not set`);
    return { kind: 'postgres', url };
  }
  const m = /^(parquet|duckdb):(.+)$/.exec(to);
  if (!m) throw new EngineError('invalid_argument', `${usage}; got "${to.replace(/\/\/[^@/]*@/, '//…@')}"`);
  return m[1] === 'parquet' ? { kind: 'parquet', dir: path.resolve(m[2]!) } : { kind: 'duckdb', file: path.resolve(m[2]!) };
}

/** Where the mart went, never with a password: postgres://user@host:port/db. */
export function describeTarget(t: MartTarget): string {
  if (t.kind === 'parquet') return `parquet:${t.dir}`;
  if (t.kind === 'duckdb') return `duckdb:${t.file}`;
  const u = new URL(t.url);
  return `postgres://${u.username ? `${decodeURIComponent(u.username)}@` : ''}${u.host}${u.pathname}`;
}

async function fillDuckDb(sql: SqlPort, t: MartTable, name: string): Promise<void> {
  const per = martBatchRows(t);
  for (let at = 0; at < t.rows.length; at += per) await sql.exec(`INSERT INTO ${name} VALUES ${martValuesSql(t, t.rows.slice(at, at + per), DUCKDB)}`);
}

/** One Parquet file per table (DuckDB's COPY, snappy), each written beside and renamed into place, and schema.md. */
export async function writeParquet(tables: readonly MartTable[], dir: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const sql = await openNativeDuckDb();
  try {
    const written: string[] = [];
    for (const t of tables) {
      await sql.exec(martCreateSql(t, ident(t.name), DUCKDB));
      await fillDuckDb(sql, t, ident(t.name));
      const target = path.join(dir, `${t.name}.parquet`);
      const tmp = path.join(dir, `.${t.name}.parquet.${process.pid}.tmp`);
      try {
        await sql.exec(`COPY ${ident(t.name)} TO ${literal(tmp)} (FORMAT PARQUET)`);
        renameSync(tmp, target);
      } finally {
        rmSync(tmp, { force: true });
      }
      written.push(target);
    }
    const schema = path.join(dir, 'schema.md');
    writeFileAtomic(schema, martSchemaMarkdown());
    return [...written, schema];
  } finally {
    sql.close();
  }
}

/**
 * The tables in a DuckDB database file, with the schema as comments. Built in a copy beside the
 * file and renamed over it, so a failure leaves the previous file. Replace: the tables are made
 * afresh; append: rows of the same snapshot date are replaced, others kept.
 */
export async function writeDuckDbFile(tables: readonly MartTable[], file: string, snapshot: string, append: boolean): Promise<string[]> {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  rmSync(tmp, { force: true });
  if (append && existsSync(file)) copyFileSync(file, tmp);
  const sql = await openNativeDuckDb();
  try {
    await sql.exec(`ATTACH ${literal(tmp)} AS mart`);
    for (const t of tables) {
      const name = `mart.main.${ident(t.name)}`;
      if (append) {
        await sql.exec(martCreateSql(t, name, DUCKDB, true));
        await sql.exec(`DELETE FROM ${name} WHERE snapshot_date = DATE ${literal(snapshot)}`);
      } else {
        await sql.exec(`DROP TABLE IF EXISTS ${name}`);
        await sql.exec(martCreateSql(t, name, DUCKDB));
      }
      await fillDuckDb(sql, t, name);
      for (const c of martCommentsSql(t, name)) await sql.exec(c);
    }
    await sql.exec('DETACH mart');
    renameSync(tmp, file);
    return [file];
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  } finally {
    sql.close();
    rmSync(`${tmp}.wal`, { force: true });
  }
}

/**
 * The tables in PostgreSQL, all in one transaction (nothing changes unless everything is
 * written): the statements of engine/src/analysis/mart-postgres.ts, which the desktop app runs
 * too. The connection string is used, never stored or printed.
 */
export async function writePostgres(tables: readonly MartTable[], url: string, options: MartWriteOptions): Promise<string[]> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
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

/** Writes the tables to the target; returns the files or tables written. */
export function writeMart(tables: readonly MartTable[], target: MartTarget, options: MartWriteOptions): Promise<string[]> {
  if (target.kind === 'parquet') {
    if (options.append)
      throw new EngineError('invalid_argument', "--append is for duckdb: and postgres targets; write each month's Parquet files to a folder of its own");
    return writeParquet(tables, target.dir);
  }
  if (target.kind === 'duckdb') return writeDuckDbFile(tables, target.file, options.snapshot, options.append);
  return writePostgres(tables, target.url, options);
}

/** The analysis file (and the files after it) run as `run` runs it, as the mart's tables. */
export async function martFromArgs(args: ParsedArgs): Promise<{ tables: MartTable[]; snapshot: string }> {
  if (flag(args, 'pseudonymise') !== undefined) {
    throw new EngineError('invalid_argument', 'mart writes customer ids as they are, for your own database; --pseudonymise is for files you share');
  }
  const sql = await openNativeDuckDb();
  try {
    const { result } = await runFromArgs(sql, args, 'mart');
    const b = result.baskets;
    const tables = martTables({
      scored: result.scored,
      fit: result.clusters?.fit ?? null,
      ruleRows: b ? ruleRows(b.rules.rules, b.items) : null,
      recommendationRows: b?.recommendations ?? null,
      nextBest: b?.nextBest ?? null,
    });
    return { tables, snapshot: result.scored.rfm.snapshot };
  } finally {
    sql.close();
  }
}

/**
 * `mart ANALYSIS.json [FILE|FOLDER ...] --to TARGET [--append] [--schema NAME]`: runs the
 * analysis as `run` does and writes the data mart (customer_segmentation, segment_summary,
 * market_basket_rules, recommendations) to Parquet files, a DuckDB file or PostgreSQL.
 */
export async function martCommand(args: ParsedArgs): Promise<Record<string, unknown>> {
  const target = parseTarget(flag(args, 'to'));
  const schema = flag(args, 'schema');
  const append = flag(args, 'append') === 'true';
  const { tables, snapshot } = await martFromArgs(args);
  const written = await writeMart(tables, target, { snapshot, append, ...(schema !== undefined ? { schema } : {}) });
  return {
    snapshot,
    to: describeTarget(target),
    mode: append ? 'append' : 'replace',
    tables: tables.map((t) => ({ table: t.name, rows: t.rows.length })),
    written,
  };
}

export function martText(r: Record<string, unknown>): string {
  const tables = r.tables as { table: string; rows: number }[];
  return [`data mart (${r.mode}, snapshot ${r.snapshot}) -> ${r.to}`, ...tables.map((t) => `  ${t.table}: ${t.rows.toLocaleString('en')} rows`)].join('\n');
}
