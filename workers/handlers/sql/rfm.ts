/**
 * RFM and basket jobs that need the SqlPort; they run on the main thread (the SQL itself runs
 * in DuckDB's worker) and hand typed arrays to the analytics worker.
 */
import { computeRfm, loadBaskets, scoreRfm, type BasketKey, type ItemKey, type LoadedBaskets, type RfmScores, type RfmTable, type SqlPort } from '../../engine-api.ts';

export interface ScoredRfm {
  rfm: RfmTable;
  scores: RfmScores;
}

/** RFM per customer over `kept` (table `rfm`) and its 1–5 quantile scores. */
export async function scoredRfm(sql: SqlPort, snapshot: string | null): Promise<ScoredRfm> {
  const rfm = await computeRfm(sql, snapshot ? { snapshot } : {});
  return { rfm, scores: scoreRfm(rfm) };
}

export async function basketsFor(sql: SqlPort, by: BasketKey, item: ItemKey): Promise<LoadedBaskets> {
  return loadBaskets(sql, { by, item });
}
