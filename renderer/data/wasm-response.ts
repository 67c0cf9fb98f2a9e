/**
 * Lets Chromium keep DuckDB-WASM's compiled code between starts, and starts the module's fetch and
 * compilation as soon as DuckDB's worker starts. duckdb-wasm fetches its 34 MB module only when the
 * page asks it to instantiate (after its own 770 kB script has loaded and the page's entry has
 * run), and re-wraps the response in a `new Response` (to report download progress) before
 * `WebAssembly.instantiateStreaming`. Chromium caches a module's compiled (TurboFan) code, and
 * later starts load it instead of compiling, only for a response straight from `fetch`: the cache
 * is keyed by the response's URL and checked against its response time, which a constructed
 * Response has not. So in DuckDB's worker the module's fetch is answered with an empty stand-in
 * (same status and headers), and the instantiation that receives the stand-in is given the
 * original response instead, or, when the worker began compiling the module at its start
 * (`early`), that compilation. Progress reports go (the app does not use them). Only the first
 * .wasm fetch (the module, at start-up) is answered so: any later fetch, of any file, is left alone.
 */

/** What is patched: the worker's global scope and its WebAssembly namespace. */
export interface WasmScope {
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  WebAssembly: {
    instantiateStreaming(source: Response | PromiseLike<Response>, imports?: WebAssembly.Imports): Promise<WebAssembly.WebAssemblyInstantiatedSource>;
    compileStreaming(source: Response | PromiseLike<Response>): Promise<WebAssembly.Module>;
    instantiate(module: WebAssembly.Module, imports?: WebAssembly.Imports): Promise<WebAssembly.Instance>;
  };
}

/** The URL asked for, resolved (the worker is given absolute URLs; relative ones only in tests). */
const urlOf = (input: RequestInfo | URL): URL => new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, 'http://x');
const isWasmUrl = (input: RequestInfo | URL): boolean => urlOf(input).pathname.endsWith('.wasm');

/**
 * Patches `scope`. With `early` (the module's absolute URL), the module is fetched and compiled
 * from now on, while the worker's script loads; the instantiation asked for later uses that
 * compilation when it is of the same URL.
 */
export function handOriginalWasmResponse(scope: WasmScope, early?: string): void {
  const fetch = scope.fetch.bind(scope);
  const wasm = scope.WebAssembly;
  const instantiateStreaming = wasm.instantiateStreaming.bind(wasm);
  const instantiate = wasm.instantiate.bind(wasm);
  /** The module fetched (and compiled) at the start, until an instantiation takes it. */
  let started: { url: string; fetched: Promise<Response>; compiled: Promise<WebAssembly.Module> } | undefined;
  if (early !== undefined) {
    const fetched = fetch(early);
    const compiled = wasm.compileStreaming(fetched);
    // Failures are reported by the instantiation that uses them (or by nobody, if none does).
    fetched.catch(() => undefined);
    compiled.catch(() => undefined);
    started = { url: urlOf(early).href, fetched, compiled };
  }
  /** What the stand-in stands for: the module's fetch, or its compilation begun at the start. */
  let kept: { response: Promise<Response> } | { module: Promise<WebAssembly.Module> } | undefined;
  let moduleFetched = false;

  scope.fetch = (input, init) => {
    if (moduleFetched || !isWasmUrl(input)) return fetch(input, init);
    moduleFetched = true;
    let fetched: Promise<Response>;
    if (started?.url === urlOf(input).href) {
      fetched = started.fetched;
      kept = { module: started.compiled };
    } else {
      fetched = fetch(input, init);
      kept = { response: fetched };
    }
    started = undefined;
    return fetched.then((r) => new Response(null, { status: r.status, statusText: r.statusText, headers: r.headers }));
  };
  wasm.instantiateStreaming = async (source, imports) => {
    const response = await source;
    // The stand-in (no body, no URL) stands for what was kept; any other response is used as given.
    if (response.body === null && response.url === '' && kept) {
      const k = kept;
      kept = undefined;
      if ('response' in k) return instantiateStreaming(k.response, imports);
      const module = await k.module;
      return { module, instance: await instantiate(module, imports) };
    }
    return instantiateStreaming(response, imports);
  };
}
