/// <reference lib="webworker" />
/** Analytics worker entry: k-means and basket mining. Registers handlers, nothing else. */
import { serveJobs } from './host.ts';
import { analyticsHandlers } from './handlers/index.ts';

serveJobs(self as unknown as Parameters<typeof serveJobs>[0], analyticsHandlers);
