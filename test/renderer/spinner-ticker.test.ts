/** The spinners turn an eighth of a turn per tick, eight ticks a second; nothing is touched without spinners; stop ends it. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startSpinnerTicker } from '../../renderer/app/spinner-ticker.ts';

/** A document holding `spinners` (a live list: the test adds and removes elements). */
function fakeDocument(spinners: { style: { rotate?: string } }[]): Document {
  return { getElementsByClassName: (name: string) => (name === 'spinner' ? spinners : []) } as unknown as Document;
}

describe('startSpinnerTicker', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('turns every spinner by 45° every 125 ms, a full turn a second', () => {
    const spinners: { style: { rotate?: string } }[] = [{ style: {} }, { style: {} }];
    const stop = startSpinnerTicker(fakeDocument(spinners));
    vi.advanceTimersByTime(124);
    expect(spinners.map((s) => s.style.rotate)).toEqual([undefined, undefined]);
    vi.advanceTimersByTime(1);
    expect(spinners.map((s) => s.style.rotate)).toEqual(['45deg', '45deg']);
    vi.advanceTimersByTime(125 * 6);
    expect(spinners[0]!.style.rotate).toBe('315deg');
    vi.advanceTimersByTime(125);
    expect(spinners[0]!.style.rotate).toBe('0deg');
    // A spinner shown later turns with the others.
    spinners.push({ style: {} });
    vi.advanceTimersByTime(125);
    expect(spinners.map((s) => s.style.rotate)).toEqual(['45deg', '45deg', '45deg']);
    stop();
    vi.advanceTimersByTime(1000);
    expect(spinners[0]!.style.rotate).toBe('45deg');
  });

  it('leaves the page alone while no spinner is shown', () => {
    const spinners: { style: { rotate?: string } }[] = [];
    const stop = startSpinnerTicker(fakeDocument(spinners));
    vi.advanceTimersByTime(1000);
    spinners.push({ style: {} });
    vi.advanceTimersByTime(125);
    // The first step after a spinner appears, not one counted while none was shown.
    expect(spinners[0]!.style.rotate).toBe('45deg');
    stop();
  });
});
