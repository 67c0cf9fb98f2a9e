/**
 * An axis of counts (customers, orders): whole numbers only. Left to itself Plotly ticks a short
 * range in halves ("0.5 customers" when a segment has 2); up to 10 the ticks are set to whole steps.
 * Above that Plotly's own steps on our charts' lengths are whole already.
 */
export function countAxis(max: number): Record<string, unknown> {
  return max <= 10 ? { dtick: max <= 5 ? 1 : 2, tick0: 0, rangemode: 'tozero' } : { rangemode: 'tozero' };
}
