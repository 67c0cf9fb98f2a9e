import { Table, tableFromArrays } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { duckDbPort, type DuckDbConnection, type DuckDbFiles } from '../../renderer/data/duckdb.ts';
import { BrowserFileSource, DESKTOP_WHOLE_FILE_BYTES, DesktopFileSource, prefetchHeads } from '../../renderer/data/file-source.ts';

const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
};

/**
 * DuckDB's worker as the port sees it: each message is posted at once and answered later, in
 * order (a macrotask each, like a worker's reply). `failOn` names an alias whose registration fails.
 */
function fakeWorker(failOn?: string) {
  const posted: string[] = [];
  let answered = 0;
  const reply = <T>(value: T, fail = false) =>
    new Promise<T>((resolve, reject) =>
      setTimeout(() => {
        answered++;
        fail ? reject(new Error('the file handle went away')) : resolve(value);
      }, 0),
    );
  const db = {
    registerFileHandle: async (name: string) => {
      posted.push(`register ${name}`);
      return reply(undefined, name === failOn);
    },
    registerFileURL: async (name: string) => {
      posted.push(`url ${name}`);
      return reply(undefined);
    },
    registerFileBuffer: async (name: string, bytes: Uint8Array) => {
      posted.push(`buffer ${name} ${new TextDecoder().decode(bytes)}`);
      return reply(undefined);
    },
    dropFile: async (name: string) => {
      posted.push(`drop ${name}`);
      return reply(null);
    },
  } as unknown as DuckDbFiles;
  /** The pending query under way (duckdb-wasm's send): it runs in slices, each a macrotask, until done or cancelled. */
  let pending: { cancelled: boolean } | null = null;
  const conn: DuckDbConnection = {
    query: async (sql: string) => {
      posted.push(`sql ${sql}`);
      return reply({ numRows: 0 });
    },
    send: async (sql: string) => {
      posted.push(`send ${sql}`);
      const mine = { cancelled: false };
      pending = mine;
      for (let slice = 0; slice < slices; slice++) {
        await reply(null);
        if (mine.cancelled) {
          posted.push(`cancelled ${sql} after ${slice + 1} of ${slices} slices`);
          throw new Error('query was canceled');
        }
      }
      pending = null;
      posted.push(`done ${sql}`);
      return answerOf(answers.get(sql) ?? tableFromArrays({ n: Int32Array.of(1) }));
    },
    cancelSent: async () => {
      posted.push('cancel');
      const was = pending;
      if (was) was.cancelled = true;
      pending = null;
      return reply(was !== null);
    },
  };
  /** Answers of pending queries, by statement (default: one row). */
  const answers = new Map<string, Table>();
  return { db, conn, posted, answers: () => answered, answer: (sql: string, table: Table) => answers.set(sql, table) };
}

/** A pending query's answer as duckdb-wasm's reader gives it: its batches, then its schema (known once read). */
const answerOf = (table: Table) =>
  Object.assign(
    (async function* () {
      yield* table.batches;
    })(),
    { schema: table.schema },
  );
/** Slices a pending query takes in the fake worker. */
const slices = 10;

const daily = (n: number) =>
  Array.from({ length: n }, (_, i) => {
    const name = `2011-01-${String(i + 1).padStart(3, '0')}.csv`;
    return new BrowserFileSource(new File([`InvoiceNo,Quantity\n${i},1\n`], name), name);
  });

describe('DuckDB-WASM port: registering many files', () => {
  it('registers 305 files without a round trip each: one wait, before the statement that reads them', async () => {
    const w = fakeWorker();
    const port = duckDbPort(w.db, w.conn);
    const files = daily(305);
    // The engine awaits each registration in turn, sniffing the next file between them.
    for (const [i, f] of files.entries()) await port.registerFile(`src_${i}.csv`, f);
    expect(w.answers()).toBe(0); // not one answer waited for
    expect(w.posted).toHaveLength(305);
    await port.exec('CREATE TABLE raw AS SELECT * FROM read_csv([...])');
    // Every registration was posted (and answered) before the statement.
    expect(w.posted.slice(0, 305)).toEqual(files.map((_, i) => `register src_${i}.csv`));
    expect(w.posted.at(-1)).toBe('sql CREATE TABLE raw AS SELECT * FROM read_csv([...])');
    expect(w.answers()).toBe(306);
  });

  it('fails the statement that needs a registration that failed, and the one after runs', async () => {
    const w = fakeWorker('src_1.csv');
    const port = duckDbPort(w.db, w.conn);
    for (const [i, f] of daily(3).entries()) await port.registerFile(`src_${i}.csv`, f);
    await expect(port.exec('SELECT 1')).rejects.toThrow('the file handle went away');
    await settle();
    await expect(port.query('SELECT 2')).resolves.toMatchObject({ numRows: 0 });
  });

  it('an alias registered again is dropped first, in the same order the messages are posted', async () => {
    const w = fakeWorker();
    const port = duckDbPort(w.db, w.conn);
    const [a, b] = daily(2);
    await port.registerFile('src_0.csv', a!);
    await port.registerBuffer('src_0.csv', new Uint8Array([1, 2, 3]));
    await port.dropFile('src_0.csv');
    await port.registerFile('src_0.csv', b!);
    await port.exec('SELECT 3');
    expect(w.posted).toEqual([
      'register src_0.csv',
      'drop src_0.csv',
      'buffer src_0.csv \u0001\u0002\u0003',
      'drop src_0.csv',
      'register src_0.csv',
      'sql SELECT 3',
    ]);
  });
});

describe('DuckDB-WASM port: files read ahead', () => {
  it('registers a picked file read whole ahead as a buffer of its bytes, the others as handles, all before the statement', async () => {
    const w = fakeWorker();
    const port = duckDbPort(w.db, w.conn);
    const files = daily(3);
    const release = prefetchHeads(files.slice(0, 2));
    for (const [i, f] of files.entries()) await port.registerFile(`src_${i}.csv`, f);
    await port.exec('SELECT 1');
    // A buffer is posted once its bytes are there (the handle may go first: other aliases); all before the statement.
    expect(w.posted.slice(0, 3).sort()).toEqual([
      'buffer src_0.csv InvoiceNo,Quantity\n0,1\n',
      'buffer src_1.csv InvoiceNo,Quantity\n1,1\n',
      'register src_2.csv',
    ]);
    expect(w.posted[3]).toBe('sql SELECT 1');
    release();
  });

  it('registers a small desktop file read whole ahead as a buffer, a larger one by its URL (DuckDB reads its ranges)', async () => {
    const w = fakeWorker();
    const port = duckDbPort(w.db, w.conn);
    const text = 'InvoiceNo,Quantity\n7,1\n';
    const small = new DesktopFileSource('day.csv', text.length, 'app://picked/a', async (a, b) => new TextEncoder().encode(text).slice(a, b));
    const large = new DesktopFileSource('big.csv', DESKTOP_WHOLE_FILE_BYTES + 1, 'app://picked/b', async (a, b) => new Uint8Array(b - a).fill(65));
    const release = prefetchHeads([small, large]);
    await port.registerFile('src_0.csv', small);
    await port.registerFile('src_1.csv', large);
    await port.exec('SELECT 1');
    expect(w.posted.slice(0, 2).sort()).toEqual([`buffer src_0.csv ${text}`, 'url src_1.csv']);
    expect(w.posted[2]).toBe('sql SELECT 1');
    release();
    w.posted.length = 0;
    await port.dropReadAheadFiles();
    expect(w.posted).toEqual(['drop src_0.csv']);
  });

  it('drops, after the load, the files registered from bytes read ahead, and only those', async () => {
    const w = fakeWorker();
    const port = duckDbPort(w.db, w.conn);
    const files = daily(3);
    const release = prefetchHeads(files.slice(0, 2));
    for (const [i, f] of files.entries()) await port.registerFile(`src_${i}.csv`, f);
    await port.registerBuffer('sheet_0.csv', new Uint8Array([65]));
    await port.exec('SELECT 1');
    release();
    w.posted.length = 0;
    await port.dropReadAheadFiles();
    expect(w.posted).toEqual(['drop src_0.csv', 'drop src_1.csv']);
    await port.dropReadAheadFiles();
    expect(w.posted).toHaveLength(2);
  });

  it('registers the handle when the read ahead failed', async () => {
    const w = fakeWorker();
    const port = duckDbPort(w.db, w.conn);
    const file = new File(['a,b\n1,2\n'], 'moved.csv');
    const source = new BrowserFileSource(
      Object.assign(file, { slice: () => Object.assign(new Blob([]), { arrayBuffer: () => Promise.reject(new Error('moved')) }) }),
      'moved.csv',
    );
    const release = prefetchHeads([source]);
    await port.registerFile('src_0.csv', source);
    await port.exec('SELECT 1');
    expect(w.posted).toEqual(['register src_0.csv', 'sql SELECT 1']);
    release();
  });
});

describe('DuckDB-WASM port: threads', () => {
  it('runs only the statements the engine marks parallel on every core, and goes back to one thread after each (also when it fails)', async () => {
    const w = fakeWorker();
    const failing = w.conn.query;
    w.conn.query = async (sql: string) => (sql === 'BAD' ? (w.posted.push(`sql ${sql}`), Promise.reject(new Error('bad'))) : failing(sql));
    const port = duckDbPort(w.db, w.conn, { cores: 2 });
    await port.exec('CREATE TABLE raw AS SELECT 1', { parallel: true });
    await port.query('SELECT sum(x) FROM raw');
    await expect(port.exec('BAD', { parallel: true })).rejects.toThrow('bad');
    expect(w.posted).toEqual([
      'sql SET threads=2',
      'sql CREATE TABLE raw AS SELECT 1',
      'sql SET threads=1',
      'sql SELECT sum(x) FROM raw',
      'sql SET threads=2',
      'sql BAD',
      'sql SET threads=1',
    ]);
  });

  it('never changes threads on the single-threaded bundle', async () => {
    const w = fakeWorker();
    const port = duckDbPort(w.db, w.conn);
    await port.exec('CREATE TABLE raw AS SELECT 1', { parallel: true });
    expect(w.posted).toEqual(['sql CREATE TABLE raw AS SELECT 1']);
  });
});

describe('DuckDB-WASM port: a statement interrupted part-way', () => {
  it('runs as a pending query and, when the signal aborts, cancels it between two slices', async () => {
    const w = fakeWorker();
    const port = duckDbPort(w.db, w.conn);
    const controller = new AbortController();
    const running = port.execInterruptibly('CREATE TEMP TABLE base AS SELECT 1', controller.signal);
    for (let i = 0; i < 3; i++) await new Promise((r) => setTimeout(r, 0));
    controller.abort();
    await expect(running).rejects.toThrow('query was canceled');
    expect(w.posted[0]).toBe('send CREATE TEMP TABLE base AS SELECT 1');
    expect(w.posted[1]).toBe('cancel');
    expect(w.posted[2]).toMatch(/^cancelled CREATE TEMP TABLE base AS SELECT 1 after [1-4] of 10 slices$/);
    // The connection takes the next statement as usual.
    await port.exec('SELECT 2');
    expect(w.posted.at(-1)).toBe('sql SELECT 2');
  });

  it('runs to the end, its answer read, when the signal does not abort; sends nothing once aborted', async () => {
    const w = fakeWorker();
    const port = duckDbPort(w.db, w.conn);
    const controller = new AbortController();
    await port.execInterruptibly('CREATE TEMP TABLE t AS SELECT 1', controller.signal);
    expect(w.posted).toEqual(['send CREATE TEMP TABLE t AS SELECT 1', 'done CREATE TEMP TABLE t AS SELECT 1']);
    // Aborting after it ended posts no cancel (a later statement is not hit).
    controller.abort();
    await settle();
    expect(w.posted).toHaveLength(2);
    await expect(port.execInterruptibly('CREATE TEMP TABLE u AS SELECT 1', controller.signal)).rejects.toThrow('cancelled before it was sent');
    expect(w.posted).toHaveLength(2);
  });

  it('waits for the registrations sent before it, like every statement', async () => {
    const w = fakeWorker();
    const port = duckDbPort(w.db, w.conn);
    for (const [i, f] of daily(2).entries()) await port.registerFile(`src_${i}.csv`, f);
    await port.execInterruptibly('CREATE TABLE raw AS SELECT 1', new AbortController().signal);
    expect(w.posted).toEqual(['register src_0.csv', 'register src_1.csv', 'send CREATE TABLE raw AS SELECT 1', 'done CREATE TABLE raw AS SELECT 1']);
  });
});

describe('DuckDB-WASM port: a query interrupted part-way', () => {
  it('gives the answer’s batches as a table, and the columns of an answer without rows', async () => {
    const w = fakeWorker();
    const port = duckDbPort(w.db, w.conn);
    w.answer('SELECT two', tableFromArrays({ id: Int32Array.of(1, 2), name: ['a', 'b'] }));
    const two = await port.queryInterruptibly('SELECT two', new AbortController().signal);
    expect(two.toArray().map((r) => r.toJSON())).toEqual([
      { id: 1, name: 'a' },
      { id: 2, name: 'b' },
    ]);
    // DuckDB sends no batch at all for no rows: only the schema.
    w.answer('SELECT none', new Table(tableFromArrays({ id: Int32Array.of(), name: [] as string[] }).schema));
    const none = await port.queryInterruptibly('SELECT none', new AbortController().signal);
    expect(none.numRows).toBe(0);
    expect(none.schema.fields.map((f) => f.name)).toEqual(['id', 'name']);
  });

  it('cancels it between two slices when the signal aborts; the connection takes the next statement', async () => {
    const w = fakeWorker();
    const port = duckDbPort(w.db, w.conn);
    const controller = new AbortController();
    const running = port.queryInterruptibly('SELECT figure', controller.signal);
    for (let i = 0; i < 3; i++) await new Promise((r) => setTimeout(r, 0));
    controller.abort();
    await expect(running).rejects.toThrow('query was canceled');
    await expect(port.queryInterruptibly('SELECT next', new AbortController().signal)).resolves.toMatchObject({ numRows: 1 });
    expect(w.posted).toEqual([
      'send SELECT figure',
      'cancel',
      expect.stringMatching(/^cancelled SELECT figure after [1-4] of 10 slices$/),
      'send SELECT next',
      'done SELECT next',
    ]);
  });
});

describe('DuckDB-WASM port: one statement at a time on the connection', () => {
  it('sends a statement only once the pending query under way has ended (its messages are never interleaved)', async () => {
    const w = fakeWorker();
    const port = duckDbPort(w.db, w.conn);
    const signal = new AbortController().signal;
    await Promise.all([port.execInterruptibly('CREATE TABLE a AS SELECT 1', signal), port.query('SELECT 2'), port.queryInterruptibly('SELECT 3', signal)]);
    expect(w.posted).toEqual(['send CREATE TABLE a AS SELECT 1', 'done CREATE TABLE a AS SELECT 1', 'sql SELECT 2', 'send SELECT 3', 'done SELECT 3']);
  });

  it('a job aborted while its statement waits for the connection sends nothing, and its cancel never reaches the statement before it', async () => {
    const w = fakeWorker();
    const port = duckDbPort(w.db, w.conn);
    const other = port.queryInterruptibly('SELECT other job', new AbortController().signal);
    const controller = new AbortController();
    const waiting = port.queryInterruptibly('SELECT left screen', controller.signal);
    await new Promise((r) => setTimeout(r, 0));
    controller.abort();
    await expect(waiting).rejects.toThrow('cancelled before it was sent');
    await expect(other).resolves.toMatchObject({ numRows: 1 });
    expect(w.posted).toEqual(['send SELECT other job', 'done SELECT other job']);
  });
});
