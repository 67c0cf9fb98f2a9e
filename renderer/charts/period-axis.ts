/**
 * The x axis of a series per month, week or day (`periods`: each one's first day, or YYYY-MM):
 * ticks on the periods, labelled as periods. Left to itself Plotly spreads a single date over a
 * millisecond (a shop's first month was labelled "23:59:59.9996 Feb 29, 2024"); a long series
 * keeps Plotly's own spacing, in the same labels.
 */
type Grain = 'month' | 'week' | 'day';

const DAY = 86_400_000;
const spanOf = (grain: Grain) => (grain === 'month' ? 30 * DAY : grain === 'week' ? 7 * DAY : DAY);

export function periodAxis(grain: Grain, periods: readonly string[]): Record<string, unknown> {
  const span = spanOf(grain);
  // A tick per period while they fit along the axis.
  const few = periods.length <= (grain === 'month' ? 24 : grain === 'week' ? 26 : 31);
  const only = periods.length === 1 ? Date.parse(periods[0]!) : Number.NaN;
  return {
    type: 'date',
    tickformat: grain === 'month' ? '%b %Y' : '%-d %b %Y',
    ...(few ? { dtick: grain === 'month' ? 'M1' : span } : {}),
    // One period: the axis spans it, centred on its first day.
    ...(Number.isFinite(only) ? { range: [new Date(only - span / 2).toISOString(), new Date(only + span / 2).toISOString()] } : {}),
  };
}

/** A bar's width (ms) where a series has one period: Plotly would draw it a millisecond wide; else its own. */
export function periodBarWidth(grain: Grain, periods: readonly string[]): { width?: number } {
  return periods.length === 1 ? { width: 0.8 * spanOf(grain) } : {};
}
