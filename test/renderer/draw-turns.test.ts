/**
 * Charts draw one per task (renderer/charts/draw-turns.ts): draws asked for together run in the
 * order asked, each after the previous one has settled and in a task of its own, so a task queued
 * meanwhile (a click, a paint) runs between two of them; a draw with none pending runs at once;
 * a failed draw fails its own promise only.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inTurn } from '../../renderer/charts/draw-turns.ts';

/** Queues a task the way input reaches the page: a message. */
const queueTask = (f: () => void) => {
  const c = new MessageChannel();
  c.port1.onmessage = () => {
    c.port1.close();
    f();
  };
  c.port2.postMessage(null);
};

describe('inTurn', () => {
  it('runs a task queued during one draw before the next draw', async () => {
    const log: string[] = [];
    const draws = ['a', 'b', 'c'].map((name) =>
      inTurn(() => {
        log.push(name);
        queueTask(() => log.push(`task after ${name}`));
        return name;
      }),
    );
    expect(await Promise.all(draws)).toEqual(['a', 'b', 'c']);
    await new Promise((r) => queueTask(() => r(undefined)));
    expect(log).toEqual(['a', 'task after a', 'b', 'task after b', 'c', 'task after c']);
  });

  it('runs a draw with none pending in the task that asked (after its synchronous code), without waiting for a task', async () => {
    await Promise.all([inTurn(() => undefined)]); // whatever an earlier test left is settled
    const log: string[] = [];
    queueTask(() => log.push('task queued before'));
    const drawn = inTurn(() => log.push('draw'));
    log.push('asked');
    await drawn;
    expect(log).toEqual(['asked', 'draw']);
  });

  it('starts a draw only once the previous one (async) has settled; a failure fails only its own promise', async () => {
    const log: string[] = [];
    let finishFirst!: () => void;
    const first = inTurn(
      () =>
        new Promise<void>((r) => {
          log.push('first started');
          finishFirst = () => {
            log.push('first done');
            r();
          };
        }),
    );
    const failing = inTurn(() => {
      log.push('failing');
      throw new Error('no chart');
    });
    const last = inTurn(() => log.push('last'));
    await new Promise((r) => setTimeout(r, 20));
    expect(log).toEqual(['first started']);
    finishFirst();
    await first;
    await expect(failing).rejects.toThrow('no chart');
    await last;
    expect(log).toEqual(['first started', 'first done', 'failing', 'last']);
  });

  it('keeps the order asked for, whatever each draw returns (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(fc.constant('sync'), fc.constant('async'), fc.constant('throw')), { maxLength: 12 }), async (kinds) => {
        const order: number[] = [];
        const turns = kinds.map((kind, i) =>
          inTurn(() => {
            order.push(i);
            if (kind === 'throw') throw new Error(String(i));
            return kind === 'async' ? new Promise((r) => setTimeout(r, 0)) : i;
          }),
        );
        await Promise.allSettled(turns);
        expect(order).toEqual(kinds.map((_, i) => i));
      }),
      { numRuns: 30 },
    );
  });
});
