/**
 * Remembered mappings on the command line: one JSON file (engine/src/mapping/remembered.ts) in
 * the user's config folder, or in $SEGMENT_STUDIO_CONFIG_DIR. Every command that reads files
 * re-applies the mapping remembered for their header layout (--map still wins);
 * `--save-mapping` remembers the roles set by hand (--map, and any re-applied), `--forget-mapping`
 * removes the layout.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  forgetMapping,
  parseMappingMemory,
  rememberMapping,
  serialiseMappingMemory,
  type ColumnMapping,
  type LoadedLines,
  type MappingMemory,
  type Role,
} from '../src/index.ts';
import { flag, type ParsedArgs } from './args.ts';
import { writeFileAtomic } from './write-file.ts';

/** Where the mappings live: $SEGMENT_STUDIO_CONFIG_DIR, else the platform's per-user config folder. */
export function mappingsFile(env: Record<string, string | undefined> = process.env, platform: string = process.platform, home: string = os.homedir()): string {
  if (env.SEGMENT_STUDIO_CONFIG_DIR) return path.join(env.SEGMENT_STUDIO_CONFIG_DIR, 'mappings.json');
  const base =
    platform === 'win32'
      ? (env.APPDATA ?? path.join(home, 'AppData', 'Roaming'))
      : platform === 'darwin'
        ? path.join(home, 'Library', 'Application Support')
        : (env.XDG_CONFIG_HOME ?? path.join(home, '.config'));
  return path.join(base, 'segment-studio', 'mappings.json');
}

/** The stored memory; a missing file is an empty one, a damaged one is reported and ignored. */
export function readMappingMemory(file = mappingsFile()): MappingMemory {
  let text: string | null = null;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    text = null;
  }
  const { memory, problem } = parseMappingMemory(text);
  if (problem) process.stderr.write(`segment-studio: ${file}: ${problem}\n`);
  return memory;
}

const describe = (m: ColumnMapping) =>
  Object.entries(m)
    .map(([role, column]) => `${role}=${column}`)
    .join(', ');

/**
 * After a load: says on stderr when a remembered mapping was applied, and saves or forgets the
 * layout's mapping when asked. Messages go to stderr so `--json` output stays clean.
 */
export function afterLoad(
  args: ParsedArgs,
  ds: Pick<LoadedLines, 'recalled' | 'columns' | 'canonical'>,
  memory: MappingMemory,
  file = mappingsFile(),
  now = new Date(),
): void {
  const save = flag(args, 'save-mapping') !== undefined;
  const forget = flag(args, 'forget-mapping') !== undefined;
  if (ds.recalled && !forget)
    process.stderr.write(`segment-studio: applied the mapping remembered for these columns: ${describe(ds.recalled)} (--forget-mapping forgets it)\n`);
  if (forget) {
    writeFileAtomic(file, serialiseMappingMemory(forgetMapping(memory, ds.columns)));
    process.stderr.write(`segment-studio: forgot the mapping remembered for these columns (${file})\n`);
  } else if (save) {
    const pinned: ColumnMapping = {};
    for (const [role, column] of Object.entries(ds.canonical.mapping.mapping) as [Role, string][]) if (ds.canonical.mapping.manual[role]) pinned[role] = column;
    writeFileAtomic(file, serialiseMappingMemory(rememberMapping(memory, ds.columns, pinned, now.toISOString())));
    process.stderr.write(
      Object.keys(pinned).length
        ? `segment-studio: remembered ${describe(pinned)} for files with these columns (${file})\n`
        : `segment-studio: nothing set with --map to remember; the layout is forgotten (${file})\n`,
    );
  }
}
