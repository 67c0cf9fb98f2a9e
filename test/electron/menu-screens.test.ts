import { expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { menuTemplate } from '../../electron/main/menu.ts';
import { SCREENS } from '../../renderer/app/screens.ts';

it("the View menu lists every screen in the sidebar's order, with Ctrl+1… as the sidebar's keys", () => {
  const sent: string[] = [];
  const view = menuTemplate({ isMac: false, recent: [], send: (c) => sent.push(c), openRecent: () => undefined }).find((m) => m.label === '&View')!;
  const items = (view.submenu as MenuItemConstructorOptions[]).filter((i) => i.accelerator?.match(/^CmdOrCtrl\+\d$/));
  expect(items.map((i) => i.label)).toEqual(SCREENS.map((s) => s.label));
  expect(items.map((i) => i.accelerator)).toEqual(SCREENS.map((_, n) => `CmdOrCtrl+${n + 1}`));
  for (const i of items) (i.click as () => void)();
  expect(sent).toEqual(SCREENS.map((s) => `screen-${s.id}`));
});
