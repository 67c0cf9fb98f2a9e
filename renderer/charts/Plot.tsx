/// <reference path="./plotly.d.ts" />
import type { Config, Data, Layout } from 'plotly.js-dist-min';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useStore } from '../state/store.ts';
import { drawDone, drawStarted, type DrawToken, type TimedKind } from '../state/timing.ts';
import { inTurn } from './draw-turns.ts';
import { chartTheme } from './palette.ts';

export interface PlotProps {
  data: Data[];
  layout?: Layout;
  height?: number;
  /** Counts this chart's redraws with new data in the change-to-chart latency of this kind. */
  timed?: TimedKind;
  /**
   * Draw in the next animation frame instead of in the commit: a secondary chart lets the
   * primary one reach the screen first (its redraw still counts in the "all charts" time).
   */
  defer?: boolean;
  testId?: string;
  onReady?: (el: HTMLElement) => void;
}

const CONFIG: Config = { displayModeBar: false, responsive: true };

type PlotlyApi = typeof import('plotly.js-dist-min').default;
let plotly: Promise<PlotlyApi> | undefined;
let plotlyLoaded = false;

/**
 * Plotly (3.5 MB of script, about 0.7 s of evaluation on the page's thread) is fetched once the
 * page is idle after its first screen (`preloadPlotly`), or by the first chart to mount, never
 * with the app's first screen. Calls made while it loads run in order once it is there (one promise).
 */
function loadPlotly(): Promise<PlotlyApi> {
  plotly ??= import('plotly.js-dist-min').then((m) => {
    plotlyLoaded = true;
    return m.default;
  });
  return plotly;
}

/** Loads Plotly ahead of the first chart (app/lazy-screens.ts calls it when the page is idle), so a chart finds it evaluated. */
export function preloadPlotly(): Promise<unknown> {
  return loadPlotly();
}

/**
 * A themed Plotly chart, redrawn in place with Plotly.react (no remount on data changes).
 * The layout object handed to Plotly is stable while its content is (inline layout props are
 * compared by value), so a data change never makes Plotly diff or relayout anything else.
 */
export function Plot({ data, layout, height = 280, timed, defer = false, testId, onReady }: PlotProps) {
  const ref = useRef<HTMLDivElement>(null);
  const drawnData = useRef<Data[] | null>(null);
  const drawnLayout = useRef<Layout | null>(null);
  const waiting = useRef<DrawToken[]>([]);
  /** This chart's draws, one after another: a purge waits for the draw in flight (Plotly's draws are async). */
  const drawing = useRef<Promise<unknown>>(Promise.resolve());
  const onReadyRef = useRef(onReady);
  onReadyRef.current = onReady;
  const theme = useStore((s) => s.theme);
  // Until Plotly is loaded the chart's box shows a placeholder of its final size.
  const [loaded, setLoaded] = useState(plotlyLoaded);
  // Inline layout objects are new on every render; rebuild (and relayout) only when their content changes.
  const layoutKey = JSON.stringify(layout ?? {});
  const fullLayout = useMemo<Layout>(() => {
    const t = chartTheme(theme);
    const axis = {
      gridcolor: t.grid,
      zerolinecolor: t.grid,
      linecolor: t.grid,
      tickfont: { color: t.muted, size: 11 },
      title: { font: { color: t.muted, size: 11 } },
      automargin: true,
    };
    const own = JSON.parse(layoutKey) as Layout;
    return {
      height,
      margin: { l: 48, r: 16, t: 10, b: 40 },
      paper_bgcolor: t.bg,
      plot_bgcolor: t.bg,
      font: { family: 'Inter, Segoe UI, system-ui, sans-serif', color: t.text, size: 12 },
      showlegend: false,
      hoverlabel: { font: { family: 'Inter, system-ui, sans-serif' } },
      legend: { font: { color: t.muted, size: 11 }, orientation: 'h', y: -0.2 },
      ...own,
      xaxis: { ...axis, ...((own.xaxis as object) ?? {}) },
      yaxis: { ...axis, ...((own.yaxis as object) ?? {}) },
    };
  }, [layoutKey, height, theme]);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    // Only a redraw with new data or a new layout counts as "the chart followed the change".
    if (timed && (drawnData.current !== data || drawnLayout.current !== fullLayout)) waiting.current.push(drawStarted(timed, testId ?? 'chart'));
    drawnData.current = data;
    drawnLayout.current = fullLayout;
    const draw = () => {
      const tokens = waiting.current;
      waiting.current = [];
      // In a task of its own (draw-turns.ts): charts mounted together do not draw in one long task.
      // A chart gone meanwhile (the user moved to another screen) is not drawn.
      const drawn = drawing.current.then(loadPlotly).then((Plotly) => inTurn(() => (el.isConnected ? Plotly.react(el, data, fullLayout, CONFIG) : undefined)));
      drawing.current = drawn.catch(() => undefined);
      void drawn.then(() => {
        setLoaded(true);
        for (const t of tokens) drawDone(t);
        onReadyRef.current?.(el);
      });
    };
    if (!defer) {
      draw();
      return;
    }
    // A newer render cancels the scheduled draw; its tokens wait for the next one.
    const frame = requestAnimationFrame(draw);
    return () => cancelAnimationFrame(frame);
  }, [data, fullLayout, timed, defer, testId]);
  useEffect(() => {
    const el = ref.current;
    return () => {
      // After the draws in flight: purging under one makes its remaining steps fail.
      if (el) void drawing.current.then(loadPlotly).then((Plotly) => Plotly.purge(el));
    };
  }, []);
  return <div ref={ref} className="plot" style={{ height }} data-testid={testId} data-loading={loaded ? undefined : ''} />;
}

/** PNG of a drawn chart (for "charts to PNG"). */
export function chartToPng(el: HTMLElement): Promise<string> {
  return loadPlotly().then((Plotly) => Plotly.toImage(el, { format: 'png', scale: 2, width: el.clientWidth || 800, height: el.clientHeight || 400 }));
}
