/** How views use the coordinator: declare what they need while mounted, read what is shown. */
import { useEffect } from 'react';
import type { ResultState } from './coordinator.ts';
import { coordinator } from './results.ts';
import type { ResultName } from './slices/results.ts';
import { useStore } from './store.ts';

/**
 * This view needs these results while it is mounted (nothing is computed for views never shown);
 * `background`: after every result a view waits for (see Coordinator.need).
 */
export function useNeeds(view: string, names: readonly ResultName[], options: { background?: boolean } = {}): void {
  const key = names.join(',');
  const background = options.background === true;
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for `names` (a new array each render, equal content)
  useEffect(() => coordinator.need(view, names, { background }), [view, key, background]);
}

/** A result's state and the value shown (the last computed; it stays while a newer one computes). */
export function useResult<T>(name: ResultName): ResultState & { value: T | undefined } {
  const state = useStore((s) => s.results[name]);
  return { ...state, value: state.key === null ? undefined : coordinator.shown<T>(name) };
}
