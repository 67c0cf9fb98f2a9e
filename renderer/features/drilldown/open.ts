/** Opening a drill-down from the screens: a table row, or a click on a chart's bar. */
import type { DrillTarget } from '../../state/slices/ui.ts';
import { getState } from '../../state/store.ts';

export function openDrill(target: DrillTarget): void {
  getState().setDrill(target);
}

type ClickHandler = (point: { x?: unknown; y?: unknown; pointIndex?: number }) => void;
interface ClickableChart extends HTMLElement {
  on?: (event: 'plotly_click', f: (e: { points: { x?: unknown; y?: unknown; pointIndex?: number }[] }) => void) => void;
  __ssClick?: ClickHandler;
}

/** Calls `handler` with the clicked point; bound once per chart element (Plot's onReady runs after every draw). */
export function onChartClick(el: HTMLElement, handler: ClickHandler): void {
  const chart = el as ClickableChart;
  const bound = chart.__ssClick !== undefined;
  chart.__ssClick = handler;
  if (!bound)
    chart.on?.('plotly_click', (e) => {
      const p = e.points[0];
      if (p) chart.__ssClick?.(p);
    });
}
