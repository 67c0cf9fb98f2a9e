/**
 * The data mart's PostgreSQL write as a list of statements, so every host (the CLI's
 * `mart --to postgres://…`, the desktop app's main process) runs the same SQL through its own
 * driver between BEGIN and COMMIT: one transaction, nothing changes unless everything is written.
 * Replace: DROP and CREATE; append: CREATE IF NOT EXISTS and the rows of the same snapshot
 * replaced. Values travel as parameters, the schema as table and column comments.
 */
import { POSTGRES } from '../sql/dialect.ts';
import { EngineError } from '../errors.ts';
import { ident, literal } from '../sql/quote.ts';
import { martCommentsSql, martCreateSql, type MartTable, type MartValue } from './mart.ts';

export interface MartPostgresOptions {
  /** The run's snapshot date: with `append`, rows of this date are replaced. */
  snapshot: string;
  append: boolean;
  /** Schema for the tables (created if missing); default: the search path's. */
  schema?: string;
}

/** One statement with its parameters ($1…), and how far the write is once it has run. */
export interface MartStatement {
  text: string;
  values?: MartValue[];
  /** The table being written and its rows written so far (after this statement). */
  progress: { table: string; rows: number };
}

/** Rows per INSERT: keeps statements (and PostgreSQL's 65,535 parameters) bounded. */
export const martBatchRows = (t: { columns: readonly unknown[] }): number => Math.max(1, Math.floor(30_000 / t.columns.length));

/** The tables' names as written: schema-qualified and quoted. */
export function martPostgresNames(tables: readonly MartTable[], schema?: string): string[] {
  return tables.map((t) => (schema ? `${ident(schema)}.${ident(t.name)}` : ident(t.name)));
}

/**
 * CREATE SCHEMA only when it is missing: PostgreSQL checks the right to create schemas even for
 * CREATE SCHEMA IF NOT EXISTS, and a writer is often given an existing schema and nothing more.
 */
function createSchemaIfMissing(schema: string): string {
  if (schema.includes('$ss$')) throw new EngineError('invalid_argument', `schema name "${schema}" may not contain $ss$`);
  return `DO $ss$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = ${literal(schema)}) THEN CREATE SCHEMA ${ident(schema)}; END IF; END $ss$`;
}

/** The statements of one write, in order, to run inside one transaction. Lazy: INSERT batches are built as they are run. */
export function* martPostgresStatements(tables: readonly MartTable[], options: MartPostgresOptions): Generator<MartStatement> {
  const names = martPostgresNames(tables, options.schema);
  if (options.schema) yield { text: createSchemaIfMissing(options.schema), progress: { table: tables[0]?.name ?? '', rows: 0 } };
  for (const [k, t] of tables.entries()) {
    const name = names[k]!;
    const at0 = { table: t.name, rows: 0 };
    if (options.append) {
      yield { text: martCreateSql(t, name, POSTGRES, true), progress: at0 };
      yield { text: `DELETE FROM ${name} WHERE snapshot_date = $1`, values: [options.snapshot], progress: at0 };
    } else {
      yield { text: `DROP TABLE IF EXISTS ${name}`, progress: at0 };
      yield { text: martCreateSql(t, name, POSTGRES), progress: at0 };
    }
    const per = martBatchRows(t);
    const n = t.columns.length;
    for (let at = 0; at < t.rows.length; at += per) {
      const batch = t.rows.slice(at, at + per);
      const values = batch.map((_, i) => `(${t.columns.map((_, j) => `$${i * n + j + 1}`).join(', ')})`);
      yield { text: `INSERT INTO ${name} VALUES ${values.join(', ')}`, values: batch.flat(), progress: { table: t.name, rows: at + batch.length } };
    }
    const done = { table: t.name, rows: t.rows.length };
    for (const c of martCommentsSql(t, name)) yield { text: c, progress: done };
  }
}
