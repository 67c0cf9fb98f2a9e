import type { Analysis } from '../../engine-client/index.ts';
import { coordinator } from '../results.ts';
import { getState } from '../store.ts';
import { updateAnalysis } from './analysis.ts';

/** One edit of the analysis' customer-value settings (the coordinator refits what depends on them). */
export function setValueSettings(p: Partial<Analysis['clv']>): void {
  updateAnalysis((a) => {
    Object.assign(a.clv, p);
  });
}

const STEPS = ['valueSummary', 'value'] as const;

/** Stops the customer summary or the fit, whichever is running; nothing restarts until retried or a setting changes. */
export function stopValueFit(): void {
  for (const name of STEPS) if (getState().results[name].status === 'running') coordinator.stop(name);
}

export function retryValueFit(): void {
  for (const name of STEPS) if (getState().results[name].error === 'stopped') coordinator.retry(name);
}
