/**
 * Every screen but Data, and the drill-down, as chunks of their own: the first screen renders
 * from a small entry chunk and never waits for them (nor for Plotly, which charts/Plot.tsx loads
 * when a chart mounts). Once the shell is up and the page is idle, the screens are fetched ahead
 * of the first click; Plotly is not.
 */
import { lazy, useEffect, type ComponentType } from 'react';
import type { Screen } from '../state/slices/ui.ts';

type Loader = () => Promise<ComponentType>;

const LOADERS: Record<Exclude<Screen, 'data'>, Loader> = {
  overview: () => import('../features/overview/OverviewScreen.tsx').then((m) => m.OverviewScreen),
  segments: () => import('../features/segments/SegmentsScreen.tsx').then((m) => m.SegmentsScreen),
  clusters: () => import('../features/clusters/ClustersScreen.tsx').then((m) => m.ClustersScreen),
  baskets: () => import('../features/baskets/BasketsScreen.tsx').then((m) => m.BasketsScreen),
  value: () => import('../features/value/ValueScreen.tsx').then((m) => m.ValueScreen),
  export: () => import('../features/export/ExportScreen.tsx').then((m) => m.ExportScreen),
  migration: () => import('../features/migration/MigrationScreen.tsx').then((m) => m.MigrationScreen),
};

const drillDown: Loader = () => import('../features/drilldown/DrillDown.tsx').then((m) => m.DrillDown);

const asLazy = (load: Loader) => lazy(() => load().then((c) => ({ default: c })));

export const LAZY_SCREENS = Object.fromEntries(Object.entries(LOADERS).map(([id, load]) => [id, asLazy(load)])) as Record<
  keyof typeof LOADERS,
  ReturnType<typeof asLazy>
>;

export const LazyDrillDown = asLazy(drillDown);

/** Fetches every lazy screen's code once the page is first idle (a no-op for chunks already loaded). */
export function useScreenPrefetch(): void {
  useEffect(() => {
    const id = requestIdleCallback(
      () => {
        for (const load of [...Object.values(LOADERS), drillDown]) void load().catch(() => undefined);
      },
      { timeout: 5000 },
    );
    return () => cancelIdleCallback(id);
  }, []);
}
