import { createHash } from 'node:crypto';
import { existsSync, openSync, readFileSync, readSync, closeSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildManifest, type Analysis, type AnalysisRun, type FileDigest, type OutputFile } from '../src/index.ts';
import type { NodeFileSource } from './node-duckdb.ts';

/** The tool's version from package.json, found upwards from this module (source or compiled build). */
export function toolVersion(): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) return String((JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version ?? 'unknown');
    if (path.dirname(dir) === dir) return 'unknown';
  }
}

/** Name, size and SHA-256 of a source file, read in 1 MiB slices (sources can be gigabytes). */
function digestFile(source: NodeFileSource): FileDigest {
  const hash = createHash('sha256');
  const buf = Buffer.allocUnsafe(1 << 20);
  const fd = openSync(source.path, 'r');
  try {
    for (let n = readSync(fd, buf, 0, buf.length, null); n > 0; n = readSync(fd, buf, 0, buf.length, null)) hash.update(buf.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return { name: source.name, size: source.size, sha256: hash.digest('hex') };
}

/** manifest.json for a run: sources with their hashes, every setting, every output's hash. */
export function runManifest(a: Analysis, r: AnalysisRun, sources: readonly NodeFileSource[], outputs: readonly OutputFile[], now: Date): OutputFile {
  const fit = r.clusters?.fit;
  return {
    name: 'manifest.json',
    text: buildManifest({
      toolVersion: toolVersion(),
      time: now.toISOString(),
      sources: sources.map(digestFile),
      rows: { read: r.dataset.report.rows_read, kept: r.dataset.report.rows_kept, removedByRule: r.dataset.report.removed },
      mapping: r.dataset.canonical.mapping.mapping,
      cleaning: a.cleaning,
      snapshot: r.scored.rfm.snapshot,
      scoring: a.scoring,
      segmentRules: a.segments,
      ...(fit
        ? {
            clustering: {
              k: fit.k,
              seed: a.clustering.seed,
              options: { requested: a.clustering.k, restarts: a.clustering.restarts, log1p: a.clustering.log1p, standardize: a.clustering.standardize },
            },
          }
        : {}),
      ...(r.baskets
        ? {
            baskets: {
              by: a.baskets.by,
              item: a.baskets.item,
              minSupport: a.baskets.minSupport,
              minConfidence: a.baskets.minConfidence,
              minLift: a.baskets.minLift,
              maxLen: a.baskets.maxLen,
              pruneRedundant: a.baskets.prune,
              ...(a.baskets.restrict.kind === 'segment' ? { segment: a.baskets.restrict.segment } : {}),
            },
          }
        : {}),
      columns: r.campaign?.columns ?? [],
      ...(r.campaign
        ? { suppression: { groupBy: a.export.groupBy, minGroupSize: a.export.minGroupSize, groups: r.campaign.suppressed } }
        : {}),
      outputs: outputs.map((o) => ({ name: o.name, content: o.text })),
    }),
  };
}
