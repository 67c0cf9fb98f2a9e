import type { DataSource } from '../../engine/src/index.ts';
import { BrowserFileSource, isReadableName, UnreadableFileSource } from '../data/file-source.ts';
import type { Platform, SaveOptions, SaveOutcome } from './platform.ts';

/**
 * Turns picked or dropped Files into sources, sorted by path so daily files stay in order.
 * Inside a picked folder, files of other types (READMEs, .DS_Store) are skipped; a file picked
 * or dropped by itself is kept as an UnreadableFileSource, so its open fails with a message.
 */
export function filesToSources(files: Iterable<File>): DataSource[] {
  return [...files]
    .filter((f) => isReadableName(f.name) || !f.webkitRelativePath)
    .sort((a, b) => (a.webkitRelativePath || a.name).localeCompare(b.webkitRelativePath || b.name))
    .map((f) => (isReadableName(f.name) ? new BrowserFileSource(f, f.name) : new UnreadableFileSource(f.name, f.size)));
}

/** File inputs (multiple files, or a folder through webkitdirectory) and blob downloads. */
export function createBrowserPlatform(): Platform {
  let handler: ((s: DataSource[]) => void) | undefined;
  const makeInput = (id: string, folder: boolean): HTMLInputElement => {
    const input = document.createElement('input');
    input.type = 'file';
    input.id = id;
    input.multiple = true;
    input.accept = folder ? '' : '.csv,.tsv,.txt,.gz,.xlsx';
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
