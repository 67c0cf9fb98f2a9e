/**
 * Which files of a chosen folder are read: one rule for the CLI, the app in a browser and the
 * desktop app. Each host lists the folder its own way (readdir, a webkitdirectory input, the
 * main process) and asks this module, so a folder means the same files everywhere:
 *
 * - files directly inside the folder and in its subfolders one level down (daily exports kept
 *   in month folders); deeper files are not read;
 * - a name starting with "." (a hidden file or folder, our own temporary files) is skipped at
 *   every level;
 * - a symbolic link is followed like the file or folder it points to (a browser cannot tell
 *   them apart); the depth limit keeps a link cycle finite;
 * - data files by extension: .csv, .tsv, .txt (each also .gz'd), the workbooks .xlsx, .xlsm, .xls,
 *   .xlsb and .ods, and .parquet
 *   where the host reads Parquet (the CLI natively, the app through its decoder: every host now);
 * - a folder holding OUTPUT_MARKER is an output folder of this tool: none of its files are read;
 * - files are taken in the order of their path inside the folder (daily files stay in order).
 *
 * Paths here are relative to the chosen folder, with "/" between names.
 */

/** Subfolder levels read below the chosen folder. */
export const FOLDER_DEPTH = 1;

/** The hidden file every output set carries, so that its folder is never read back as input. */
export const OUTPUT_MARKER = '.segment-studio-output';

/**
 * The extensions of data files, as file pickers offer them (".gz" stands for the gzipped text
 * files), and zip archives of them (archives.ts): chosen by themselves, never read from a folder,
 * where an archive is most often a copy of its files kept beside them.
 */
export const DATA_FILE_EXTENSIONS = ['csv', 'tsv', 'txt', 'gz', 'xlsx', 'xlsm', 'xls', 'xlsb', 'ods', 'parquet', 'zip'] as const;

const DATA_FILE = /\.(csv|tsv|txt)(\.gz)?$|\.(xlsx|xlsm|xls|xlsb|ods)$/i;
const PARQUET = /\.parquet$/i;

export interface FolderRuleOptions {
  /** The host reads Parquet files (the CLI and the app do; a host without a Parquet reader would not). */
  parquet?: boolean;
}

const parts = (relativePath: string) => relativePath.split('/').filter((p) => p !== '' && p !== '.');

/** Whether to list the subfolder at `relativePath`: not hidden, and within FOLDER_DEPTH. */
export function descendInto(relativePath: string): boolean {
  const p = parts(relativePath);
  return p.length >= 1 && p.length <= FOLDER_DEPTH && !p.some((s) => s.startsWith('.'));
}

/** Whether the file at `relativePath` is a data file the rule reads (output folders aside). */
export function isFolderDataFile(relativePath: string, options: FolderRuleOptions = {}): boolean {
  const p = parts(relativePath);
  if (p.length === 0 || p.length > FOLDER_DEPTH + 1 || p.some((s) => s.startsWith('.'))) return false;
  return isDataFileName(p[p.length - 1]!, options);
}

/** Whether a file of this name is a data file by its extension (a folder's or an archive's). */
export function isDataFileName(name: string, options: FolderRuleOptions = {}): boolean {
  return DATA_FILE.test(name) || (options.parquet === true && PARQUET.test(name));
}

/**
 * The files of a folder listing the rule reads, in order. `files` are every file found (at
 * any depth, hidden ones included, so output markers are seen).
 */
export function selectFolderFiles(files: readonly string[], options: FolderRuleOptions = {}): string[] {
  const outputFolders = new Set(
    files
      .map(parts)
      .filter((p) => p[p.length - 1] === OUTPUT_MARKER)
      .map((p) => p.slice(0, -1).join('/')),
  );
  return files
    .filter((f) => isFolderDataFile(f, options) && !outputFolders.has(parts(f).slice(0, -1).join('/')))
    .map((f) => parts(f).join('/'))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
