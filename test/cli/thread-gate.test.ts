/**
 * The thread gate (engine/cli/thread-gate.ts): statements on several connections of one native
 * DuckDB, each seeing the thread count its width needs from start to end; and the native
 * adapter's second connection on a real database.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNativeDuckDb, type NativeDuckDb } from '../../engine/cli/native-duckdb.ts';
import { threadGate } from '../../engine/cli/thread-gate.ts';
import { tableRows } from '../../engine/src/index.ts';

const tick = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A fake database: the setting, a log of SETs, and statements that check the setting while they run. */
function fakeDb() {
  let setting = 1;
  const sets: number[] = [];
  const problems: string[] = [];
  let running = { narrow: 0, wide: 0 };
  let maxNarrow = 0;
  return {
    sets,
    problems,
    get maxNarrow() {
      return maxNarrow;
    },
    set: async (n: number) => {
      if (running.narrow + running.wide > 0) problems.push(`SET threads = ${n} while a statement runs`);
      await tick(0);
      setting = n;
      sets.push(n);
    },
    statement: (wide: boolean, ms: number, expected: number, name: string) => async () => {
      running = { ...running, [wide ? 'wide' : 'narrow']: running[wide ? 'wide' : 'narrow'] + 1 };
      maxNarrow = Math.max(maxNarrow, running.narrow);
      if (running.narrow > 0 && running.wide > 0) problems.push(`${name}: narrow and wide at once`);
      if (setting !== expected) problems.push(`${name} started with ${setting} threads`);
      await tick(ms);
      if (setting !== expected) problems.push(`${name} ended with ${setting} threads`);
      running = { ...running, [wide ? 'wide' : 'narrow']: running[wide ? 'wide' : 'narrow'] - 1 };
      return name;
    },
  };
}

describe('thread gate', () => {
  it('one connection alone: SET cores, the statement, SET the default again; default statements set nothing', async () => {
    const db = fakeDb();
    const gate = threadGate(1, 4);
    expect(await gate.run(false, db.set, db.statement(false, 1, 1, 'a'))).toBe('a');
    expect(db.sets).toEqual([]);
    expect(await gate.run(true, db.set, db.statement(true, 1, 4, 'b'))).toBe('b');
    expect(db.sets).toEqual([4, 1]);
    expect(await gate.run(false, db.set, db.statement(false, 1, 1, 'c'))).toBe('c');
    expect(db.sets).toEqual([4, 1]);
    expect(db.problems).toEqual([]);
  });

  it('with as many cores as default threads nothing is ever set', async () => {
    const db = fakeDb();
    const gate = threadGate(2, 2);
    await Promise.all([gate.run(true, db.set, db.statement(true, 2, 1, 'a')), gate.run(false, db.set, db.statement(false, 1, 1, 'b'))]);
    expect(db.sets).toEqual([]);
  });

  it('a failed statement still restores the default, and the error reaches its caller', async () => {
    const db = fakeDb();
    const gate = threadGate(1, 2);
    await expect(
      gate.run(true, db.set, async () => {
        throw new Error('Binder Error: no such column');
      }),
    ).rejects.toThrow('no such column');
    expect(db.sets).toEqual([2, 1]);
    expect(await gate.run(false, db.set, db.statement(false, 1, 1, 'next'))).toBe('next');
  });

  it('a SET that fails fails its statement only; the next one sets the count it needs', async () => {
    const db = fakeDb();
    const gate = threadGate(1, 2);
    let refuse = true;
    const flaky = async (n: number) => {
      if (refuse) throw new Error('TransactionContext Error: current transaction is aborted');
      await db.set(n);
    };
    await expect(gate.run(true, flaky, db.statement(true, 1, 2, 'a'))).rejects.toThrow('aborted');
    refuse = false;
    expect(await gate.run(false, flaky, db.statement(false, 1, 1, 'b'))).toBe('b');
    expect(await gate.run(true, flaky, db.statement(true, 1, 2, 'c'))).toBe('c');
    expect(db.problems).toEqual([]);
  });

  it('statements on many connections at once: each sees its thread count from start to end; default ones run together', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ wide: fc.boolean(), ms: fc.integer({ min: 0, max: 4 }), delay: fc.integer({ min: 0, max: 3 }) }), { minLength: 1, maxLength: 12 }),
        async (plan) => {
          const db = fakeDb();
          const gate = threadGate(1, 2);
          const names = await Promise.all(
            plan.map(async (s, i) => {
              await tick(s.delay);
              return gate.run(s.wide, db.set, db.statement(s.wide, s.ms, s.wide ? 2 : 1, `s${i}`));
            }),
          );
          expect(names).toEqual(plan.map((_, i) => `s${i}`));
          expect(db.problems).toEqual([]);
          // At rest the setting is the default again.
          if (db.sets.length) expect(db.sets.at(-1)).toBe(1);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('two default statements overlap', async () => {
    const db = fakeDb();
    const gate = threadGate(1, 2);
    await Promise.all([gate.run(false, db.set, db.statement(false, 5, 1, 'a')), gate.run(false, db.set, db.statement(false, 5, 1, 'b'))]);
    expect(db.maxNarrow).toBe(2);
  });
});

describe('native DuckDB: a second connection', () => {
  let db: NativeDuckDb;
  beforeAll(async () => {
    db = await openNativeDuckDb({ threads: 1, parallelThreads: 2 });
  });
  afterAll(() => db?.close());

  it("sees the tables of the first and runs beside it: its statements on the default threads, the first one's with their own", async () => {
    await db.exec('CREATE TABLE t AS SELECT i, i % 97 AS g FROM range(2000000) r(i)');
    const other = await db.connect();
    try {
      const threadsNow = `current_setting('threads') AS n`;
      // Two statements at once on each connection too: they take turns (a second statement on a
      // connection would end the first one's result early, silently).
      const results = await Promise.all([
        db.query(`SELECT ${threadsNow}, count(DISTINCT i) AS c FROM t`, { parallel: true }),
        other.query(`SELECT ${threadsNow}, sum(i) AS s FROM t`),
        other.query(`SELECT ${threadsNow}, count(*) AS c FROM t WHERE g = 3`, { parallel: true }),
        db.query(`SELECT ${threadsNow}, max(i) AS m FROM t`),
      ]);
      expect(results.map((r) => r.numRows)).toEqual([1, 1, 1, 1]);
      const rows = results.map((r) => tableRows(r)[0]!);
      expect(rows.map((r) => Number(r.n))).toEqual([2, 1, 1, 1]);
      expect(Number(rows[0]!.c)).toBe(2000000);
      expect(Number(rows[1]!.s)).toBe((2000000 * 1999999) / 2);
      expect(Number(rows[2]!.c)).toBe(Array.from({ length: 2000000 }, (_, i) => i).filter((i) => i % 97 === 3).length);
      expect(Number(rows[3]!.m)).toBe(1999999);
      expect(Number(tableRows(await db.query(`SELECT ${threadsNow}`))[0]!.n)).toBe(1);
    } finally {
      other.close();
    }
  });
});
