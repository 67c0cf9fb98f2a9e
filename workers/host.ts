/**
 * Generic job dispatcher shared by the analytics worker and the in-process fallback:
 * correlates ids, gives each job an AbortController, forwards progress, serialises errors
 * (EngineError code and location survive the trip) and returns transfer lists.
 */
import type { FromWorker, JobInput, JobName, JobParams, JobResult, SerializedError, ToWorker } from './protocol.ts';

export interface JobContext {
  signal: AbortSignal;
  onProgress: (fraction: number, message?: string) => void;
}

export interface HandlerOutput<J extends JobName> {
  result: JobResult<J>;
  /** Buffers to transfer with the result (never copied). */
  transfer?: Transferable[];
}

export type Handler<J extends JobName> = (params: JobParams<J>, input: JobInput<J>, ctx: JobContext) => Promise<HandlerOutput<J>> | HandlerOutput<J>;

export type HandlerRegistry = { [J in JobName]?: Handler<J> };

export function serializeError(e: unknown): SerializedError {
  if (e instanceof Error) {
    const rec = e as Error & { code?: unknown; location?: unknown };
    const out: SerializedError = { name: e.name, message: e.message };
    if (typeof rec.code === 'string') out.code = rec.code;
    if (rec.location && typeof rec.location === 'object') out.location = rec.location as SerializedError['location'];
    if (e.name === 'AbortError') out.code = 'cancelled';
    return out;
  }
  return { name: 'Error', message: String(e) };
}

/** Lets queued messages (a cancel, say) in between chunks of synchronous work. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Runs one request against the registry; used by the worker loop and in-process. */
export async function runJob<J extends JobName>(
  handlers: HandlerRegistry,
  job: J,
  params: JobParams<J>,
  input: JobInput<J>,
  ctx: JobContext,
): Promise<HandlerOutput<J>> {
  const handler = handlers[job] as Handler<J> | undefined;
  if (!handler) throw Object.assign(new Error(`no handler for job ${job}`), { code: 'invalid_argument' });
  return handler(params, input, ctx);
}

interface Port {
  postMessage(message: FromWorker, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (ev: MessageEvent<ToWorker>) => void): void;
}

/** Serves jobs on a worker scope: one AbortController per running job, cancel by id. */
export function serveJobs(port: Port, handlers: HandlerRegistry): void {
  const running = new Map<number, AbortController>();
  port.addEventListener('message', (ev) => {
    const msg = ev.data;
    if (msg.type === 'cancel') {
      running.get(msg.id)?.abort();
      return;
    }
    const controller = new AbortController();
    running.set(msg.id, controller);
    let lastProgress = 0;
    const ctx: JobContext = {
      signal: controller.signal,
      onProgress: (fraction, message) => {
        const now = performance.now();
        if (fraction < 1 && now - lastProgress < 50) return; // at most ~20 messages a second
        lastProgress = now;
        port.postMessage(message === undefined ? { type: 'progress', id: msg.id, fraction } : { type: 'progress', id: msg.id, fraction, message }, []);
      },
    };
    void (async () => {
      try {
        const out = await runJob(handlers, msg.job, msg.params as never, msg.input as never, ctx);
        if (controller.signal.aborted) throw Object.assign(new Error('cancelled'), { name: 'CancelledError', code: 'cancelled' });
        // A buffer listed twice (two views of one buffer) would make postMessage throw.
        port.postMessage({ type: 'result', id: msg.id, job: msg.job, result: out.result } as FromWorker, [...new Set(out.transfer ?? [])]);
      } catch (e) {
        port.postMessage({ type: 'error', id: msg.id, error: serializeError(e) }, []);
      } finally {
        running.delete(msg.id);
      }
    })();
  });
}
