/**
 * The report's charts as inline SVG, drawn from the data here (no chart library, no script, no
 * network). Every label goes through esc(); sizes are fixed so the report prints the same.
 */
import { esc } from './format.ts';

const PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

export function colour(i: number): string {
  return PALETTE[i % PALETTE.length]!;
}

/** Two decimals at most: coordinates stay short and identical everywhere. */
const c = (x: number) => String(Math.round(x * 100) / 100);

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/** A "nice" upper bound for an axis: 1, 2 or 5 times a power of ten, at least `max`. */
function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 5, 10]) if (m * p >= max) return m * p;
  return 10 * p;
}

export interface Bar {
  label: string;
  value: number;
}

/**
 * Vertical bars (a time series): one bar per point, the axis from 0 to a nice maximum, every
 * n-th label under the bars. `format` writes the axis and tooltip values.
 */
export function columnChart(bars: readonly Bar[], format: (x: number) => string, title: string): string {
  const w = 720,
    h = 240,
    left = 70,
    bottom = 40,
    top = 10,
    right = 10;
  const max = niceMax(Math.max(0, ...bars.map((b) => b.value)));
  const plotW = w - left - right,
    plotH = h - top - bottom;
  const step = bars.length ? plotW / bars.length : plotW;
  const every = Math.max(1, Math.ceil(bars.length / 8));
  const y = (v: number) => top + plotH - (Math.max(0, v) / max) * plotH;
  const parts = [`<svg class="chart" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="${esc(title)}">`];
  for (let t = 0; t <= 4; t++) {
    const v = (max * t) / 4;
    parts.push(
      `<line x1="${left}" x2="${w - right}" y1="${c(y(v))}" y2="${c(y(v))}" class="grid"/>`,
      `<text x="${left - 6}" y="${c(y(v) + 4)}" text-anchor="end">${esc(format(v))}</text>`,
    );
  }
  bars.forEach((b, i) => {
    const x = left + i * step;
    parts.push(
      `<rect x="${c(x + step * 0.12)}" y="${c(y(b.value))}" width="${c(step * 0.76)}" height="${c(top + plotH - y(b.value))}" fill="${colour(0)}"><title>${esc(b.label)}: ${esc(format(b.value))}</title></rect>`,
    );
    if (i % every === 0) parts.push(`<text x="${c(x + step / 2)}" y="${h - bottom + 16}" text-anchor="middle">${esc(b.label)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

/** Horizontal bars with their labels on the left and values on the right (rankings, segment sizes). */
export function barChart(bars: readonly Bar[], format: (x: number) => string, title: string, colours = false): string {
  const w = 720,
    row = 22,
    left = 230,
    right = 110;
  const h = Math.max(row, bars.length * row) + 8;
  const max = Math.max(0, ...bars.map((b) => b.value)) || 1;
  const plotW = w - left - right;
  const parts = [`<svg class="chart" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="${esc(title)}">`];
  bars.forEach((b, i) => {
    const y = 4 + i * row;
    const bw = (Math.max(0, b.value) / max) * plotW;
    parts.push(
      `<text x="${left - 8}" y="${y + 15}" text-anchor="end">${esc(clip(b.label, 30))}</text>`,
      `<rect x="${left}" y="${y + 3}" width="${c(bw)}" height="${row - 6}" fill="${colours ? colour(i) : colour(0)}"><title>${esc(b.label)}: ${esc(format(b.value))}</title></rect>`,
      `<text x="${c(left + bw + 6)}" y="${y + 15}">${esc(format(b.value))}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}
