import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  EngineError,
  figureWarnings,
  emptyColumnWarnings,
  emptyGroupNote,
  cleaningWarnings,
  migrationCsv,
  parseAnalysis,
  pinnedMapping,
  pseudonymiser,
  belowSupportFloor,
  ruleChanges,
  ruleChangesCsv,
  ruleComparisonCaveat,
  rulesFileFacts,
  runAnalysis,
  segmentMigration,
  serialiseAnalysis,
  type Analysis,
  type AnalysisRun,
  type OutputFile,
  type SqlPort,
} from '../src/index.ts';
import { analysisFromFlags } from './analysis-flags.ts';
import { flag, mappingFlags, todayFlag, type ParsedArgs } from './args.ts';
import { expandInputs, refuseOutputOverInputs } from './inputs.ts';
import type { ConnectingPort } from './load.ts';
import type { NodeFileSource } from './node-duckdb.ts';
import { runManifest } from './provenance.ts';
import { writeOutputs } from './write-file.ts';

/** Reads and validates an analysis file; errors name the file and the field. */
export function readAnalysisFile(file: string): Analysis {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `not readable JSON (${(e as Error).message.split('\n')[0]})`;
    throw new EngineError('invalid_argument', reason, { file });
  }
  try {
    return parseAnalysis(json);
  } catch (e) {
    if (e instanceof EngineError) throw new EngineError(e.code, e.message, { file });
    throw e;
  }
}

/**
 * The analysis and data of `run` and `export`, one way for both: the analysis file as
 * `--analysis A.json` (as `migrate` and `report` take it) or as the first argument ending in
 * .json; without one, the analysis the flags describe. The command-line flags go on top (`edit`
 * applies the command's own); files given replace the analysis' sources (paths in the analysis
 * are relative to its file). Run through the pipeline.
 */
export async function runFromArgs(
  sql: ConnectingPort,
  args: ParsedArgs,
  command: string,
  edit: (a: Analysis) => void = () => {},
): Promise<{ analysis: Analysis; sources: NodeFileSource[]; result: AnalysisRun }> {
  const named = flag(args, 'analysis');
  const positional = named === undefined && args.inputs[0]?.toLowerCase().endsWith('.json') ? args.inputs[0] : undefined;
  const file = named ?? positional;
  const inputs = positional !== undefined ? args.inputs.slice(1) : args.inputs;
  const analysis = analysisFromFlags(args, file !== undefined ? readAnalysisFile(file) : undefined);
  edit(analysis);
  const paths = inputs.length || file === undefined ? inputs : analysis.sources.paths.map((p) => path.resolve(path.dirname(file), p));
  if (paths.length === 0)
    throw new EngineError(
      'invalid_argument',
      file !== undefined
        ? 'the analysis names no sources; give FILE or FOLDER'
        : `${command} needs FILE or FOLDER (or an analysis that names its sources): segment-studio ${command} FILE|FOLDER... [--analysis A.json] --out DIR`,
      file !== undefined ? { file } : {},
    );
  analysis.sources.paths = paths.map((p) => path.resolve(p));
  refuseOutputOverInputs(flag(args, 'out'), paths);
  const salt = flag(args, 'pseudonymise');
  const sources = expandInputs(paths);
  // The cleaning report on a second connection, beside the scoring (see loadBeside).
  const other = await sql.connect?.();
  try {
    const result = await runAnalysis(sql, sources, analysis, {
      today: todayFlag(args),
      given: mappingFlags(args),
      ...(salt !== undefined ? { customerId: pseudonymiser(salt) } : {}),
      ...(other ? { reportOn: other } : {}),
    });
    return { analysis, sources, result };
  } finally {
    other?.close();
  }
}

/**
 * `run ANALYSIS [FILE|FOLDER ...] --out DIR [--compare PREVIOUS_DIR]`: the sources on the
 * command line replace the analysis' own (the monthly re-run on next month's export); paths
 * in the analysis are relative to its file. Writes every output, the analysis as run, and
 * with --compare the segment migration and the rule changes since the previous run, and a
 * manifest.json with the hash of every source and output.
 */
export async function runCommand(sql: SqlPort, args: ParsedArgs): Promise<Record<string, unknown>> {
  const out = flag(args, 'out');
  if (out === undefined) throw new EngineError('invalid_argument', 'run needs --out DIR');
  const previous = flag(args, 'compare');
  if (previous !== undefined && !existsSync(path.join(previous, 'customers.csv'))) {
    throw new EngineError('invalid_argument', 'no customers.csv from a previous run there', { file: previous });
  }
  const run = await runFromArgs(sql, args, 'run');
  const { sources, result } = run;
  // As run: a saved role these files lacked was detected afresh, and is pinned no longer (as in the app).
  const analysis: Analysis = { ...run.analysis, mapping: pinnedMapping(result.dataset.canonical.mapping) };
  const files: OutputFile[] = [...result.files, { name: 'analysis.json', text: serialiseAnalysis(analysis) }];
  const comparison = previous !== undefined ? compareWithPrevious(previous, result) : undefined;
  if (comparison) files.push(...comparison.files);
  files.push(runManifest(analysis, result, sources, files, new Date()));
  return { ...summary(result, analysis), ...(comparison ? { comparison: comparison.summary } : {}), files: writeOutputs(out, files) };
}

function summary(r: AnalysisRun, a: Analysis) {
  return {
    rows_read: r.dataset.report.rows_read,
    rows_kept: r.dataset.report.rows_kept,
    snapshot: r.scored.rfm.snapshot,
    warnings: [
      ...figureWarnings(r.dataset),
      ...cleaningWarnings(r.dataset.report),
      ...(r.clusteringSkipped ? [r.clusteringSkipped] : []),
      ...(r.basketsSkipped ? [r.basketsSkipped] : []),
      ...(r.baskets?.supportFloor ? [r.baskets.supportFloor] : []),
      ...(r.campaign ? emptyColumnWarnings(a.export.columns, r.dataset.canonical.mapping.mapping) : []),
    ],
    customers: r.scored.rfm.customerIds.length,
    segments: r.scored.summary.map((s) => ({ segment: s.segment, customers: s.customers })),
    ...(r.campaign?.empty.length ? { notes: r.campaign.empty.map((name) => emptyGroupNote(a.export.groupBy, name)) } : {}),
    ...(r.clusters ? { clusters: r.clusters.fit.k } : {}),
    ...(r.baskets
      ? { baskets: r.baskets.nBaskets, itemsets: r.baskets.itemsets.itemsets.n, rules: r.baskets.rules.rules.n, truncated: rulesCapped(r.baskets) }
      : {}),
  };
}

/** The itemsets or the rules stopped at their cap (MAX_ITEMSETS, MAX_RULES). */
function rulesCapped(b: NonNullable<AnalysisRun['baskets']>): boolean {
  return b.itemsets.truncated || b.rules.truncated;
}

function compareWithPrevious(dir: string, r: AnalysisRun) {
  const seg = r.scored.segments;
  const m = segmentMigration(
    readFileSync(path.join(dir, 'customers.csv'), 'utf8'),
    {
      customerIds: r.scored.rfm.customerIds,
      segmentOf: (i) => seg.names[seg.codes[i]!]!,
      segmentNames: seg.names,
    },
    path.join(dir, 'customers.csv'),
  );
  const files: OutputFile[] = [{ name: 'migration.csv', text: migrationCsv(m) }];
  const prevRules = path.join(dir, 'rules.csv');
  const rules = r.files.find((f) => f.name === 'rules.csv');
  const previousRules = rules && r.baskets && existsSync(prevRules) ? readFileSync(prevRules, 'utf8') : undefined;
  const caveat =
    previousRules !== undefined && r.baskets
      ? ruleComparisonCaveat(rulesFileFacts(previousRules), { capped: rulesCapped(r.baskets), belowFloor: belowSupportFloor(r.baskets.itemsets) })
      : null;
  const changes = previousRules !== undefined && rules && caveat === null ? ruleChanges(previousRules, rules.text) : undefined;
  if (changes) files.push({ name: 'rule-changes.csv', text: ruleChangesCsv(changes) });
  return {
    files,
    summary: {
      previous: dir,
      stayed: m.stayed,
      moved: m.moved,
      new: m.added,
      gone: m.lost,
      matrix: { before: m.before, after: m.after, counts: m.counts },
      ...(changes ? { rules_new: changes.added.length, rules_lost: changes.lost.length, rules_kept: changes.kept } : {}),
      ...(caveat !== null ? { rules_not_compared: caveat } : {}),
    },
  };
}

export function runText(r: Record<string, unknown>): string {
  const lines = [`${r.customers} customers (snapshot ${r.snapshot}), ${r.rows_kept} of ${r.rows_read} lines kept`];
  for (const w of r.warnings as string[]) lines.push(`warning: ${w}`);
  for (const s of r.segments as { segment: string; customers: number }[]) lines.push(`  ${s.segment.padEnd(24)}${String(s.customers).padStart(9)}`);
  for (const note of (r.notes as string[] | undefined) ?? []) lines.push(note);
  if (r.clusters !== undefined) lines.push(`${r.clusters} clusters`);
  if (r.rules !== undefined)
    lines.push(`${r.baskets} baskets, ${r.itemsets} itemsets, ${r.rules} rules${r.truncated ? ' (output capped: raise minSupport)' : ''}`);
  const c = r.comparison as
    | { previous: string; stayed: number; moved: number; new: number; gone: number; rules_new?: number; rules_lost?: number; rules_not_compared?: string }
    | undefined;
  if (c) {
    lines.push(`since ${c.previous}: ${c.stayed} stayed in their segment, ${c.moved} moved, ${c.new} new, ${c.gone} gone`);
    if (c.rules_new !== undefined) lines.push(`rules: ${c.rules_new} new, ${c.rules_lost} lost`);
    if (c.rules_not_compared !== undefined) lines.push(c.rules_not_compared);
  }
  lines.push(`wrote ${(r.files as string[]).join(', ')}`);
  return lines.join('\n');
}
