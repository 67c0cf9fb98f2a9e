/**
 * Every screen but Data, and the drill-down, as chunks of their own: the first screen renders
 * from a small entry chunk and never waits for them (nor for Plotly, which charts/Plot.tsx loads
 * when a chart mounts). Once the shell is up and the page is idle, the screens are fetched ahead
 * of the first click; Plotly is not.
 */
import { createElement, lazy, useEffect, type ComponentType, type LazyExoticComponent } from 'react';
import type { Screen } from '../state/slices/ui.ts';

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
}
