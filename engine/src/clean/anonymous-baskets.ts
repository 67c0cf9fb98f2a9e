/**
 * Lines without a customer are left out of every basket while the missing_customer rule is on
 * (RFM never counts them, rule or not): a till's anonymous receipts, often most of its sales, then
 * feed no rule. Said, with the count, where they are a tenth of the lines read or more, so the
 * analyst can turn the rule off for baskets; the default stays (the published Online Retail
 * basket figures drop them).
 */
import type { CleaningReport } from './clean.ts';
import type { CleaningRule } from './rules.ts';

/** The share of lines read from which it is said. */
const SAID_FROM = 0.1;

export function anonymousBasketWarnings(report: Pick<CleaningReport, 'rows_read' | 'removed'>, rules: readonly CleaningRule[]): string[] {
  const n = report.removed.missing_customer;
  if (!rules.includes('missing_customer') || report.rows_read === 0 || n < SAID_FROM * report.rows_read) return [];
  const share = `${((100 * n) / report.rows_read).toFixed(1)}%`;
  return [
    `${n.toLocaleString('en-US')} lines (${share}) have no customer and are left out of the baskets by the missing_customer rule; RFM never counts them, so with the rule off their baskets are mined too`,
  ];
}
