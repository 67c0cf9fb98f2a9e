/**
 * Every call this window made to DuckDB-WASM's worker, timed from the UI thread (a round trip:
 * the worker's work, the message and, for queries, decoding the Arrow answer). Read from
 * `window.__ssSql` by the app benchmark's breakdown and by the tests that count worker calls.
 */
export type SqlCallKind = 'instantiate' | 'open' | 'exec' | 'query' | 'register' | 'drop';

export interface SqlCall {
  kind: SqlCallKind;
  /** The statement (whole: the benchmark's breakdown sorts statements by the tables they read), or the alias registered. */
  what: string;
  /** performance.now() when the call was made, ms. */
  at: number;
  ms: number;
  /** Rows of a query's answer. */
  rows?: number;
  /** The call failed (or was cancelled part-way). */
  failed?: true;
}

declare global {
  interface Window {
    __ssSql?: SqlCall[];
  }
}

const calls: SqlCall[] = [];
if (typeof window !== 'undefined') window.__ssSql = calls;

/** Most recent calls kept: a long session drops the oldest. */
const KEEP = 20_000;

/** Runs `fn`, recording the call (also when it fails: a failed statement took its time too). */
export async function traced<T>(kind: SqlCallKind, what: string, fn: () => Promise<T>, rows?: (value: T) => number): Promise<T> {
  const at = performance.now();
  let value: T | undefined;
  let failed = true;
  try {
    value = await fn();
    failed = false;
    return value;
  } finally {
    calls.push({
      kind,
      what,
      at,
      ms: performance.now() - at,
      ...(value !== undefined && rows ? { rows: rows(value) } : {}),
      ...(failed ? { failed: true as const } : {}),
    });
    if (calls.length > KEEP) calls.splice(0, calls.length - KEEP);
  }
}
