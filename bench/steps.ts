/**
 * Benchmark steps: each a small function over a shared state, timed by the child runner.
 * Engine modules are imported through their public index files only.
 */
import { writeFileSync, renameSync } from 'node:fs';
import type { Table } from 'apache-arrow';
import {
  applyCleaning,
  buildCanonical,
  computeRfm,
  customersCsv,
  defaultCleaningOptions,
  preset,
  readSources,
  scoreRfm,
  segmentsCsv,
  summariseSegments,
  applyRules,
  type DataSource,
  type RfmScores,
  type RfmTable,
  type SegmentAssignment,
  type SqlPort,
} from '../engine/src/index.ts';
import { elbow, prepareFeatures, type ElbowResult } from '../engine/src/cluster/index.ts';
import { mineFrequentItemsets, generateRules, resolveMinCount, type Baskets, type FrequentItemsets } from '../engine/src/assoc/index.ts';
import { loadBaskets } from '../engine/src/market/load-baskets.ts';

/** One SQL statement the engine sent, tagged with the step that sent it (for the native replay). */
export interface RecordedSql {
  step: string;
  sql: string;
}

/** A SqlPort that records every statement and registered file, for replay on native DuckDB. */
export class RecordingPort implements SqlPort {
  step = 'setup';
  readonly statements: RecordedSql[] = [];
  /** alias -> absolute path of files registered by the engine. */
  readonly files = new Map<string, string>();
  buffers = 0;

  /** Workbook sheets go in as Arrow where the inner port takes it (not recorded: no statement to replay). */
  readonly insertArrow?: SqlPort['insertArrow'];

  constructor(private readonly inner: SqlPort) {
    if (inner.insertArrow) this.insertArrow = inner.insertArrow.bind(inner);
  }

  async exec(sql: string): Promise<void> {
    this.statements.push({ step: this.step, sql });
    await this.inner.exec(sql);
  }
  async query(sql: string): Promise<Table> {
    this.statements.push({ step: this.step, sql });
    return this.inner.query(sql);
  }
  async registerFile(alias: string, source: DataSource): Promise<void> {
    const p = (source as { path?: string }).path;
    if (p !== undefined) this.files.set(alias, p);
    await this.inner.registerFile(alias, source);
  }
  async registerBuffer(alias: string, bytes: Uint8Array): Promise<void> {
    this.buffers++;
    await this.inner.registerBuffer(alias, bytes);
  }
  async dropFile(alias: string): Promise<void> {
    await this.inner.dropFile(alias);
  }
}

export interface State {
  sql: RecordingPort;
  sources: DataSource[];
  lines?: number;
  hasDescription?: boolean;
  rfm?: RfmTable;
  scores?: RfmScores;
  segments?: SegmentAssignment;
  points?: Float64Array;
  elbow?: ElbowResult;
  baskets?: Baskets;
  itemsets?: Map<number, FrequentItemsets>;
}

/** Reading: files into `raw`, mapping detected, canonical `lines` built. */
export async function stepRead(s: State): Promise<void> {
  s.sql.step = 'read';
  const read = await readSources(s.sql, s.sources);
  const canonical = await buildCanonical(s.sql, read.columns, read.sources);
  s.lines = read.sources.reduce((n, f) => n + f.rows, 0);
  s.hasDescription = canonical.mapping.mapping.description !== undefined;
}

/** Cleaning with the default rules into `kept`, with the per-rule report. */
export async function stepClean(s: State): Promise<void> {
  s.sql.step = 'clean';
  await applyCleaning(s.sql, defaultCleaningOptions(), s.hasDescription ?? true);
}

/** RFM per customer in SQL, read back as typed arrays. */
export async function stepRfm(s: State): Promise<void> {
  s.sql.step = 'rfm';
  s.rfm = await computeRfm(s.sql);
}

/** Quintile scores 1-5. */
export function stepScores(s: State): void {
  s.scores = scoreRfm(s.rfm!);
}

/** Re-applying the default preset's rules to scored customers (what a slider change costs). */
export function stepSegments(s: State): void {
  s.segments = applyRules(preset('rfm6'), s.scores!, s.rfm!);
}

/** Feature matrix for k-means. */
export function stepFeatures(s: State): void {
  s.points = prepareFeatures(s.rfm!).points;
}

/** The elbow: k = 2..10, one k-means++ start per k, inertia only (no silhouette). */
export function stepElbow(s: State, points = s.points!): ElbowResult {
  const r = elbow(points, 3, { kMin: 2, kMax: 10, nInit: 1, seed: 1, silhouette: false });
  s.elbow = r;
  return r;
}

/** Baskets by invoice, items by SKU, from the kept lines. */
export async function stepBaskets(s: State): Promise<void> {
  s.sql.step = 'baskets';
  s.baskets = (await loadBaskets(s.sql, { by: 'invoice', item: 'sku' })).baskets;
}

/** Frequent itemsets at a minimum support (no length limit, to compare with node-fpgrowth). */
export function stepItemsets(s: State, minSupport: number): FrequentItemsets {
  const sets = mineFrequentItemsets(s.baskets!, { minSupport, maxLen: Infinity });
  (s.itemsets ??= new Map()).set(minSupport, sets);
  return sets;
}

/** Rules from the itemsets of a support (confidence >= 0.5). */
export function stepRules(s: State, minSupport: number): number {
  return generateRules(s.itemsets!.get(minSupport)!, { minConfidence: 0.5 }).nRules;
}

/** customers.csv and segments.csv, built and written atomically. */
export function stepExport(s: State, dir: string): void {
  const customers = customersCsv({ rfm: s.rfm!, scores: s.scores!, segments: s.segments! });
  const segments = segmentsCsv(summariseSegments(s.segments!, s.rfm!));
  for (const [name, text] of [
    ['customers.csv', customers],
    ['segments.csv', segments],
  ] as const) {
    writeFileSync(`${dir}/${name}.tmp`, text);
    renameSync(`${dir}/${name}.tmp`, `${dir}/${name}`);
  }
}

/** Baskets as arrays of item codes, for node-fpgrowth. */
export function basketArrays(b: Baskets): number[][] {
  const out: number[][] = [];
  const off = b.basketOffsets;
  for (let i = 0; i + 1 < off.length; i++) out.push(Array.from(b.items.subarray(off[i]!, off[i + 1]!)));
  return out;
}

/** The support node-fpgrowth must be given to use exactly our minimum count. */
export function fpgrowthSupport(minSupport: number, nBaskets: number): number {
  const count = resolveMinCount(minSupport, nBaskets);
  return (count - 0.5) / nBaskets;
}
