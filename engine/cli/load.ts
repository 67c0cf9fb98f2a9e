import { datasetReport, loadLines, type Analysis, type Dataset, type LoadedLines, type LoadHost, type SqlPort } from '../src/index.ts';
import { todayFlag, type ParsedArgs } from './args.ts';
import { expandInputs } from './inputs.ts';
import { cliProgress } from './progress.ts';
import { afterLoad, readMappingMemory } from './remembered-mappings.ts';

/** What a load on the command line is given: today's date (--today), progress on stderr, the remembered mappings. */
export function cliLoadHost(args: ParsedArgs): LoadHost & { remembered: NonNullable<LoadHost['remembered']> } {
  const control = cliProgress(args);
  return { today: todayFlag(args), remembered: readMappingMemory(), ...(control ? { control } : {}) };
}

/** A port that can open another connection to its database (the native adapter's connect()). */
export interface ConnectingPort extends SqlPort {
  connect?(): Promise<SqlPort & { close(): void }>;
}

/**
 * Loads the inputs named on the command line like loadFromArgs, and returns as soon as `kept`
 * is defined: the cleaning report (eight statements that only read the tables, about a tenth of
 * a run) is computed on a second connection while the caller scores the customers on the first,
 * its totals on a third, so that they run during the scoring whatever the report's other
 * statements do (see cleaningReport).
 * `dataset` settles with the report (or its error; nothing is left unhandled when the caller
 * fails first), after the remembered mapping was saved or forgotten as --save-mapping or
 * --forget-mapping ask, as loadFromArgs does once the dataset is whole. A port without
 * connect() computes the report first, as before.
 */
export async function loadBeside(args: ParsedArgs, sql: ConnectingPort, analysis: Analysis): Promise<{ lines: LoadedLines; dataset: Promise<Dataset> }> {
  const host = cliLoadHost(args);
  const lines = await loadLines(sql, expandInputs(args.inputs), analysis, host);
  const whole = (report: Dataset['report']): Dataset => {
    const ds = { ...lines, report };
    afterLoad(args, ds, host.remembered);
    return ds;
  };
  if (!sql.connect) {
    const ds = whole(await datasetReport(sql, lines));
    return { lines, dataset: Promise.resolve(ds) };
  }
  const other = await sql.connect();
  const totals = await sql.connect();
  const dataset = datasetReport(other, lines, totals)
    .then(whole)
    .finally(() => {
      other.close();
      totals.close();
    });
  dataset.catch(() => {});
  return { lines, dataset };
}
