/**
 * The security baseline of the desktop shell, as plain data and pure functions so unit tests
 * can assert them without starting Electron (issue 8 item 4).
 */
import type { CustomScheme, WebPreferences } from 'electron';
import directives from './csp.json';

/** The app's own origin: files of the web build served by the `app://` protocol handler. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'segment-studio';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * The `app://` scheme's privileges (registered before the app is ready). `codeCache` (which needs
 * `standard`) turns on V8's code cache for it: by default Chromium caches compiled code only for
 * http(s), so the scripts and DuckDB-WASM's 34 MB module would be compiled again at every start.
 */
export const APP_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  stream: true,
  codeCache: true,
} satisfies CustomScheme['privileges'];

/**
 * Cache-Control of a file of the web build: files whose name carries their content hash (Vite's
 * `assets/<name>-<8 chars>.<ext>`) never change under their URL; the rest (index.html, the sample)
 * are revalidated. The static server of the browser fallback applies the same rule (its
 * `cacheControl`, checked equal by test/electron/cache-headers.test.ts).
 */
export function appCacheControl(pathname: string): string {
  return /^\/assets\/[^/]+-[A-Za-z0-9_-]{8}\.[A-Za-z0-9]+$/.test(pathname) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

/**
 * One policy, kept in csp.json, for the Electron protocol handler, the web build's meta tag
 * (injected by build/vite.config.ts) and the static server: no eval
 * ('wasm-unsafe-eval' only, for DuckDB-WASM), no remote anything.
 */
export const CONTENT_SECURITY_POLICY = directives.join('; ');

/**
 * DevTools only in development, and only when asked for: never in a packaged build, whatever
 * the environment says (an installed app must not open an inspector on the user's data).
 */
export function devToolsAllowed(host: { packaged: boolean; env: Record<string, string | undefined> }): boolean {
  return !host.packaged && host.env.SEGMENT_STUDIO_DEVTOOLS === '1';
}

/**
 * Chromium switches that would expose the DevTools protocol of a packaged build to any local
 * process (the inspect fuse covers Node's --inspect; these are Chromium's own).
 */
export function remoteDebuggingSwitches(argv: readonly string[]): string[] {
  return argv.filter((a) => /^--remote-debugging-(port|pipe|address)(=|$)/.test(a) || /^--remote-allow-origins(=|$)/.test(a));
}

/** webPreferences of every window: isolated, sandboxed, no Node, web security on, no DevTools when packaged. */
export function secureWebPreferences(preloadPath: string, host: { packaged: boolean; env: Record<string, string | undefined> }): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    // Middle-click would otherwise open links in a new window, around the window.open handler.
    disableBlinkFeatures: 'Auxclick',
    devTools: devToolsAllowed(host),
  };
}

/** Only the app's own pages may be shown; every other navigation is refused. */
export function isAllowedNavigation(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

/** Maps an app:// URL to a file under `root`, or null when it would escape it. */
export function resolveAppPath(url: string, root: string, join: (...p: string[]) => string, normalize: (p: string) => string): string | null {
  let pathname: string;
  try {
    const u = new URL(url);
    if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return null;
    pathname = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (pathname === '/' || pathname === '') pathname = '/index.html';
  if (pathname.includes('\0')) return null;
  const full = normalize(join(root, pathname));
  const base = normalize(root);
  return full === base || full.startsWith(base.endsWith('/') || base.endsWith('\\') ? base : base + (base.includes('\\') ? '\\' : '/')) ? full : null;
}
