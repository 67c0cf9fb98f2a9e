import http from 'node:http';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import net from 'node:net';
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

  /**
   * Asks for `name` on a raw connection, stops reading once the response has begun (the server
   * then waits on a full socket, its file part read), calls `change`, asks for index.html on the
   * same connection (unless `askAgain` is false) and reads everything until the server closes the
   * connection or 5 s pass.
   */
  async function serveWhileChanged(name: string, change: () => void, askAgain = true) {
    const server = await startStaticServer({ root });
    const socket = net.connect(Number(new URL(server.url).port), '127.0.0.1');
    const chunks: Buffer[] = [];
    const closed = new Promise<boolean>((resolve) => {
      socket.on('close', () => resolve(true));
      setTimeout(() => resolve(false), 5000);
    });
    socket.on('error', () => undefined);
    await new Promise<void>((resolve) => {
      socket.once('data', (chunk: Buffer) => {
        chunks.push(chunk);
        socket.pause();
        resolve();
      });
      socket.write(`GET /assets/${name} HTTP/1.1\r\nHost: x\r\n\r\n`);
    });
    await new Promise((r) => setTimeout(r, 200)); // the server fills the socket and waits
    change();
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    if (askAgain) socket.write('GET /index.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    socket.resume();
    const closedInTime = await closed;
    socket.destroy();
    await server.close();
    const all = Buffer.concat(chunks);
    const headEnd = all.indexOf('\r\n\r\n') + 4;
    const announced = Number(/content-length: (\d+)/i.exec(all.subarray(0, headEnd).toString('latin1'))?.[1]);
    return { closedInTime, announced, after: all.subarray(headEnd) };
  }

  it('sends no more than the length announced when the file grows while served; the next response reads', async () => {
    writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>x</title>');
    const file = path.join(root, 'assets', 'grows-abcdefgh.wasm');
    writeFileSync(file, new Uint8Array(32 * 1024 * 1024));
    const { closedInTime, announced, after } = await serveWhileChanged('grows-abcdefgh.wasm', () => appendFileSync(file, 'title>'));
    expect(announced).toBe(32 * 1024 * 1024);
    expect(closedInTime).toBe(true);
    // The body is the announced length of zeros, and the next bytes begin the second response.
    expect(after.length).toBeGreaterThan(announced);
    expect(after.subarray(0, announced).every((b) => b === 0)).toBe(true);
    expect(after.subarray(announced, announced + 15).toString('latin1')).toBe('HTTP/1.1 200 OK');
  });

  it('drops the connection when the file is cut short while served, rather than leave the client waiting', async () => {
    const file = path.join(root, 'assets', 'shrinks-abcdefgh.wasm');
    writeFileSync(file, new Uint8Array(32 * 1024 * 1024));
    const { closedInTime, announced, after } = await serveWhileChanged('shrinks-abcdefgh.wasm', () => truncateSync(file, 1024), false);
    expect(announced).toBe(32 * 1024 * 1024);
    expect(closedInTime).toBe(true);
    expect(after.length).toBeLessThan(announced);
  });
});
