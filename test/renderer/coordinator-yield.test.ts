import { describe, expect, it } from 'vitest';
import { Coordinator, type JobContext } from '../../renderer/state/coordinator.ts';

const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 0));
};

/**
 * A stand-in for an SQL lane: jobs of several statements, each statement released by the test,
 * and the abort checked between statements (as stopsWhenAborted does for DuckDB).
 */
function sqlLane() {
  const log: string[] = [];
  const waiting: (() => void)[] = [];
  const statement = async (what: string, signal: AbortSignal) => {
    if (signal.aborted) throw Object.assign(new Error('cancelled'), { name: 'Cancelled' });
    log.push(`start ${what}`);
    await new Promise<void>((r) => waiting.push(r));
    log.push(`end ${what}`);
  };
  const job = (name: string, statements: number) => async (_p: unknown, ctx: JobContext) => {
    for (let i = 1; i <= statements; i++) await statement(`${name}#${i}`, ctx.signal);
    return `${name} value`;
  };
  const releaseOne = async () => {
    waiting.shift()!();
    await settle();
  };
  return { log, job, releaseOne };
}

function setup(statements = { base: 3, rfm: 1 }) {
  const lane = sqlLane();
  const c = new Coordinator({
    publish: () => undefined,
    describeError: (e) => String((e as Error).message),
    isCancelled: (e) => (e as Error).name === 'Cancelled',
    now: () => 0,
  });
  c.define('base', { lane: 'sql', priority: 1, deps: () => [], params: () => ({ data: 1 }), run: lane.job('base', statements.base) });
  c.define('rfm', { lane: 'sql', priority: 0, deps: () => [], params: () => ({ data: 1 }), run: lane.job('rfm', statements.rfm) });
  return { c, lane };
}

describe('coordinator: a job no view needs gives its lane to one a view waits for', () => {
  it('stops the left screen’s job after its current statement, runs the shown screen’s next, and recomputes the first on return', async () => {
    const { c, lane } = setup();
    const leaveOverview = c.need('overview', ['base']);
    await settle();
    expect(lane.log).toEqual(['start base#1']);
    leaveOverview();
    c.need('segments', ['rfm']);
    await settle();
    // The statement under way cannot be interrupted; nothing of base runs after it.
    await lane.releaseOne();
    expect(lane.log).toEqual(['start base#1', 'end base#1', 'start rfm#1']);
    expect(c.state('base')).toMatchObject({ status: 'idle', error: null, progress: null, failedKey: null });
    await lane.releaseOne();
    expect(c.value('rfm')).toBe('rfm value');
    expect(c.state('rfm').status).toBe('ready');
    // Back on the Overview: base from its first statement, to the end.
    c.need('overview', ['base']);
    await settle();
    for (let i = 0; i < 3; i++) await lane.releaseOne();
    expect(lane.log.slice(4)).toEqual(['start base#1', 'end base#1', 'start base#2', 'end base#2', 'start base#3', 'end base#3']);
    expect(c.value('base')).toBe('base value');
    expect(c.state('base').status).toBe('ready');
  });

  it('lets a job no view needs run on into the cache when nothing waits for its lane', async () => {
    const { c, lane } = setup();
    const leave = c.need('overview', ['base']);
    await settle();
    leave();
    await settle();
    for (let i = 0; i < 3; i++) await lane.releaseOne();
    expect(lane.log).toEqual(['start base#1', 'end base#1', 'start base#2', 'end base#2', 'start base#3', 'end base#3']);
    c.need('overview', ['base']);
    await settle();
    expect(c.state('base').status).toBe('ready');
    expect(lane.log).toHaveLength(6); // from the cache, not computed again
  });

  it('publishes the value of a job that yielded during its last statement (it finished anyway)', async () => {
    const { c, lane } = setup({ base: 1, rfm: 1 });
    const leave = c.need('overview', ['base']);
    await settle();
    leave();
    const leaveSegments = c.need('segments', ['rfm']);
    await settle();
    leaveSegments();
    c.need('overview', ['base']);
    await settle();
    await lane.releaseOne();
    expect(c.value('base')).toBe('base value');
    expect(c.state('base').status).toBe('ready');
  });

  it('never preempts a job a shown view needs, nor a dependency of one', async () => {
    const { c, lane } = setup();
    c.define('figures', { lane: 'sql', priority: 2, deps: () => ['base'], params: () => ({}), run: lane.job('figures', 1) });
    c.need('overview', ['figures']);
    await settle();
    c.need('segments', ['rfm']);
    await settle();
    for (let i = 0; i < 5; i++) await lane.releaseOne();
    // base (needed through figures) finishes; rfm (priority 0) goes before figures.
    expect(lane.log.filter((l) => l.startsWith('start'))).toEqual(['start base#1', 'start base#2', 'start base#3', 'start rfm#1', 'start figures#1']);
    expect(c.value('figures')).toBe('figures value');
  });
});
