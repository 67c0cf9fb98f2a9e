/**
 * What may be wrong in the figures read, each with its counts and examples: amounts from guessed
 * columns, numbers read under a guessed decimal mark, dates read day-first by assumption, partial
 * refunds counted in full, orders whose products do not add up to their subtotal without tax. The
 * CLI prints them with every command's output; the Data screen shows each as a notice.
 */
import { guessedAmountWarnings, type MappingResult } from '../mapping/detect-mapping.ts';
import { ambiguousDateWarnings, type AmbiguousDates } from './ambiguous-dates.ts';
import { guessedNumberWarnings, type GuessedNumbers } from './guessed-numbers.ts';
import { partialRefundWarnings, type PartialRefunds } from './order-status.ts';
import { productTotalWarnings, type TotalsDiffer } from './packed-products.ts';

export function figureWarnings(
  canonical: { mapping: MappingResult; partialRefunds?: PartialRefunds; guessedNumbers?: GuessedNumbers[]; ambiguousDates?: AmbiguousDates },
  sources: readonly { name: string; productTotalsDiffer?: TotalsDiffer; productTotalsWithTax?: TotalsDiffer }[],
): string[] {
  return [
    ...guessedAmountWarnings(canonical.mapping),
    ...guessedNumberWarnings(canonical.guessedNumbers),
    ...ambiguousDateWarnings(canonical.ambiguousDates),
    ...partialRefundWarnings(canonical.partialRefunds),
    ...productTotalWarnings(sources),
  ];
}
