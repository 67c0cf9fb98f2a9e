/**
 * Validation of the data-mart write the renderer asks for: the renderer is untrusted, so the
 * connection fields are checked for shape and size, and the tables are checked row by row
 * against the engine's schema (MART_TABLES: names, order, column count and each value's type),
 * so only well-typed values of the mart's own tables ever reach the server. Messages never
 * carry the password.
 */
import { MART_TABLES, type MartTable, type MartType } from '../../engine/src/analysis/mart.ts';
import type { PgSavedTarget, PgTarget } from '../contract.ts';
import { IpcValidationError } from './validate.ts';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Any control character (U+0000..U+001F, U+007F). */
const hasControl = (s: string) => [...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

/** Rows in all four tables together: a mart of several million customers is past what the app loads. */
export const MAX_MART_ROWS = 5_000_000;
/** Longest text value (a product name, an antecedent of several names). */
export const MAX_TEXT_CHARS = 10_000;

const TARGET_KEYS = new Set(['host', 'port', 'database', 'user', 'password', 'schema', 'mode', 'ssl']);

function name(v: unknown, field: string, min: number, max: number): string {
  // PostgreSQL truncates names past 63 bytes; a longer one is refused rather than silently cut.
  if (typeof v !== 'string' || v.length < min || new TextEncoder().encode(v).length > max || hasControl(v)) {
    throw new IpcValidationError(`postgres: ${field} must be ${min ? `1 to ${max}` : `at most ${max}`} bytes of text without control characters`);
  }
  return v;
}

/** The connection and destination, exactly the contract's fields. */
export function validatePgTarget(v: unknown): PgTarget {
  if (!isObject(v)) throw new IpcValidationError('postgres: expected { host, port, database, user, password, schema, mode }');
  const extra = Object.keys(v).filter((k) => !TARGET_KEYS.has(k));
  if (extra.length) throw new IpcValidationError(`postgres: unexpected field ${extra[0]}`);
  if (typeof v.host !== 'string' || !/^[A-Za-z0-9._:%-]{1,253}$/.test(v.host))
    throw new IpcValidationError('postgres: host must be a host name or an IP address');
  if (typeof v.port !== 'number' || !Number.isInteger(v.port) || v.port < 1 || v.port > 65535)
    throw new IpcValidationError('postgres: port must be a whole number from 1 to 65535');
  if (typeof v.password !== 'string' || v.password.length > 1000 || v.password.includes('\0'))
    throw new IpcValidationError('postgres: the password must be text of at most 1000 characters');
  if (v.mode !== 'replace' && v.mode !== 'append') throw new IpcValidationError('postgres: mode must be "replace" or "append"');
  if (v.ssl !== undefined && typeof v.ssl !== 'boolean') throw new IpcValidationError('postgres: ssl must be true or false');
  return {
    host: v.host,
    port: v.port,
    database: name(v.database, 'database', 1, 63),
    user: name(v.user, 'user', 1, 63),
    password: v.password,
    schema: name(v.schema, 'schema', 0, 63),
    mode: v.mode,
    ...(v.ssl !== undefined ? { ssl: v.ssl } : {}),
  };
}

/** The remembered fields as read back from userData (no password), or null when they do not validate. */
export function validatePgSaved(v: unknown): PgSavedTarget | null {
  if (!isObject(v) || 'password' in v) return null;
  try {
    const { password: _, ...saved } = validatePgTarget({ ...v, password: '' });
    return saved;
  } catch {
    return null;
  }
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
function isDate(v: string): boolean {
  const m = DATE.exec(v);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === v;
}

const TYPE_OK: Record<MartType, (v: string | number) => boolean> = {
  text: (v) => typeof v === 'string' && v.length <= MAX_TEXT_CHARS && !v.includes('\0'),
  integer: (v) => typeof v === 'number' && Number.isSafeInteger(v),
  double: (v) => typeof v === 'number' && Number.isFinite(v),
  date: (v) => typeof v === 'string' && isDate(v),
};
const TYPE_WORDS: Record<MartType, string> = {
  text: `text of at most ${MAX_TEXT_CHARS} characters`,
  integer: 'a whole number',
  double: 'a finite number',
  date: 'a date (YYYY-MM-DD)',
};

/** The write request: a target, the snapshot date and the four tables, each row typed as MART_TABLES says and led by the snapshot. */
export function validatePgWrite(v: unknown): { target: PgTarget; snapshot: string; tables: MartTable[] } {
  if (!isObject(v)) throw new IpcValidationError('postgres: expected { target, snapshot, tables }');
  const extra = Object.keys(v).filter((k) => k !== 'target' && k !== 'snapshot' && k !== 'tables');
  if (extra.length) throw new IpcValidationError(`postgres: unexpected field ${extra[0]}`);
  const target = validatePgTarget(v.target);
  const { snapshot, tables } = v;
  if (typeof snapshot !== 'string' || !isDate(snapshot)) throw new IpcValidationError('postgres: snapshot must be a date (YYYY-MM-DD)');
  if (!Array.isArray(tables) || tables.length !== MART_TABLES.length) {
    throw new IpcValidationError(`postgres: expected the ${MART_TABLES.length} tables ${MART_TABLES.map((t) => t.name).join(', ')}`);
  }
  let total = 0;
  const out = MART_TABLES.map((spec, k): MartTable => {
    const t: unknown = tables[k];
    if (!isObject(t) || t.name !== spec.name || !Array.isArray(t.rows) || Object.keys(t).length !== 2) {
      throw new IpcValidationError(`postgres: table ${k + 1} must be { name: "${spec.name}", rows }`);
    }
    total += t.rows.length;
    if (total > MAX_MART_ROWS) throw new IpcValidationError(`postgres: more than ${MAX_MART_ROWS.toLocaleString('en')} rows in all`);
    t.rows.forEach((row: unknown, i) => {
      const where = `${spec.name} row ${i + 1}`;
      if (!Array.isArray(row) || row.length !== spec.columns.length) throw new IpcValidationError(`postgres: ${where} must have ${spec.columns.length} values`);
      spec.columns.forEach((c, j) => {
        const cell: unknown = row[j];
        if (cell === null) return;
        if ((typeof cell !== 'string' && typeof cell !== 'number') || !TYPE_OK[c.type](cell)) {
          throw new IpcValidationError(`postgres: ${where}, column ${c.name}: expected ${TYPE_WORDS[c.type]} or null`);
        }
      });
      if (row[0] !== snapshot) throw new IpcValidationError(`postgres: ${where}, column snapshot_date: expected the snapshot ${snapshot}`);
    });
    return { ...spec, rows: t.rows as MartTable['rows'] };
  });
  return { target, snapshot, tables: out };
}
