/**
 * Cache headers of the web build, which decide whether Chromium can reuse DuckDB-WASM's compiled
 * code on a later start: hashed build files are cached for good (never revalidated), everything
 * else is revalidated by ETag. The Electron protocol handler (appCacheControl) and the static
 * server of the browser fallback (cacheControl) follow the same rule; the static server is
 * started here and asked over HTTP. Electron itself cannot run here: the handler's rule and the
 * scheme's privileges are checked as data.
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheControl, startStaticServer } from '../../build/scripts/static-server.mjs';
import { APP_SCHEME_PRIVILEGES, appCacheControl } from '../../electron/main/security.ts';

const FOREVER = 'public, max-age=31536000, immutable';

describe('which files are cached for good', () => {
  const paths: [string, string][] = [
    ['/assets/duckdb-eh-9ubY-jlA.wasm', FOREVER],
    ['/assets/duckdb-worker-C5G00vPg.js', FOREVER],
    ['/assets/index-7lIXI3lh.css', FOREVER],
    ['/assets/plotly.min-AoNiCMqR.js', FOREVER],
    ['/index.html', 'no-cache'],
    ['/', 'no-cache'],
    ['/sample/sample-transactions.csv', 'no-cache'],
    // No content hash in the name: it may change under the same URL.
    ['/assets/notes.txt', 'no-cache'],
    ['/assets/short-abc.js', 'no-cache'],
    // A hashed name outside the build's assets folder.
    ['/sample/data-ABCDEFGH.csv', 'no-cache'],
    ['/assets/sub/x-ABCDEFGH.js', 'no-cache'],
  ];
  it.each(paths)('%s → %s, the same in Electron and the static server', (p, expected) => {
    expect(appCacheControl(p)).toBe(expected);
    expect(cacheControl(p)).toBe(expected);
  });

  it("turns on V8's code cache for app:// (which needs a standard scheme)", () => {
    expect(APP_SCHEME_PRIVILEGES.codeCache).toBe(true);
    expect(APP_SCHEME_PRIVILEGES.standard).toBe(true);
  });
});

describe('static server', () => {
  let root: string;
  let server: { url: string; close(): Promise<void> };
  const wasm = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

  beforeAll(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'ss-cache-'));
    mkdirSync(path.join(root, 'assets'));
    writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>x</title>');
    writeFileSync(path.join(root, 'assets', 'duckdb-eh-9ubY-jlA.wasm'), wasm);
    server = await startStaticServer({ root });
  });
  afterAll(async () => {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves a hashed module as cacheable for good, with its type and length', async () => {
    const r = await fetch(new URL('assets/duckdb-eh-9ubY-jlA.wasm', server.url));
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe(FOREVER);
    expect(r.headers.get('content-type')).toBe('application/wasm');
    expect(r.headers.get('content-length')).toBe(String(wasm.length));
    expect(new Uint8Array(await r.arrayBuffer())).toEqual(wasm);
  });

  it('revalidates index.html: 304 without a body while unchanged, 200 with a new ETag once changed', async () => {
    const url = new URL('index.html', server.url);
    const first = await fetch(url);
    expect(first.headers.get('cache-control')).toBe('no-cache');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
    expect(first.headers.get('last-modified')).toBe(new Date(Math.floor(Date.parse(first.headers.get('last-modified')!))).toUTCString());
    await first.text();

    const again = await fetch(url, { headers: { 'If-None-Match': etag! } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    // The security headers come with a 304 too.
    expect(again.headers.get('content-security-policy')).toMatch(/default-src 'self'/);

    writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>changed</title>');
    const later = new Date(Date.now() + 5000);
    utimesSync(path.join(root, 'index.html'), later, later);
    const changed = await fetch(url, { headers: { 'If-None-Match': etag! } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(await changed.text()).toContain('changed');
  });
});
