/**
 * A test double of the Electron shell for the end-to-end test of the desktop path
 * (test/e2e/electron-path.e2e.ts). Electron cannot run here, so:
 *  - `initScript` stands in for the preload: it defines `window.segmentStudio` (the DesktopApi
 *    of electron/contract.ts) in the page, each method a same-origin HTTP call to this server;
 *  - this Node server stands in for the main process, and runs the REAL main-process code:
 *    the IPC handlers of electron/main/ipc.ts (validation, grants, slices) with scripted dialog
 *    answers, and electron/main/byte-range.ts for the app://…/picked/<token> byte ranges;
 *  - everything else is the production web build (proxied from the static server, same CSP).
 * It also counts what crossed the boundary, so tests can prove a file was never read whole
 * (SS_DOUBLE_LOG=1 prints every range request, to see how DuckDB reads).
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { InvokeChannel, RecentEntry } from '../../electron/contract.ts';
import { pickedToken, servePickedRange } from '../../electron/main/byte-range.ts';
import { readSlice } from '../../electron/main/files.ts';
import { PathGrants } from '../../electron/main/grants.ts';
import { createIpcHandlers } from '../../electron/main/ipc.ts';
import { createMappingsFile } from '../../electron/main/persist.ts';
import { createPgSavedFile, createPostgresService } from '../../electron/main/postgres.ts';
import { startStaticServer } from '../../build/scripts/static-server.mjs';

const IPC_PREFIX = '/__desktop/ipc/';

/** What crossed the double's boundary since start (or the last `resetStats`). */
export interface BoundaryStats {
  /** readSlice calls and the bytes they returned (the engine's own reads). */
  sliceCalls: number;
  sliceBytes: number;
  largestSlice: number;
  /** Byte-range GETs of picked files (DuckDB's reads) and their bytes. */
  rangeGets: number;
  rangeBytes: number;
  largestRange: number;
  /** Requests the double answered with an error status (refused slices, unknown tokens…). */
  refused: string[];
}

export interface DesktopDouble {
  url: string;
  /** The answer of the next native open dialog: absolute paths ([] = cancelled). */
  answerOpen(paths: string[]): void;
  /** Where the next save dialog saves (null = cancelled). */
  answerSave(target: string | null): void;
  stats: BoundaryStats;
  resetStats(): void;
  /** The double's userData folder (mappings.json lives there, as in the real main process). */
  userData: string;
  /** Delays every readSlice and range GET by this many ms (to catch a load in progress). */
  setLatency(ms: number): void;
  close(): Promise<void>;
}

const emptyStats = (): BoundaryStats => ({ sliceCalls: 0, sliceBytes: 0, largestSlice: 0, rangeGets: 0, rangeBytes: 0, largestRange: 0, refused: [] });

async function body(req: IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of req) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

/** Starts the double over the web build in `webRoot` on a free 127.0.0.1 port. */
export async function startDesktopDouble(webRoot: string): Promise<DesktopDouble> {
  const upstream = await startStaticServer({ root: webRoot });
  const upstreamUrl = new URL(upstream.url);
  const grants = new PathGrants();
  const recent: RecentEntry[] = [];
  const openAnswers: string[][] = [];
  let saveAnswer: string | null = null;
  let latency = 0;
  let origin = '';
  const state = { stats: emptyStats() };
  const pause = () => (latency > 0 ? new Promise((r) => setTimeout(r, latency)) : Promise.resolve());

  const userData = mkdtempSync(path.join(os.tmpdir(), 'ss-double-userdata-'));
  const handlers = createIpcHandlers({
    grants,
    mappings: createMappingsFile(userData),
    // The real data-mart writer: the desktop form writes to whatever server the test points it at.
    postgres: createPostgresService(createPgSavedFile(userData)),
    recent: { list: () => [...recent], add: (e) => void (recent.some((r) => r.path === e.path) || recent.unshift(e)) },
    dialogs: {
      showOpen: async () => openAnswers.shift() ?? [],
      showSave: async () => saveAnswer,
    },
    pickedUrl: (token) => `${origin}/picked/${token}`,
  });

  async function ipc(channel: InvokeChannel, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await body(req);
    let args: unknown[];
    if (channel === 'ss:save-file') {
      // The bytes (then the manifest's, if any) travel as the body; the rest of the request as a header.
      const { manifestLength, ...meta } = JSON.parse(String(req.headers['x-save-request'] ?? '{}')) as Record<string, unknown>;
      const cut = raw.length - (typeof manifestLength === 'number' ? manifestLength : 0);
      args = [{ ...meta, bytes: new Uint8Array(raw.subarray(0, cut)), ...(cut < raw.length ? { manifest: new Uint8Array(raw.subarray(cut)) } : {}) }];
    } else {
      args = JSON.parse(raw.toString('utf8') || '[]') as unknown[];
    }
    try {
      if (channel === 'ss:read-slice') await pause();
      const result = await handlers[channel](...args);
      if (result instanceof Uint8Array) {
        const s = state.stats;
        s.sliceCalls++;
        s.sliceBytes += result.byteLength;
        s.largestSlice = Math.max(s.largestSlice, result.byteLength);
        res.writeHead(200, { 'Content-Type': 'application/octet-stream' }).end(result);
      } else {
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(result ?? null));
      }
    } catch (e) {
      const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      state.stats.refused.push(`${channel} ${message}`);
      res.writeHead(500, { 'Content-Type': 'text/plain' }).end(message);
    }
  }

  async function picked(token: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === 'GET') await pause();
    const r = await servePickedRange(grants, token, req.method ?? 'GET', req.headers.range, readSlice);
    if (process.env.SS_DOUBLE_LOG) console.log('picked', req.method, req.headers.range, '->', r.status, r.headers['Content-Length']);
    if (r.status >= 400) state.stats.refused.push(`range ${req.method} ${req.headers.range ?? ''} -> ${r.status}`);
    if (req.method === 'GET' && r.body) {
      const s = state.stats;
      s.rangeGets++;
      s.rangeBytes += r.body.byteLength;
      s.largestRange = Math.max(s.largestRange, r.body.byteLength);
    }
    res.writeHead(r.status, r.headers).end(r.body ?? undefined);
  }

  function proxy(req: IncomingMessage, res: ServerResponse): void {
    const up = httpRequest({ host: upstreamUrl.hostname, port: upstreamUrl.port, path: req.url, method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.headersSent || res.writeHead(502).end());
    // The page went away mid-response: let the upstream server's response go too.
    res.on('close', () => res.writableFinished || up.destroy());
    req.pipe(up);
  }

  const server = createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    const fail = (e: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(e));
    };
    if (pathname.startsWith(IPC_PREFIX) && req.method === 'POST') {
      const channel = pathname.slice(IPC_PREFIX.length) as InvokeChannel;
      if (!(channel in handlers)) return void res.writeHead(404).end();
      return void ipc(channel, req, res).catch(fail);
    }
    const token = pickedToken(pathname);
    if (token) return void picked(token, req, res).catch(fail);
    proxy(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address() as { port: number };
  origin = `http://127.0.0.1:${addr.port}`;

  return {
    url: `${origin}/`,
    answerOpen: (paths) => void openAnswers.push(paths.map((p) => path.resolve(p))),
    answerSave: (target) => void (saveAnswer = target),
    get stats() {
      return state.stats;
    },
    resetStats: () => void (state.stats = emptyStats()),
    userData,
    setLatency: (ms) => void (latency = ms),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await upstream.close();
      rmSync(userData, { recursive: true, force: true });
    },
  };
}

/**
 * The preload's stand-in, run in the page before its scripts (Playwright `addInitScript`):
 * the same API shape and argument normalisation as electron/preload/index.ts, over HTTP to the
 * double instead of ipcRenderer. Errors read like Electron's ("Error invoking remote method …").
 * Menu events never come (the double has no menu); `onMenu` only registers.
 */
export function desktopInitScript(): void {
  const call = async (channel: string, init: RequestInit): Promise<Response> => {
    const res = await fetch(`/__desktop/ipc/${channel}`, { method: 'POST', ...init });
    if (!res.ok) throw new Error(`Error invoking remote method '${channel}': ${await res.text()}`);
    return res;
  };
  const json = async (channel: string, ...args: unknown[]) =>
    (await call(channel, { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(args) })).json();
  const api = {
    platform: 'electron',
    openFiles: (r: { folder?: unknown; multiple?: unknown }) => json('ss:open-files', { folder: r.folder === true, multiple: r.multiple === true }),
    openRecent: (p: unknown) => json('ss:open-recent', String(p)),
    readSlice: async (token: string, start: number, end: number) =>
      new Uint8Array(
        await (await call('ss:read-slice', { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify([token, start, end]) })).arrayBuffer(),
      ),
    saveFile: async (r: { suggestedName: string; bytes: Uint8Array; filters: unknown; manifest?: Uint8Array }) =>
      (
        await call('ss:save-file', {
          headers: { 'X-Save-Request': JSON.stringify({ suggestedName: r.suggestedName, filters: r.filters, manifestLength: r.manifest?.length ?? 0 }) },
          body: (r.manifest ? new Blob([r.bytes as BlobPart, r.manifest as BlobPart]) : r.bytes) as BodyInit,
        })
      ).json(),
    recentFiles: () => json('ss:recent-files'),
    loadMappings: () => json('ss:load-mappings'),
    saveMappings: async (text: string) => {
      await json('ss:save-mappings', String(text));
    },
    postgresTest: (target: unknown) => json('ss:pg-test', target),
    postgresWrite: (request: unknown) => json('ss:pg-write', request),
    postgresSaved: () => json('ss:pg-saved'),
    postgresProgress: () => json('ss:pg-progress'),
    postgresCancel: async () => {
      await json('ss:pg-cancel');
    },
    onMenu: () => () => undefined,
  };
  Object.defineProperty(window, 'segmentStudio', { value: Object.freeze(api), enumerable: true });
}

/** Resident memory (bytes) of a process and all its descendants, from /proc (Linux). */
export function processTreeRss(rootPid: number): number {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the parenthesised command: state, ppid, …; field 24 is RSS in pages.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const pid = Number(entry);
      const ppid = Number(fields[1]);
      rss.set(pid, Number(fields[21]) * 4096);
      children.set(ppid, [...(children.get(ppid) ?? []), pid]);
    } catch {
      // The process ended while we looked.
    }
  }
  let total = 0;
  const stack = [rootPid];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    total += rss.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** The pid of the browser whose command line carries `tag` (a switch we pass at launch). */
export function findPidByArg(tag: string): number | null {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (args.includes(tag) && !args.some((a) => a.startsWith('--type='))) return Number(entry);
    } catch {
      // gone
    }
  }
  return null;
}
