/// <reference path="./plotly.d.ts" />
import Plotly, { type Data, type Layout } from 'plotly.js-dist-min';
import { useEffect, useRef } from 'react';
import { useStore } from '../state/store.ts';
import { chartDrawn, type TimedKind } from '../state/timing.ts';
import { chartTheme } from './palette.ts';

export interface PlotProps {
  data: Data[];
  layout?: Layout;
  height?: number;
  /** Reports change-to-drawn latency for this kind of update once drawn. */
  timed?: TimedKind;
  testId?: string;
  onReady?: (el: HTMLElement) => void;
}

/** A themed Plotly chart, redrawn in place with Plotly.react (no remount on data changes). */
export function Plot({ data, layout, height = 280, timed, testId, onReady }: PlotProps) {
  const ref = useRef<HTMLDivElement>(null);
  const drawnData = useRef<Data[] | null>(null);
  const theme = useStore((s) => s.theme);
  // Inline layout objects are new on every render; redraw only when their content changes.
  const layoutKey = JSON.stringify(layout ?? {});
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const t = chartTheme(theme);
    const axis = { gridcolor: t.grid, zerolinecolor: t.grid, linecolor: t.grid, tickfont: { color: t.muted, size: 11 }, title: { font: { color: t.muted, size: 11 } }, automargin: true };
    const base: Layout = {
      height,
      margin: { l: 48, r: 16, t: 10, b: 40 },
      paper_bgcolor: t.bg,
      plot_bgcolor: t.bg,
      font: { family: 'Inter, Segoe UI, system-ui, sans-serif', color: t.text, size: 12 },
      showlegend: false,
      hoverlabel: { font: { family: 'Inter, system-ui, sans-serif' } },
      legend: { font: { color: t.muted, size: 11 }, orientation: 'h', y: -0.2 },
      ...layout,
      xaxis: { ...axis, ...((layout?.xaxis as object) ?? {}) },
      yaxis: { ...axis, ...((layout?.yaxis as object) ?? {}) },
    };
    const fresh = drawnData.current !== data;
    drawnData.current = data;
    void Plotly.react(el, data, base, { displayModeBar: false, responsive: true }).then(() => {
      // Only a redraw with new data counts as "the chart followed the change".
      if (timed && fresh) chartDrawn(timed);
      onReady?.(el);
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- layout is tracked through layoutKey
  }, [data, layoutKey, height, theme, timed]);
  useEffect(() => {
    const el = ref.current;
    return () => {
      if (el) Plotly.purge(el);
    };
  }, []);
  return <div ref={ref} className="plot" style={{ height }} data-testid={testId} />;
}

/** PNG of a drawn chart (for "charts to PNG"). */
export function chartToPng(el: HTMLElement): Promise<string> {
  return Plotly.toImage(el, { format: 'png', scale: 2, width: el.clientWidth || 800, height: el.clientHeight || 400 });
}
