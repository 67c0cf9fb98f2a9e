/**
 * The return rule reads a negative quantity (or, without one, a negative amount) as a return. A
 * shop's returns are a few percent of its lines; an export that writes its sales negative (a stock
 * ledger's movements out, an accounts export's credits) has them as most of its lines, and its
 * sales would all be left out (or netted as refunds) with only the rule's count to show it. Where
 * returns are more than half the lines read, that is said.
 */
import { RETURNS_ONLY, type CleaningReport } from './clean.ts';

/** The share of the lines read above which returns are said. */
const SAID_ABOVE = 0.5;

/** The words (the CLI's warnings, the Data screen's notice); none while returns are a minority. */
export function returnsShareWarnings(report: Pick<CleaningReport, 'rows_read' | 'removed' | 'netted' | 'returns' | 'rules'>): string[] {
  if (!report.rules.includes('return')) return [];
  // Netted, they are the lines netted plus those of customers with returns only, left out.
  const n = report.returns === 'net' ? report.netted.return + (report.removed[RETURNS_ONLY] ?? 0) : report.removed.return;
  if (report.rows_read === 0 || n <= SAID_ABOVE * report.rows_read) return [];
  const share = `${Math.round((100 * n) / report.rows_read)}%`;
  const fate = report.returns === 'net' ? 'netted against the purchases (or left out, for customers with returns only)' : 'left out';
  return [
    `${n.toLocaleString('en-US')} of ${report.rows_read.toLocaleString('en-US')} lines read (${share}) have a negative quantity (or amount) and are read as returns, ${fate}: a shop's returns are seldom most of its lines; if this export writes its sales negative (a stock ledger's movements, an accounts export's credits), export them as sales, with positive quantities`,
  ];
}
