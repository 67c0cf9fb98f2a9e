import type { JobControl } from '../src/index.ts';
import { flag, type ParsedArgs } from './args.ts';

/**
 * Load progress on stderr (stdout stays the result, e.g. --json), when stderr is a terminal or
 * --progress is given: each step with the seconds since the start, which on a 100M-line file is
 * what tells a user the run is alive.
 */
export function cliProgress(args: ParsedArgs): JobControl | undefined {
  if (!process.stderr.isTTY && !flag(args, 'progress')) return undefined;
  const t0 = performance.now();
  let last = '';
  return {
    onProgress(_fraction, message) {
      if (!message || message === last) return;
      last = message;
      process.stderr.write(`segment-studio: ${message} (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
    },
  };
}
