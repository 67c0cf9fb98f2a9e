import { describe, expect, it } from 'vitest';
import { Coordinator, type JobContext } from '../../renderer/state/coordinator.ts';

const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 0));
};

/** An SQL lane whose statements the test releases one by one; the abort is checked between statements (as stopsWhenAborted does). */
function sqlLane() {
  const log: string[] = [];
  const waiting: (() => void)[] = [];
  const job = (name: string, statements: number) => async (_p: unknown, ctx: JobContext) => {
    for (let i = 1; i <= statements; i++) {
      if (ctx.signal.aborted) throw Object.assign(new Error('cancelled'), { name: 'Cancelled' });
      log.push(`start ${name}#${i}`);
      await new Promise<void>((r) => waiting.push(r));
      log.push(`end ${name}#${i}`);
    }
    return `${name} value`;
  };
  const releaseAll = async () => {
    while (waiting.length) {
      waiting.shift()!();
      await settle();
    }
  };
  return { log, job, releaseOne: async () => (waiting.shift()!(), await settle()), releaseAll };
}

/** The app's SQL results, in small: RFM (segments), the Overview's base, and the cleaning report. */
function setup() {
  const lane = sqlLane();
  const c = new Coordinator({
    publish: () => undefined,
    describeError: (e) => String((e as Error).message),
    isCancelled: (e) => (e as Error).name === 'Cancelled',
    now: () => 0,
  });
  c.define('rfm', { lane: 'sql', priority: 0, deps: () => [], params: () => ({ data: 1 }), run: lane.job('rfm', 2) });
  c.define('base', { lane: 'sql', priority: 1, deps: () => [], params: () => ({ data: 1 }), run: lane.job('base', 2) });
  c.define('report', { lane: 'sql', priority: 0, deps: () => [], params: () => ({ data: 1 }), run: lane.job('report', 3) });
  return { c, lane };
}

const starts = (log: string[]) => log.filter((l) => l.startsWith('start')).map((l) => l.slice(6));

describe('coordinator: background needs', () => {
  it('run after every job a view waits for, whatever their priority', async () => {
    const { c, lane } = setup();
    c.need('sidebar', ['report'], { background: true });
    c.need('overview', ['base']);
    c.need('segments', ['rfm']);
    await settle();
    await lane.releaseAll();
    expect(starts(lane.log)).toEqual(['rfm#1', 'rfm#2', 'base#1', 'base#2', 'report#1', 'report#2', 'report#3']);
    expect(c.value('report')).toBe('report value');
    expect(c.state('report').status).toBe('ready');
  });

  it('give the lane to a job a view then waits for at their next statement, and run again from the start after it', async () => {
    const { c, lane } = setup();
    c.need('sidebar', ['report'], { background: true });
    await settle();
    expect(starts(lane.log)).toEqual(['report#1']);
    c.need('segments', ['rfm']);
    await settle();
    // The statement under way ends; nothing more of the report runs before RFM.
    await lane.releaseOne();
    expect(starts(lane.log)).toEqual(['report#1', 'rfm#1']);
    expect(c.state('report')).toMatchObject({ status: 'idle', error: null, failedKey: null });
    await lane.releaseAll();
    expect(starts(lane.log)).toEqual(['report#1', 'rfm#1', 'rfm#2', 'report#1', 'report#2', 'report#3']);
    expect(c.value('rfm')).toBe('rfm value');
    expect(c.value('report')).toBe('report value');
  });

  it('a view that then needs the background job in the foreground keeps it running and its priority', async () => {
    const { c, lane } = setup();
    c.need('sidebar', ['report'], { background: true });
    await settle();
    c.need('data', ['report']);
    c.need('overview', ['base']);
    await settle();
    await lane.releaseAll();
    // The report, needed by the Data screen now, is not stopped for the Overview's base.
    expect(starts(lane.log)).toEqual(['report#1', 'report#2', 'report#3', 'base#1', 'base#2']);
  });

  it('a queued background job takes its own priority when a view needs it', async () => {
    const { c, lane } = setup();
    c.need('overview', ['base']);
    await settle();
    c.need('sidebar', ['report'], { background: true });
    await settle();
    c.need('data', ['report']);
    c.need('segments', ['rfm']);
    await settle();
    await lane.releaseAll();
    // base#1 was under way (base is needed): then report (priority 0, queued first) and rfm (0), then base's rest is not re-run.
    expect(starts(lane.log)).toEqual(['base#1', 'base#2', 'report#1', 'report#2', 'report#3', 'rfm#1', 'rfm#2']);
  });
});
