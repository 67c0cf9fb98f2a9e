/**
 * Lets Chromium keep DuckDB-WASM's compiled code between starts. duckdb-wasm fetches its 34 MB
 * module and re-wraps the response in a `new Response` (to report download progress) before
 * `WebAssembly.instantiateStreaming`. Chromium caches a module's compiled (TurboFan) code, and
 * later starts load it instead of compiling, only for a response straight from `fetch`: the cache
 * is keyed by the response's URL and checked against its response time, which a constructed
 * Response has not. So in DuckDB's worker the module's fetch is answered with an empty stand-in
 * (same status and headers), and the instantiation that receives the stand-in is given the
 * original response instead. Progress reports go (the app does not use them). Only the first .wasm
 * fetch (the module, at start-up) is answered so: any later fetch, of any file, is left alone.
 */

/** What is patched: the worker's global scope and its WebAssembly namespace. */
export interface WasmScope {
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  WebAssembly: {
    instantiateStreaming(source: Response | PromiseLike<Response>, imports?: WebAssembly.Imports): Promise<WebAssembly.WebAssemblyInstantiatedSource>;
  };
}

const isWasmUrl = (input: RequestInfo | URL): boolean => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  return new URL(url, 'http://x').pathname.endsWith('.wasm');
};

export function handOriginalWasmResponse(scope: WasmScope): void {
  const fetch = scope.fetch.bind(scope);
  const instantiateStreaming = scope.WebAssembly.instantiateStreaming.bind(scope.WebAssembly);
  /** The module's fetch, kept for the instantiation that follows it. */
  let original: Promise<Response> | undefined;
  let moduleFetched = false;

  scope.fetch = (input, init) => {
    if (moduleFetched || !isWasmUrl(input)) return fetch(input, init);
    moduleFetched = true;
    const fetched = fetch(input, init);
    original = fetched;
    return fetched.then((r) => new Response(null, { status: r.status, statusText: r.statusText, headers: r.headers }));
  };
  scope.WebAssembly.instantiateStreaming = async (source, imports) => {
    const response = await source;
    // The stand-in (no body, no URL) stands for the kept fetch; any other response is used as given.
    if (response.body === null && response.url === '' && original) {
      const kept = original;
      original = undefined;
      return instantiateStreaming(kept, imports);
    }
    return instantiateStreaming(response, imports);
  };
}
