/**
 * RFM and basket jobs that need the SqlPort; they run on the main thread (the SQL itself runs
 * in DuckDB's worker) and hand typed arrays to the analytics worker.
 */
import {
  computeRfm,
  loadAnalysisBaskets,
  requireRoles,
  scoreRfm,
  type Analysis,
  type ColumnMapping,
  type LoadedBaskets,
  type RfmScores,
  type RfmTable,
  type SqlPort,
} from '../../engine-api.ts';

export interface ScoredRfm {
  rfm: RfmTable;
  scores: RfmScores;
}

/** RFM per customer over `kept` (table `rfm`) at the analysis' snapshot, scored with its scoring. */
export async function scoredRfm(sql: SqlPort, mapping: ColumnMapping, a: Pick<Analysis, 'snapshot' | 'scoring'>): Promise<ScoredRfm> {
  requireRoles(mapping, 'rfm');
  const rfm = await computeRfm(sql, a.snapshot !== null ? { snapshot: a.snapshot } : {});
  return { rfm, scores: scoreRfm(rfm, { bins: a.scoring.bins, method: a.scoring.method }) };
}

/** The analysis' baskets out of DuckDB (the pipeline's loadAnalysisBaskets). */
export function basketsFor(sql: SqlPort, b: Analysis['baskets'], mapping: ColumnMapping): Promise<LoadedBaskets> {
  return loadAnalysisBaskets(sql, b, mapping);
}
