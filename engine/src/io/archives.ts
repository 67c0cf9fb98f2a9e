/**
 * A zip archive of exports (a month of daily files zipped to mail them, a folder downloaded from a
 * cloud drive, a dataset as published) is read as the folder it packs: its data files, by the
 * folder rule's extensions, in the order of their paths, each named "archive.zip/path" in messages
 * and `source_file`. Folders inside it are read at any depth (the archive was chosen as a whole);
 * hidden files and macOS's `__MACOSX/` copies are not. An archive inside it (a year of monthly
 * archives) is read the same way, one level down; an archive inside that is not opened.
 * Members are inflated into memory, by the platform's inflater where it has one (off the calling
 * thread); where memory is bounded (DuckDB-WASM) their declared sizes are checked first.
 */
import { EngineError, throwIfCancelled } from '../errors.ts';
import type { DataSource, JobControl } from '../ports.ts';
import { DATA_FILE_EXTENSIONS, isDataFileName } from './folder-rule.ts';
import { checkTextBytes, MAX_SOURCE_BYTES } from './limits.ts';
import { ByteSink } from './xlsx-sheet-scan.ts';
import { inflateEntryAsync, Unsupported, zipDirectory, type ZipEntry } from './zip.ts';

const ZIP = [0x50, 0x4b, 0x03, 0x04];
/** An empty archive starts with its end-of-central-directory record. */
const EMPTY_ZIP = [0x50, 0x4b, 0x05, 0x06];
const ARCHIVE_NAME = /\.zip$/i;
/** The most allocated for a file before its bytes come (a zip's declared size is not proof). */
const FIRST_BUFFER_BYTES = 64 * 1024 ** 2;
/** Archives opened inside an archive: one level, so an archive that holds itself ends. */
const NESTED_LEVELS = 1;

/** Whether `name` is a zip archive's by its extension (the only sources looked into). */
export function isArchiveName(name: string): boolean {
  return ARCHIVE_NAME.test(name);
}

/** A member inflated into memory. */
class MemberSource implements DataSource {
  readonly inMemory = true;
  constructor(
    readonly name: string,
    private readonly bytes: Uint8Array,
  ) {}
  get size(): number {
    return this.bytes.length;
  }
  async read(start: number, end: number): Promise<Uint8Array> {
    return this.bytes.subarray(start, Math.min(end, this.bytes.length));
  }
}

/**
 * The sources with each zip archive (by its ".zip" name) replaced by its data files, in order;
 * other sources as given. `boundedMemory`: refuse archives whose files cannot fit (checkTextBytes)
 * before inflating them.
 */
export async function expandArchives(sources: readonly DataSource[], options: { boundedMemory?: boolean; control?: JobControl } = {}): Promise<DataSource[]> {
  if (!sources.some((s) => isArchiveName(s.name))) return [...sources];
  const out: DataSource[] = [];
  for (const s of sources) {
    if (isArchiveName(s.name)) out.push(...(await archiveMembers(s, options)));
    else out.push(s);
  }
  return out;
}

async function archiveMembers(archive: DataSource, options: { boundedMemory?: boolean; control?: JobControl }, level = 0): Promise<DataSource[]> {
  const file = { file: archive.name };
  if (options.boundedMemory && archive.size > MAX_SOURCE_BYTES) {
    throw new EngineError('too_large', `the archive is larger than the ${MAX_SOURCE_BYTES / 1024 ** 3} GiB a file may be: unzip it and open its files`, file);
  }
  const bytes = await archive.read(0, archive.size);
  const starts = (magic: number[]) => magic.every((b, i) => bytes[i] === b);
  if (starts(EMPTY_ZIP)) throw new EngineError('empty_file', 'the archive is empty', file);
  if (!starts(ZIP)) throw new EngineError('parse', 'not a zip archive, though named .zip', file);
  let directory: Map<string, ZipEntry>;
  try {
    directory = zipDirectory(bytes);
  } catch (e) {
    if (!(e instanceof Unsupported)) throw e;
    const why = e.message === 'zip64' ? 'a zip64 archive (over 4 GiB or 65,535 files)' : `a damaged archive (${e.message})`;
    throw new EngineError('parse', `${why} is not read here: unzip it and open its files or folder`, file);
  }
  if (directory.has('[Content_Types].xml')) {
    throw new EngineError('parse', 'this is a workbook (XLSX) named .zip: rename it to .xlsx', file);
  }
  const paths = [...directory.keys()].filter((p) => !p.endsWith('/'));
  const data = paths
    .filter((p) => {
      const parts = p.split('/');
      const name = parts[parts.length - 1]!;
      const read = isDataFileName(name, { parquet: true }) || (level < NESTED_LEVELS && isArchiveName(name));
      return read && parts[0] !== '__MACOSX' && !parts.some((part) => part.startsWith('.'));
    })
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (data.length === 0) {
    const held = paths.filter((p) => !p.startsWith('__MACOSX/'));
    const listed = held.length ? `; it holds ${held.slice(0, 5).join(', ')}${held.length > 5 ? ` and ${held.length - 5} more` : ''}` : '';
    const kinds = DATA_FILE_EXTENSIONS.filter((e) => e !== 'zip').map((e) => `.${e}`);
    throw new EngineError('empty_file', `the archive holds no data files (${kinds.join(', ')})${listed}`, file);
  }
  for (const p of data) {
    const entry = directory.get(p)!;
    const member = { file: `${archive.name}/${p}` };
    if (entry.encrypted) throw new EngineError('parse', 'the file is encrypted in its archive: unzip it and open the file', member);
    if (entry.method !== 0 && entry.method !== 8) {
      throw new EngineError('parse', `the file is compressed by a method not read here (zip method ${entry.method}): unzip it and open the file`, member);
    }
  }
  if (options.boundedMemory) {
    checkTextBytes(
      data.reduce((sum, p) => sum + directory.get(p)!.size, 0),
      data.length,
      data.length === 1 ? `${archive.name}/${data[0]}` : undefined,
    );
  }
  const members: DataSource[] = [];
  for (const p of data) {
    throwIfCancelled(options.control?.signal);
    const name = `${archive.name}/${p}`;
    const entry = directory.get(p)!;
    // Sized by the declared size (up to a bound: a declared size may lie), grown if it is short.
    const sink = new ByteSink(Math.max(1, Math.min(entry.size, FIRST_BUFFER_BYTES)));
    try {
      // A cancel stops a large file part-way, between its pieces.
      const pace = async () => throwIfCancelled(options.control?.signal);
      await inflateEntryAsync(bytes, entry, (chunk) => sink.bytes(chunk), pace);
    } catch (e) {
      if (!(e instanceof Unsupported)) throw e;
      throw new EngineError('parse', `the file cannot be inflated from its archive (${e.message})`, { file: name });
    }
    const member = new MemberSource(name, sink.buf.subarray(0, sink.length));
    members.push(...(isArchiveName(p) ? await archiveMembers(member, options, level + 1) : [member]));
  }
  return members;
}
