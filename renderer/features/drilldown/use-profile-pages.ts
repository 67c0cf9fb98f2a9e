/**
 * Contact and profile values for the rows a drill-down shows, fetched from DuckDB a page at a
 * time as rows scroll into view (customerProfiles for those ids only), never the whole table.
 */
import { useEffect, useRef, useState } from 'react';
import { customerProfiles, type CustomerProfile } from '../../engine-client/index.ts';
import { serial, sql } from '../../state/services.ts';

/** Rows per query. */
export const PROFILE_PAGE = 100;

/**
 * `profileOf(id)`: the profile once its page has loaded, null for a customer without one,
 * undefined while loading. `ids` is the table's order; `first..last` the rows in view. The
 * cache lives as long as `datasetId`.
 */
export function useProfilePages(
  enabled: boolean,
  datasetId: number,
  ids: (row: number) => string,
  count: number,
  first: number,
  last: number,
): (id: string) => CustomerProfile | null | undefined {
  const cache = useRef<{ dataset: number; profiles: Map<string, CustomerProfile | null>; asked: Set<string> }>({
    dataset: datasetId,
    profiles: new Map(),
    asked: new Set(),
  });
  if (cache.current.dataset !== datasetId) cache.current = { dataset: datasetId, profiles: new Map(), asked: new Set() };
  const [, setVersion] = useState(0);
  const fromPage = Math.floor(first / PROFILE_PAGE);
  const toPage = Math.floor(Math.max(first, last) / PROFILE_PAGE);
  useEffect(() => {
    if (!enabled || count === 0) return;
    const c = cache.current;
    const wanted: string[] = [];
    for (let row = fromPage * PROFILE_PAGE; row < Math.min(count, (toPage + 1) * PROFILE_PAGE); row++) {
      const id = ids(row);
      if (!c.asked.has(id)) wanted.push(id);
    }
    if (wanted.length === 0) return;
    for (const id of wanted) c.asked.add(id);
    void serial(async () => customerProfiles(await sql(), wanted)).then(
      (rows) => {
        if (cache.current !== c) return;
        for (const id of wanted) c.profiles.set(id, null);
        for (const p of rows) c.profiles.set(p.customerId, p);
        setVersion((v) => v + 1);
      },
      () => {
        // Asked again when the rows come back into view.
        for (const id of wanted) c.asked.delete(id);
      },
    );
  }, [enabled, count, fromPage, toPage, ids]);
  return (id) => cache.current.profiles.get(id);
}
