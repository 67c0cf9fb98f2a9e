/**
 * The customer-value model's results, as coordinator queries (see results.ts): the BTYD
 * summary of the kept lines in DuckDB's worker, the BG/NBD + Gamma-Gamma fit in the analytics
 * worker ('clv/fit', cancellable, with progress), and P(alive)/CLV in the RFM customers' order
 * for segment rules and campaign columns. One implementation: the pipeline's
 * customerValueSummary and fitValueModel, the two halves of what `segment-studio clv` runs.
 */
import { customerValueSummary, valueColumns, type ClvModel, type CustomerSummary, type ScoredRfm, type ValueColumns } from '../engine-client/index.ts';
import type { Coordinator } from './coordinator.ts';
import { client, serial, sql } from './services.ts';
import { getState } from './store.ts';

export type { ClvModel, ValueColumns };

/** The worker takes ownership of what it is sent: the cached summary keeps its own arrays. */
function copy(s: CustomerSummary): CustomerSummary {
  return { ...s, x: s.x.slice(), tx: s.tx.slice(), T: s.T.slice(), meanSpend: s.meanSpend.slice() };
}

export function defineValueResults(coordinator: Coordinator, data: () => number | null): void {
  coordinator.define('valueSummary', {
    lane: 'sql',
    priority: 3,
    deps: () => [],
    params: () => {
      const c = getState().analysis.clv;
      return data() === null ? null : { data: data(), unit: c.unit, holdoutFrom: c.holdoutFrom };
    },
    run: async (p) => {
      const { unit, holdoutFrom } = p as { unit: 'day' | 'week'; holdoutFrom: string | null };
      return serial(async () => customerValueSummary(await sql(), { ...getState().analysis.clv, unit, holdoutFrom }));
    },
  });

  coordinator.define('value', {
    lane: 'analytics',
    priority: 2,
    deps: () => ['valueSummary'],
    params: () => {
      const c = getState().analysis.clv;
      return { horizonMonths: c.horizonMonths, monthlyDiscount: c.monthlyDiscount };
    },
    run: (p, ctx) =>
      client.run('clv/fit', p as { horizonMonths: number; monthlyDiscount: number }, copy(ctx.dep<CustomerSummary>('valueSummary')), {
        signal: ctx.signal,
        onProgress: ctx.onProgress,
      }),
  });

  /** Synchronous: O(customers) map look-ups, once per model or RFM change (not per rule edit). */
  coordinator.define('valueColumns', {
    lane: 'main',
    priority: 0,
    deps: () => ['rfm', 'value'],
    params: () => ({}),
    run: (_p, ctx) => valueColumns(ctx.dep<ClvModel>('value'), ctx.dep<ScoredRfm>('rfm').rfm.customerIds) satisfies ValueColumns,
  });
}
