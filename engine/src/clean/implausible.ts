/**
 * Implausible lines (see IMPLAUSIBLE_KINDS): their predicates over `lines`, and the warning
 * every front end shows for them. Dates come from the options (today as the host gives it,
 * the minimum date, the snapshot), never from a clock.
 */
import { EngineError } from '../errors.ts';
import { literal } from '../sql/quote.ts';
import { IMPLAUSIBLE_KINDS, type CleaningOptions, type ImplausibleKind } from './rules.ts';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function dateSql(value: string, what: string): string {
  if (!DAY.test(value) || Number.isNaN(Date.parse(value))) throw new EngineError('invalid_argument', `${what} must be a date YYYY-MM-DD, got "${value}"`);
  return `DATE ${literal(value)}`;
}

/** NULL-safe predicate of each kind; a kind with no date to compare with (no today, no snapshot) matches nothing. */
export function implausibleSql(options: Pick<CleaningOptions, 'implausible' | 'today' | 'snapshot'>): Record<ImplausibleKind, string> {
  const day = 'CAST(ts AS DATE)';
  return {
    future_date: options.today ? `COALESCE(${day} > ${dateSql(options.today, 'today')}, false)` : 'false',
    early_date: `COALESCE(${day} < ${dateSql(options.implausible.minDate, 'cleaning.implausible.minDate')}, false)`,
    after_snapshot: options.snapshot ? `COALESCE(${day} > ${dateSql(options.snapshot, 'snapshot')}, false)` : 'false',
    zero_quantity: 'COALESCE(quantity = 0, false)',
    // Set where a recognised layout names its orders' cancellation (canonical.ts), else NULL.
    cancelled_order: 'COALESCE(order_cancelled, false)',
  };
}

/** One line a check found, as shown in a warning. */
export interface ImplausibleExample {
  file: string;
  row: number | null;
  date: string | null;
  invoice: string | null;
  quantity: number | null;
}

/** What one check found among the lines the cleaning rules keep. */
export interface ImplausibleFinding {
  lines: number;
  customers: number;
  excluded: boolean;
  examples: ImplausibleExample[];
}

export interface ImplausibleChecks {
  /** Today as given; null: dates after today were not checked. */
  today: string | null;
  minDate: string;
  /** The explicit snapshot; null: the default (the day after the last kept line), never before the data. */
  snapshot: string | null;
}

function what(kind: ImplausibleKind, checks: ImplausibleChecks, customers: number): string {
  switch (kind) {
    case 'future_date':
      return `dated after today (${checks.today})`;
    case 'early_date':
      return `dated before ${checks.minDate}`;
    case 'after_snapshot':
      return `dated after the snapshot ${checks.snapshot} (${customers} customer${customers === 1 ? '' : 's'} would get a negative recency)`;
    case 'zero_quantity':
      return 'with quantity 0 (voids: neither purchases nor invoices)';
    case 'cancelled_order':
      return 'of orders the export marks cancelled or refunded (not sales)';
  }
}

/**
 * One warning per check that found lines: the count, up to three examples (file, row, date,
 * invoice) and whether the lines are excluded or kept. Empty when the data is plausible.
 */
export function implausibleWarnings(report: { implausible: Record<ImplausibleKind, ImplausibleFinding>; checks: ImplausibleChecks }): string[] {
  const out: string[] = [];
  for (const kind of IMPLAUSIBLE_KINDS) {
    const f = report.implausible[kind];
    if (f.lines === 0) continue;
    const examples = f.examples
      .map((e) => `${e.file}${e.row !== null ? ` row ${e.row}` : ''}: ${e.date ?? 'no date'}, invoice ${e.invoice ?? '-'}, quantity ${e.quantity ?? '-'}`)
      .join('; ');
    const action = f.excluded ? 'excluded' : 'kept, as chosen';
    out.push(`${f.lines} line${f.lines === 1 ? '' : 's'} ${what(kind, report.checks, f.customers)}: ${action} (${kind}; e.g. ${examples})`);
  }
  return out;
}
