import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { EngineError } from '../src/index.ts';
import { NodeFileSource } from './node-duckdb.ts';

const DATA_FILE = /\.(csv|tsv|txt|csv\.gz|tsv\.gz|txt\.gz|xlsx|xlsm|parquet)$/i;

/**
 * Expands FILE|FOLDER arguments into sources: a folder contributes its data files (sorted by
 * name, not recursive). Names shown to the user are relative to the folder given.
 */
export function expandInputs(inputs: readonly string[]): NodeFileSource[] {
  if (inputs.length === 0) throw new EngineError('invalid_argument', 'give at least one FILE or FOLDER');
  const out: NodeFileSource[] = [];
  for (const input of inputs) {
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(input);
    } catch {
      throw new EngineError('invalid_argument', 'no such file or folder', { file: input });
    }
    if (st.isDirectory()) {
      const files = readdirSync(input)
        .filter((f) => DATA_FILE.test(f) && statSync(path.join(input, f)).isFile())
        .sort();
      if (files.length === 0) throw new EngineError('empty_file', 'the folder holds no CSV, TSV, TXT, XLSX or Parquet files', { file: input });
      for (const f of files) out.push(new NodeFileSource(path.join(input, f), f));
    } else {
      out.push(new NodeFileSource(input, path.basename(input)));
    }
  }
  return out;
}
