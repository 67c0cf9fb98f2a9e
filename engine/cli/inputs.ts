import { readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { EngineError, descendInto, isFolderDataFile, selectFolderFiles } from '../src/index.ts';
import { NodeFileSource } from './node-duckdb.ts';

/**
 * Every file under `root` the folder rule may look at, relative and "/"-separated: listed down
 * to the depth the rule reads, through symbolic links (followed like what they point to), hidden
 * files included (the rule needs to see output markers).
 */
function listFolder(root: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const entry of readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      // The listing tells files and folders apart; a link (or an entry of unknown type) is looked up.
      let st: { isDirectory(): boolean; isFile(): boolean } = entry;
      if (entry.isSymbolicLink() || !(entry.isFile() || entry.isDirectory())) {
        try {
          st = statSync(path.join(root, child));
        } catch {
          continue; // a dangling link
        }
      }
      if (st.isDirectory()) {
        if (descendInto(child)) walk(child);
      } else if (st.isFile()) out.push(child);
    }
  };
  walk('');
  return out;
}

/**
 * Expands FILE|FOLDER arguments into sources: a folder contributes the files the engine's
 * folder rule reads (engine/src/io/folder-rule.ts, shared with the app). Names shown to the
 * user are relative to the folder given.
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
      const files = selectFolderFiles(listFolder(input), { parquet: true });
      if (files.length === 0) throw new EngineError('empty_file', 'the folder holds no CSV, TSV, TXT, XLSX or Parquet files', { file: input });
      for (const f of files) out.push(new NodeFileSource(path.join(input, ...f.split('/')), f));
    } else {
      out.push(new NodeFileSource(input, path.basename(input)));
    }
  }
  return out;
}

/** The real path of `p`, or of its nearest existing ancestor joined with the rest (for an --out not made yet). */
function realish(p: string): string {
  const abs = path.resolve(p);
  try {
    return realpathSync(abs);
  } catch {
    const parent = path.dirname(abs);
    return parent === abs ? abs : path.join(realish(parent), path.basename(abs));
  }
}

/**
 * Refuses an output folder that would overwrite an input or be read back as one: `out` is an
 * input file, or an input folder, or a folder inside one that the folder rule reads. Paths are
 * compared after resolving symbolic links.
 */
export function refuseOutputOverInputs(out: string | undefined, inputs: readonly string[]): void {
  if (out === undefined) return;
  const target = realish(out);
  for (const input of inputs) {
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(input);
    } catch {
      continue; // reported as missing where it is read
    }
    const source = realish(input);
    if (!st.isDirectory()) {
      if (target === source) throw new EngineError('invalid_argument', '--out is one of the inputs; choose another folder for the outputs', { file: out });
      continue;
    }
    const rel = path.relative(source, target).split(path.sep).join('/');
    const inside = rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
    if (inside && (rel === '' || isFolderDataFile(`${rel}/customers.csv`, { parquet: true }))) {
      throw new EngineError(
        'invalid_argument',
        `--out is ${rel === '' ? 'the input folder' : `inside the input folder ${input}`}: the outputs would be read back as inputs; choose a folder outside it`,
        { file: out },
      );
    }
  }
}
