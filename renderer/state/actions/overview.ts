/** The Overview's settings: how it is viewed (scope, grain, KPI period) and the analysis' churn and as-of settings. */
import { hasAmount, orderKey, type Analysis, type LoadedLines } from '../../engine-client/index.ts';
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

/**
 * The Overview needs dated orders (invoices, or a customer's lines or visits: orderKey) with
 * amounts, as RFM reads them (a price alone is a line per unit); customers are optional: without
 * them, customer figures are empty.
 */
export function canOverview(dataset: Pick<LoadedLines, 'canonical'>): boolean {
  const m = dataset.canonical.mapping.mapping;
  return m.date !== undefined && orderKey(m) !== null && hasAmount(m);
}

/** After the first successful load the app opens on the Overview (the Data screen stays for files, mapping and cleaning). */
export function openOverviewOnFirstLoad(): void {
  useStore.subscribe((s, prev) => {
    if (s.dataset !== null && prev.dataset === null && s.screen === 'data' && canOverview(s.dataset)) s.setScreen('overview');
  });
}
