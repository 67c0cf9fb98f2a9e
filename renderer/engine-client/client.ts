/**
 * THE typed client for analytics jobs. Creates the analytics worker, correlates request ids,
 * transfers typed-array buffers (never copies), forwards progress, cancels a job when its
 * signal aborts (the coordinator's, when the job's inputs changed), and falls back to running
 * the very same handlers in-process where workers are unavailable.
 */
import type { FromWorker, JobInput, JobName, JobParams, JobResult, SerializedError, ToWorker } from '../../workers/protocol.ts';
import { runJob } from '../../workers/host.ts';
import { analyticsHandlers } from '../../workers/handlers/index.ts';

export class JobError extends Error {
  readonly code: string | undefined;
  readonly location: SerializedError['location'];
  constructor(e: SerializedError) {
    super(e.message);
    this.name = e.name;
    this.code = e.code;
    this.location = e.location;
  }
  get cancelled(): boolean {
    return this.code === 'cancelled';
  }
}

export interface RunOptions {
  onProgress?: (fraction: number, message?: string) => void;
  signal?: AbortSignal;
  /** Buffers of `input` to transfer; by default every typed array's buffer found in input. */
  transfer?: Transferable[];
}

interface Pending {
  resolve(v: unknown): void;
  reject(e: unknown): void;
  onProgress: RunOptions['onProgress'];
}

/** Buffers of the typed arrays directly inside `input` (one level deep). */
function buffersOf(input: object): Transferable[] {
  const out = new Set<ArrayBuffer>();
  for (const v of Object.values(input)) {
    if (ArrayBuffer.isView(v) && v.buffer instanceof ArrayBuffer) out.add(v.buffer);
  }
  return [...out];
}

const cancelledError = () => new JobError({ name: 'CancelledError', message: 'cancelled', code: 'cancelled' });

export class EngineClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** Jobs the worker has not answered yet (even when their caller has stopped waiting). */
  private readonly inWorker = new Map<number, () => void>();
  readonly mode: 'worker' | 'in-process';
  /** The worker's name (a second client, e.g. 'analytics-prefetch', runs in its own worker). */
  readonly name: string;

  constructor(options: { forceInProcess?: boolean; name?: string } = {}) {
    this.mode = !options.forceInProcess && typeof Worker !== 'undefined' ? 'worker' : 'in-process';
    this.name = options.name ?? 'analytics';
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(new URL('../../workers/analytics.worker.ts', import.meta.url), { type: 'module', name: this.name });
    w.addEventListener('message', (ev: MessageEvent<FromWorker>) => this.onMessage(ev.data));
    w.addEventListener('error', (ev) => {
      // A crashed worker (out of memory, say): fail what was running and start afresh next time.
      const err = new JobError({ name: 'WorkerError', message: ev.message || 'the analytics worker stopped', code: 'worker_crashed' });
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
      for (const left of this.inWorker.values()) left();
      this.inWorker.clear();
      w.terminate();
      this.worker = undefined;
    });
    this.worker = w;
    return w;
  }

  private onMessage(msg: FromWorker): void {
    if (msg.type !== 'progress') {
      this.inWorker.get(msg.id)?.();
      this.inWorker.delete(msg.id);
    }
    const p = this.pending.get(msg.id);
    if (!p) return; // cancelled: its caller has already been told, the late answer is dropped
    if (msg.type === 'progress') {
      p.onProgress?.(msg.fraction, msg.message);
      return;
    }
    this.pending.delete(msg.id);
    if (msg.type === 'result') p.resolve(msg.result);
    else p.reject(new JobError(msg.error));
  }

  /** Runs one job; rejects with JobError (code 'cancelled' when aborted). */
  run<J extends JobName>(job: J, params: JobParams<J>, input: JobInput<J>, options: RunOptions = {}): Promise<JobResult<J>> {
    if (options.signal?.aborted) return Promise.reject(cancelledError());
    if (this.mode === 'in-process') return this.runInProcess(job, params, input, options);
    return this.post(job, params, input, options).result;
  }

  /**
   * Sends one job to the worker. When the signal aborts, `result` rejects as cancelled once the
   * worker is free of the job (a synchronous job cannot be interrupted, only its answer
   * dropped); `left` resolves when the worker has answered.
   */
  private post<J extends JobName>(
    job: J,
    params: JobParams<J>,
    input: JobInput<J>,
    options: RunOptions,
  ): { result: Promise<JobResult<J>>; left: Promise<void> } {
    const id = this.nextId++;
    const worker = this.ensureWorker();
    const left = new Promise<void>((resolve) => this.inWorker.set(id, resolve));
    const result = new Promise<JobResult<J>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onProgress: options.onProgress });
      options.signal?.addEventListener(
        'abort',
        () => {
          worker.postMessage({ type: 'cancel', id } satisfies ToWorker);
          // Settle once the worker has let go of the job (its answer, if any, is dropped): a caller
          // that runs one job at a time then never queues a second behind a job still computing.
          if (this.pending.delete(id)) void left.then(() => reject(cancelledError()));
        },
        { once: true },
      );
      const request = { type: 'request', id, job, params, input } as ToWorker;
      worker.postMessage(request, options.transfer ?? buffersOf(input));
    });
    return { result, left };
  }

  private async runInProcess<J extends JobName>(job: J, params: JobParams<J>, input: JobInput<J>, options: RunOptions): Promise<JobResult<J>> {
    const controller = new AbortController();
    options.signal?.addEventListener('abort', () => controller.abort(), { once: true });
    try {
      const out = await runJob(analyticsHandlers, job, params, input, {
        signal: controller.signal,
        onProgress: options.onProgress ?? (() => {}),
      });
      if (controller.signal.aborted) throw Object.assign(new Error('cancelled'), { code: 'cancelled' });
      return out.result;
    } catch (e) {
      const err = e as Error & { code?: string; location?: SerializedError['location'] };
      throw new JobError({
        name: err.name ?? 'Error',
        message: err.message ?? String(e),
        ...(err.code ? { code: err.code } : {}),
        ...(err.location ? { location: err.location } : {}),
      });
    }
  }

  dispose(): void {
    for (const left of this.inWorker.values()) left();
    this.inWorker.clear();
    this.worker?.terminate();
    this.worker = undefined;
  }
}

export function isCancelled(e: unknown): boolean {
  return e instanceof JobError && e.cancelled;
}
