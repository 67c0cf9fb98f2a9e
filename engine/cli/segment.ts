import {
  EngineError,
  clustersCsv,
  clusteringSkipped,
  customerFilesBeforeClusters,
  figureWarnings,
  implausibleWarnings,
  pseudonymiser,
  requireRoles,
  round,
  scoreCustomers,
  type Analysis,
  type ClusterOutcome,
  type KeptSummary,
  type LoadedLines,
  type RfmColumns,
  type SqlPort,
} from '../src/index.ts';
import { flag, type ParsedArgs } from './args.ts';
import { clusterThread } from './cluster-thread.ts';
import { writeOutputs } from './write-file.ts';

/**
 * RFM, scores, segments and (with --k) clusters; writes customers.csv, segments.csv (and
 * clusters.csv). The customers are scored while what it shows of the cleaning report (lines
 * read and kept, implausible findings) is computed beside them (loadBeside); files are written
 * only once both are done, and when both fail the report's error is the one shown, as when it
 * came first. `cluster`: the run's clustering (clusterThread), when the caller started it earlier.
 */
export async function runSegment(
  sql: SqlPort,
  loaded: { lines: LoadedLines; dataset: Promise<{ report: KeptSummary }> },
  a: Analysis,
  args: ParsedArgs,
  cluster: ((rfm: RfmColumns) => Promise<ClusterOutcome>) | null = a.clustering.enabled ? clusterThread(a.clustering) : null,
): Promise<Record<string, unknown>> {
  const work = (async () => {
    requireRoles(loaded.lines.canonical.mapping.mapping, 'rfm', loaded.lines);
    const out = flag(args, 'out');
    if (out === undefined) throw new EngineError('invalid_argument', 'segment needs --out DIR');
    // --pseudonymise SALT: customer ids in customers.csv become salted hashes (salt checked before scoring).
    const salt = flag(args, 'pseudonymise');
    const customerId = salt !== undefined ? pseudonymiser(salt) : undefined;
    // Clustered beside the scoring and the files' other columns, from the RFM values on.
    const pending: { clusters?: Promise<ClusterOutcome>; skipped: string | null } = { skipped: null };
    const onRfm = (rfm: RfmColumns) => {
      pending.skipped = clusteringSkipped(a.clustering, rfm.recencyDays.length);
      if (pending.skipped === null) pending.clusters = cluster!(rfm);
    };
    const scored = await scoreCustomers(sql, a, cluster ? { onRfm } : {});
    const withClusters = customerFilesBeforeClusters(scored, customerId);
    const clusters = (await pending.clusters) ?? null;
    const files = withClusters(clusters?.fit ?? null);
    if (clusters) files.push({ name: 'clusters.csv', text: clustersCsv(clusters.fit) });
    return { out, scored, clusters, skipped: pending.skipped, files };
  })();
  const [whole, done] = await Promise.allSettled([loaded.dataset, work]);
  if (whole.status === 'rejected') throw whole.reason;
  if (done.status === 'rejected') throw done.reason;
  const ds = whole.value;
  const { out, scored, clusters, skipped, files } = done.value;
  const written = writeOutputs(out, files);
  return {
    snapshot: scored.rfm.snapshot,
    customers: scored.rfm.customerIds.length,
    preset: a.segments.name,
    rows_read: ds.report.rows_read,
    rows_kept: ds.report.rows_kept,
    segments: scored.summary.map((s) => ({
      ...s,
      share: round(s.share, 4),
      revenue: round(s.revenue),
      revenue_share: round(s.revenue_share, 4),
      mean_recency_days: round(s.mean_recency_days, 1),
      mean_frequency: round(s.mean_frequency, 2),
      mean_monetary: round(s.mean_monetary),
    })),
    warnings: [...figureWarnings(loaded.lines), ...implausibleWarnings(ds.report), ...scored.segments.warnings, ...(skipped ? [skipped] : [])],
    ...(clusters ? { clusters: clusterSummary(clusters, scored.segments.names, scored.segments.codes) } : {}),
    files: written,
  };
}

/** Clusters as the JSON output and the text report show them: numbered from 1, as in every export. */
export function clusterSummary(c: ClusterOutcome, segmentNames: readonly string[], segmentCodes: Uint8Array | Int32Array | readonly number[]) {
  const { fit } = c;
  const counts = fit.profiles.map(() => segmentNames.map(() => 0));
  for (let i = 0; i < fit.labels.length; i++) counts[fit.labels[i]!]![segmentCodes[i]!]!++;
  return {
    k: fit.k,
    auto: c.elbow !== undefined,
    inertia: round(fit.inertia, 3),
    ...(c.elbow ? { elbow: c.elbow.entries.map((x) => ({ k: x.k, inertia: round(x.inertia, 3), silhouette: round(x.silhouette, 4) })) } : {}),
    profiles: fit.profiles.map((p) => ({
      cluster: p.cluster + 1,
      name: p.name,
      size: p.size,
      share: round(p.share, 4),
      revenue_share: round(p.revenueShare, 4),
      median_recency_days: p.recencyDays.median,
      median_frequency: p.frequency.median,
      median_monetary: round(p.monetary.median),
    })),
    crosstab: { segments: [...segmentNames], counts },
  };
}

type ClusterSummary = ReturnType<typeof clusterSummary>;

export function segmentText(r: Record<string, unknown>): string {
  const segs = r.segments as {
    segment: string;
    customers: number;
    share: number;
    revenue: number;
    mean_recency_days: number;
    mean_frequency: number;
    mean_monetary: number;
  }[];
  const lines = [`${r.customers} ${r.customers === 1 ? 'customer' : 'customers'} scored (snapshot ${r.snapshot}, preset ${r.preset})`, ''];
  lines.push(
    `${'segment'.padEnd(22)}${'customers'.padStart(10)}${'share'.padStart(8)}${'revenue'.padStart(14)}${'R days'.padStart(8)}${'F'.padStart(7)}${'M'.padStart(10)}`,
  );
  for (const s of segs) {
    lines.push(
      `${s.segment.padEnd(22)}${String(s.customers).padStart(10)}${(s.share * 100).toFixed(1).padStart(7)}%${s.revenue.toFixed(2).padStart(14)}${s.mean_recency_days.toFixed(0).padStart(8)}${s.mean_frequency.toFixed(1).padStart(7)}${s.mean_monetary.toFixed(0).padStart(10)}`,
    );
  }
  for (const w of r.warnings as string[]) lines.push(`warning: ${w}`);
  if (r.clusters) lines.push('', ...clusterLines(r.clusters as ClusterSummary));
  lines.push('', `wrote ${(r.files as string[]).join(', ')}`);
  return lines.join('\n');
}

const counted = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

function clusterLines(c: ClusterSummary): string[] {
  const out = [`k-means: k = ${c.k}${c.auto ? ' (best silhouette over k = 2..10)' : ''}, inertia ${c.inertia.toFixed(2)}`];
  if (c.elbow) out.push(`  elbow: ${c.elbow.map((e) => `k=${e.k} inertia ${e.inertia.toFixed(0)} silhouette ${e.silhouette.toFixed(3)}`).join('; ')}`);
  for (const p of c.profiles) {
    out.push(
      `  cluster ${p.cluster}: ${p.name} — ${counted(p.size, 'customer')}, revenue share ${(p.revenue_share * 100).toFixed(1)}%, median ${counted(p.median_recency_days, 'day')} / ${counted(p.median_frequency, 'order')} / ${p.median_monetary.toFixed(0)}`,
    );
  }
  return out;
}
