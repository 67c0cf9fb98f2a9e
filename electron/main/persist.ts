/** Small JSON files in userData: recent files, remembered column mappings and the window's last bounds. */
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import type { RecentEntry } from '../contract.ts';
import type { MappingsFile, RecentStore } from './ipc.ts';

function readJson<T>(file: string, fallback: T): T {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return fallback;
  }
}

function writeJson(file: string, value: unknown): void {
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(value, null, 2));
  renameSync(tmp, file);
}

export function createRecentStore(dir: string, onChange: () => void, max = 10): RecentStore {
  const file = path.join(dir, 'recent.json');
  let entries = readJson<RecentEntry[]>(file, []).filter((e) => typeof e?.path === 'string');
  return {
    list: () => [...entries],
    add(entry) {
      entries = [entry, ...entries.filter((e) => e.path !== entry.path)].slice(0, max);
      writeJson(file, entries);
      onChange();
    },
  };
}

/** mappings.json in userData, as text (the renderer owns its format); written atomically. */
export function createMappingsFile(dir: string): MappingsFile {
  const file = path.join(dir, 'mappings.json');
  return {
    read() {
      try {
        return readFileSync(file, 'utf8');
      } catch {
        return null;
      }
    },
    write(text) {
      const tmp = `${file}.tmp`;
      writeFileSync(tmp, text);
      renameSync(tmp, file);
    },
  };
}

export interface WindowState {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1440, height: 920, maximized: false };
/** The smallest window the screens are laid out for (test/e2e/window-sizes.e2e.ts checks them at it). */
export const MIN_WINDOW_SIZE = { width: 1024, height: 680 } as const;

export function loadWindowState(dir: string): WindowState {
  const s = readJson<Partial<WindowState>>(path.join(dir, 'window-state.json'), {});
  const ok = (n: unknown, min: number) => typeof n === 'number' && Number.isFinite(n) && n >= min;
  return {
    ...(ok(s.x, -10000) ? { x: s.x! } : {}),
    ...(ok(s.y, -10000) ? { y: s.y! } : {}),
    width: ok(s.width, 800) ? s.width! : DEFAULT_WINDOW_STATE.width,
    height: ok(s.height, 600) ? s.height! : DEFAULT_WINDOW_STATE.height,
    maximized: s.maximized === true,
  };
}

export function saveWindowState(dir: string, state: WindowState): void {
  writeJson(path.join(dir, 'window-state.json'), state);
}
