/** Categorical colours that read well on light and dark backgrounds (segments, clusters). */
export const CATEGORICAL = ['#6366f1', '#22c55e', '#f59e0b', '#ef4444', '#06b6d4', '#a855f7', '#ec4899', '#84cc16', '#f97316', '#14b8a6', '#64748b', '#eab308'];

export function colorOf(i: number): string {
  return CATEGORICAL[i % CATEGORICAL.length]!;
}

export interface ChartTheme {
  text: string;
  muted: string;
  grid: string;
  bg: string;
  /**
   * Low to high values (lift): Viridis on light backgrounds; on dark ones Viridis' dark purple
   * low end would vanish, so the scale starts at a blue that stays visible.
   */
  sequential: string | [number, string][];
}

export function chartTheme(theme: 'light' | 'dark'): ChartTheme {
  return theme === 'dark'
    ? {
        text: '#e6e9f2',
        muted: '#9aa3b8',
        grid: '#2a3148',
        bg: 'rgba(0,0,0,0)',
        sequential: [
          [0, '#6b8cff'],
          [0.5, '#2bb58f'],
          [1, '#fde725'],
        ],
      }
    : { text: '#1c2230', muted: '#667085', grid: '#e9edf3', bg: 'rgba(0,0,0,0)', sequential: 'Viridis' };
}
