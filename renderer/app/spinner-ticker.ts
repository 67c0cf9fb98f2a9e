/**
 * Every `.spinner` on the page turns by an eighth of a turn eight times a second. A CSS animation
 * draws 60 frames a second for as long as the work runs: in software compositing (no GPU: a VM,
 * a remote desktop, the headless benchmark) the compositor threads took 58-74 ms of CPU per
 * second for it, 25-27 ms with these eight steps (cold start with the bundled sample, Chromium
 * trace), CPU taken on two cores from the very work the spinner waits for.
 */
const STEPS = 8;
const TICK_MS = 1000 / STEPS;

export function startSpinnerTicker(doc: Document = document): () => void {
  const spinners = doc.getElementsByClassName('spinner'); // live: spinners come and go with the work
  let step = 0;
  const id = setInterval(() => {
    if (spinners.length === 0) return;
    step = (step + 1) % STEPS;
    for (const el of spinners) (el as HTMLElement).style.rotate = `${(step * 360) / STEPS}deg`;
  }, TICK_MS);
  return () => clearInterval(id);
}
