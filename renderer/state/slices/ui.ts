import type { ScreenId } from '../../platform/index.ts';
import type { StateCreator } from 'zustand';
import type { AppState } from '../store.ts';

export type Screen = ScreenId;
export type Theme = 'light' | 'dark';

/**
 * The customers a drill-down shows: a segment's (by name), a cluster's (0-based), an R×F cell's
 * (scores) or a rule's cross-sell audience (index into the mined rules); `product` narrows the
 * others to the cross-sell audience of that product (item code).
 */
export type DrillTarget = (
  | { kind: 'segment'; name: string }
  | { kind: 'cluster'; cluster: number }
  | { kind: 'cell'; r: number; f: number }
  | { kind: 'rule'; rule: number }
) & { product?: number };

export interface Toast {
  id: number;
  kind: 'info' | 'success' | 'error';
  text: string;
}

export interface UiSlice {
  screen: Screen;
  theme: Theme;
  toasts: Toast[];
  /** The drill-down shown over the screen, if any. */
  drill: DrillTarget | null;
  setScreen(screen: Screen): void;
  setDrill(drill: DrillTarget | null): void;
  setTheme(theme: Theme): void;
  toast(kind: Toast['kind'], text: string): void;
  dismissToast(id: number): void;
}

let toastId = 1;

/** The saved theme, else the system's (theme-boot.ts applies it to the page before anything is drawn). */
export function initialTheme(): Theme {
  try {
    const saved = localStorage.getItem('ss-theme');
    if (saved === 'light' || saved === 'dark') return saved;
  } catch {
    /* storage unavailable */
  }
  return typeof matchMedia !== 'undefined' && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set) => ({
  screen: 'data',
  theme: initialTheme(),
  toasts: [],
  drill: null,
  setScreen: (screen) => set({ screen, drill: null }),
  setDrill: (drill) => set({ drill }),
  setTheme: (theme) => {
    try {
      localStorage.setItem('ss-theme', theme);
    } catch {
      /* ignore */
    }
    set({ theme });
  },
  toast: (kind, text) => {
    const id = toastId++;
    set((s) => ({ toasts: [...s.toasts.slice(-3), { id, kind, text }] }));
    setTimeout(() => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })), kind === 'error' ? 9000 : 4000);
  },
  dismissToast: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
});
