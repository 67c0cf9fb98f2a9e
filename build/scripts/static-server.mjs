// A tiny static server for the built web UI (npm start without Electron, and the e2e tests):
// correct MIME types (application/wasm matters for streaming compilation), the same CSP as
// the Electron shell, no directory listings, nothing outside the root.
import { createServer } from 'node:http';
import { closeSync, createReadStream, fstatSync, openSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream';
import directives from '../../electron/main/csp.json' with { type: 'json' };

export const CSP = directives.join('; ');

/**
 * Build output whose name carries its content hash (Vite's `assets/<name>-<8 chars>.<ext>`) never
 * changes under its URL: cached for good, never revalidated. This is what lets Chromium reuse
 * DuckDB-WASM's compiled code on a later start (its code cache is checked against the cached
 * response). Everything else (index.html, the sample) is revalidated by ETag on every use.
 * The same rule as the Electron protocol handler's (electron/main/security.ts, appCacheControl).
 */
export function cacheControl(pathname) {
  return /^\/assets\/[^/]+-[A-Za-z0-9_-]{8}\.[A-Za-z0-9]+$/.test(pathname) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.csv': 'text/csv; charset=utf-8',
  '.gz': 'application/gzip',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

/** Serves `root` on host:port (0 = any free port); resolves to { url, close }. */
export function startStaticServer({ root, host = '127.0.0.1', port = 0 }) {
  const base = path.resolve(root);
  const server = createServer((req, res) => {
    let rel;
    try {
      rel = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.resolve(base, `.${rel}`);
    if (file !== base && !file.startsWith(base + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    // Stat the open file, not the path, and send no more than the length announced: a file
    // rewritten while it is served (a rebuild under a running server) must not put bytes past the
    // body on a kept-alive connection, where the client reads them as the next response.
    let fd;
    let st;
    try {
      fd = openSync(file, 'r');
      st = fstatSync(fd);
    } catch {
      if (fd !== undefined) closeSync(fd);
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    if (!st.isFile()) {
      closeSync(fd);
      res.writeHead(404).end();
      return;
    }
    const etag = `"${st.size.toString(16)}-${Math.floor(st.mtimeMs).toString(16)}"`;
    const headers = {
      'Content-Security-Policy': CSP,
      'X-Content-Type-Options': 'nosniff',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cache-Control': cacheControl(rel),
      ETag: etag,
    };
    if (req.headers['if-none-match'] === etag) {
      closeSync(fd);
      res.writeHead(304, headers).end();
      return;
    }
    res.writeHead(200, {
      ...headers,
      'Content-Type': MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': st.size,
      'Last-Modified': new Date(st.mtimeMs).toUTCString(),
    });
    if (req.method === 'HEAD' || st.size === 0) {
      closeSync(fd);
      res.end();
      return;
    }
    const body = createReadStream('', { fd, start: 0, end: st.size - 1 });
    // A file cut short while served ends the stream early: drop the connection rather than leave
    // the client waiting for bytes that will never come.
    body.on('end', () => {
      if (body.bytesRead < st.size) res.destroy();
    });
    // pipeline, not pipe: a client that goes away mid-body closes the file too.
    pipeline(body, res, () => {});
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const addr = server.address();
      resolve({
        url: `http://${host}:${addr.port}/`,
        // Responses still under way are cut: a client that stopped reading (a closed page whose
        // response a proxy holds) would otherwise keep the server open for good.
        close: () =>
          new Promise((r) => {
            server.close(() => r());
            server.closeAllConnections();
          }),
      });
    });
  });
}
