import { useMemo } from 'react';
import { moneyFormat } from '../ui/format.ts';
import { useStore } from './store.ts';

/** The money formatter for the loaded dataset's currency; every screen shows money through it. */
export function useFmtMoney(): (n: number) => string {
  const codes = useStore((s) => s.dataset?.canonical.currency?.codes);
  return useMemo(() => moneyFormat(codes), [codes]);
}
