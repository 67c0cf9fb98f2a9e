/**
 * manifest.json for anything an analysis writes, from the CLI (`run`, `export`) or the app: the
 * analysis' settings and the facts of the run mapped onto the manifest once, here, so both
 * front ends record the same things the same way.
 */
import type { CleaningReport } from '../clean/clean.ts';
import { buildManifest, type DatabaseWrite, type FileDigest } from '../export/manifest.ts';
import type { ColumnMapping } from '../mapping/roles.ts';
import type { FileCopy } from '../io/file-copies.ts';
import type { Analysis } from './document.ts';
import { basketItem, basketKey } from './pipeline.ts';
import type { SuppressedGroup } from './outputs.ts';

export interface RunFacts {
  toolVersion: string;
  /** ISO 8601; the engine has no clock. */
  time: string;
  /** Each source file with its size and SHA-256, in reading order. */
  sources: readonly FileDigest[];
  /** Sources left out as copies of others (the dataset's): marked in `sources`. */
  copies?: readonly FileCopy[];
  report: Pick<CleaningReport, 'rows_read' | 'rows_kept' | 'removed'>;
  /** The mapping used (the dataset's, detected or pinned). */
  mapping: ColumnMapping;
  /** The RFM snapshot date used. */
  snapshot: string;
  /** k of the cluster fit, when clusters were computed. */
  clusterK: number | null;
  /** Whether rules were mined (the basket settings are recorded then). */
  baskets: boolean;
  /** The campaign list's header and suppressed groups, when one was written. */
  campaign: { columns: readonly string[]; suppressed: readonly SuppressedGroup[] } | null;
  /** Every file written beside the manifest. */
  outputs: readonly { name: string; content: Uint8Array | string }[];
  /** The tables written into a database, when they were. */
  database?: DatabaseWrite;
}

/** The text of manifest.json for analysis `a` run with `f` (see buildManifest). */
export function analysisManifest(a: Analysis, f: RunFacts): string {
  return buildManifest({
    toolVersion: f.toolVersion,
    time: f.time,
    sources: f.sources.map((s) => {
      const copy = f.copies?.find((c) => c.name === s.name);
      return copy ? { ...s, copyOf: copy.of } : s;
    }),
    rows: { read: f.report.rows_read, kept: f.report.rows_kept, removedByRule: f.report.removed },
    mapping: f.mapping,
    cleaning: a.cleaning,
    snapshot: f.snapshot,
    scoring: a.scoring,
    segmentRules: a.segments,
    ...(f.clusterK !== null
      ? {
          clustering: {
            k: f.clusterK,
            seed: a.clustering.seed,
            options: { requested: a.clustering.k, restarts: a.clustering.restarts, log1p: a.clustering.log1p, standardize: a.clustering.standardize },
          },
        }
      : {}),
    ...(f.baskets
      ? {
          baskets: {
            // What was used: the analysis asks for SKUs and invoices, the data may have neither.
            by: basketKey(a.baskets, f.mapping),
            item: basketItem(a.baskets, f.mapping),
            minSupport: a.baskets.minSupport,
            minConfidence: a.baskets.minConfidence,
            minLift: a.baskets.minLift,
            maxLen: a.baskets.maxLen,
            pruneRedundant: a.baskets.prune,
            ...(a.baskets.restrict.kind === 'segment' ? { segment: a.baskets.restrict.segment } : {}),
            ...(a.export.recommend > 0 ? { recommendationsPerCustomer: a.export.recommend } : {}),
          },
        }
      : {}),
    columns: f.campaign?.columns ?? [],
    ...(f.campaign ? { suppression: { groupBy: a.export.groupBy, minGroupSize: a.export.minGroupSize, groups: f.campaign.suppressed } } : {}),
    outputs: f.outputs,
    ...(f.database ? { database: f.database } : {}),
  });
}
