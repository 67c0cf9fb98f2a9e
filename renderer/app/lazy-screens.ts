/**
 * Every screen but Data, and the drill-down, as chunks of their own: the first screen renders
 * from a small entry chunk and never waits for them (nor for Plotly, which charts/Plot.tsx loads
 * when a chart mounts, or usePlotlyPreload ahead of it). Once the shell is up and the page is idle, the screens are fetched ahead
 * of the first click; Plotly too, but later (see usePlotlyPreload).
 */
import { createElement, lazy, useEffect, type ComponentType, type LazyExoticComponent } from 'react';
import { getDuckDb } from '../data/duckdb.ts';
import type { Screen } from '../state/slices/ui.ts';
import { useStore } from '../state/store.ts';

type Loader = () => Promise<ComponentType>;

/** A lazily loaded view's code: the component once it has arrived, React's lazy() until then. */
export interface ViewCode {
  arrived?: ComponentType;
  lazy: LazyExoticComponent<ComponentType>;
  /** Fetches the code without rendering it. */
  prefetch(): Promise<ComponentType>;
}

export function viewCode(load: Loader): ViewCode {
  let pending: Promise<ComponentType> | undefined;
  const code: ViewCode = {
    prefetch: () =>
      (pending ??= load().then(
        (c) => (code.arrived = c),
        (e: unknown) => {
          pending = undefined; // tried again on the next render (the screen's boundary reports it)
          throw e;
        },
      )),
    lazy: lazy(() => code.prefetch().then((c) => ({ default: c }))),
  };
  return code;
}

/**
 * Renders a lazy view: the view itself once its code has arrived, else through lazy(). React
 * holds a suspended boundary's content back for up to 300 ms after its placeholder showed
 * (against flicker), so a view whose chunk was already fetched would still mount, and ask for
 * its results, about 300 ms late if it went through lazy(): the Overview after a load, any
 * screen on its first click.
 */
export function LazyView({ code }: { code: ViewCode }) {
  return createElement(code.arrived ?? code.lazy);
}

export const LAZY_SCREENS: Record<Exclude<Screen, 'data'>, ViewCode> = {
  overview: viewCode(() => import('../features/overview/OverviewScreen.tsx').then((m) => m.OverviewScreen)),
  segments: viewCode(() => import('../features/segments/SegmentsScreen.tsx').then((m) => m.SegmentsScreen)),
  clusters: viewCode(() => import('../features/clusters/ClustersScreen.tsx').then((m) => m.ClustersScreen)),
  baskets: viewCode(() => import('../features/baskets/BasketsScreen.tsx').then((m) => m.BasketsScreen)),
  value: viewCode(() => import('../features/value/ValueScreen.tsx').then((m) => m.ValueScreen)),
  export: viewCode(() => import('../features/export/ExportScreen.tsx').then((m) => m.ExportScreen)),
  migration: viewCode(() => import('../features/migration/MigrationScreen.tsx').then((m) => m.MigrationScreen)),
};

export const DRILL_DOWN = viewCode(() => import('../features/drilldown/DrillDown.tsx').then((m) => m.DrillDown));

/** Fetches every lazy screen's code once the page is first idle (a no-op for chunks already loaded). */
export function useScreenPrefetch(): void {
  useEffect(() => {
    const id = requestIdleCallback(
      () => {
        for (const code of [...Object.values(LAZY_SCREENS), DRILL_DOWN]) void code.prefetch().catch(() => undefined);
      },
      { timeout: 5000 },
    );
    return () => cancelIdleCallback(id);
  }, []);
  usePlotlyPreload();
}

/**
 * Loads Plotly while the app sits idle after its start (DuckDB-WASM started, no data loaded
 * yet), so that the Overview the first load ends on finds it evaluated: its evaluation is one
 * task of 0.7-1.5 s on the page's thread, which would otherwise come after the load, as the
 * Overview's charts mount, and hold up a click on another screen. Not while DuckDB-WASM starts or
 * a load runs: the task would hold back their replies on this thread (measured: DuckDB ready and
 * the sample loaded 1 s later). Nor once a load has ended: there the task lands when the user
 * moves on, and held back the Segments screen's RFM statement (`npm run bench`, open right after
 * the start → segments shown: RFM 0.3 → 1.3-1.9 s); the charts load Plotly then, as before.
 */
function usePlotlyPreload(): void {
  const idle = useStore((s) => s.dataset === null && s.loadStatus !== 'loading' && !s.recleaning);
  useEffect(() => {
    if (!idle) return;
    let id: number | undefined;
    let live = true;
    void getDuckDb().then(
      () => {
        // No timeout: a chart that mounts first loads Plotly itself.
        if (live) id = requestIdleCallback(() => void import('../charts/Plot.tsx').then((m) => m.preloadPlotly()).catch(() => undefined));
      },
      () => undefined,
    );
    return () => {
      live = false;
      if (id !== undefined) cancelIdleCallback(id);
    };
  }, [idle]);
}
