import type { DataSource } from '../../engine/src/index.ts';
import { DesktopFileSource, isReadableName, UnreadableFileSource } from '../data/file-source.ts';
import { selectFolderFiles } from '../engine-client/index.ts';
import type { DesktopApi, MenuCommand, PickedFile, Platform, SaveOptions, SaveOutcome } from './platform.ts';

/**
 * A picked file as a lazy source: slices through the preload, ranges for DuckDB at its URL.
 * A type we cannot read (the dialog's "All files" allows any) fails its open with a message.
 */
export function pickedToSource(api: DesktopApi, picked: PickedFile): DataSource {
  if (!isReadableName(picked.name)) return new UnreadableFileSource(picked.name, picked.size);
  return new DesktopFileSource(picked.name, picked.size, picked.url, (start, end) => api.readSlice(picked.token, start, end));
}

export function createElectronPlatform(api: DesktopApi, onMenu: (c: MenuCommand) => void): Platform {
  let handler: ((s: DataSource[]) => void) | undefined;
  const deliver = (listed: PickedFile[] | null) => {
    if (!listed || listed.length === 0) return;
    // A folder's files are the ones the engine's folder rule reads, in its order, as in the CLI and the browser.
    const chosen = selectFolderFiles(
      listed.filter((p) => p.inFolder).map((p) => p.relativePath),
      { parquet: true },
    );
    const byPath = new Map(listed.map((p) => [p.relativePath, p]));
    const picked = [...listed.filter((p) => !p.inFolder), ...chosen.map((r) => ({ ...byPath.get(r)!, name: r }))];
    if (picked.length > 0) handler?.(picked.map((p) => pickedToSource(api, p)));
  };
  api.onMenu((command, path) => {
    if (command === 'open-recent' && path) void api.openRecent(path).then(deliver);
    else onMenu(command);
  });
  return {
    kind: 'electron',
    async openFiles({ folder }) {
      deliver(await api.openFiles({ folder, multiple: true }));
    },
    onOpen(h) {
      handler = h;
    },
    loadMappings: () => api.loadMappings(),
    saveMappings: (text: string) => api.saveMappings(text),
    postgres: {
      test: (target) => api.postgresTest(target),
      write: (request) => api.postgresWrite(request),
      saved: () => api.postgresSaved(),
      progress: () => api.postgresProgress(),
      cancel: () => api.postgresCancel(),
    },
    async save(bytes: Uint8Array, options: SaveOptions): Promise<SaveOutcome> {
      const r = await api.saveFile({
        suggestedName: options.suggestedName,
        bytes,
        filters: [{ name: options.extensions[0]!.toUpperCase(), extensions: options.extensions }],
        ...(options.manifest ? { manifest: options.manifest } : {}),
      });
      if (!r.saved) return { saved: false };
      return r.manifestPath ? { saved: true, where: r.path, manifestWhere: r.manifestPath } : { saved: true, where: r.path };
    },
  };
}
