import type { Analysis } from '../../engine-client/index.ts';
import { updateAnalysis } from './analysis.ts';

/** One edit of the analysis' customer-value settings (the coordinator refits what depends on them). */
export function setValueSettings(p: Partial<Analysis['clv']>): void {
  updateAnalysis((a) => {
    Object.assign(a.clv, p);
  });
}
