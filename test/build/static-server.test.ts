import http from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startStaticServer } from '../../build/scripts/static-server.mjs';

describe('static server', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'ss-static-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('closes while a client holds a large response unread (a proxy whose page went away)', async () => {
    mkdirSync(path.join(root, 'assets'));
    writeFileSync(path.join(root, 'assets', 'big-abcdefgh.wasm'), new Uint8Array(32 * 1024 * 1024));
    const server = await startStaticServer({ root });
    const paused = await new Promise<http.IncomingMessage>((resolve) =>
      http.get(new URL('assets/big-abcdefgh.wasm', server.url), (res) => {
        res.pause();
        resolve(res);
      }),
    );
    paused.on('error', () => undefined); // cut by the close
    const outcome = await Promise.race([server.close().then(() => 'closed'), new Promise((r) => setTimeout(() => r('still open after 5 s'), 5000))]);
    expect(outcome).toBe('closed');
  });
});
