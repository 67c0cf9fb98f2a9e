/**
 * The packaging hardening, checked without building a package: the Electron fuses in
 * build/electron-builder.yml (read and schema-validated by electron-builder's own loader, so a
 * misspelt key fails here and not silently in a release) and DevTools being unreachable in
 * packaged builds.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// electron-builder's own config loader and schema validator (deep imports: no public entry).
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util/out/DebugLogger.js';
import { devToolsAllowed, remoteDebuggingSwitches, secureWebPreferences } from '../../electron/main/security.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CONFIG = 'build/electron-builder.yml';

/** What each fuse must be, and why in one line. */
const EXPECTED_FUSES = {
  runAsNode: false, // ELECTRON_RUN_AS_NODE would turn the signed app into a general Node runtime
  enableNodeOptionsEnvironmentVariable: false, // NODE_OPTIONS could preload arbitrary code
  enableNodeCliInspectArguments: false, // --inspect would open a debugger on the main process
  enableEmbeddedAsarIntegrityValidation: true, // app.asar is checked against its signed hash
  onlyLoadAppFromAsar: true, // no loose app/ folder can replace the archive
  enableCookieEncryption: true, // cookies at rest use the OS keychain
  grantFileProtocolExtraPrivileges: false, // we serve app://, never file://
} as const;

describe('Electron fuses in the packaging config', () => {
  it('electron-builder loads the config and its schema accepts it', async () => {
    const config = await getConfig(ROOT, CONFIG, null);
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    expect(config.asar).toBe(true);
  });

  it('sets every fuse to its hardened value', async () => {
    const fuses = (await getConfig(ROOT, CONFIG, null)).electronFuses as Record<string, unknown> | null | undefined;
    expect(fuses).toBeTruthy();
    for (const [fuse, value] of Object.entries(EXPECTED_FUSES)) expect({ fuse, value: fuses![fuse] }).toEqual({ fuse, value });
  });

  it('the validator would catch a misspelt fuse block (so the check above means something)', async () => {
    const config = await getConfig(ROOT, CONFIG, null);
    const { electronFuses, ...rest } = config;
    await expect(validateConfiguration({ ...rest, electronFuse: electronFuses } as typeof config, new DebugLogger(false))).rejects.toThrow(/electronFuse/);
  });
});

describe('no DevTools in packaged builds', () => {
  const asked = { SEGMENT_STUDIO_DEVTOOLS: '1' };
  it('webPreferences never enable DevTools when packaged, even when the environment asks', () => {
    expect(devToolsAllowed({ packaged: true, env: asked })).toBe(false);
    expect(secureWebPreferences('/p.cjs', { packaged: true, env: asked }).devTools).toBe(false);
    expect(secureWebPreferences('/p.cjs', { packaged: true, env: {} }).devTools).toBe(false);
    // Development keeps the opt-in switch.
    expect(secureWebPreferences('/p.cjs', { packaged: false, env: asked }).devTools).toBe(true);
    expect(secureWebPreferences('/p.cjs', { packaged: false, env: {} }).devTools).toBe(false);
  });

  it('the window is created with the packaged flag from Electron, not a constant', () => {
    const index = readFileSync(path.join(ROOT, 'electron/main/index.ts'), 'utf8');
    expect(index).toMatch(/secureWebPreferences\(PRELOAD, \{ packaged: app\.isPackaged, env: process\.env \}\)/);
    expect(index).toMatch(/if \(app\.isPackaged && remoteDebuggingSwitches\(process\.argv\)\.length > 0\)/);
  });

  it('nothing in the main process or preload opens DevTools or adds a menu role for it', () => {
    for (const dir of ['electron/main', 'electron/preload']) {
      for (const f of readdirSync(path.join(ROOT, dir)).filter((n) => n.endsWith('.ts'))) {
        const src = readFileSync(path.join(ROOT, dir, f), 'utf8');
        expect({ file: `${dir}/${f}`, opens: /openDevTools|toggleDevTools|toggledevtools|devTools:\s*true/i.test(src) }).toEqual({
          file: `${dir}/${f}`,
          opens: false,
        });
      }
    }
  });

  it('refuses Chromium remote-debugging switches (checked at start-up when packaged)', () => {
    expect(remoteDebuggingSwitches(['/opt/ss', '--remote-debugging-port=9222', 'x.csv', '--remote-debugging-pipe'])).toEqual([
      '--remote-debugging-port=9222',
      '--remote-debugging-pipe',
    ]);
    expect(remoteDebuggingSwitches(['/opt/ss', '--no-sample', 'remote-debugging-port.csv'])).toEqual([]);
  });
});
