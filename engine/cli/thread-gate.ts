/**
 * DuckDB's thread count is one setting for the whole database, while statements may run at the
 * same time on several connections of it. A statement the engine marks parallel (its result does
 * not depend on row order) runs on every core; any other must run entirely on the default
 * threads (sums of doubles the same to the last bit on every run). The gate keeps the two apart:
 * statements of one width run together, one of the other width waits until they are done and
 * the setting is switched; admission is first come, first served, so neither width starves.
 * After the last parallel statement the default is set again, so one connection alone sees
 * exactly what it saw without the gate: `SET threads = cores`, the statement, `SET threads = default`.
 */
export interface ThreadGate {
  /** Runs `go` with the thread count its width needs; `set` changes the setting (on the caller's connection). */
  run<T>(wide: boolean, set: (threads: number) => Promise<void>, go: () => Promise<T>): Promise<T>;
}

export function threadGate(threads: number, cores: number): ThreadGate {
  /** The setting now; 'unknown' while it changes, or after a change failed. */
  let mode: 'narrow' | 'wide' | 'unknown' = 'narrow';
  let active = 0;
  let idle: (() => void)[] = [];
  let admission: Promise<void> = Promise.resolve();
  const drained = () => (active === 0 ? Promise.resolve() : new Promise<void>((resolve) => idle.push(resolve)));

  const enter = (want: 'narrow' | 'wide', set: (threads: number) => Promise<void>): Promise<void> => {
    const turn = admission.then(async () => {
      if (mode !== want) {
        await drained();
        mode = 'unknown';
        await set(want === 'wide' ? cores : threads);
        mode = want;
      }
      active++;
    });
    admission = turn.catch(() => {});
    return turn;
  };

  const leave = async (want: 'narrow' | 'wide', set: (threads: number) => Promise<void>): Promise<void> => {
    try {
      if (want === 'wide' && active === 1) {
        mode = 'unknown';
        await set(threads);
        mode = 'narrow';
      }
    } finally {
      active--;
      if (active === 0) {
        const waiting = idle;
        idle = [];
        for (const resolve of waiting) resolve();
      }
    }
  };

  return {
    async run(wide, set, go) {
      const want = wide && cores > threads ? 'wide' : 'narrow';
      await enter(want, set);
      try {
        return await go();
      } finally {
        await leave(want, set);
      }
    },
  };
}
