/**
 * The compiled CLI's clustering thread (dist-cli/cluster-worker.mjs, see cluster-thread.ts): one
 * clusterCustomers on the RFM columns it is sent, the outcome (or the error, EngineError's fields
 * kept) sent back. Started before RFM is known, so that its start-up overlaps the SQL.
 */
import { parentPort } from 'node:worker_threads';
import { clusterCustomers, EngineError, type AnalysisClustering, type RfmColumns } from '../src/index.ts';

const port = parentPort!;
port.once('message', ({ rfm, clustering }: { rfm: RfmColumns; clustering: AnalysisClustering }) => {
  try {
    const outcome = clusterCustomers(rfm, clustering);
    port.postMessage({ outcome }, [outcome.fit.labels.buffer as ArrayBuffer]);
  } catch (e) {
    port.postMessage({
      error:
        e instanceof EngineError
          ? { engine: true, code: e.code, message: e.message, location: e.location }
          : { engine: false, message: e instanceof Error ? e.message : String(e) },
    });
  }
});
