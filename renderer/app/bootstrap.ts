import type { MenuCommand } from '../../electron/contract.ts';
import { createPlatform } from '../platform/index.ts';
import { openSample, openSources } from '../state/actions/data.ts';
import { exportCampaign } from '../state/actions/export.ts';
import { setPlatform } from '../state/services.ts';
import { getState } from '../state/store.ts';

function onMenu(command: MenuCommand): void {
  const s = getState();
  switch (command) {
    case 'open-files': void platformOpen(false); break;
    case 'open-folder': void platformOpen(true); break;
    case 'open-sample': void openSample(); break;
    case 'export': void exportCampaign(); break;
    case 'toggle-theme': s.setTheme(s.theme === 'dark' ? 'light' : 'dark'); break;
    case 'open-recent': break; // handled by the platform (it needs the path)
    default: s.setScreen(command.replace('screen-', '') as Parameters<typeof s.setScreen>[0]);
  }
}

let openFn: (folder: boolean) => Promise<void> = async () => {};
export const platformOpen = (folder: boolean) => openFn(folder);

/** Chooses the platform, wires file opening, and loads the sample when asked (?sample). */
export function bootstrap(): void {
  const platform = createPlatform(onMenu);
  setPlatform(platform);
  platform.onOpen((sources) => void openSources(sources));
  openFn = (folder) => platform.openFiles({ folder });
  if (new URLSearchParams(location.search).has('sample')) void openSample();
}
