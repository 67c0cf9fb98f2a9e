/** The application menu as a template (tested without Electron), with keyboard shortcuts. */
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand, RecentEntry, ScreenId } from '../contract.ts';

/** The screens in the sidebar's order (renderer/app/screens.ts; a test keeps the two equal). */
export const VIEW_SCREENS: readonly (readonly [ScreenId, string])[] = [
  ['data', 'Data'],
  ['overview', 'Overview'],
  ['segments', 'Segments'],
  ['clusters', 'Clusters'],
  ['baskets', 'Baskets'],
  ['value', 'Value'],
  ['export', 'Export'],
  ['migration', 'Migration'],
];

export function menuTemplate(opts: {
  isMac: boolean;
  recent: RecentEntry[];
  send: (c: MenuCommand) => void;
  openRecent: (p: string) => void;
}): MenuItemConstructorOptions[] {
  const { send } = opts;
  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { label: 'Open Files…', accelerator: 'CmdOrCtrl+O', click: () => send('open-files') },
      { label: 'Open Folder…', accelerator: 'CmdOrCtrl+Shift+O', click: () => send('open-folder') },
      { label: 'Open Sample Data', click: () => send('open-sample') },
      {
        label: 'Open Recent',
        submenu: opts.recent.length
          ? opts.recent.map((r) => ({ label: r.folder ? `${r.name}/` : r.name, toolTip: r.path, click: () => opts.openRecent(r.path) }))
          : [{ label: 'No recent files', enabled: false }],
      },
      { type: 'separator' },
      { label: 'Save Analysis…', accelerator: 'CmdOrCtrl+S', click: () => send('save-analysis') },
      { label: 'Open Analysis…', click: () => send('open-analysis') },
      { label: 'Re-run on New Files…', accelerator: 'CmdOrCtrl+R', click: () => send('rerun') },
      { type: 'separator' },
      { label: 'Export Campaign List…', accelerator: 'CmdOrCtrl+E', click: () => send('export') },
      { type: 'separator' },
      opts.isMac ? { role: 'close' } : { role: 'quit' },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      ...VIEW_SCREENS.map(([id, label], i): MenuItemConstructorOptions => ({ label, accelerator: `CmdOrCtrl+${i + 1}`, click: () => send(`screen-${id}`) })),
      { type: 'separator' },
      { label: 'Toggle Dark Mode', accelerator: 'CmdOrCtrl+Shift+D', click: () => send('toggle-theme') },
      { role: 'togglefullscreen' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
    ],
  };
  const edit: MenuItemConstructorOptions = {
    label: '&Edit',
    submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
  };
  return [...(opts.isMac ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []), file, edit, view, { role: 'windowMenu' }];
}
