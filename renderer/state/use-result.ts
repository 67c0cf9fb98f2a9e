/** How views use the coordinator: declare what they need while mounted, read what is shown. */
import { useEffect } from 'react';
import type { ResultState } from './coordinator.ts';
import { coordinator } from './results.ts';
import type { ResultName } from './slices/results.ts';
import { useStore } from './store.ts';

/** This view needs these results while it is mounted (nothing is computed for views never shown). */
export function useNeeds(view: string, names: readonly ResultName[]): void {
  const key = names.join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for `names` (a new array each render, equal content)
  useEffect(() => coordinator.need(view, names), [view, key]);
}

/** A result's state and the value shown (the last computed; it stays while a newer one computes). */
export function useResult<T>(name: ResultName): ResultState & { value: T | undefined } {
  const state = useStore((s) => s.results[name]);
  return { ...state, value: state.key === null ? undefined : coordinator.shown<T>(name) };
}
