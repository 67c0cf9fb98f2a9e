import { tableFromArrays } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { stopsWhenAborted } from '../../renderer/data/cancellable-port.ts';
import { duckDbPort, type DuckDbConnection, type DuckDbFiles } from '../../renderer/data/duckdb.ts';
import { Coordinator } from '../../renderer/state/coordinator.ts';
import { isCancelled } from '../../renderer/engine-client/index.ts';

const tick = () => new Promise((r) => setTimeout(r, 0));
const settle = async () => {
  for (let i = 0; i < 30; i++) await tick();
};

/**
 * DuckDB's worker as the coordinator's SQL jobs meet it: one connection; a statement sent as a
 * pending query runs `SLICES` slices (a macrotask each) and a cancel stops it between two.
 */
const SLICES = 40;
function worker() {
  const log: string[] = [];
  let pending: { cancelled: boolean } | null = null;
  const conn: DuckDbConnection = {
    query: async (sql) => {
      log.push(`query ${sql}`);
      await tick();
      return { numRows: 0 };
    },
    send: async (sql) => {
      const mine = { cancelled: false };
      pending = mine;
      log.push(`start ${sql}`);
      for (let i = 1; i <= SLICES; i++) {
        await tick();
        if (mine.cancelled) {
          log.push(`cancelled ${sql} after ${i} slices`);
          throw new Error('query was canceled');
        }
      }
      pending = null;
      log.push(`end ${sql}`);
      const answer = tableFromArrays({ n: Int32Array.of(1) });
      return Object.assign(
        (async function* () {
          yield* answer.batches;
        })(),
        { schema: answer.schema },
      );
    },
    cancelSent: async () => {
      const was = pending;
      if (was) was.cancelled = true;
      pending = null;
      return was !== null;
    },
  };
  const port = duckDbPort({} as DuckDbFiles, conn);
  return { log, port };
}

function setup() {
  const w = worker();
  const c = new Coordinator({ publish: () => undefined, describeError: (e) => String((e as Error).message), isCancelled, now: () => 0 });
  const statements = (name: string, n: number) => async (_p: unknown, ctx: { signal: AbortSignal }) => {
    const sql = stopsWhenAborted(w.port, ctx.signal);
    // Figures (queries) and tables (exec) alike: the first is a query.
    for (let i = 1; i <= n; i++) await (i % 2 === 1 ? sql.query(`${name}#${i}`) : sql.exec(`${name}#${i}`));
    return `${name} value`;
  };
  c.define('overviewBase', { lane: 'sql', priority: 1, deps: () => [], params: () => ({ data: 1 }), run: statements('overviewBase', 3) });
  c.define('rfm', { lane: 'sql', priority: 0, deps: () => [], params: () => ({ data: 1 }), run: statements('rfm', 1) });
  return { c, log: w.log };
}

describe('coordinator and DuckDB-WASM: the shown screen gets the SQL lane within a slice of the statement under way', () => {
  it('cancels the left screen’s statement part-way, runs the shown screen’s at once, and recomputes the first on return', async () => {
    const { c, log } = setup();
    const leaveOverview = c.need('overview', ['overviewBase']);
    for (let i = 0; i < 5; i++) await tick();
    expect(log).toEqual(['start overviewBase#1']);
    leaveOverview();
    c.need('segments', ['rfm']);
    await settle();
    await settle();
    // Stopped within a few slices of the switch, not after SLICES; nothing of the base after it.
    const stop = log.findIndex((l) => l.startsWith('cancelled overviewBase#1'));
    expect(stop).toBe(1);
    expect(Number(/after (\d+) slices/.exec(log[stop]!)![1])).toBeLessThan(12);
    expect(log.slice(2)).toEqual(['start rfm#1', 'end rfm#1']);
    expect(c.value('rfm')).toBe('rfm value');
    expect(c.state('overviewBase')).toMatchObject({ status: 'idle', error: null, failedKey: null });
    // Back on the Overview: its base is computed again, whole.
    c.need('overview', ['overviewBase']);
    for (let i = 0; i < 10; i++) await settle();
    expect(log.slice(4)).toEqual([
      'start overviewBase#1',
      'end overviewBase#1',
      'start overviewBase#2',
      'end overviewBase#2',
      'start overviewBase#3',
      'end overviewBase#3',
    ]);
    expect(c.value('overviewBase')).toBe('overviewBase value');
  });

  it('a job nobody leaves runs its statements to the end', async () => {
    const { c, log } = setup();
    c.need('overview', ['overviewBase']);
    for (let i = 0; i < 10; i++) await settle();
    expect(log.filter((l) => l.startsWith('cancelled'))).toEqual([]);
    expect(c.value('overviewBase')).toBe('overviewBase value');
  });
});
