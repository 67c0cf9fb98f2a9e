import { createPlatform, type MenuCommand } from '../platform/index.ts';
import { restoreSession, saveAnalysis } from '../state/actions/analysis.ts';
import { openSample, openSources, rerunOn } from '../state/actions/data.ts';
import { openOverviewOnFirstLoad } from '../state/actions/overview.ts';
import { exportCampaign } from '../state/actions/export.ts';
import { setPlatform } from '../state/services.ts';
import { getState } from '../state/store.ts';

function onMenu(command: MenuCommand): void {
  const s = getState();
  switch (command) {
    case 'open-files':
      void platformOpen(false);
      break;
    case 'open-folder':
      void platformOpen(true);
      break;
    case 'open-sample':
      void openSample();
      break;
    case 'export':
      void exportCampaign();
      break;
    case 'save-analysis':
      void saveAnalysis();
      break;
    case 'rerun':
      void platformOpen(false, 'rerun');
      break;
    // Picking a file needs a click in the page: the menu opens the Analysis panel, whose button does it.
    case 'open-analysis':
      document.querySelector('[data-testid="analysis-menu"]')?.setAttribute('open', '');
      break;
    case 'toggle-theme':
      s.setTheme(s.theme === 'dark' ? 'light' : 'dark');
      break;
    case 'open-recent':
      break; // handled by the platform (it needs the path)
    default:
      s.setScreen(command.replace('screen-', '') as Parameters<typeof s.setScreen>[0]);
  }
}

let openFn: (folder: boolean) => Promise<void> = async () => {};
/** How the next files picked are used: a fresh open, or a re-run of the analysis (every setting kept). */
let pickMode: 'open' | 'rerun' = 'open';
export const platformOpen = (folder: boolean, mode: 'open' | 'rerun' = 'open') => {
  pickMode = mode;
  return openFn(folder);
};

/** Chooses the platform, wires file opening, and loads the sample when asked (?sample). */
export function bootstrap(): void {
  const platform = createPlatform(onMenu);
  setPlatform(platform);
  restoreSession();
  openOverviewOnFirstLoad();
  platform.onOpen((sources) => {
    const rerun = pickMode === 'rerun';
    pickMode = 'open';
    void (rerun ? rerunOn(sources) : openSources(sources));
  });
  openFn = (folder) => platform.openFiles({ folder });
  if (new URLSearchParams(location.search).has('sample')) void openSample();
}
