/**
 * The tests' PostgreSQL server: SEGMENT_STUDIO_PG_URL, which .ci/run (through
 * build/scripts/start-postgres.sh) always sets. Tests that need it skip, saying why, only where
 * it is absent. Connections go to 127.0.0.1 only.
 */
import pg from 'pg';

export const PG_URL = process.env.SEGMENT_STUDIO_PG_URL;

/** Why PostgreSQL tests are skipped, or undefined when they run. */
export const PG_SKIP_REASON = PG_URL
  ? undefined
  : 'SEGMENT_STUDIO_PG_URL is not set (.ci/run sets it; locally: export SEGMENT_STUDIO_PG_URL="$(build/scripts/start-postgres.sh)")';
if (PG_SKIP_REASON) console.warn(`PostgreSQL tests skipped: ${PG_SKIP_REASON}`);

/** A client whose DATE, TIMESTAMP and BIGINT come back as text, as written (no time-zone shifts). */
export async function connectPg(): Promise<pg.Client> {
  const url = new URL(PG_URL!);
  if (url.hostname !== '127.0.0.1') throw new Error(`SEGMENT_STUDIO_PG_URL must point at 127.0.0.1, not ${url.hostname}`);
  const asText = (v: string) => v;
  const types = {
    getTypeParser: (oid: number, format?: 'text' | 'binary') =>
      [1082, 1114, 20].includes(oid) ? asText : (pg.types.getTypeParser as (o: number, f?: string) => (v: string) => unknown)(oid, format),
  };
  const client = new pg.Client({ connectionString: PG_URL, types: types as pg.CustomTypesConfig });
  await client.connect();
  return client;
}

/** A fresh schema for one test file, dropped with everything in it by the returned function. */
export async function freshSchema(client: pg.Client, prefix: string): Promise<{ name: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}`;
  await client.query(`CREATE SCHEMA ${name}`);
  return { name, drop: async () => void (await client.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`)) };
}

/** Inserts rows in batches of parameterised multi-row INSERTs. */
export async function insertRows(client: pg.Client, table: string, columns: readonly string[], rows: readonly unknown[][]): Promise<void> {
  const per = Math.max(1, Math.floor(30_000 / columns.length));
  for (let at = 0; at < rows.length; at += per) {
    const batch = rows.slice(at, at + per);
    const values = batch.map((_, i) => `(${columns.map((_, j) => `$${i * columns.length + j + 1}`).join(', ')})`);
    await client.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values.join(', ')}`, batch.flat());
  }
}
