import type { DataSource } from '../../engine/src/index.ts';
import { BrowserFileSource, isReadableName, UnreadableFileSource } from '../data/file-source.ts';
import { DATA_FILE_EXTENSIONS, selectFolderFiles } from '../engine-client/index.ts';
import type { Platform, SaveOptions, SaveOutcome } from './platform.ts';

/**
 * Turns picked or dropped Files into sources. A picked folder (webkitdirectory lists every file
 * at every depth) gives the files the engine's folder rule reads, named by their path inside
 * the folder, in its order, as in the CLI and the desktop app. A file picked or dropped by
 * itself is kept, as an UnreadableFileSource when its type is not readable, so its open fails
 * with a message.
 */
export function filesToSources(files: Iterable<File>): DataSource[] {
  const all = [...files];
  const inside = (f: File) => f.webkitRelativePath.split('/').slice(1).join('/');
  const folder = new Map(all.filter((f) => f.webkitRelativePath).map((f) => [inside(f), f]));
  const loose = all
    .filter((f) => !f.webkitRelativePath)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((f) => (isReadableName(f.name) ? new BrowserFileSource(f, f.name) : new UnreadableFileSource(f.name, f.size)));
  return [...loose, ...selectFolderFiles([...folder.keys()], { parquet: true }).map((p) => new BrowserFileSource(folder.get(p)!, p))];
}

/** Where the browser keeps the remembered column mappings. */
const MAPPINGS_KEY = 'ss-mappings';

/** File inputs (multiple files, or a folder through webkitdirectory) and blob downloads. */
export function createBrowserPlatform(): Platform {
  let handler: ((s: DataSource[]) => void) | undefined;
  const makeInput = (id: string, folder: boolean): HTMLInputElement => {
    const input = document.createElement('input');
    input.type = 'file';
    input.id = id;
    input.multiple = true;
    input.accept = folder ? '' : DATA_FILE_EXTENSIONS.map((e) => `.${e}`).join(',');
    if (folder) input.setAttribute('webkitdirectory', '');
    input.hidden = true;
    input.setAttribute('data-testid', id);
    input.addEventListener('change', () => {
      if (input.files && input.files.length > 0) handler?.(filesToSources(input.files));
      input.value = '';
    });
    document.body.appendChild(input);
    return input;
  };
  const filesInput = makeInput('ss-open-files', false);
  const folderInput = makeInput('ss-open-folder', true);
  return {
    kind: 'browser',
    async openFiles({ folder }) {
      (folder ? folderInput : filesInput).click();
    },
    onOpen(h) {
      handler = h;
    },
    async loadMappings() {
      return localStorage.getItem(MAPPINGS_KEY);
    },
    async saveMappings(text: string) {
      localStorage.setItem(MAPPINGS_KEY, text);
    },
    async save(bytes: Uint8Array, options: SaveOptions): Promise<SaveOutcome> {
      const blob = new Blob([bytes as Uint8Array<ArrayBuffer>], { type: options.mime });
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = options.suggestedName;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      return { saved: true, where: `Downloads/${options.suggestedName}` };
    },
  };
}
