import { describe, expect, it } from 'vitest';
import { Coordinator, type ResultState } from '../../renderer/state/coordinator.ts';

const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 0));
};

describe('coordinator: the user stops a long job', () => {
  it('aborts the running job, publishes nothing from it, does not restart it for the same inputs, and retries on demand', async () => {
    const states: ResultState[] = [];
    const started: number[] = [];
    const aborted: number[] = [];
    const release = new Map<number, () => void>();
    const inputs = { horizon: 12 };
    const c = new Coordinator({
      publish: (name, s) => name === 'value' && states.push(s),
      describeError: (e) => String((e as Error).message),
      isCancelled: (e) => (e as Error).name === 'AbortError',
      now: () => 0,
    });
    c.define('value', {
      lane: 'worker',
      priority: 0,
      deps: () => [],
      params: () => ({ horizon: inputs.horizon }),
      run: (p, ctx) => {
        const h = (p as { horizon: number }).horizon;
        started.push(h);
        return new Promise((resolve, reject) => {
          release.set(h, () => resolve(`clv over ${h}`));
          ctx.signal.addEventListener('abort', () => {
            aborted.push(h);
            reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
          });
        });
      },
    });
    c.need('value-screen', ['value']);
    await settle();
    expect(started).toEqual([12]);
    expect(c.state('value').status).toBe('running');
    c.stop('value');
    await settle();
    expect(aborted).toEqual([12]);
    expect(c.state('value')).toMatchObject({ status: 'error', error: 'stopped', progress: null });
    c.refresh();
    await settle();
    expect(started).toEqual([12]); // not restarted for the same inputs
    c.retry('value');
    await settle();
    expect(started).toEqual([12, 12]);
    release.get(12)!();
    await settle();
    expect(c.value('value')).toBe('clv over 12');
    expect(states.at(-1)).toMatchObject({ status: 'ready', error: null });
    // A stop, then new inputs: computed without a retry.
    inputs.horizon = 24;
    c.refresh();
    await settle();
    c.stop('value');
    inputs.horizon = 36;
    c.refresh();
    await settle();
    expect(started).toEqual([12, 12, 24, 36]);
  });
});
