/**
 * The desktop app's PostgreSQL writer (electron/main/postgres.ts, postgres-validate.ts): the
 * renderer's payload is validated against the engine's mart schema; against a real PostgreSQL
 * server the four tables of a pipeline run are written in one transaction and read back equal,
 * row for row, to `martTables`; append adds a second snapshot; a write that fails after the
 * first tables were replaced leaves the previous tables as they were; sign-in, reachability,
 * database and permission failures come back in words; the password is never logged or stored.
 * PostgreSQL parts skip, saying why, only without SEGMENT_STUDIO_PG_URL.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PgTarget } from '../../electron/contract.ts';
import { createIpcHandlers } from '../../electron/main/ipc.ts';
import { PathGrants } from '../../electron/main/grants.ts';
import { createPgSavedFile, createPostgresService, describePgError, type PostgresService } from '../../electron/main/postgres.ts';
import { MAX_MART_ROWS, MAX_TEXT_CHARS, validatePgSaved, validatePgTarget, validatePgWrite } from '../../electron/main/postgres-validate.ts';
import { IpcValidationError } from '../../electron/main/validate.ts';
import { openNativeDuckDb } from '../../engine/cli/native-duckdb.ts';
import { MART_TABLES, martTables, type MartTable, type MartValue } from '../../engine/src/analysis/mart.ts';
import { defaultAnalysis, generateCsv, ruleRows, runAnalysis } from '../../engine/src/index.ts';
import { textSource } from '../helpers/engine.ts';
import { PG_SKIP_REASON, PG_URL, connectPg, freshSchema } from '../helpers/postgres.ts';

let tables: MartTable[];
let snapshot: string;

beforeAll(async () => {
  const chunks: string[] = [];
  generateCsv({ rows: 12_000, seed: 23 }, (c) => chunks.push(c));
  const a = defaultAnalysis();
  a.clustering = { ...a.clustering, enabled: true, k: 3 };
  a.baskets = { ...a.baskets, enabled: true, minSupport: 0.01, minConfidence: 0.2 };
  a.export = { ...a.export, recommend: 3 };
  const sql = await openNativeDuckDb();
  try {
    const run = await runAnalysis(sql, [textSource('data.csv', chunks.join(''))], a, { today: '2026-01-01' });
    const b = run.baskets!;
    tables = martTables({
      scored: run.scored,
      fit: run.clusters?.fit ?? null,
      ruleRows: ruleRows(b.rules.rules, b.items),
      recommendationRows: b.recommendations,
      nextBest: b.nextBest,
    });
    snapshot = run.scored.rfm.snapshot;
  } finally {
    sql.close();
  }
}, 180_000);

const PASSWORD = 'pw-never-in-a-log-7f3a';
const target = (over: Partial<PgTarget> = {}): PgTarget => ({
  host: '127.0.0.1',
  port: 5432,
  database: 'bi',
  user: 'writer',
  password: PASSWORD,
  schema: 'mart',
  mode: 'replace',
  ...over,
});
/** The renderer's payload: names and rows only (structured clone drops nothing else). */
const payload = (t: PgTarget, ts: readonly MartTable[] = tables, snap = snapshot) => ({
  target: t,
  snapshot: snap,
  tables: ts.map((x) => ({ name: x.name, rows: x.rows })),
});
const refused = (f: () => unknown, message: RegExp) => {
  expect(f).toThrow(IpcValidationError);
  expect(f).toThrow(message);
  try {
    f();
  } catch (e) {
    expect((e as Error).message).not.toContain(PASSWORD);
  }
};

describe('validation of what the renderer sends', () => {
  it('the target: exactly the contract fields, bounded names, a port, a mode', () => {
    expect(validatePgTarget(target({ ssl: true }))).toEqual(target({ ssl: true }));
    expect(validatePgTarget(target({ schema: '' })).schema).toBe('');
    refused(() => validatePgTarget(null), /expected \{ host/);
    refused(() => validatePgTarget({ ...target(), url: 'postgres://x' }), /unexpected field url/);
    refused(() => validatePgTarget(target({ host: 'db.example.com; rm -rf' })), /host/);
    refused(() => validatePgTarget(target({ host: '' })), /host/);
    for (const port of [0, 65536, 5432.5, '5432'] as unknown[]) refused(() => validatePgTarget({ ...target(), port }), /port must be a whole number/);
    refused(() => validatePgTarget(target({ database: '' })), /database must be 1 to 63 bytes/);
    refused(() => validatePgTarget(target({ user: 'u'.repeat(64) })), /user must be 1 to 63 bytes/);
    refused(() => validatePgTarget(target({ schema: 'é'.repeat(32) })), /schema must be at most 63 bytes/);
    refused(() => validatePgTarget(target({ schema: 'a\nb' })), /schema/);
    refused(() => validatePgTarget({ ...target(), mode: 'merge' }), /mode must be/);
    refused(() => validatePgTarget({ ...target(), ssl: 'yes' }), /ssl must be/);
    refused(() => validatePgTarget(target({ password: 'x'.repeat(1001) })), /password must be text/);
  });

  it('the tables: the four of the schema, in order, every value of its column type, every row of the snapshot', () => {
    const ok = validatePgWrite(payload(target()));
    expect(ok.tables.map((t) => [t.name, t.columns, t.rows.length])).toEqual(MART_TABLES.map((t, k) => [t.name, t.columns, tables[k]!.rows.length]));
    const withRows = (k: number, rows: unknown[]) => {
      const p = payload(target());
      p.tables[k] = { name: p.tables[k]!.name, rows: rows as MartValue[][] };
      return p;
    };
    const row0 = tables[0]!.rows[0]!;
    const col = (name: string) => MART_TABLES[0]!.columns.findIndex((c) => c.name === name);
    const withCell = (name: string, v: unknown) => withRows(0, [row0.map((x, j) => (j === col(name) ? v : x))]);
    refused(() => validatePgWrite({ ...payload(target()), extra: 1 }), /unexpected field extra/);
    refused(() => validatePgWrite({ ...payload(target()), snapshot: '2026-02-30' }), /snapshot must be a date/);
    refused(() => validatePgWrite({ ...payload(target()), tables: payload(target()).tables.slice(1) }), /expected the 4 tables/);
    refused(
      () => validatePgWrite({ ...payload(target()), tables: [...payload(target()).tables].reverse() }),
      /table 1 must be \{ name: "customer_segmentation"/,
    );
    refused(() => validatePgWrite(withRows(0, [row0.slice(1)])), /customer_segmentation row 1 must have 14 values/);
    refused(() => validatePgWrite(withCell('frequency', 'DROP TABLE x')), /row 1, column frequency: expected a whole number or null/);
    refused(() => validatePgWrite(withCell('frequency', 2.5)), /column frequency: expected a whole number/);
    refused(() => validatePgWrite(withCell('monetary', Number.NaN)), /column monetary: expected a finite number/);
    refused(() => validatePgWrite(withCell('last_purchase', '2026-13-01')), /column last_purchase: expected a date/);
    refused(() => validatePgWrite(withCell('segment', 'x'.repeat(MAX_TEXT_CHARS + 1))), /column segment: expected text/);
    refused(() => validatePgWrite(withCell('segment', { toString: () => 'x' })), /column segment: expected text/);
    refused(() => validatePgWrite(withCell('snapshot_date', '2000-01-01')), /column snapshot_date: expected the snapshot/);
    expect(validatePgWrite(withCell('cluster', null)).tables[0]!.rows[0]![col('cluster')]).toBeNull();
    refused(() => validatePgWrite(withRows(0, new Array(MAX_MART_ROWS + 1).fill(row0))), /more than 5,000,000 rows/);
  });

  it('through the IPC handlers, a bad request is refused before any connection is tried', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ss-pg-ipc-'));
    const h = createIpcHandlers({
      dialogs: { showOpen: async () => [], showSave: async () => null },
      grants: new PathGrants(),
      recent: { list: () => [], add: () => undefined },
      mappings: { read: () => null, write: () => undefined },
      postgres: createPostgresService(createPgSavedFile(dir)),
    });
    // Port 1 on 127.0.0.1 would answer "unreachable" if a connection were tried: validation comes first.
    await expect(h['ss:pg-test']('postgres://writer:pw@127.0.0.1:1/bi')).rejects.toThrow(IpcValidationError);
    await expect(h['ss:pg-write']({ ...payload(target({ port: 1 })), tables: [] })).rejects.toThrow(/expected the 4 tables/);
    await expect(h['ss:pg-write']({ ...payload(target({ port: 1 })), snapshot: 'today' })).rejects.toThrow(/snapshot must be a date/);
    expect(await h['ss:pg-progress']()).toBeNull();
    expect(await h['ss:pg-saved']()).toBeNull();
  });

  it('remembered fields never include a password; a file that has one, or is damaged, is ignored', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ss-pg-saved-'));
    const { password: _, ...fields } = target();
    expect(validatePgSaved(fields)).toEqual(fields);
    expect(validatePgSaved({ ...fields, password: PASSWORD })).toBeNull();
    writeFileSync(path.join(dir, 'postgres.json'), '{ not json');
    expect(createPgSavedFile(dir).read()).toBeNull();
  });

  it('driver and socket errors read as words', () => {
    const t = target();
    expect(describePgError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED', syscall: 'connect' }), t)).toEqual({
      ok: false,
      problem: 'unreachable',
      message: 'Cannot reach 127.0.0.1:5432: nothing accepts connections there: is PostgreSQL running, and is the port right?',
    });
    expect(describePgError(Object.assign(new Error('getaddrinfo ENOTFOUND nohost'), { code: 'ENOTFOUND' }), t).problem).toBe('unreachable');
    expect(describePgError(new Error('Connection terminated due to connection timeout'), t).message).toMatch(/no answer within 10 s/);
    expect(describePgError(Object.assign(new Error('password authentication failed for user "writer"'), { code: '28P01' }), t).message).toBe(
      'Sign-in refused: PostgreSQL at 127.0.0.1:5432 did not accept user "writer" with this password (password authentication failed for user "writer")',
    );
    expect(describePgError(Object.assign(new Error('database "bi" does not exist'), { code: '3D000' }), t).message).toBe(
      'The database "bi" does not exist on 127.0.0.1:5432',
    );
    expect(describePgError(Object.assign(new Error('permission denied for schema mart'), { code: '42501' }), t).message).toBe(
      'User "writer" is not allowed to do this: permission denied for schema mart',
    );
    expect(describePgError(new Error('The server does not support SSL connections'), t).problem).toBe('ssl');
  });
});

describe.skipIf(PG_SKIP_REASON !== undefined)(`against PostgreSQL${PG_SKIP_REASON ? ` (skipped: ${PG_SKIP_REASON})` : ''}`, () => {
  let client: pg.Client;
  let schema: { name: string; drop: () => Promise<void> };
  let userData: string;
  let service: PostgresService;
  let real: PgTarget;
  const logged: string[] = [];

  beforeAll(async () => {
    client = await connectPg();
    schema = await freshSchema(client, 'ss_desktop');
    const u = new URL(PG_URL!);
    real = {
      host: u.hostname,
      port: Number(u.port || 5432),
      database: decodeURIComponent(u.pathname.slice(1)),
      user: decodeURIComponent(u.username),
      password: decodeURIComponent(u.password),
      schema: schema.name,
      mode: 'replace',
    };
    userData = mkdtempSync(path.join(tmpdir(), 'ss-pg-userdata-'));
    service = createPostgresService(createPgSavedFile(userData));
  });
  afterAll(async () => {
    await schema?.drop();
    await client?.end();
  });
  // Nothing the module does may print the password (or anything: it logs nothing).
  beforeEach(() => {
    for (const m of ['log', 'info', 'warn', 'error', 'debug'] as const)
      vi.spyOn(console, m).mockImplementation((...a: unknown[]) => void logged.push(a.map(String).join(' ')));
  });
  afterEach(() => {
    vi.restoreAllMocks();
    expect(logged).toEqual([]);
  });

  /** Rows as the mart holds them: BIGINT (text from the helper's client) as numbers, dates as YYYY-MM-DD. */
  const select = async (t: MartTable, where = '') =>
    (await client.query(`SELECT * FROM ${schema.name}.${t.name} ${where}`)).rows.map((o: Record<string, unknown>) =>
      t.columns.map((c) => {
        const v = o[c.name];
        return v === null ? null : c.type === 'integer' ? Number(v) : (v as MartValue);
      }),
    );
  const sorted = (rows: MartValue[][]) => rows.map((r) => JSON.stringify(r)).sort();

  it('Test connection: connects, says the tables can be written, and remembers the fields but not the password', async () => {
    const r = await service.test(real);
    expect(r).toMatchObject({
      ok: true,
      message: expect.stringMatching(new RegExp(`^Connected to PostgreSQL \\d+.* as "${real.user}"; the tables can be written to schema "${schema.name}"$`)),
    });
    const { password: _, ...fields } = real;
    expect(JSON.parse(readFileSync(path.join(userData, 'postgres.json'), 'utf8'))).toEqual(fields);
    expect(await service.saved()).toEqual(fields);
  });

  it('failures in words: a wrong password, a closed port, a missing database', async () => {
    const auth = await service.test({ ...real, password: 'wrong-password' });
    expect(auth).toEqual({
      ok: false,
      problem: 'auth',
      message: `Sign-in refused: PostgreSQL at ${real.host}:${real.port} did not accept user "${real.user}" with this password (password authentication failed for user "${real.user}")`,
    });
    const closed = await service.test({ ...real, port: 1 });
    expect(closed).toEqual({
      ok: false,
      problem: 'unreachable',
      message: `Cannot reach ${real.host}:1: nothing accepts connections there: is PostgreSQL running, and is the port right?`,
    });
    expect(await service.test({ ...real, database: 'no_such_db_ss' })).toEqual({
      ok: false,
      problem: 'database',
      message: `The database "no_such_db_ss" does not exist on ${real.host}:${real.port}`,
    });
    const write = await service.write(payload({ ...real, password: 'wrong-password' }));
    expect(write).toMatchObject({ ok: false, problem: 'auth' });
  });

  it('writes the four tables in one transaction and reads back every row equal to martTables', async () => {
    const r = await service.write(payload(real));
    expect(r).toEqual({
      ok: true,
      where: `postgres://${real.user}@${real.host}:${real.port}/${real.database}`,
      tables: tables.map((t) => ({ name: `"${schema.name}"."${t.name}"`, rows: t.rows.length })),
    });
    expect(tables[2]!.rows.length).toBeGreaterThan(0);
    expect(tables[3]!.rows.length).toBeGreaterThan(0);
    for (const t of tables) expect(sorted(await select(t))).toEqual(sorted(t.rows));
  }, 60_000);

  it('append adds a second snapshot and keeps the first; the same snapshot again replaces only itself', async () => {
    const earlier = tables.map((t) => ({ ...t, rows: t.rows.map((row) => ['2000-01-01', ...row.slice(1)]) }));
    // The replace above holds `snapshot`; add 2000-01-01, then append `snapshot` again.
    expect((await service.write(payload({ ...real, mode: 'append' }, earlier, '2000-01-01'))).ok).toBe(true);
    expect((await service.write(payload({ ...real, mode: 'append' }))).ok).toBe(true);
    for (const t of tables) {
      expect(sorted(await select(t, `WHERE snapshot_date = '${snapshot}'`))).toEqual(sorted(t.rows));
      expect(sorted(await select(t, `WHERE snapshot_date = '2000-01-01'`))).toEqual(sorted(earlier[tables.indexOf(t)]!.rows));
    }
  }, 60_000);

  it('a write failing at the last table leaves every table as it was (one transaction)', async () => {
    const before: MartValue[][][] = [];
    for (const t of tables) before.push(await select(t));
    // A BI view on the last table: replacing it fails after the first three were dropped, made and filled.
    await client.query(`CREATE VIEW ${schema.name}.recs_view AS SELECT * FROM ${schema.name}.recommendations`);
    try {
      const half = tables.map((t) => ({ ...t, rows: t.rows.slice(0, Math.ceil(t.rows.length / 2)) }));
      const r = await service.write(payload(real, half));
      expect(r).toEqual({
        ok: false,
        problem: 'other',
        message: expect.stringMatching(
          /^PostgreSQL: cannot drop table .*recommendations because other objects depend on it\. Nothing was written: the tables are as they were\.$/,
        ),
      });
      for (const [k, t] of tables.entries()) expect(sorted(await select(t))).toEqual(sorted(before[k]!));
    } finally {
      await client.query(`DROP VIEW ${schema.name}.recs_view`);
    }
  }, 60_000);

  /** The tables with customer_segmentation repeated to about `n` rows: a write long enough to watch and to stop. */
  const large = (n: number) => {
    const c = tables[0]!;
    const copies = Math.ceil(n / c.rows.length);
    return [{ ...c, rows: Array.from({ length: copies }, () => c.rows).flat() }, ...tables.slice(1)];
  };

  it('progress: the rows sent so far of all four tables, at batch boundaries, rising to the total; none when idle', async () => {
    const big = large(40_000);
    const total = big.reduce((n, t) => n + t.rows.length, 0);
    // Every value progress may take: per table, the rows before it plus 0, each full batch (PostgreSQL parameters / columns) and its length.
    const allowed = new Set<number>();
    let before = 0;
    for (const t of big) {
      const per = Math.max(1, Math.floor(30_000 / t.columns.length));
      for (let at = 0; at <= t.rows.length; at += per) allowed.add(before + at);
      allowed.add(before + t.rows.length);
      before += t.rows.length;
    }
    expect(await service.progress()).toBeNull();
    const seen: { rows: number; total: number; table: string }[] = [];
    const poll = setInterval(() => void service.progress().then((p) => p && seen.push(p)), 2);
    const r = await service.write(payload(real, big));
    clearInterval(poll);
    expect(r.ok).toBe(true);
    expect(await service.progress()).toBeNull();
    expect(seen.length).toBeGreaterThan(2);
    for (const p of seen) {
      expect(p.total).toBe(total);
      expect(allowed.has(p.rows), `${p.rows} rows`).toBe(true);
      expect(MART_TABLES.map((t) => t.name)).toContain(p.table);
    }
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.rows).toBeGreaterThanOrEqual(seen[i - 1]!.rows);
    expect(seen.some((p) => p.rows > 0 && p.rows < total)).toBe(true);
    expect(Number((await client.query(`SELECT count(*) AS n FROM ${schema.name}.customer_segmentation`)).rows[0].n)).toBe(big[0]!.rows.length);
  }, 120_000);

  it('Stop: the write rolls back mid-way and the tables are as they were; a second write meanwhile is refused', async () => {
    const before: MartValue[][][] = [];
    for (const t of tables) before.push(await select(t));
    const writing = service.write(payload(real, large(80_000)));
    await expect.poll(async () => (await service.progress())?.rows ?? 0, { timeout: 30_000, interval: 1 }).toBeGreaterThan(0);
    expect(await service.write(payload(real))).toEqual({
      ok: false,
      problem: 'busy',
      message: 'A write to PostgreSQL is already running; wait for it or stop it',
    });
    await service.cancel();
    expect(await writing).toEqual({ ok: false, problem: 'cancelled', message: 'Nothing was written: the tables are as they were' });
    expect(await service.progress()).toBeNull();
    for (const [k, t] of tables.entries()) expect(sorted(await select(t))).toEqual(sorted(before[k]!));
  }, 120_000);

  it('a user without the right to create tables: Test connection and the write say so, and nothing changes', async () => {
    const role = `ss_limited_${process.pid}`;
    const locked = `${schema.name}_locked`;
    await client.query(`CREATE ROLE ${role} LOGIN PASSWORD 'limited-pw'`);
    await client.query(`CREATE SCHEMA ${locked}`);
    await client.query(`GRANT USAGE ON SCHEMA ${locked} TO ${role}`);
    await client.query(`GRANT CONNECT ON DATABASE ${real.database} TO ${role}`);
    try {
      const limited = { ...real, user: role, password: 'limited-pw', schema: locked };
      expect(await service.test(limited)).toEqual({
        ok: false,
        problem: 'permission',
        message: expect.stringMatching(
          new RegExp(`^Connected to PostgreSQL \\d.*, but user "${role}" may not create tables in schema "${locked}" of "${real.database}"$`),
        ),
      });
      expect(await service.write(payload(limited))).toEqual({
        ok: false,
        problem: 'permission',
        message: `User "${role}" is not allowed to do this: permission denied for schema ${locked}. Nothing was written: the tables are as they were.`,
      });
      expect((await client.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = $1`, [locked])).rows[0].n).toBe(0);
      // The right to create in this schema is enough (no right to create schemas in the database needed).
      await client.query(`GRANT CREATE ON SCHEMA ${locked} TO ${role}`);
      expect((await service.test(limited)).ok).toBe(true);
      expect(await service.write(payload(limited))).toMatchObject({ ok: true, tables: tables.map((t) => ({ rows: t.rows.length })) });
    } finally {
      await client.query(`DROP SCHEMA ${locked} CASCADE`);
      await client.query(`REVOKE CONNECT ON DATABASE ${real.database} FROM ${role}`);
      await client.query(`DROP ROLE ${role}`);
    }
  }, 60_000);
});
