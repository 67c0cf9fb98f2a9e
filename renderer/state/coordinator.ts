/**
 * One scheduler for every derived result (in the spirit of mosaic's Coordinator): views
 * declare the results they need, and the coordinator computes exactly those — and what they
 * depend on — by priority, caches them by the identity of their inputs, cancels work whose
 * inputs changed, and drops any answer that arrives for inputs no longer current. Nothing is
 * computed for a view that is not shown. Pure TypeScript (no DOM, no React): unit-tested alone.
 */

/** A result's inputs, as a small JSON value; null when it cannot be computed yet. */
export type Params = unknown;

export interface JobContext {
  signal: AbortSignal;
  /** The lane the job runs in ('prefetch' for background work). */
  lane: string;
  onProgress(fraction: number, message?: string): void;
  /** The current value of a dependency (always available when a job runs). */
  dep<T = unknown>(name: string): T;
}

export interface QueryDef<T = unknown> {
  /** Results this one needs first (may depend on the params' state, e.g. k = auto needs the elbow). */
  deps(): string[];
  /** The inputs that identify the result; null = not computable now (no data loaded). */
  params(): Params | null;
  /** A promise for work elsewhere (SQL, a worker); a plain value for cheap work done at once. */
  run(params: Params, ctx: JobContext): Promise<T> | T;
  /** Jobs run one at a time per lane (the SQL engine, the analytics worker, the prefetch worker). */
  lane: string;
  /** Lower runs first among queued jobs of a lane. */
  priority: number;
  /** Results kept per query, by key (least recently used dropped). Default 1. */
  keep?: number;
}

export type Status = 'idle' | 'running' | 'ready' | 'error';

export interface ResultState {
  status: Status;
  /** The key of the value shown (changes whenever the value does). */
  key: string | null;
  error: string | null;
  progress: { fraction: number; message: string } | null;
  /** Time the last computed value took, ms (null: it came from the cache). */
  ms: number | null;
  /** The inputs that failed (not tried again until they change); the last good value stays shown. */
  failedKey: string | null;
}

export const IDLE: ResultState = { status: 'idle', key: null, error: null, progress: null, ms: null, failedKey: null };

interface Job {
  name: string;
  key: string;
  params: Params;
  priority: number;
  lane: string;
  controller: AbortController;
  /** A prefetch stores its value and publishes nothing (until a view needs that very value). */
  prefetch: boolean;
  /** Only background needs want it: it runs after every job a view waits for, and yields its lane to them. */
  background?: boolean;
  /** Aborted because no view needed it any more while a needed job waited for its lane. */
  yielded?: boolean;
}

export interface CoordinatorOptions {
  /** Called whenever a result's state changes (the store mirrors it for the views). */
  publish(name: string, state: ResultState): void;
  describeError(e: unknown): string;
  isCancelled(e: unknown): boolean;
  now(): number;
  /** Told of every job started (tests and diagnostics read it). */
  onJob?(name: string, prefetch: boolean): void;
}

/** Added to the priority of a job only background needs want: after every job a view waits for (prefetches add as much). */
const BACKGROUND = 1000;

/** The cache key of a query's params plus its dependencies' keys: equal keys, equal results. */
function keyOf(params: Params, depKeys: (string | null)[]): string {
  return JSON.stringify([params, depKeys]);
}

export class Coordinator {
  private readonly queries = new Map<string, QueryDef>();
  private readonly cache = new Map<string, Map<string, unknown>>();
  private readonly states = new Map<string, ResultState>();
  private readonly needs = new Map<string, Set<string>>();
  /** Views whose needs are background (see `need`). */
  private readonly backgroundViews = new Set<string>();
  private readonly queued: Job[] = [];
  private readonly running = new Map<string, Job>();
  private readonly busyLanes = new Set<string>();
  private scheduled = false;
  /** Prefetches' callers, told when their job has left its lane. */
  private readonly landed = new Map<string, () => void>();
  private readonly idleWaiters: (() => void)[] = [];

  constructor(private readonly options: CoordinatorOptions) {}

  define(name: string, def: QueryDef): void {
    this.queries.set(name, def);
    this.cache.set(name, new Map());
  }

  /**
   * A view needs these results while it is shown; call the returned function when it goes.
   * `background`: wanted soon but by nothing the user waits for (a badge, a report that follows
   * every load): computed after every result a view needs in the foreground, and a running one
   * gives its lane to such a result at its next step (then runs again).
   */
  need(view: string, names: readonly string[], { background = false }: { background?: boolean } = {}): () => void {
    this.needs.set(view, new Set(names));
    if (background) this.backgroundViews.add(view);
    else this.backgroundViews.delete(view);
    this.refresh();
    return () => {
      this.needs.delete(view);
      this.backgroundViews.delete(view);
      this.refresh();
    };
  }

  state(name: string): ResultState {
    return this.states.get(name) ?? IDLE;
  }

  /** The value views show: the last one computed, kept on screen while a newer one computes. */
  shown<T>(name: string): T | undefined {
    const key = this.state(name).key;
    return key === null ? undefined : (this.cache.get(name)?.get(key) as T | undefined);
  }

  /** The value for the current inputs, or undefined when it is not computed (yet). */
  value<T>(name: string): T | undefined {
    const key = this.currentKey(name);
    return key === null ? undefined : (this.cache.get(name)?.get(key) as T | undefined);
  }

  /** The current key of a result, from its params and its dependencies' current keys. */
  currentKey(name: string): string | null {
    const q = this.queries.get(name);
    if (!q) throw new Error(`unknown result "${name}"`);
    const params = q.params();
    if (params === null) return null;
    const depKeys = q.deps().map((d) => this.currentKey(d));
    if (depKeys.some((k) => k === null)) return null;
    return keyOf(params, depKeys);
  }

  /**
   * Inputs changed by the user: plan at once, so a result computed synchronously (segments
   * from scores) is published before the page re-renders for the same input event.
   */
  refreshNow(): void {
    this.scheduled = false;
    this.plan();
  }

  /** Inputs may have changed: re-plan on the next microtask (many changes, one plan). */
  refresh(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      if (!this.scheduled) return; // planned already (refreshNow)
      this.scheduled = false;
      this.plan();
    });
  }

  /**
   * Computes `name` for other params in the background (e.g. the fit for a neighbouring k),
   * into the cache only. Skipped when cached, queued or running already.
   */
  prefetch(name: string, params: Params, lane: string): Promise<void> {
    const q = this.queries.get(name)!;
    const depKeys = q.deps().map((d) => this.currentKey(d));
    if (depKeys.some((k) => k === null) || q.deps().some((d) => this.value(d) === undefined)) return Promise.resolve();
    const key = keyOf(params, depKeys);
    if (
      this.cache.get(name)!.has(key) ||
      this.queued.some((j) => j.name === name && j.key === key) ||
      [...this.running.values()].some((j) => j.name === name && j.key === key)
    )
      return Promise.resolve();
    const done = new Promise<void>((resolve) => this.landed.set(`${name}|${key}`, resolve));
    this.queued.push({ name, key, params, priority: q.priority + BACKGROUND, lane, controller: new AbortController(), prefetch: true });
    this.pump(lane);
    return done;
  }

  /**
   * The user stops `name`: its queued and running jobs are dropped (a running one is aborted),
   * and it is not computed again for these inputs until `retry` or an input change.
   */
  stop(name: string): void {
    const key = this.currentKey(name);
    for (let i = this.queued.length - 1; i >= 0; i--) if (this.queued[i]!.name === name && !this.queued[i]!.prefetch) this.queued.splice(i, 1);
    for (const j of this.running.values()) if (j.name === name && !j.prefetch) j.controller.abort();
    this.setState(name, { status: 'error', error: 'stopped', progress: null, failedKey: key });
  }

  /** Computes `name` again for the current inputs after an error or a stop. */
  retry(name: string): void {
    this.setState(name, { failedKey: null, error: null, status: 'idle' });
    this.refresh();
  }

  /** Whether a prefetch (or any job) for this key of `name` is cached. */
  has(name: string, params: Params): boolean {
    const q = this.queries.get(name)!;
    return this.cache.get(name)!.has(
      keyOf(
        params,
        q.deps().map((d) => this.currentKey(d)),
      ),
    );
  }

  /** Every needed result (only the foreground views' with `foreground`) and, transitively, what it depends on. */
  private needed(foreground = false): Set<string> {
    const out = new Set<string>();
    const visit = (n: string) => {
      if (out.has(n)) return;
      out.add(n);
      for (const d of this.queries.get(n)!.deps()) visit(d);
    };
    for (const [view, names] of this.needs) if (!foreground || !this.backgroundViews.has(view)) for (const n of names) visit(n);
    return out;
  }

  private setState(name: string, patch: Partial<ResultState>): void {
    const next = { ...this.state(name), ...patch };
    this.states.set(name, next);
    this.options.publish(name, next);
  }

  private plan(): void {
    const needed = this.needed();
    const foreground = this.needed(true);
    // Drop queued and cancel running jobs whose key is no longer current (prefetches stay).
    for (let i = this.queued.length - 1; i >= 0; i--) {
      const j = this.queued[i]!;
      if (!j.prefetch && this.currentKey(j.name) !== j.key) this.queued.splice(i, 1);
    }
    for (const j of this.running.values()) if (!j.prefetch && this.currentKey(j.name) !== j.key) j.controller.abort();
    for (const name of this.queries.keys()) {
      const key = this.currentKey(name);
      const cached = key !== null && this.cache.get(name)!.has(key);
      if (key === null) {
        if (this.state(name).status !== 'idle') this.setState(name, { ...IDLE });
        continue;
      }
      if (cached) {
        if (this.state(name).key !== key || this.state(name).status !== 'ready')
          this.setState(name, { status: 'ready', key, error: null, progress: null, ms: null, failedKey: null });
        continue;
      }
      if (!needed.has(name)) continue;
      const q = this.queries.get(name)!;
      // A dependency still computing: this one waits (it is planned again when that lands).
      if (q.deps().some((d) => this.value(d) === undefined)) continue;
      const pending = [...this.queued, ...this.running.values()].find((j) => j.name === name && j.key === key);
      if (pending) {
        if (pending.background && foreground.has(name)) {
          // A view now waits for it: it queues (or runs on) as its own priority says.
          pending.background = false;
          pending.priority = q.priority;
        }
        if (pending.prefetch) {
          pending.prefetch = false; // a view now waits for it: publish it when it lands
          if (this.running.has(`${name}|${key}`)) this.setState(name, { status: 'running', error: null });
        }
        continue;
      }
      if (this.state(name).failedKey === key) continue; // failed for these inputs: not again
      const background = !foreground.has(name);
      this.queued.push({
        name,
        key,
        params: q.params(),
        priority: q.priority + (background ? BACKGROUND : 0),
        lane: q.lane,
        controller: new AbortController(),
        prefetch: false,
        background,
      });
    }
    this.yieldLanes(foreground);
    for (const lane of new Set(this.queued.map((j) => j.lane))) this.pump(lane);
    this.settleIdle();
  }

  /** Settles once no result is planned, queued or computing: for work that must not delay a view's. */
  whenIdle(): Promise<void> {
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.settleIdle();
    });
  }

  private settleIdle(): void {
    if (this.scheduled || this.queued.length > 0 || this.running.size > 0) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  /**
   * A running job no view needs in the foreground any more (the user left its screen; or only a
   * background need wants it) gives its lane to a job a view waits for: it is aborted and stops at
   * its next step (an SQL job between statements), and is computed again when a view needs it.
   * With nothing waiting it runs on into the cache.
   */
  private yieldLanes(foreground: Set<string>): void {
    for (const j of this.running.values()) {
      if (j.prefetch || j.yielded || foreground.has(j.name)) continue;
      if (!this.queued.some((q) => q.lane === j.lane && !q.prefetch && !q.background)) continue;
      j.yielded = true;
      j.controller.abort();
    }
  }

  private pump(lane: string): void {
    if (this.busyLanes.has(lane)) return;
    const candidates = this.queued.filter((j) => j.lane === lane);
    if (!candidates.length) return;
    const job = candidates.reduce((a, b) => (b.priority < a.priority ? b : a));
    this.queued.splice(this.queued.indexOf(job), 1);
    this.busyLanes.add(lane);
    this.running.set(`${job.name}|${job.key}`, job);
    void this.execute(job).finally(() => {
      this.running.delete(`${job.name}|${job.key}`);
      this.landed.get(`${job.name}|${job.key}`)?.();
      this.landed.delete(`${job.name}|${job.key}`);
      this.busyLanes.delete(lane);
      this.plan();
    });
  }

  /**
   * Runs a job. A job that answers synchronously (segments from scores) lands in the same
   * turn, so the page re-renders once for the input event that caused it; the returned
   * promise settles when the lane is free again.
   */
  private execute(job: Job): Promise<void> {
    const q = this.queries.get(job.name)!;
    const t0 = this.options.now();
    const current = () => !job.controller.signal.aborted && this.currentKey(job.name) === job.key;
    this.options.onJob?.(job.name, job.prefetch);
    const land = (value: unknown) => {
      const store = this.cache.get(job.name)!;
      store.delete(job.key);
      store.set(job.key, value);
      while (store.size > (q.keep ?? 1)) store.delete(store.keys().next().value!);
      // A job that yielded its lane but finished first still holds the current value.
      if (!job.prefetch && (current() || (job.yielded && this.currentKey(job.name) === job.key)))
        this.setState(job.name, { status: 'ready', key: job.key, error: null, progress: null, ms: this.options.now() - t0, failedKey: null });
    };
    const fail = (e: unknown) => {
      if (job.yielded && !job.prefetch && this.state(job.name).status === 'running') {
        // Nothing shown changes: the last value (if any) stays, without a spinner.
        this.setState(job.name, { status: this.state(job.name).key === null ? 'idle' : 'ready', progress: null });
        return;
      }
      if (job.prefetch || this.options.isCancelled(e) || !current()) return;
      this.setState(job.name, { status: 'error', failedKey: job.key, error: this.options.describeError(e), progress: null });
    };
    try {
      const out = q.run(job.params, {
        signal: job.controller.signal,
        lane: job.lane,
        onProgress: (fraction, message) => {
          if (!job.prefetch && current()) this.setState(job.name, { progress: { fraction, message: message ?? '' } });
        },
        dep: <T>(name: string) => this.value<T>(name) as T,
      });
      if (!(out instanceof Promise)) {
        land(out);
        return Promise.resolve();
      }
      if (!job.prefetch) this.setState(job.name, { status: 'running', error: null, progress: { fraction: 0, message: '' } });
      return out.then(land, fail);
    } catch (e) {
      fail(e);
      return Promise.resolve();
    }
  }
}
