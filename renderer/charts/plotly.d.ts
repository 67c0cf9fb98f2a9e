/** The few Plotly calls we use (plotly.js-dist-min ships no types). */
declare module 'plotly.js-dist-min' {
  export type Data = Record<string, unknown>;
  export type Layout = Record<string, unknown>;
  export type Config = Record<string, unknown>;
  export function react(el: HTMLElement, data: Data[], layout?: Layout, config?: Config): Promise<HTMLElement>;
  export function purge(el: HTMLElement): void;
  export function toImage(el: HTMLElement, opts: { format: 'png' | 'svg'; width?: number; height?: number; scale?: number }): Promise<string>;
  const Plotly: { react: typeof react; purge: typeof purge; toImage: typeof toImage; Plots: { resize(el: HTMLElement): void } };
  export default Plotly;
}
