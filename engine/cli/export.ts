/**
 * `segment-studio export`: what an analysis gives to the people who act on it, in one command —
 * the campaign list(s) (csv or the email-marketing layout, one file or one per group) with
 * recommendations.csv, or the BI data mart's tables (Parquet files or a DuckDB file in --out,
 * PostgreSQL with --to), always with manifest.json beside them. A thin caller of the pipeline
 * `run` uses (runFromArgs), so the same settings give the same files.
 */
import path from 'node:path';
import { martSchemaMarkdown } from '../src/analysis/mart.ts';
import { martParquetFiles } from '../src/analysis/mart-parquet.ts';
import type { DatabaseWrite } from '../src/export/manifest.ts';
import {
  EngineError,
  cleaningWarnings,
  emptyColumnWarnings,
  emptyGroupNote,
  figureWarnings,
  parseAnalysis,
  EXPORT_COLUMNS,
  type Analysis,
  type SqlPort,
} from '../src/index.ts';
import { flag, numberFlag, type ParsedArgs } from './args.ts';
import { describePostgres, martDuckDbFile, martOfRun, postgresUrl, writePostgres } from './mart.ts';
import { runManifest, toolVersion } from './provenance.ts';
import { runFromArgs } from './run.ts';
import { writeOutputs } from './write-file.ts';

export const EXPORT_FORMATS = ['csv', 'email', 'parquet', 'duckdb'] as const;
type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The database file `--format duckdb` writes into --out. */
export const MART_DUCKDB_FILE = 'data-mart.duckdb';

/** The flags that shape campaign lists only: refused with the data mart, whose tables are fixed (docs/data-mart.md). */
const CAMPAIGN_ONLY = ['per', 'columns', 'segment', 'group', 'min-group-size', 'pseudonymise'] as const;

/** What an export writes, from its flags, checked before any data is read. */
interface ExportPlan {
  /** Files into --out: campaign lists (csv, email), the mart's tables (parquet, duckdb), or none (only the manifest, with --to alone). */
  format: ExportFormat | null;
  /** PostgreSQL connection string, with --to. */
  postgres: string | null;
  append: boolean;
  schema: string | undefined;
}

const isMart = (p: ExportPlan) => p.format === 'parquet' || p.format === 'duckdb' || p.postgres !== null;

function exportPlan(args: ParsedArgs): ExportPlan {
  const given = flag(args, 'format');
  if (given !== undefined && !(EXPORT_FORMATS as readonly string[]).includes(given))
    throw new EngineError('invalid_argument', `--format must be one of ${EXPORT_FORMATS.join(', ')} (one file per group: --per segment|cluster)`);
  const to = flag(args, 'to');
  const plan: ExportPlan = {
    format: (given as ExportFormat | undefined) ?? (to === undefined ? 'csv' : null),
    postgres: to === undefined ? null : postgresUrl(to),
    append: flag(args, 'append') === 'true',
    schema: flag(args, 'schema'),
  };
  if (isMart(plan)) {
    const campaign = CAMPAIGN_ONLY.find((f) => args.flags.has(f));
    if (campaign !== undefined)
      throw new EngineError(
        'invalid_argument',
        `--${campaign} is for the csv and email formats; the data mart's tables have fixed columns and customer ids as they are (docs/data-mart.md)`,
      );
  }
  if (plan.format === 'csv' || plan.format === 'email') {
    if (plan.postgres !== null)
      throw new EngineError('invalid_argument', '--to writes the data mart; give --format parquet or duckdb for files beside it, or no --format');
  }
  if (plan.append && plan.format !== 'duckdb' && plan.postgres === null)
    throw new EngineError('invalid_argument', '--append adds to a database: use it with --format duckdb or --to postgres (Parquet: one folder per month)');
  if (plan.schema !== undefined && plan.postgres === null)
    throw new EngineError('invalid_argument', '--schema names the PostgreSQL schema: use it with --to postgres');
  return plan;
}

/** The export flags written into the analysis' export settings; the result is validated as any analysis. */
function applyExportFlags(args: ParsedArgs, a: Analysis): void {
  const e = a.export;
  const format = flag(args, 'format');
  if (format === 'csv' || format === 'email') e.format = format;
  const per = flag(args, 'per');
  if (per !== undefined) {
    if (per !== 'segment' && per !== 'cluster') throw new EngineError('invalid_argument', '--per must be segment or cluster');
    e.layout = 'per-group';
    e.groupBy = per;
  }
  const columns = flag(args, 'columns');
  if (columns !== undefined) {
    e.columns = columns
      .split(',')
      .map((c) => c.trim())
      .filter((c) => c !== '');
    const bad = e.columns.filter((c) => !(EXPORT_COLUMNS as readonly string[]).includes(c));
    if (bad.length)
      throw new EngineError('invalid_argument', `--columns: unknown column ${bad.map((c) => `"${c}"`).join(', ')}; columns are ${EXPORT_COLUMNS.join(', ')}`);
  }
  const groups = args.flags.get('group') ?? [];
  if (groups.length) e.selection = groups;
  e.minGroupSize = numberFlag(args, 'min-group-size', e.minGroupSize);
  e.recommend = numberFlag(args, 'recommend', e.recommend);
  parseAnalysis(structuredClone(a));
}

/**
 * `export FILE|FOLDER... [--analysis A.json] --out DIR [--format csv|email|parquet|duckdb]
 * [--to postgres://…|postgres [--schema NAME]] [--append] [--per segment|cluster]
 * [--columns a,b,...] [--segment NAME ...] [--min-group-size N] [--recommend N]` (the analysis
 * may also come first, as `run` takes it). csv and email write the campaign list(s) and
 * recommendations.csv; parquet and duckdb the data mart's tables with schema.md; --to writes
 * the tables to PostgreSQL in one transaction. manifest.json always: sources, settings, the
 * hash of every file written and, for PostgreSQL, the tables and rows written.
 */
export async function exportCommand(sql: SqlPort, args: ParsedArgs): Promise<Record<string, unknown>> {
  const out = flag(args, 'out');
  if (out === undefined) throw new EngineError('invalid_argument', 'export needs --out DIR (the files and manifest.json go there)');
  const plan = exportPlan(args);
  // Here --segment picks the groups to export (as --group), not the segment baskets are mined on.
  const flags = new Map(args.flags);
  flags.set('group', [...(flags.get('group') ?? []), ...(flags.get('segment') ?? [])]);
  flags.delete('segment');
  const own = { ...args, flags };
  const { analysis, sources, result } = await runFromArgs(sql, own, 'export', (a) => applyExportFlags(own, a));
  return isMart(plan) ? martExport(out, plan, analysis, sources, result) : campaignExport(out, analysis, sources, result);
}

type Run = Awaited<ReturnType<typeof runFromArgs>>;

function campaignExport(out: string, analysis: Analysis, sources: Run['sources'], result: Run['result']): Record<string, unknown> {
  const campaign = result.campaign;
  if (!campaign)
    throw new EngineError(
      'invalid_argument',
      result.clusteringSkipped !== null
        ? `grouping by cluster is not possible: ${result.clusteringSkipped}`
        : 'grouping by cluster needs clustering: turn it on in the analysis or pass --k',
    );
  const files = [...campaign.files, ...result.files.filter((f) => f.name === 'recommendations.csv')];
  files.push(runManifest(analysis, result, sources, files, new Date()));
  return {
    customers: campaign.rows,
    format: analysis.export.format,
    layout: analysis.export.layout,
    suppressed: campaign.suppressed,
    ...(campaign.empty.length ? { notes: campaign.empty.map((name) => emptyGroupNote(analysis.export.groupBy, name)) } : {}),
    ...warnings(result, emptyColumnWarnings(analysis.export.columns, result.dataset.canonical.mapping.mapping)),
    files: writeOutputs(out, files),
  };
}

/** The mart's tables to PostgreSQL (first: when it fails nothing is written) and/or as files into --out, then the manifest. */
async function martExport(out: string, plan: ExportPlan, analysis: Analysis, sources: Run['sources'], result: Run['result']): Promise<Record<string, unknown>> {
  const tables = martOfRun(result);
  const snapshot = result.scored.rfm.snapshot;
  const mode = plan.append ? 'append' : 'replace';
  let database: DatabaseWrite | undefined;
  if (plan.postgres !== null) {
    await writePostgres(tables, plan.postgres, { snapshot, append: plan.append, ...(plan.schema !== undefined ? { schema: plan.schema } : {}) });
    const prefix = plan.schema !== undefined ? `${plan.schema}.` : '';
    database = { target: describePostgres(plan.postgres), mode, tables: tables.map((t) => ({ name: `${prefix}${t.name}`, rows: t.rows.length })) };
  }
  const files: { name: string; text: Uint8Array | string }[] = [];
  // The app's writer, with the app's footer: the same tables give the same bytes from both.
  if (plan.format === 'parquet') files.push(...martParquetFiles(tables, `segment-studio ${toolVersion()}`).map((f) => ({ name: f.name, text: f.content })));
  if (plan.format === 'duckdb') {
    const previous = path.join(out, MART_DUCKDB_FILE);
    files.push({ name: MART_DUCKDB_FILE, text: await martDuckDbFile(tables, { snapshot, append: plan.append, previous }) });
  }
  if (files.length) files.push({ name: 'schema.md', text: martSchemaMarkdown() });
  const manifest = runManifest(analysis, result, sources, files, new Date(), { campaign: false, ...(database ? { database } : {}) });
  return {
    snapshot,
    format: plan.format,
    mode,
    tables: tables.map((t) => ({ table: t.name, rows: t.rows.length })),
    ...(database ? { to: database.target } : {}),
    ...warnings(result),
    files: writeOutputs(out, [...files, manifest]),
  };
}

/** Revenue from guessed columns; clustering skipped for too few customers; baskets skipped for data without items (no rules or recommendations then), or mined under the support floor. */
function warnings(result: Run['result'], more: readonly string[] = []): { warnings?: string[] } {
  const all = [
    ...figureWarnings(result.dataset),
    ...cleaningWarnings(result.dataset.report),
    ...(result.clusteringSkipped ? [result.clusteringSkipped] : []),
    ...(result.basketsSkipped ? [result.basketsSkipped] : []),
    // The next-best products come from these rules.
    ...(result.baskets?.supportFloor ? [result.baskets.supportFloor] : []),
    ...more,
  ];
  return all.length ? { warnings: all } : {};
}

export function exportText(r: Record<string, unknown>): string {
  const lines: string[] = [];
  if (r.tables !== undefined) {
    const tables = r.tables as { table: string; rows: number }[];
    lines.push(`data mart (${r.mode}, snapshot ${r.snapshot})${r.to !== undefined ? ` -> ${r.to}` : ''}`);
    for (const t of tables) lines.push(`  ${t.table}: ${t.rows.toLocaleString('en')} rows`);
  } else {
    lines.push(`${r.customers} customers exported (${r.format}, ${r.layout})`);
    for (const s of r.suppressed as { name: string; customers: number }[])
      lines.push(`suppressed ${s.name}: ${s.customers} customers, fewer than the minimum group size`);
    for (const note of (r.notes as string[] | undefined) ?? []) lines.push(note);
  }
  for (const w of (r.warnings as string[] | undefined) ?? []) lines.push(`warning: ${w}`);
  lines.push(`wrote ${(r.files as string[]).join(', ')}`);
  return lines.join('\n');
}
