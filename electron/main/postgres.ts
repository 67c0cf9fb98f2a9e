/**
 * The desktop app's PostgreSQL writer: the data mart's statements (engine/src/analysis/
 * mart-postgres.ts, the same as `segment-studio mart --to postgres://…`) run with `pg` in one
 * transaction, a connection test, and the form's remembered fields (userData/postgres.json,
 * never the password). Failures come back in words (sign-in, unreachable, missing database,
 * rights, TLS, a value), never as a thrown driver error, and never carry the password.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { martPostgresNames, martPostgresStatements } from '../../engine/src/analysis/mart-postgres.ts';
import type { PgFailure, PgProblem, PgProgress, PgSavedTarget, PgTarget, PgTestResult, PgWriteResult } from '../contract.ts';
import { writeFileAtomic } from './files.ts';
import { validatePgSaved, validatePgTarget, validatePgWrite } from './postgres-validate.ts';

/** How long a connection attempt may take before the host counts as unreachable. */
const CONNECT_TIMEOUT_MS = 10_000;

/** The form's remembered fields in userData (no password). */
export interface PgSavedFile {
  read(): PgSavedTarget | null;
  write(saved: PgSavedTarget): Promise<void>;
}

export function createPgSavedFile(dir: string): PgSavedFile {
  const file = path.join(dir, 'postgres.json');
  return {
    read() {
      try {
        return validatePgSaved(JSON.parse(readFileSync(file, 'utf8')));
      } catch {
        return null;
      }
    },
    async write(saved) {
      await writeFileAtomic(file, new TextEncoder().encode(JSON.stringify(saved, null, 2)));
    },
  };
}

/** Where the mart went, never with the password: postgres://user@host:port/database. */
const describePgTarget = (t: PgTarget): string => `postgres://${t.user}@${t.host.includes(':') ? `[${t.host}]` : t.host}:${t.port}/${t.database}`;

const SOCKET_WORDS: Record<string, string> = {
  ECONNREFUSED: 'nothing accepts connections there: is PostgreSQL running, and is the port right?',
  ENOTFOUND: 'no such host name: check the host',
  EAI_AGAIN: 'the host name could not be looked up: check the host and the network',
  EHOSTUNREACH: 'the host cannot be reached from this network',
  ENETUNREACH: 'the network of that host cannot be reached',
  ETIMEDOUT: 'the host did not answer',
  ECONNRESET: 'the connection was closed by the other side',
};

/** A driver or socket error as a problem kind and a sentence for the form. */
export function describePgError(e: unknown, t: PgTarget): PgFailure {
  const err = e as { code?: unknown; message?: unknown; errors?: { code?: unknown }[] };
  const code = typeof err.code === 'string' ? err.code : typeof err.errors?.[0]?.code === 'string' ? err.errors[0].code : '';
  const raw = typeof err.message === 'string' && err.message ? err.message : String(e);
  const server = `${t.host}:${t.port}`;
  const fail = (problem: PgProblem, message: string): PgFailure => ({ ok: false, problem, message });
  if (code in SOCKET_WORDS) return fail('unreachable', `Cannot reach ${server}: ${SOCKET_WORDS[code]}`);
  if (/timeout/i.test(raw) && !/statement timeout/i.test(raw))
    return fail('unreachable', `Cannot reach ${server}: no answer within ${CONNECT_TIMEOUT_MS / 1000} s (the wrong host, or a firewall?)`);
  if (code === '28P01' || code === '28000')
    return fail('auth', `Sign-in refused: PostgreSQL at ${server} did not accept user "${t.user}" with this password (${raw})`);
  if (code === '3D000') return fail('database', `The database "${t.database}" does not exist on ${server}`);
  if (code === '42501') return fail('permission', `User "${t.user}" is not allowed to do this: ${raw}`);
  if (/SSL|TLS|certificate/i.test(raw) || code.startsWith('ERR_TLS') || /CERT/.test(code))
    return fail('ssl', `Secure connection (SSL) to ${server} failed: ${raw}`);
  if (code.startsWith('22') || code.startsWith('23')) return fail('data', `PostgreSQL refused a value: ${raw}`);
  return fail('other', `PostgreSQL: ${raw}`);
}

function clientFor(t: PgTarget): pg.Client {
  return new pg.Client({
    host: t.host,
    port: t.port,
    database: t.database,
    user: t.user,
    password: t.password,
    ssl: t.ssl ? { rejectUnauthorized: true } : false,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    application_name: 'Segment Studio',
  });
}

/** Whether the user may create the tables in the schema (or create the schema when it is missing). */
const CAN_CREATE_SQL = `SELECT current_setting('server_version') AS version,
  CASE WHEN $1 = '' THEN coalesce(has_schema_privilege(current_schema(), 'CREATE'), false)
       WHEN EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1) THEN has_schema_privilege($1, 'CREATE')
       ELSE has_database_privilege(current_database(), 'CREATE') END AS can_create,
  coalesce(current_schema(), '') AS default_schema`;

export interface PostgresService {
  test(target: unknown): Promise<PgTestResult>;
  /** One write at a time: a second one while one runs is refused ('busy'). */
  write(request: unknown): Promise<PgWriteResult>;
  saved(): Promise<PgSavedTarget | null>;
  progress(): Promise<PgProgress | null>;
  /** Stops the running write before its next statement; it rolls back. */
  cancel(): Promise<void>;
}

/** Thrown between statements when the user stopped the write. */
class Stopped extends Error {}

export function createPostgresService(saved: PgSavedFile): PostgresService {
  const remember = async ({ password: _, ...fields }: PgTarget) => saved.write(fields).catch(() => {});
  let running: (PgProgress & { stop: boolean }) | null = null;
  return {
    async test(v) {
      const t = validatePgTarget(v);
      const client = clientFor(t);
      try {
        await client.connect();
        const r = (await client.query(CAN_CREATE_SQL, [t.schema])).rows[0] as { version: string; can_create: boolean; default_schema: string };
        const schema = t.schema || r.default_schema || '(none)';
        if (!r.can_create) {
          return {
            ok: false,
            problem: 'permission',
            message: `Connected to PostgreSQL ${r.version}, but user "${t.user}" may not create tables in schema "${schema}" of "${t.database}"`,
          };
        }
        await remember(t);
        return { ok: true, server: r.version, message: `Connected to PostgreSQL ${r.version} as "${t.user}"; the tables can be written to schema "${schema}"` };
      } catch (e) {
        return describePgError(e, t);
      } finally {
        await client.end().catch(() => {});
      }
    },

    async write(v) {
      const { target: t, snapshot, tables } = validatePgWrite(v);
      if (running) return { ok: false, problem: 'busy', message: 'A write to PostgreSQL is already running; wait for it or stop it' };
      // Rows of the tables before each one, so progress counts all four tables.
      const before = new Map<string, number>();
      let total = 0;
      for (const x of tables) {
        before.set(x.name, total);
        total += x.rows.length;
      }
      const state = { rows: 0, total, table: tables[0]!.name, stop: false };
      running = state;
      const client = clientFor(t);
      const options = { snapshot, append: t.mode === 'append', ...(t.schema ? { schema: t.schema } : {}) };
      let begun = false;
      try {
        if (state.stop) throw new Stopped();
        await client.connect();
        await client.query('BEGIN');
        begun = true;
        for (const s of martPostgresStatements(tables, options)) {
          if (state.stop) throw new Stopped();
          await client.query(s.text, s.values);
          state.table = s.progress.table;
          state.rows = (before.get(s.progress.table) ?? 0) + s.progress.rows;
        }
        if (state.stop) throw new Stopped();
        await client.query('COMMIT');
        await remember(t);
        const names = martPostgresNames(tables, options.schema);
        return { ok: true, where: describePgTarget(t), tables: tables.map((x, k) => ({ name: names[k]!, rows: x.rows.length })) };
      } catch (e) {
        if (begun) await client.query('ROLLBACK').catch(() => {});
        if (e instanceof Stopped) return { ok: false, problem: 'cancelled', message: 'Nothing was written: the tables are as they were' };
        const f = describePgError(e, t);
        return begun ? { ...f, message: `${f.message}. Nothing was written: the tables are as they were.` } : f;
      } finally {
        running = null;
        await client.end().catch(() => {});
      }
    },

    async progress() {
      return running && { rows: running.rows, total: running.total, table: running.table };
    },

    async cancel() {
      if (running) running.stop = true;
    },

    async saved() {
      return saved.read();
    },
  };
}
