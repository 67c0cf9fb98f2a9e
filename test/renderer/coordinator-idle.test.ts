import { describe, expect, it } from 'vitest';
import { Coordinator } from '../../renderer/state/coordinator.ts';

const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 0));
};

describe('coordinator: work that waits for the views (whenIdle)', () => {
  it('goes on only once no result is planned, queued or computing', async () => {
    const release: (() => void)[] = [];
    const inputs = { k: 3 };
    const c = new Coordinator({ publish: () => undefined, describeError: String, isCancelled: () => false, now: () => 0 });
    c.define('fit', {
      lane: 'worker',
      priority: 0,
      deps: () => [],
      params: () => ({ k: inputs.k }),
      run: (p) => new Promise((resolve) => release.push(() => resolve((p as { k: number }).k))),
    });
    let idle = 0;
    const wait = () => void c.whenIdle().then(() => idle++);
    wait();
    await settle();
    expect(idle).toBe(1); // nothing to compute
    c.need('clusters', ['fit']);
    wait();
    await settle();
    expect(idle).toBe(1); // the fit runs
    inputs.k = 4;
    c.refresh();
    release.shift()!();
    await settle();
    expect(idle).toBe(1); // the first fit landed, the fit for k = 4 runs
    release.shift()!();
    await settle();
    expect(c.value('fit')).toBe(4);
    expect(idle).toBe(2);
  });
});
