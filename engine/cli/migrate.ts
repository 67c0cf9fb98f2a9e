/** `segment-studio migrate`: segment migration between two as-of dates of the same data. */
import {
  EngineError,
  defaultMigrationDates,
  migrateAsOf,
  migrationFiles,
  prepareOverviewBase,
  type Analysis,
  type AsOfMigration,
  type Dataset,
  type SqlPort,
} from '../src/index.ts';
import { analysisFromFlags } from './analysis-flags.ts';
import { flag, type ParsedArgs } from './args.ts';
import type { CommandDeps } from './overview.ts';
import { readAnalysisFile } from './run.ts';
import { writeOutputs } from './write-file.ts';

/** The analysis of --analysis FILE (its sources replaced by the inputs), with the flags on top; else the flags alone. */
export function analysisOf(args: ParsedArgs): Analysis {
  const file = flag(args, 'analysis');
  return file === undefined ? analysisFromFlags(args) : analysisFromFlags(args, readAnalysisFile(file));
}

export interface MigrateOutput {
  from: string;
  to: string;
  rules: string;
  stayed: number;
  moved: number;
  new: number;
  gone: number;
  matrix: { before: string[]; after: string[]; customers: number[][]; revenue: number[][] };
  files: string[];
  warnings: string[];
}

/**
 * `migrate FILE|FOLDER [--from DATE] [--to DATE] --out DIR [--preset P | --rules F | --analysis A.json]`;
 * dates not given are the Migration screen's defaults (defaultMigrationDates).
 */
export async function runMigrate(sql: SqlPort, ds: Dataset, analysis: Analysis, args: ParsedArgs): Promise<MigrateOutput> {
  const out = flag(args, 'out');
  if (out === undefined) throw new EngineError('invalid_argument', 'migrate needs --out DIR');
  if (ds.report.rows_kept === 0) throw new EngineError('invalid_argument', 'no kept lines to compare');
  const base = await prepareOverviewBase(sql);
  const { from, to } = await defaultMigrationDates(sql, { from: flag(args, 'from'), to: flag(args, 'to') }, analysis.snapshot, base);
  const m = await migrateAsOf(sql, { from, to, rules: analysis.segments, scores: analysis.scoring }, base);
  const written = writeOutputs(out, migrationFiles(analysis.export, m));
  return summary(m, written);
}

function summary(m: AsOfMigration, files: string[]): MigrateOutput {
  return {
    from: m.from,
    to: m.to,
    rules: m.rules,
    stayed: m.stayed,
    moved: m.moved,
    new: m.added,
    gone: m.lost,
    matrix: { before: m.before, after: m.after, customers: m.customers, revenue: m.revenue.map((r) => r.map((x) => Math.round(x * 100) / 100)) },
    files,
    warnings: m.warnings,
  };
}

export function migrateText(r: MigrateOutput): string {
  const w = Math.max(10, ...r.matrix.before.map((s) => s.length)) + 2;
  const cw = Math.max(8, ...r.matrix.after.map((s) => s.length)) + 2;
  const out = [
    `Segment migration (${r.rules}) from ${r.from} to ${r.to}: ${r.stayed} stayed, ${r.moved} moved, ${r.new} new, ${r.gone} gone`,
    '',
    `${'before \\ after'.padEnd(w)}${r.matrix.after.map((s) => s.padStart(cw)).join('')}`,
  ];
  r.matrix.before.forEach((s, i) => out.push(`${s.padEnd(w)}${r.matrix.customers[i]!.map((n) => String(n).padStart(cw)).join('')}`));
  for (const x of r.warnings) out.push(`warning: ${x}`);
  out.push('', `wrote ${r.files.length} files: ${r.files.slice(0, 4).join(', ')}${r.files.length > 4 ? ', …' : ''}`);
  return out.join('\n');
}

export function migrateCommand(deps: CommandDeps): (args: ParsedArgs) => Promise<void> {
  return async (args) => {
    const sql = await deps.open();
    const analysis = analysisOf(args);
    const result = await runMigrate(sql, await deps.load(args, sql, analysis), analysis, args);
    process.stdout.write(`${flag(args, 'json') ? JSON.stringify(result, null, 2) : migrateText(result)}\n`);
  };
}
