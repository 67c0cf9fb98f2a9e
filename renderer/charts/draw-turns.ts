/**
 * Charts draw one at a time, each in a task of its own: a screen that mounts several charts
 * (the Overview after a load: six first draws of 100-300 ms each) would otherwise draw them all
 * in the one task that delivers Plotly, and a click meanwhile would wait for every one of them.
 * Between two draws the page handles input and paints.
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

/**
 * Runs `draw` after every draw asked for before it has settled, in a task of its own. Its result
 * (or failure) is the returned promise's; a failed draw does not hold back the next.
 */
export function inTurn<T>(draw: () => T | PromiseLike<T>): Promise<T> {
  const turn = last.then(nextTask).then(draw);
  last = turn.catch(() => undefined);
  return turn;
}
