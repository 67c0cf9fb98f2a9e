/**
 * DuckDB's worker hands instantiation the wasm response as fetched (renderer/data/wasm-response.ts):
 * the caller below does what duckdb-wasm's worker does (fetch, re-wrap in a new Response for
 * progress, instantiateStreaming of the wrapper); the real WebAssembly.instantiateStreaming of
 * Node must receive the very Response `fetch` returned (its URL set: what Chromium's code cache
 * is keyed by) and instantiate from it. Served by a local HTTP server, fetched with Node's fetch.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { handOriginalWasmResponse, type WasmScope } from '../../renderer/data/wasm-response.ts';

/** A module exporting add(i32, i32) -> i32, assembled by hand. */
const ADD_WASM = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x07, 0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x03, 0x02, 0x01, 0x00, 0x07, 0x07, 0x01, 0x03, 0x61,
  0x64, 0x64, 0x00, 0x00, 0x0a, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b,
]);

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/assets/duckdb-eh-abcdefgh.wasm' || req.url === '/assets/duckdb-mvp-abcdefgh.wasm')
      res.writeHead(200, { 'Content-Type': 'application/wasm', 'Content-Length': ADD_WASM.length }).end(ADD_WASM);
    else if (req.url === '/data.json') res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"a":1}');
    else res.writeHead(404).end('not found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** A scope whose fetch and WebAssembly are Node's, recording each Response fetched, instantiated or compiled, and each module instantiated. */
function scope() {
  const fetched: Response[] = [];
  const instantiated: Response[] = [];
  const compiled: Response[] = [];
  const modules: WebAssembly.Module[] = [];
  const s: WasmScope = {
    fetch: async (input, init) => {
      const r = await fetch(input, init);
      fetched.push(r);
      return r;
    },
    WebAssembly: {
      instantiateStreaming: async (source, imports) => {
        const r = await source;
        instantiated.push(r);
        return WebAssembly.instantiateStreaming(r, imports);
      },
      compileStreaming: async (source) => {
        const r = await source;
        compiled.push(r);
        return WebAssembly.compileStreaming(r);
      },
      instantiate: (module, imports) => {
        modules.push(module);
        return WebAssembly.instantiate(module, imports);
      },
    },
  };
  return { s, fetched, instantiated, compiled, modules };
}

/** What duckdb-wasm's worker does: fetch the module, wrap its body in a stream that counts bytes, instantiate the wrapper. */
async function instantiateLikeDuckDb(s: WasmScope, url: string) {
  const progress: number[] = [];
  const wrapped = (async () => {
    const r = await s.fetch(new Request(url));
    const total = Number(r.headers.get('content-length') ?? 0);
    progress.push(total);
    const counting = new TransformStream<Uint8Array, Uint8Array>({ transform: (chunk, c) => c.enqueue(chunk) });
    return new Response(r.body?.pipeThrough(counting), r);
  })();
  const result = await s.WebAssembly.instantiateStreaming(wrapped, {});
  return { result, progress };
}

describe("DuckDB worker's wasm response", () => {
  it("reaches instantiateStreaming as fetch returned it (with its URL), not duckdb-wasm's re-wrapped copy", async () => {
    const { s, fetched, instantiated } = scope();
    handOriginalWasmResponse(s);
    const url = `${base}/assets/duckdb-eh-abcdefgh.wasm`;
    const { result, progress } = await instantiateLikeDuckDb(s, url);
    expect(fetched).toHaveLength(1);
    expect(instantiated).toHaveLength(1);
    expect(instantiated[0]).toBe(fetched[0]);
    expect(instantiated[0]!.url).toBe(url);
    // The stand-in duckdb-wasm saw carried the real headers (its progress reads the length).
    expect(progress).toEqual([ADD_WASM.length]);
    const add = result.instance.exports.add as (a: number, b: number) => number;
    expect(add(40, 2)).toBe(42);
  });

  it('without the patch, instantiateStreaming gets a constructed Response without a URL (why Chromium caches nothing)', async () => {
    const { s, fetched, instantiated } = scope();
    await instantiateLikeDuckDb(s, `${base}/assets/duckdb-eh-abcdefgh.wasm`);
    expect(instantiated[0]).not.toBe(fetched[0]);
    expect(instantiated[0]!.url).toBe('');
  });

  it('leaves other fetches and directly given responses alone', async () => {
    const { s, fetched, instantiated } = scope();
    handOriginalWasmResponse(s);
    const json = await s.fetch(`${base}/data.json`);
    expect(json).toBe(fetched[0]);
    expect(await json.json()).toEqual({ a: 1 });
    // A response with a body given straight to instantiateStreaming is used as given.
    const direct = await fetch(`${base}/assets/duckdb-eh-abcdefgh.wasm`);
    const r = await s.WebAssembly.instantiateStreaming(direct, {});
    expect(instantiated.at(-1)).toBe(direct);
    expect((r.instance.exports.add as (a: number, b: number) => number)(1, 2)).toBe(3);
  });

  it("answers only the module's fetch at start-up: a later .wasm fetch gets its real response", async () => {
    const { s, fetched } = scope();
    handOriginalWasmResponse(s);
    const url = `${base}/assets/duckdb-eh-abcdefgh.wasm`;
    await instantiateLikeDuckDb(s, url);
    const later = await s.fetch(url);
    expect(later).toBe(fetched[1]);
    expect(new Uint8Array(await later.arrayBuffer())).toEqual(ADD_WASM);
  });

  it('a missing module still fails instantiation, with the status the server gave', async () => {
    const { s, instantiated } = scope();
    handOriginalWasmResponse(s);
    await expect(instantiateLikeDuckDb(s, `${base}/assets/missing-abcdefgh.wasm`)).rejects.toThrow();
    expect(instantiated[0]!.status).toBe(404);
  });

  describe("compiled from the worker's start (early)", () => {
    it('fetches and compiles the module at once, before duckdb-wasm asks; its instantiation uses that compilation of the very fetch', async () => {
      const { s, fetched, instantiated, compiled, modules } = scope();
      const url = `${base}/assets/duckdb-eh-abcdefgh.wasm`;
      handOriginalWasmResponse(s, url);
      // Nothing asked for the module yet: it is being fetched and compiled all the same.
      await vi.waitFor(() => expect(compiled).toHaveLength(1));
      expect(fetched).toHaveLength(1);
      expect(compiled[0]).toBe(fetched[0]);
      expect(compiled[0]!.url).toBe(url);
      const { result, progress } = await instantiateLikeDuckDb(s, url);
      // One fetch in all; no second compilation from a response; the early module instantiated.
      expect(fetched).toHaveLength(1);
      expect(instantiated).toHaveLength(0);
      expect(modules).toHaveLength(1);
      expect(result.module).toBe(modules[0]);
      expect(progress).toEqual([ADD_WASM.length]);
      expect((result.instance.exports.add as (a: number, b: number) => number)(40, 2)).toBe(42);
    });

    it('a request for another module is fetched and instantiated as without the early start', async () => {
      const { s, fetched, instantiated, modules } = scope();
      handOriginalWasmResponse(s, `${base}/assets/duckdb-eh-abcdefgh.wasm`);
      const other = `${base}/assets/duckdb-mvp-abcdefgh.wasm`;
      const { result } = await instantiateLikeDuckDb(s, other);
      expect(fetched.map((r) => r.url)).toEqual([`${base}/assets/duckdb-eh-abcdefgh.wasm`, other]);
      expect(instantiated).toHaveLength(1);
      expect(instantiated[0]).toBe(fetched[1]);
      expect(modules).toHaveLength(0);
      expect((result.instance.exports.add as (a: number, b: number) => number)(1, 2)).toBe(3);
    });

    it('a missing module fails the instantiation asked for, not before (no unhandled rejection at the start)', async () => {
      const { s } = scope();
      const url = `${base}/assets/missing-abcdefgh.wasm`;
      handOriginalWasmResponse(s, url);
      await new Promise((r) => setTimeout(r, 50));
      await expect(instantiateLikeDuckDb(s, url)).rejects.toThrow();
    });
  });
});
