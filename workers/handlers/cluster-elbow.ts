/** 'cluster/elbow': the pipeline's elbow curve (engine `elbowCurve`: the one k range and samples). */
import { elbowCurve } from '../engine-api.ts';
import type { Handler } from '../host.ts';

export const clusterElbow: Handler<'cluster/elbow'> = (params, input, ctx) => ({
  result: elbowCurve(input, params, { signal: ctx.signal, onProgress: ctx.onProgress }),
});
