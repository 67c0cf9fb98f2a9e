import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import {
  clusterCustomers,
  EngineError,
  type AnalysisClustering,
  type ClusterOutcome,
  type EngineErrorCode,
  type ErrorLocation,
  type RfmColumns,
} from '../src/index.ts';

/** The clustering thread's build, beside the compiled CLI (build-cli.mjs); absent when running from source. */
const WORKER = new URL('./cluster-worker.mjs', import.meta.url);

type Reply =
  | { outcome: ClusterOutcome }
  | { error: { engine: true; code: EngineErrorCode; message: string; location: ErrorLocation } | { engine: false; message: string } };

/**
 * The run's clustering, given the RFM columns once they are known. In the compiled CLI it runs on
 * a thread of its own, started now (its start-up overlaps the SQL still to come), while the main
 * thread scores and segments the customers: on 1M generated lines (40,000 customers) k-means and
 * the profiles take ~250 ms of cold JavaScript, the scoring beside them ~100 ms. The outcome is
 * the same as clusterCustomers' in this thread (the same code on the same columns); from source
 * it is computed here. `worker`: the thread's script (tests build their own).
 */
export function clusterThread(clustering: AnalysisClustering, worker: URL = WORKER): (rfm: RfmColumns) => Promise<ClusterOutcome> {
  if (!existsSync(worker))
    return (rfm) => {
      const outcome = Promise.resolve().then(() => clusterCustomers(rfm, clustering));
      outcome.catch(() => {});
      return outcome;
    };
  const thread = new Worker(worker);
  // Never what keeps the process alive (a run that fails before its RFM never sends it anything).
  thread.unref();
  const outcome = new Promise<ClusterOutcome>((resolve, reject) => {
    thread.once('message', (m: Reply) => {
      if ('outcome' in m) resolve(m.outcome);
      else reject(m.error.engine ? new EngineError(m.error.code, m.error.message, m.error.location) : new Error(m.error.message));
      void thread.terminate();
    });
    thread.once('error', reject);
    thread.once('exit', (code) => reject(new Error(`the clustering thread stopped (exit code ${code})`)));
  });
  outcome.catch(() => {});
  return (rfm) => {
    thread.postMessage({ rfm: { recencyDays: rfm.recencyDays, frequency: rfm.frequency, monetary: rfm.monetary }, clustering });
    return outcome;
  };
}
