import { analysisSql } from '../src/analysis/sql-export.ts';
import { EngineError } from '../src/index.ts';
import { DIALECTS } from '../src/sql/dialect.ts';
import { flag, type ParsedArgs } from './args.ts';
import { readAnalysisFile } from './run.ts';
import { writeFileAtomic } from './write-file.ts';

/**
 * `sql ANALYSIS.json --dialect duckdb|postgres [--table transactions] [--columns a,b,...] [--out FILE]`:
 * the analysis' cleaning, RFM, scores and segments as one SQL query over a transactions table,
 * to run where the data lives. Printed, or written atomically to FILE.
 */
export async function sqlCommand(args: ParsedArgs): Promise<void> {
  const [file] = args.inputs;
  if (file === undefined) throw new EngineError('invalid_argument', 'sql needs an analysis file: segment-studio sql analysis.json --dialect duckdb|postgres');
  const name = flag(args, 'dialect');
  const dialect = name !== undefined && Object.hasOwn(DIALECTS, name) ? DIALECTS[name as keyof typeof DIALECTS] : undefined;
  if (!dialect) throw new EngineError('invalid_argument', `--dialect must be one of ${Object.keys(DIALECTS).join(', ')}${name ? `, got "${name}"` : ''}`);
  const table = flag(args, 'table');
  const today = flag(args, 'today');
  const columns = flag(args, 'columns')
    ?.split(',')
    .map((c) => c.trim());
  const text = analysisSql(readAnalysisFile(file), {
    dialect,
    ...(table !== undefined ? { table } : {}),
    ...(today !== undefined ? { today } : {}),
    ...(columns !== undefined ? { columns } : {}),
  });
  const out = flag(args, 'out');
  if (out === undefined) process.stdout.write(text);
  else writeFileAtomic(out, text);
}
