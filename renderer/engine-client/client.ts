/**
 * THE typed client for analytics jobs. Creates the analytics worker, correlates request ids,
 * transfers typed-array buffers (never copies), forwards progress, cancels a job when a newer
 * one for the same slot starts (a slider moved again), and falls back to running the very
 * same handlers in-process where workers are unavailable.
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
  private readonly slots = new Map<string, AbortController>();
  /** Per slot: resolves once the slot's last job has left the worker (or was never sent). */
  private readonly slotTail = new Map<string, Promise<void>>();
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
   * Sends one job to the worker. `result` rejects as soon as the signal aborts (a late answer
   * is dropped, never delivered); `left` resolves when the worker has answered, i.e. is free
   * of it (a synchronous job cannot be interrupted, only its answer ignored).
   */
  private post<J extends JobName>(job: J, params: JobParams<J>, input: JobInput<J>, options: RunOptions): { result: Promise<JobResult<J>>; left: Promise<void> } {
    const id = this.nextId++;
    const worker = this.ensureWorker();
    const left = new Promise<void>((resolve) => this.inWorker.set(id, resolve));
    const result = new Promise<JobResult<J>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onProgress: options.onProgress });
      options.signal?.addEventListener('abort', () => {
        worker.postMessage({ type: 'cancel', id } satisfies ToWorker);
        if (this.pending.delete(id)) reject(cancelledError());
      }, { once: true });
      const request = { type: 'request', id, job, params, input } as ToWorker;
      worker.postMessage(request, options.transfer ?? buffersOf(input));
    });
    return { result, left };
  }

  /**
   * Runs a job in a named slot ('clusters/fit'): the newest value wins. The job the slot held
   * is cancelled (its promise rejects at once, its answer is never applied), and a slot has at
   * most one job in the worker: a new one waits until the worker is done with the previous
   * one, so when a slider sweeps 2→10 the values in between are skipped, never computed.
   */
  latest<J extends JobName>(slot: string, job: J, params: JobParams<J>, input: JobInput<J>, options: Omit<RunOptions, 'signal'> = {}): Promise<JobResult<J>> {
    this.slots.get(slot)?.abort();
    const controller = new AbortController();
    this.slots.set(slot, controller);
    const forget = () => {
      if (this.slots.get(slot) === controller) this.slots.delete(slot);
    };
    if (this.mode === 'in-process') return this.run(job, params, input, { ...options, signal: controller.signal }).finally(forget);
    const previous = this.slotTail.get(slot) ?? Promise.resolve();
    let release!: () => void;
    const tail = new Promise<void>((resolve) => (release = resolve));
    this.slotTail.set(slot, tail);
    void tail.then(() => {
      if (this.slotTail.get(slot) === tail) this.slotTail.delete(slot);
    });
    return new Promise<JobResult<J>>((resolve, reject) => {
      controller.signal.addEventListener('abort', () => reject(cancelledError()), { once: true });
      void previous.then(() => {
        if (controller.signal.aborted) {
          release();
          return;
        }
        const sent = this.post(job, params, input, { ...options, signal: controller.signal });
        void sent.left.then(release);
        sent.result.then(resolve, reject);
      });
    }).finally(forget);
  }

  /** Cancels the job a slot holds, if any (its promise rejects as cancelled). */
  cancel(slot: string): void {
    this.slots.get(slot)?.abort();
    this.slots.delete(slot);
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
      throw new JobError({ name: err.name ?? 'Error', message: err.message ?? String(e), ...(err.code ? { code: err.code } : {}), ...(err.location ? { location: err.location } : {}) });
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
