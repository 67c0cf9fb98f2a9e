import { keptSummary, loadLines, locateRow, type Analysis, type KeptSummary, type LoadedLines, type LoadHost, type SqlPort } from '../src/index.ts';
import { mappingFlags, todayFlag, type ParsedArgs } from './args.ts';
import { expandInputs } from './inputs.ts';
import { cliProgress } from './progress.ts';
import { afterLoad, readMappingMemory } from './remembered-mappings.ts';

/**
 * What a load on the command line is given: today's date (--today), progress on stderr, the
 * remembered mappings, and the roles --map sets (the others come from an analysis file).
 */
export function cliLoadHost(args: ParsedArgs): LoadHost & { remembered: NonNullable<LoadHost['remembered']> } {
  const control = cliProgress(args);
  return { today: todayFlag(args), remembered: readMappingMemory(), given: mappingFlags(args), ...(control ? { control } : {}) };
}

/** A port that can open another connection to its database (the native adapter's connect()). */
export interface ConnectingPort extends SqlPort {
  connect?(): Promise<SqlPort & { close(): void }>;
}

/** The lines as loaded, with the part of the cleaning report `segment` shows (keptSummary). */
export type SummarisedLines = LoadedLines & { report: KeptSummary };

/**
 * Loads the inputs named on the command line like loadFromArgs, and returns as soon as `kept`
 * is defined: what `segment` shows of the cleaning report (keptSummary: lines read and kept, the
 * implausible findings) is computed on a second connection while the caller scores the
 * customers on the first. `dataset` settles with it (or its error; nothing is left unhandled
 * when the caller fails first), after the remembered mapping was saved or forgotten as
 * --save-mapping or --forget-mapping ask, as loadFromArgs does once the dataset is whole. A port
 * without connect() computes it first.
 */
export async function loadBeside(
  args: ParsedArgs,
  sql: ConnectingPort,
  analysis: Analysis,
): Promise<{ lines: LoadedLines; dataset: Promise<SummarisedLines> }> {
  const host = cliLoadHost(args);
  const lines = await loadLines(sql, expandInputs(args.inputs), analysis, host);
  const summarise = (port: SqlPort) => keptSummary(port, lines.cleaning, (rowId) => locateRow(lines.sources, rowId));
  const whole = (report: KeptSummary): SummarisedLines => {
    afterLoad(args, lines, host.remembered);
    return { ...lines, report };
  };
  if (!sql.connect) {
    const ds = whole(await summarise(sql));
    return { lines, dataset: Promise.resolve(ds) };
  }
  const other = await sql.connect();
  const dataset = summarise(other)
    .then(whole)
    .finally(() => other.close());
  dataset.catch(() => {});
  return { lines, dataset };
}
