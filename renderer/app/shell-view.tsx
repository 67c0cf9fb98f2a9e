import type { ReactNode } from 'react';
import type { Screen } from '../state/slices/ui.ts';
import { SCREENS } from './screens.ts';

/**
 * The shell's frame as plain markup, with no store and no browser API: the app draws it with its
 * state (App.tsx), and the build draws it for the first screen into index.html (static-shell.tsx),
 * so the window shows its frame before any of the UI's code has loaded.
 */
export function SidebarView({
  screen,
  badges = {},
  enabled = () => false,
  onSelect,
  live = true,
}: {
  screen: Screen;
  badges?: Partial<Record<Screen, string>>;
  /** Whether a screen other than Data can be opened (Data always can). */
  enabled?: (screen: Screen) => boolean;
  onSelect?: (screen: Screen) => void;
  /** False for the build's static frame: its buttons do nothing, so they carry no test ids (tests find the live ones). */
  live?: boolean;
}) {
  return (
    <nav className="sidebar" aria-label="Screens">
      <div className="brand">
        <div className="brand-mark">◆</div>
        <div>
          Segment Studio<small>RFM · clusters · baskets</small>
        </div>
      </div>
      {SCREENS.map((s, i) => (
        <button
          key={s.id}
          type="button"
          className={`nav-item${screen === s.id ? ' active' : ''}`}
          onClick={onSelect && (() => onSelect(s.id))}
          disabled={s.id !== 'data' && !enabled(s.id)}
          data-testid={live ? `nav-${s.id}` : undefined}
          title={`${s.label} (Ctrl+${i + 1})`}
        >
          <span className="icon">{s.icon}</span>
          {s.label}
          <span className="badge">{badges[s.id] ?? ''}</span>
        </button>
      ))}
      <div className="sidebar-foot">Local-first: your data never leaves this computer.</div>
    </nav>
  );
}

/** The top bar's title and subtitle for a screen; `children` are its controls on the right. */
export function TopbarView({ screen, children }: { screen: Screen; children?: ReactNode }) {
  const meta = SCREENS.find((s) => s.id === screen)!;
  return (
    <header className="topbar">
      <div>
        <h1>{meta.title}</h1>
        <div className="sub">{meta.sub}</div>
      </div>
      <div className="spacer" />
      {children}
    </header>
  );
}
