import { renderToStaticMarkup } from 'react-dom/server';
import { SidebarView, TopbarView } from './shell-view.tsx';

/**
 * The first screen's frame, rendered at build time into index.html's root (build/vite.config.ts):
 * the sidebar with only Data open, the Data screen's top bar, and a line saying the app is
 * starting. The window draws it as soon as the page's stylesheet is in, while the UI's code (about
 * 1 MB of JavaScript) loads; React replaces it with the live shell on its first render.
 */
export function renderStaticShell(): string {
  return renderToStaticMarkup(
    <div className="app" data-static-shell="">
      <SidebarView screen="data" live={false} />
      <main className="main">
        <TopbarView screen="data" />
        <div className="content">
          <p className="muted">Starting…</p>
        </div>
      </main>
    </div>,
  );
}
