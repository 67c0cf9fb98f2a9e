import { useEffect, useState } from 'react';
import type { ScoredRfm } from '../../engine-client/index.ts';
import type { PgProblem, PgProgress, PgTarget, PostgresPort } from '../../platform/index.ts';
import { describeError } from '../../state/actions/errors.ts';
import { coordinator } from '../../state/results.ts';
import { getPlatform } from '../../state/services.ts';
import { useStore } from '../../state/store.ts';
import { useNeeds } from '../../state/use-result.ts';
import { Card, Segmented, Switch } from '../../ui/components.tsx';
import { fmtInt } from '../../ui/format.ts';
import { buildMartTables, martNeeds } from './build-mart.ts';

/**
 * "Data mart to PostgreSQL": a connection form whose Test and Write run in the desktop app's
 * main process (electron/main/postgres.ts: the engine's statements, one transaction). The
 * password lives in this form only — never in the analysis, the store or localStorage; the
 * other fields are remembered by the main process. A browser page cannot open a database
 * connection, so there the card says it needs the desktop app.
 */
export function PostgresCard() {
  const pg = getPlatform().postgres;
  if (!pg) {
    return (
      <Card title="Data mart to PostgreSQL" hint="desktop app" testId="pg-card">
        <div className="muted" data-testid="pg-needs-desktop">
          Writing to PostgreSQL needs the desktop app: a browser page cannot open a database connection. Here, save the data mart as Parquet, or use the command
          line's <span className="mono">--to postgres://USER@HOST/DB</span>.
        </div>
      </Card>
    );
  }
  return <PostgresForm pg={pg} />;
}

type Fields = Omit<PgTarget, 'password' | 'port'> & { port: string };
const EMPTY: Fields = { host: 'localhost', port: '5432', database: '', user: '', schema: '', mode: 'replace', ssl: false };

type Status = { kind: 'idle' } | { kind: 'busy'; what: string; since: number } | { kind: 'ok'; text: string } | { kind: 'error'; title: string; text: string };

const PROBLEM_TITLES: Record<PgProblem, string> = {
  auth: 'Sign-in failed',
  unreachable: 'Server not reachable',
  database: 'No such database',
  permission: 'Not allowed',
  ssl: 'Secure connection failed',
  data: 'A value was refused',
  cancelled: 'Stopped',
  busy: 'Already writing',
  other: 'PostgreSQL error',
};

/** The form's fields as a target, or the first thing missing in words. */
function toTarget(f: Fields, password: string): PgTarget | string {
  const port = Number(f.port);
  if (!f.host.trim()) return 'Enter the host (a name or an IP address)';
  if (!Number.isInteger(port) || port < 1 || port > 65535) return 'The port is a whole number from 1 to 65535 (PostgreSQL listens on 5432 by default)';
  if (!f.database.trim()) return 'Enter the database name';
  if (!f.user.trim()) return 'Enter the user name';
  return { ...f, host: f.host.trim(), database: f.database.trim(), user: f.user.trim(), schema: f.schema.trim(), port, password };
}

function PostgresForm({ pg }: { pg: PostgresPort }) {
  const analysis = useStore((s) => s.analysis);
  const mapping = useStore((s) => s.dataset?.canonical.mapping.mapping);
  const needs = martNeeds(analysis, mapping);
  useNeeds('pg-card', needs);
  const pending = useStore((s) => needs.some((n) => s.results[n].status !== 'ready'));
  const failed = useStore((s) => needs.map((n) => s.results[n].error).find((e) => e !== null) ?? null);
  const [fields, setFields] = useState<Fields>(EMPTY);
  const [password, setPassword] = useState('');
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [progress, setProgress] = useState<PgProgress | null>(null);
  const [, tick] = useState(0);

  useEffect(() => {
    let live = true;
    void pg.saved().then((s) => {
      if (live && s) setFields({ ...EMPTY, ...s, port: String(s.port) });
    });
    return () => {
      live = false;
    };
  }, [pg]);
  // Elapsed seconds while busy.
  useEffect(() => {
    if (status.kind !== 'busy') return;
    const id = setInterval(() => tick((n) => n + 1), 1000);
    return () => clearInterval(id);
  }, [status.kind]);

  const set = (patch: Partial<Fields>) => setFields((f) => ({ ...f, ...patch }));
  const busy = status.kind === 'busy';

  const run = async (what: string, action: (target: PgTarget) => Promise<Status>) => {
    const target = toTarget(fields, password);
    if (typeof target === 'string') return setStatus({ kind: 'error', title: 'Check the form', text: target });
    setStatus({ kind: 'busy', what, since: Date.now() });
    try {
      setStatus(await action(target));
    } catch (e) {
      setStatus({ kind: 'error', title: 'The desktop app refused the request', text: describeError(e) });
    }
  };

  const testConnection = () =>
    run('Connecting…', async (target) => {
      const r = await pg.test(target);
      return r.ok ? { kind: 'ok', text: r.message } : { kind: 'error', title: PROBLEM_TITLES[r.problem], text: r.message };
    });

  const write = () =>
    run('Writing…', async (target) => {
      const tables = buildMartTables();
      const snapshot = coordinator.value<ScoredRfm>('rfm')?.rfm.snapshot;
      if (!tables || !snapshot)
        return { kind: 'error', title: 'Not ready', text: 'The tables need results that are still being computed; try again in a moment' };
      const rows = tables.reduce((n, t) => n + t.rows.length, 0);
      setStatus({ kind: 'busy', what: `Writing ${fmtInt(rows)} rows to PostgreSQL in one transaction…`, since: Date.now() });
      // The main process counts the rows it has sent; the form asks a few times a second.
      let writing = true;
      const poll = setInterval(
        () =>
          void pg.progress().then(
            (p) => writing && setProgress(p),
            () => {},
          ),
        250,
      );
      let r: Awaited<ReturnType<PostgresPort['write']>>;
      try {
        r = await pg.write({ target, snapshot, tables: tables.map((t) => ({ name: t.name, rows: t.rows })) });
      } finally {
        // An answer still on its way must not bring back a finished write's progress.
        writing = false;
        clearInterval(poll);
        setProgress(null);
      }
      if (!r.ok) return { kind: 'error', title: PROBLEM_TITLES[r.problem], text: r.message };
      const written = r.tables.map((t) => `${t.name} (${fmtInt(t.rows)} rows)`).join(', ');
      return { kind: 'ok', text: `${target.mode === 'append' ? 'Appended' : 'Wrote'} snapshot ${snapshot} to ${r.where}: ${written}` };
    });

  const input = (key: 'host' | 'port' | 'database' | 'user' | 'schema', label: string, placeholder = '') => (
    <div className="field" style={{ minWidth: 0 }}>
      <label htmlFor={`pg-${key}`}>{label}</label>
      <input
        id={`pg-${key}`}
        value={fields[key]}
        placeholder={placeholder}
        inputMode={key === 'port' ? 'numeric' : undefined}
        spellCheck={false}
        onChange={(e) => set({ [key]: e.target.value })}
        data-testid={`pg-${key}`}
      />
    </div>
  );

  return (
    <Card title="Data mart to PostgreSQL" hint="for Metabase and other BI tools" testId="pg-card">
      <div className="stack" style={{ gap: 10 }}>
        <div className="grid" style={{ gridTemplateColumns: 'minmax(0, 2fr) minmax(0, 1fr)', gap: 10 }}>
          {input('host', 'Host')}
          {input('port', 'Port')}
          {input('database', 'Database')}
          {input('schema', 'Schema', 'default (public)')}
          {input('user', 'User')}
          <div className="field" style={{ minWidth: 0 }}>
            <label htmlFor="pg-password">Password</label>
            <input
              id="pg-password"
              type="password"
              autoComplete="off"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              data-testid="pg-password"
            />
          </div>
        </div>
        <div className="controls" style={{ gap: 14 }}>
          <Segmented
            value={fields.mode}
            onChange={(mode) => set({ mode })}
            options={[
              { value: 'replace', label: 'Replace the tables' },
              { value: 'append', label: 'Append this snapshot' },
            ]}
            testId="pg-mode"
          />
          <span style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
            <Switch on={fields.ssl === true} onChange={(ssl) => set({ ssl })} label="SSL (verify the certificate)" testId="pg-ssl" /> SSL (verify the
            certificate)
          </span>
        </div>
        <div className="muted">
          {fields.mode === 'replace'
            ? 'The four tables are dropped and written afresh, all in one transaction: if anything fails, nothing changes.'
            : 'Earlier snapshots are kept; rows of this snapshot date are replaced. One transaction.'}{' '}
          The password is used for this request only and never saved.
        </div>
        {failed && <div className="notice bad">The tables need: {failed}</div>}
        <div style={{ display: 'flex', gap: 10 }}>
          <button type="button" className="btn" onClick={() => void testConnection()} disabled={busy} data-testid="pg-test-btn">
            Test connection
          </button>
          <button type="button" className="btn primary" onClick={() => void write()} disabled={busy || pending} data-testid="pg-write-btn">
            {pending ? 'Computing the tables…' : 'Write to PostgreSQL'}
          </button>
        </div>
        {status.kind === 'busy' && (
          <div data-testid="pg-progress">
            {progress ? (
              <progress style={{ width: '100%' }} value={progress.rows} max={Math.max(1, progress.total)} aria-label="rows written" />
            ) : (
              <progress style={{ width: '100%' }} aria-label={status.what} />
            )}
            <div className="muted" style={{ display: 'flex', gap: 10, alignItems: 'center' }}>
              <span>
                {progress ? `Writing ${progress.table}: ${fmtInt(progress.rows)} of ${fmtInt(progress.total)} rows, in one transaction…` : status.what}{' '}
                {Math.floor((Date.now() - status.since) / 1000)} s
              </span>
              {progress && (
                <button type="button" className="btn small" onClick={() => void pg.cancel()} data-testid="pg-stop-btn">
                  Stop
                </button>
              )}
            </div>
          </div>
        )}
        {status.kind === 'ok' && (
          <div className="notice info" data-testid="pg-status" data-status="ok">
            {status.text}
          </div>
        )}
        {status.kind === 'error' && (
          <div className="notice bad" data-testid="pg-status" data-status="error">
            <b>{status.title}.</b> {status.text}
          </div>
        )}
      </div>
    </Card>
  );
}
