/** The Overview's settings: how it is viewed (scope, grain, KPI period) and the analysis' churn and as-of settings. */
import type { Analysis, LoadedLines } from '../../engine-client/index.ts';
import { coordinator } from '../results.ts';
import type { OverviewSlice } from '../slices/overview.ts';
import { getState, setState, useStore } from '../store.ts';
import { updateAnalysis } from './analysis.ts';

export function setOverviewView(p: Partial<OverviewSlice['overviewView']>): void {
  setState({ overviewView: { ...getState().overviewView, ...p } });
  coordinator.refreshNow();
}

/** Churn threshold, as-of date (null: the latest whose window the data covers) and outcome window: saved with the analysis. */
export function setOverviewSettings(p: Partial<Analysis['overview']>): void {
  updateAnalysis((a) => {
    Object.assign(a.overview, p);
  });
}

/** The Overview needs dated invoices with amounts (customers are optional: without them, customer figures are empty). */
export function canOverview(dataset: Pick<LoadedLines, 'canonical'>): boolean {
  const m = dataset.canonical.mapping.mapping;
  // Orders are invoices, or lines when a customer column stands in (canonical.ts).
  const orders = m.invoice !== undefined || m.customer !== undefined;
  return m.date !== undefined && orders && (m.line_total !== undefined || (m.quantity !== undefined && m.unit_price !== undefined));
}

/** After the first successful load the app opens on the Overview (the Data screen stays for files, mapping and cleaning). */
export function openOverviewOnFirstLoad(): void {
  useStore.subscribe((s, prev) => {
    if (s.dataset !== null && prev.dataset === null && s.screen === 'data' && canOverview(s.dataset)) s.setScreen('overview');
  });
}
