import { createBrowserPlatform } from './browser.ts';
import { createElectronPlatform } from './electron.ts';
import type { DesktopApi, MenuCommand, Platform } from './platform.ts';

export type { MenuCommand, PgProblem, PgProgress, PgTarget, Platform, PostgresPort, SaveOptions, SaveOutcome, ScreenId } from './platform.ts';
export { filesToSources } from './browser.ts';

/** Picks the implementation once at start-up: the preload's API when present, else the browser. */
export function createPlatform(onMenu: (c: MenuCommand) => void): Platform {
  const api = (globalThis as { segmentStudio?: DesktopApi }).segmentStudio;
  return api?.platform === 'electron' ? createElectronPlatform(api, onMenu) : createBrowserPlatform();
}
