/**
 * Charts draw one at a time, each in a task of its own: a screen that mounts several charts
 * (the Overview after a load: six first draws of 50-300 ms each) would otherwise draw them all
 * in one task, and a click meanwhile would wait for every one of them. Between two draws the
 * page handles input and paints. A draw with none before it runs at once: one chart's redraw
 * (a live setting's change) waits for no task.
 */

/** A new task (a message, not setTimeout, whose nested calls are clamped to 4 ms). */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

let last: Promise<unknown> = Promise.resolve();
/** Draws asked for and not yet settled. */
let pending = 0;

/**
 * Runs `draw` after every draw asked for before it has settled, in a task of its own (at once if
 * none is pending). Its result (or failure) is the returned promise's; a failed draw does not hold
 * back the next.
 */
export function inTurn<T>(draw: () => T | PromiseLike<T>): Promise<T> {
  const turn = pending++ === 0 ? Promise.resolve().then(draw) : last.then(nextTask).then(draw);
  last = turn
    .catch(() => undefined)
    .finally(() => {
      pending--;
    });
  return turn;
}
