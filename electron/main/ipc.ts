/**
 * The IPC surface: twelve invoke handlers, each validating its arguments. Dialogs, the
 * recent-files store and the file system are injected, so tests drive the handlers with fakes.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { InvokeChannel, PickedFile, RecentEntry, SaveResult } from '../contract.ts';
import { listFolderFiles, readSlice, writeFileAtomic } from './files.ts';
import { PICKED_PREFIX } from './byte-range.ts';
import type { PathGrants } from './grants.ts';
import type { PostgresService } from './postgres.ts';
import { APP_ORIGIN } from './security.ts';
import { IpcValidationError, validateMappingsText, validateOpenRequest, validateReadSlice, validateRecentPath, validateSaveRequest } from './validate.ts';

export interface DialogPort {
  /** Native open dialog; absolute paths, or [] when cancelled. */
  showOpen(options: { folder: boolean; multiple: boolean }): Promise<string[]>;
  /** Native save dialog; the chosen path, or null when cancelled. */
  showSave(options: { suggestedName: string; filters: { name: string; extensions: string[] }[] }): Promise<string | null>;
}

export interface RecentStore {
  list(): RecentEntry[];
  add(entry: RecentEntry): void;
}

/** The remembered column mappings, one JSON document in userData. */
export interface MappingsFile {
  read(): string | null;
  write(text: string): void;
}

export interface IpcDeps {
  dialogs: DialogPort;
  grants: PathGrants;
  recent: RecentStore;
  mappings: MappingsFile;
  /** The data mart's PostgreSQL writer (postgres.ts). */
  postgres: PostgresService;
  /** URL of a picked file's byte ranges (the app:// protocol serves them; tests serve them over HTTP). */
  pickedUrl?: (token: string) => string;
}

const appPickedUrl = (token: string) => `${APP_ORIGIN}${PICKED_PREFIX}${token}`;

export type IpcHandler = (...args: unknown[]) => Promise<unknown>;

async function pick(paths: string[], deps: IpcDeps, folderRoot: string | null): Promise<PickedFile[]> {
  const out: PickedFile[] = [];
  for (const p of paths) {
    const st = await fs.stat(p);
    if (!st.isFile()) continue;
    const token = deps.grants.grant(p, st.size);
    out.push({
      token,
      name: path.basename(p),
      size: st.size,
      relativePath: folderRoot ? path.relative(folderRoot, p).split(path.sep).join('/') : path.basename(p),
      ...(folderRoot ? { inFolder: true as const } : {}),
      url: (deps.pickedUrl ?? appPickedUrl)(token),
    });
  }
  return out;
}

async function openPaths(paths: string[], folder: boolean, deps: IpcDeps): Promise<PickedFile[] | null> {
  if (paths.length === 0) return null;
  if (folder) {
    const root = paths[0]!;
    const files = await listFolderFiles(root);
    deps.recent.add({ path: root, name: path.basename(root), folder: true });
    return pick(files, deps, root);
  }
  for (const p of paths) deps.recent.add({ path: p, name: path.basename(p), folder: false });
  return pick(paths, deps, null);
}

export function createIpcHandlers(deps: IpcDeps): Record<InvokeChannel, IpcHandler> {
  return {
    'ss:open-files': async (request) => {
      const r = validateOpenRequest(request);
      return openPaths(await deps.dialogs.showOpen(r), r.folder, deps);
    },
    'ss:open-recent': async (p) => {
      const recent = deps.recent.list();
      const chosen = validateRecentPath(
        p,
        recent.map((e) => e.path),
      );
      const entry = recent.find((e) => e.path === chosen)!;
      return openPaths([chosen], entry.folder, deps);
    },
    'ss:read-slice': async (token, start, end) => {
      const r = validateReadSlice(token, start, end);
      const grant = deps.grants.get(r.token);
      if (!grant) throw new IpcValidationError('read: this file was not opened by the user');
      return readSlice(grant.path, r.start, Math.min(r.end, grant.size));
    },
    'ss:save-file': async (request): Promise<SaveResult> => {
      const r = validateSaveRequest(request);
      const target = await deps.dialogs.showSave({ suggestedName: r.suggestedName, filters: r.filters });
      if (!target) return { saved: false };
      await writeFileAtomic(target, r.bytes);
      if (!r.manifest) return { saved: true, path: target };
      const manifestPath = manifestBeside(target);
      await writeFileAtomic(manifestPath, r.manifest);
      return { saved: true, path: target, manifestPath };
    },
    'ss:recent-files': async () => deps.recent.list(),
    'ss:load-mappings': async () => deps.mappings.read(),
    'ss:save-mappings': async (text) => {
      deps.mappings.write(validateMappingsText(text));
    },
    'ss:pg-test': async (target) => deps.postgres.test(target),
    'ss:pg-write': async (request) => deps.postgres.write(request),
    'ss:pg-saved': async () => deps.postgres.saved(),
    'ss:pg-progress': async () => deps.postgres.progress(),
    'ss:pg-cancel': async () => deps.postgres.cancel(),
  };
}

/** Where a saved file's manifest goes: beside it, named after it (campaign.csv → campaign.manifest.json). */
export function manifestBeside(target: string): string {
  return path.join(path.dirname(target), `${path.parse(target).name}.manifest.json`);
}
