import type { CleaningReport } from './clean.ts';
import { implausibleWarnings } from './implausible.ts';
import { nonProductWarnings } from './non-product-share.ts';
import { returnsShareWarnings } from './returns-share.ts';

/** What the cleaning report says may be wrong: implausible lines, a large share of non-product lines, returns as most lines. The commands and the report print these after the figure warnings. */
export function cleaningWarnings(report: CleaningReport): string[] {
  return [...implausibleWarnings(report), ...nonProductWarnings(report), ...returnsShareWarnings(report)];
}
