/**
 * The preload: exposes the small, typed desktop API (electron/contract.ts) on
 * `window.segmentStudio` through contextBridge. Imports only 'electron' and the contract.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type {
  DesktopApi,
  EventChannel,
  InvokeChannel,
  MenuCommand,
  OpenRequest,
  PgProgress,
  PgSavedTarget,
  PgTarget,
  PgTestResult,
  PgWriteRequest,
  PgWriteResult,
  PickedFile,
  RecentEntry,
  SaveRequest,
  SaveResult,
} from '../contract.ts';

const invoke = <T>(channel: InvokeChannel, ...args: unknown[]) => ipcRenderer.invoke(channel, ...args) as Promise<T>;
const MENU: EventChannel = 'ss:menu';

const api: DesktopApi = {
  platform: 'electron',
  openFiles: (request: OpenRequest) => invoke<PickedFile[] | null>('ss:open-files', { folder: request.folder === true, multiple: request.multiple === true }),
  openRecent: (p: string) => invoke<PickedFile[] | null>('ss:open-recent', String(p)),
  readSlice: (token: string, start: number, end: number) => invoke<Uint8Array>('ss:read-slice', token, start, end),
  saveFile: (request: SaveRequest) => invoke<SaveResult>('ss:save-file', request),
  recentFiles: () => invoke<RecentEntry[]>('ss:recent-files'),
  loadMappings: () => invoke<string | null>('ss:load-mappings'),
  saveMappings: (text: string) => invoke<void>('ss:save-mappings', String(text)),
  postgresTest: (target: PgTarget) => invoke<PgTestResult>('ss:pg-test', target),
  postgresWrite: (request: PgWriteRequest) => invoke<PgWriteResult>('ss:pg-write', request),
  postgresSaved: () => invoke<PgSavedTarget | null>('ss:pg-saved'),
  postgresProgress: () => invoke<PgProgress | null>('ss:pg-progress'),
  postgresCancel: () => invoke<void>('ss:pg-cancel'),
  onMenu(listener: (command: MenuCommand, path?: string) => void) {
    const wrapped = (_e: unknown, command: MenuCommand, path?: string) => listener(command, typeof path === 'string' ? path : undefined);
    ipcRenderer.on(MENU, wrapped);
    return () => {
      ipcRenderer.removeListener(MENU, wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('segmentStudio', api);
