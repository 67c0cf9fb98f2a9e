/**
 * `segment-studio export`: the campaign list(s) of a saved analysis, in the chosen format, with
 * recommendations.csv (when baskets are on) and manifest.json beside them. A thin caller of
 * the pipeline `run` uses (runFromArgs), so the same settings give the same files.
 */
import { EngineError, parseAnalysis, EXPORT_COLUMNS, type Analysis, type OutputFile, type SqlPort } from '../src/index.ts';
import { flag, numberFlag, type ParsedArgs } from './args.ts';
import { runManifest } from './provenance.ts';
import { runFromArgs } from './run.ts';
import { writeOutputs } from './write-file.ts';

export const EXPORT_FORMATS = ['csv', 'email', 'per-segment', 'per-cluster'] as const;

/** The export flags written into the analysis' export settings; the result is validated as any analysis. */
function applyExportFlags(args: ParsedArgs, a: Analysis): void {
  const e = a.export;
  const format = flag(args, 'format');
  if (format !== undefined) {
    if (!(EXPORT_FORMATS as readonly string[]).includes(format))
      throw new EngineError('invalid_argument', `--format must be one of ${EXPORT_FORMATS.join(', ')}`);
    e.format = format === 'email' ? 'email' : 'csv';
    e.layout = format.startsWith('per-') ? 'per-group' : 'one-file';
    if (format.startsWith('per-')) e.groupBy = format === 'per-segment' ? 'segment' : 'cluster';
  }
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
 * `export ANALYSIS [FILE|FOLDER ...] --out DIR [--format csv|email|per-segment|per-cluster]
 * [--per segment|cluster] [--columns a,b,...] [--segment NAME ...] [--min-group-size N]
 * [--recommend N]`: writes the campaign list(s), recommendations.csv when the analysis mines
 * baskets, and manifest.json (sources, settings, the hash of every file written).
 */
export async function exportCommand(sql: SqlPort, args: ParsedArgs): Promise<Record<string, unknown>> {
  const out = flag(args, 'out');
  if (out === undefined) throw new EngineError('invalid_argument', 'export needs --out DIR');
  // Here --segment picks the groups to export (as --group), not the segment baskets are mined on.
  const flags = new Map(args.flags);
  flags.set('group', [...(flags.get('group') ?? []), ...(flags.get('segment') ?? [])]);
  flags.delete('segment');
  const own = { ...args, flags };
  const { analysis, sources, result } = await runFromArgs(sql, own, 'export', (a) => applyExportFlags(own, a));
  const campaign = result.campaign;
  if (!campaign) throw new EngineError('invalid_argument', 'grouping by cluster needs clustering: turn it on in the analysis or pass --k');
  const files: OutputFile[] = [...campaign.files, ...result.files.filter((f) => f.name === 'recommendations.csv')];
  files.push(runManifest(analysis, result, sources, files, new Date()));
  return {
    customers: campaign.rows,
    format: analysis.export.format,
    layout: analysis.export.layout,
    suppressed: campaign.suppressed,
    files: writeOutputs(out, files),
  };
}

export function exportText(r: Record<string, unknown>): string {
  const lines = [`${r.customers} customers exported (${r.format}, ${r.layout})`];
  for (const s of r.suppressed as { name: string; customers: number }[])
    lines.push(`suppressed ${s.name}: ${s.customers} customers, fewer than the minimum group size`);
  lines.push(`wrote ${(r.files as string[]).join(', ')}`);
  return lines.join('\n');
}
