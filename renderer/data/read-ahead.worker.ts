/// <reference lib="webworker" />
/**
 * Reads picked files ahead of the engine (file-source.ts, prefetchHeads) off the page's thread:
 * each Blob read's round trips to the browser process, and the bytes' arrival, then land here.
 * Each read's bytes come back transferred; a file read whole for DuckDB comes back twice (its
 * copy for DuckDB's worker made here too), so the page only forwards buffers.
 */
import type { ReadAheadReply, ReadAheadRequest } from './file-source.ts';

/** Reads in flight at once: each is a round trip to the browser process, so latencies overlap. */
const CONCURRENCY = 8;

const queue: NonNullable<ReadAheadRequest['read']> = [];
let running = 0;

async function reader(): Promise<void> {
  running++;
  for (let r = queue.shift(); r; r = queue.shift()) {
    let reply: ReadAheadReply;
    const transfer: ArrayBuffer[] = [];
    try {
      const bytes = await r.file.slice(0, r.end).arrayBuffer();
      const copy = r.copy ? bytes.slice(0) : undefined;
      reply = { id: r.id, bytes, ...(copy ? { copy } : {}) };
      transfer.push(bytes, ...(copy ? [copy] : []));
    } catch (e) {
      reply = { id: r.id, error: e instanceof Error ? e.message : String(e), errorName: e instanceof Error ? e.name : 'Error' };
    }
    (self as unknown as DedicatedWorkerGlobalScope).postMessage(reply, transfer);
  }
  running--;
}

self.addEventListener('message', (ev: MessageEvent<ReadAheadRequest>) => {
  const { read, release } = ev.data;
  if (release) {
    // Reads not started yet are never made: the page reads those files itself.
    const gone = new Set(release);
    for (let i = queue.length - 1; i >= 0; i--) if (gone.has(queue[i]!.id)) queue.splice(i, 1);
  }
  if (read) {
    queue.push(...read);
    while (running < CONCURRENCY && queue.length > 0) void reader();
  }
});
