/**
 * The low end of a chart's sequential scale (the Baskets scatter's lift) stays visible on the card
 * it is drawn on, in both themes: WCAG's contrast ratio for graphics is at least 3:1. Viridis'
 * dark purple low end failed this on the dark card (low-lift points vanished).
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { chartTheme } from '../../renderer/charts/palette.ts';

const css = readFileSync(new URL('../../renderer/app/theme.css', import.meta.url), 'utf8');
/** The card colour (--panel) of the light theme (:root) and the dark one. */
const panel = (theme: 'light' | 'dark') => {
  const block = theme === 'dark' ? css.slice(css.indexOf('[data-theme="dark"]')) : css;
  return /--panel:\s*(#[0-9a-f]{6})/i.exec(block)![1]!;
};

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
};
/** The low end of Plotly's Viridis, the light theme's named scale. */
const VIRIDIS_LOW = '#440154';
const low = (theme: 'light' | 'dark') => {
  const scale = chartTheme(theme).sequential;
  return typeof scale === 'string' ? (scale === 'Viridis' ? VIRIDIS_LOW : undefined) : scale[0]![1];
};

it('low-lift points stay visible on the card in both themes (contrast at least 3:1)', () => {
  expect(contrast(low('light')!, panel('light'))).toBeGreaterThanOrEqual(3);
  expect(contrast(low('dark')!, panel('dark'))).toBeGreaterThanOrEqual(3);
  // The defect: Viridis' low end on the dark card.
  expect(contrast(VIRIDIS_LOW, panel('dark'))).toBeLessThan(3);
});
