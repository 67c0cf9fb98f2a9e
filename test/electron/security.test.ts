import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, CONTENT_SECURITY_POLICY, isAllowedNavigation, resolveAppPath, secureWebPreferences } from '../../electron/main/security.ts';
import { menuTemplate } from '../../electron/main/menu.ts';

describe('BrowserWindow webPreferences', () => {
  const prefs = secureWebPreferences('/app/preload.cjs', { packaged: true, env: {} });
  it('isolates, sandboxes and keeps Node out of the renderer', () => {
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.preload).toBe('/app/preload.cjs');
  });
  it('keeps middle-click from opening windows (Electronegativity AUXCLICK_JS_CHECK)', () => {
    expect(prefs.disableBlinkFeatures).toBe('Auxclick');
  });
});

describe('content security policy', () => {
  it('forbids eval but allows WebAssembly compilation for DuckDB', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/'unsafe-eval'/);
    expect(CONTENT_SECURITY_POLICY).toMatch(/script-src 'self' 'wasm-unsafe-eval'/);
    expect(CONTENT_SECURITY_POLICY).toMatch(/default-src 'self'/);
    expect(CONTENT_SECURITY_POLICY).toMatch(/object-src 'none'/);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:/);
  });
  it('is the same policy the web build and the static server use', async () => {
    const { CSP } = await import('../../build/scripts/static-server.mjs');
    expect(CSP).toBe(CONTENT_SECURITY_POLICY);
  });
});

describe('navigation', () => {
  it('allows only the app origin', () => {
    expect(isAllowedNavigation(`${APP_ORIGIN}/index.html?sample`)).toBe(true);
    expect(isAllowedNavigation('https://example.com/')).toBe(false);
    expect(isAllowedNavigation('file:///etc/passwd')).toBe(false);
    expect(isAllowedNavigation('app://other-host/index.html')).toBe(false);
    expect(isAllowedNavigation('javascript:alert(1)')).toBe(false);
    expect(isAllowedNavigation('not a url')).toBe(false);
  });
  it('serves files only from inside the web root', () => {
    const root = '/opt/ss/web';
    const r = (u: string) => resolveAppPath(u, root, path.posix.join, path.posix.normalize);
    expect(r(`${APP_ORIGIN}/index.html`)).toBe('/opt/ss/web/index.html');
    expect(r(`${APP_ORIGIN}/`)).toBe('/opt/ss/web/index.html');
    expect(r(`${APP_ORIGIN}/assets/a.wasm`)).toBe('/opt/ss/web/assets/a.wasm');
    expect(r(`${APP_ORIGIN}/..%2F..%2Fetc%2Fpasswd`)).toBeNull();
    // The URL parser folds an encoded '..' segment away, so it cannot climb out of the root.
    expect(r(`${APP_ORIGIN}/%2e%2e/secret`)).toBe('/opt/ss/web/secret');
    expect(r('app://evil/index.html')).toBeNull();
  });
});

describe('application menu', () => {
  it('has the shortcuts and lists recent files', () => {
    const sent: string[] = [];
    const opened: string[] = [];
    const t = menuTemplate({
      isMac: false,
      recent: [{ path: '/d/a.csv', name: 'a.csv', folder: false }],
      send: (c) => sent.push(c),
      openRecent: (p) => opened.push(p),
    });
    const items = t.flatMap((m) => (Array.isArray(m.submenu) ? m.submenu : []));
    const byLabel = (l: string) => items.find((i) => i.label === l)!;
    expect(byLabel('Open Files…').accelerator).toBe('CmdOrCtrl+O');
    expect(byLabel('Open Folder…').accelerator).toBe('CmdOrCtrl+Shift+O');
    expect(byLabel('Export Campaign List…').accelerator).toBe('CmdOrCtrl+E');
    expect(byLabel('Segments').accelerator).toBe('CmdOrCtrl+3');
    (byLabel('Open Files…').click as () => void)();
    const recent = byLabel('Open Recent').submenu as { label: string; click: () => void }[];
    recent[0]!.click();
    expect(sent).toEqual(['open-files']);
    expect(opened).toEqual(['/d/a.csv']);
  });
});
