/**
 * Electron main process: one sandboxed window showing the web build through the app://
 * protocol, the validated IPC surface, native dialogs, the menu, recent files and the
 * remembered window state. Nothing of Node reaches the renderer except through ipc.ts.
 */
import { app, BrowserWindow, dialog, Menu, net, protocol, session } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DATA_FILE_EXTENSIONS } from '../../engine/src/io/folder-rule.ts';
import type { InvokeChannel, MenuCommand } from '../contract.ts';
import { pickedToken, servePickedRange } from './byte-range.ts';
import { readSlice } from './files.ts';
import { PathGrants } from './grants.ts';
import { createIpcHandlers } from './ipc.ts';
import { menuTemplate } from './menu.ts';
import { createMappingsFile, createRecentStore, loadWindowState, MIN_WINDOW_SIZE, saveWindowState } from './persist.ts';
import { createPgSavedFile, createPostgresService } from './postgres.ts';
import {
  APP_HOST,
  APP_ORIGIN,
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  appCacheControl,
  CONTENT_SECURITY_POLICY,
  isAllowedNavigation,
  remoteDebuggingSwitches,
  resolveAppPath,
  secureWebPreferences,
} from './security.ts';
import { ipcMain } from 'electron';

// Built layout: dist/electron/main.cjs, dist/electron/preload.cjs, dist/web/index.html.
const WEB_ROOT = path.join(__dirname, '..', 'web');
const PRELOAD = path.join(__dirname, 'preload.cjs');

// A packaged build never runs with its DevTools protocol open to other local processes.
if (app.isPackaged && remoteDebuggingSwitches(process.argv).length > 0) {
  console.error(`Segment Studio: refusing to start with ${remoteDebuggingSwitches(process.argv).join(' ')}`);
  app.exit(1);
}

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);

let win: BrowserWindow | null = null;
const grants = new PathGrants();

function send(command: MenuCommand): void {
  win?.webContents.send('ss:menu', command);
}

function buildMenu(recent: ReturnType<typeof createRecentStore>): void {
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate({
        isMac: process.platform === 'darwin',
        recent: recent.list(),
        send,
        openRecent: (p) => win?.webContents.send('ss:menu', 'open-recent' satisfies MenuCommand, p),
      }),
    ),
  );
}

function createWindow(): void {
  const stateDir = app.getPath('userData');
  const state = loadWindowState(stateDir);
  win = new BrowserWindow({
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    width: state.width,
    height: state.height,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    show: false,
    backgroundColor: '#0f1320',
    title: 'Segment Studio',
    webPreferences: secureWebPreferences(PRELOAD, { packaged: app.isPackaged, env: process.env }),
  });
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win?.show());
  const remember = () => {
    if (!win) return;
    const b = win.getNormalBounds();
    saveWindowState(stateDir, { x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() });
  };
  win.on('close', remember);
  win.on('closed', () => {
    win = null;
    grants.clear();
  });
  const sample = process.argv.includes('--no-sample') ? '' : '?sample';
  void win.loadURL(`${APP_ORIGIN}/index.html${sample}`);
}

app.on('web-contents-created', (_e, contents) => {
  contents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAllowedNavigation(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // The app has no external links: nothing opens, inside the app or in a browser.
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

app.whenReady().then(() => {
  protocol.handle(APP_SCHEME, async (request) => {
    // Picked files, range by range (DuckDB-WASM's lazy reader), behind their grants.
    const token = isAllowedNavigation(request.url) ? pickedToken(new URL(request.url).pathname) : null;
    if (token) {
      const r = await servePickedRange(grants, token, request.method, request.headers.get('Range'), readSlice);
      return new Response(r.body as Uint8Array<ArrayBuffer> | null, { status: r.status, headers: { ...r.headers, 'X-Content-Type-Options': 'nosniff' } });
    }
    const file = resolveAppPath(request.url, WEB_ROOT, path.join, path.normalize);
    if (!file) return new Response('not found', { status: 404 });
    const res = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(res.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    headers.set('Cache-Control', appCacheControl(new URL(request.url).pathname));
    if (file.endsWith('.wasm')) headers.set('Content-Type', 'application/wasm');
    return new Response(res.body, { status: res.status, headers });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);

  const recent = createRecentStore(app.getPath('userData'), () => buildMenu(recent));
  const handlers = createIpcHandlers({
    grants,
    recent,
    mappings: createMappingsFile(app.getPath('userData')),
    postgres: createPostgresService(createPgSavedFile(app.getPath('userData'))),
    dialogs: {
      async showOpen({ folder, multiple }) {
        const r = await dialog.showOpenDialog(win!, {
          title: folder ? 'Open a folder of exports' : 'Open transaction exports',
          properties: folder ? ['openDirectory'] : multiple ? ['openFile', 'multiSelections'] : ['openFile'],
          filters: folder
            ? []
            : [
                { name: 'Transaction exports', extensions: [...DATA_FILE_EXTENSIONS] },
                { name: 'All files', extensions: ['*'] },
              ],
        });
        return r.canceled ? [] : r.filePaths;
      },
      async showSave({ suggestedName, filters }) {
        const r = await dialog.showSaveDialog(win!, { defaultPath: suggestedName, filters });
        return r.canceled || !r.filePath ? null : r.filePath;
      },
    },
  });
  for (const [channel, handler] of Object.entries(handlers) as [InvokeChannel, (...a: unknown[]) => Promise<unknown>][]) {
    ipcMain.handle(channel, (event, ...args) => {
      // Only our own page may call in.
      if (!isAllowedNavigation(event.senderFrame?.url ?? '')) throw new Error('IPC from an unexpected origin');
      return handler(...args);
    });
  }
  buildMenu(recent);
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

export { APP_HOST };
