import { createHash } from 'node:crypto';
import { existsSync, openSync, readFileSync, readSync, closeSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analysisManifest, type Analysis, type AnalysisRun, type FileDigest } from '../src/index.ts';
import type { DatabaseWrite } from '../src/export/manifest.ts';
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
export function digestFile(source: NodeFileSource): FileDigest {
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

/**
 * manifest.json for a run: sources with their hashes, every setting, every output's hash.
 * `campaign: false` when no campaign list is among the outputs (the data mart's files);
 * `database` when tables went into a database.
 */
export function runManifest(
  a: Analysis,
  r: AnalysisRun,
  sources: readonly NodeFileSource[],
  outputs: readonly { name: string; text: string | Uint8Array }[],
  now: Date,
  options: { campaign?: boolean; database?: DatabaseWrite } = {},
): { name: string; text: string } {
  return {
    name: 'manifest.json',
    text: analysisManifest(a, {
      toolVersion: toolVersion(),
      time: now.toISOString(),
      sources: sources.map(digestFile),
      ...(r.dataset.copies ? { copies: r.dataset.copies } : {}),
      report: r.dataset.report,
      mapping: r.dataset.canonical.mapping.mapping,
      snapshot: r.scored.rfm.snapshot,
      clusterK: r.clusters?.fit.k ?? null,
      baskets: r.baskets !== null,
      campaign: options.campaign === false ? null : r.campaign,
      outputs: outputs.map((o) => ({ name: o.name, content: o.text })),
      ...(options.database ? { database: options.database } : {}),
    }),
  };
}
