import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { defineConfig, runnerImport, type Plugin } from 'vite';
import directives from '../electron/main/csp.json' with { type: 'json' };
import { DUCKDB_EH_WORKER, writePatchedDuckDbWorker } from './scripts/patch-duckdb-worker.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The entry (renderer/main.tsx) starts DuckDB-WASM and then imports the UI (app/start.tsx)
 * dynamically, so the worker starts before React and the shell are even parsed. The UI's chunks
 * are fetched from the start all the same: index.html preloads them (modulepreload), as it
 * would had the entry imported them statically.
 */
function preloadUi(): Plugin {
  return {
    name: 'segment-studio-preload-ui',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const bundle = ctx.bundle;
        if (!bundle) return [];
        const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
        const entry = chunks.find((c) => c.isEntry);
        const start = chunks.find((c) => c.facadeModuleId?.endsWith('/renderer/app/start.tsx'));
        if (!start) throw new Error('preload-ui: the app/start.tsx chunk is missing');
        const files = new Set<string>();
        const visit = (file: string) => {
          if (files.has(file) || file === entry?.fileName) return;
          files.add(file);
          const chunk = chunks.find((c) => c.fileName === file);
          for (const dep of chunk?.imports ?? []) visit(dep);
        };
        visit(start.fileName);
        return [...files].map((f) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `./${f}` }, injectTo: 'head' as const }));
      },
    },
  };
}

/**
 * The first screen's frame (sidebar, top bar) drawn into index.html's root at build time
 * (renderer/app/static-shell.tsx, the same components the app renders), so the window shows it
 * as soon as the stylesheet is in, not once the UI's chunks have loaded and React has rendered.
 */
function staticShell(): Plugin {
  let markup: Promise<string> | undefined;
  return {
    name: 'segment-studio-static-shell',
    transformIndexHtml: async (html) => {
      markup ??= runnerImport<typeof import('../renderer/app/static-shell.tsx')>(path.join(root, 'renderer/app/static-shell.tsx'), {
        configFile: false,
        root,
        logLevel: 'error',
        oxc: { jsx: { runtime: 'automatic' } },
      }).then(({ module }) => module.renderStaticShell());
      const empty = '<div id="root"></div>';
      if (!html.includes(empty)) throw new Error('static-shell: index.html has no empty root');
      return html.replace(empty, `<div id="root">${await markup}</div>`);
    },
  };
}

/**
 * duckdb-wasm's exceptions-bundle worker script, rewritten so its start does not walk the
 * module's 75,011 exports for side modules the app never loads (scripts/patch-duckdb-worker.mjs):
 * the import of the script (`?url`, renderer/data/duckdb-worker.ts) resolves to the rewrite,
 * written under node_modules/.cache/segment-studio/ (the dependency's own file is left alone).
 */
function patchedDuckDbWorker(): Plugin {
  let patched: string | undefined;
  return {
    name: 'segment-studio-duckdb-worker',
    enforce: 'pre',
    resolveId(source) {
      const [file, query] = source.split('?');
      if (file !== DUCKDB_EH_WORKER) return null;
      patched ??= writePatchedDuckDbWorker(path.join(root, 'node_modules', DUCKDB_EH_WORKER), path.join(root, 'node_modules/.cache/segment-studio'));
      return query === undefined ? patched : `${patched}?${query}`;
    },
  };
}

/**
 * The web UI, shared by Electron (loaded from file://) and the browser fallback of `npm start`.
 * `base: './'` keeps every URL relative so the same build works from disk and over http.
 * The bundled sample (assets/sample) is copied as static files and fetched at run time.
 */
export default defineConfig({
  root: path.join(root, 'renderer'),
  base: './',
  publicDir: path.join(root, 'assets'),
  build: {
    outDir: path.join(root, 'dist/web'),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 6000,
    sourcemap: false,
  },
  // DuckDB's worker (renderer/data/duckdb-worker.ts) is bundled with these plugins, not the page's
  // (the page's list has it too: the dev server serves the worker's imports through that one).
  worker: { format: 'es', plugins: () => [patchedDuckDbWorker()] },
  server: { fs: { allow: [root] } },
  oxc: { jsx: { runtime: 'automatic' } },
  plugins: [
    patchedDuckDbWorker(),
    preloadUi(),
    staticShell(),
    {
      // The same Content-Security-Policy as the Electron shell and the static server, less
      // frame-ancestors, which browsers ignore (and complain about) in a meta tag.
      name: 'segment-studio-csp',
      transformIndexHtml: (html) => html.replace('%SEGMENT_STUDIO_CSP%', directives.filter((d) => !d.startsWith('frame-ancestors')).join('; ')),
    },
  ],
});
