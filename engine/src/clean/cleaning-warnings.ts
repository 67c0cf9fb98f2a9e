import type { CleaningReport } from './clean.ts';
import { implausibleWarnings } from './implausible.ts';
import { nonProductWarnings } from './non-product-share.ts';

/** What the cleaning report says may be wrong: implausible lines, and a large share of non-product lines. The commands and the report print these after the figure warnings. */
export function cleaningWarnings(report: CleaningReport): string[] {
  return [...implausibleWarnings(report), ...nonProductWarnings(report)];
}
