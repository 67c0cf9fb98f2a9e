import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { defineConfig } from 'vite';
import directives from '../electron/main/csp.json' with { type: 'json' };

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

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
  worker: { format: 'es' },
  server: { fs: { allow: [root] } },
  oxc: { jsx: { runtime: 'automatic' } },
  plugins: [
    {
      // The same Content-Security-Policy as the Electron shell and the static server, less
      // frame-ancestors, which browsers ignore (and complain about) in a meta tag.
      name: 'segment-studio-csp',
      transformIndexHtml: (html) => html.replace('%SEGMENT_STUDIO_CSP%', directives.filter((d) => !d.startsWith('frame-ancestors')).join('; ')),
    },
  ],
});
