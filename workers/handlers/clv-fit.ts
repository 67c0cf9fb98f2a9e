/**
 * 'clv/fit': the pipeline's customer-value fit (engine `fitValueModel`: BG/NBD, Gamma-Gamma,
 * P(alive) and CLV per customer, the holdout check) on the summary the SQL lane computed.
 */
import { fitValueModel } from '../engine-api.ts';
import type { Handler } from '../host.ts';

export const clvFit: Handler<'clv/fit'> = (params, input, ctx) => {
  const model = fitValueModel(input, params, { signal: ctx.signal, onProgress: ctx.onProgress });
  const { values: v, summary: s } = model;
  const arrays = [v.pAlive, v.expectedPurchases, v.expectedAov, v.clv, s.x, s.tx, s.T, s.meanSpend, ...(s.holdout ? [s.holdout.x] : [])];
  return { result: model, transfer: arrays.map((a) => a.buffer as ArrayBuffer) };
};
