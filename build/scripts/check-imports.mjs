// Enforces the import directions between the top-level layers (run by `npm test`).
// A violation is an error: engine/ imports nothing of ours and only allow-listed packages;
// renderer/ imports engine/, workers/ and electron/contract only as types (except its
// engine-client, the one place that talks to workers); electron/ never imports the renderer, and
// only its main process uses the engine (engine/src: the data mart's PostgreSQL statements).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

// The project root, or another tree given as the first argument (the checker's own tests).
const root = path.resolve(process.argv[2] ?? path.join(path.dirname(new URL(import.meta.url).pathname), '../..'));
const SOURCE = /\.(ts|tsx|mts|cts)$/;

function walk(dir) {
  let out = [];
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const e of entries) {
    if (e === 'node_modules' || e.startsWith('.')) continue;
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) out = out.concat(walk(p));
    else if (SOURCE.test(e)) out.push(p);
  }
  return out;
}

const IMPORT = /(^|\n)\s*(import|export)\s+(type\s+)?([^'";]*?\s+from\s+)?['"]([^'"]+)['"]/g;
const DYNAMIC = /\bimport\(\s*['"]([^'"]+)['"]\s*\)|\brequire\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Every import in a file: {spec, typeOnly}. */
function importsOf(file) {
  const text = readFileSync(file, 'utf8');
  const found = [];
  for (const m of text.matchAll(IMPORT)) {
    const clause = m[4] ?? '';
    const typeOnly =
      Boolean(m[3]) ||
      (/^\{[^}]*\}\s+from\s+$/.test(`${clause.trim()} `) &&
        clause.trim().startsWith('{') &&
        clause
          .replace(/[{}\s]/g, '')
          .split(',')
          .filter(Boolean)
          .every((s) => s.startsWith('type')));
    found.push({ spec: m[5], typeOnly });
  }
  for (const m of text.matchAll(DYNAMIC)) found.push({ spec: m[1] ?? m[2], typeOnly: false });
  return found;
}

const layerOf = (abs) => path.relative(root, abs).split(path.sep)[0];
const rel = (abs) => path.relative(root, abs);

const ENGINE_PACKAGES = new Set(['apache-arrow', 'fflate', '@e965/xlsx', 'hyparquet-writer']);
const BANNED_IN_ENGINE = [/\bDate\.now\s*\(/, /\bMath\.random\s*\(/, /\bsetTimeout\s*\(/, /\bsetInterval\s*\(/];

const errors = [];
function check(file) {
  const r = rel(file);
  const layer = layerOf(file);
  const inEngineSrc = r.startsWith(`engine${path.sep}src${path.sep}`);
  const inEngineCli = r.startsWith(`engine${path.sep}cli${path.sep}`);
  if (inEngineSrc) {
    const text = readFileSync(file, 'utf8');
    for (const re of BANNED_IN_ENGINE) if (re.test(text)) errors.push(`${r}: uses ${re.source.replace(/\\/g, '')}; use the Clock/Rng ports`);
  }
  for (const { spec, typeOnly } of importsOf(file)) {
    const relative = spec.startsWith('.');
    const target = relative ? path.resolve(path.dirname(file), spec) : undefined;
    const tl = target ? layerOf(target) : undefined;
    const tr = target ? rel(target) : '';
    const fail = (why) => errors.push(`${r}: import '${spec}' ${why}`);
    if (inEngineSrc) {
      if (relative && !tr.startsWith(`engine${path.sep}src`)) fail('leaves engine/src');
      if (!relative && !ENGINE_PACKAGES.has(spec)) fail(`is not on engine's package allow-list (${[...ENGINE_PACKAGES].join(', ')})`);
    } else if (inEngineCli) {
      if (relative && tl !== 'engine') fail('leaves engine/');
    } else if (layer === 'workers') {
      if (relative && !['workers', 'engine'].includes(tl)) fail('reaches outside workers/ and engine/');
      if (relative && tl === 'engine' && !tr.startsWith(`engine${path.sep}src`)) fail('must use engine/src');
      if (!relative && /^(react|react-dom|zustand|electron|plotly)/.test(spec)) fail('pulls UI or Electron into a worker');
    } else if (layer === 'renderer') {
      const isClient = r.startsWith(`renderer${path.sep}engine-client${path.sep}`);
      if (relative && tl === 'electron' && !(typeOnly && tr.startsWith(`electron${path.sep}contract`)))
        fail('renderer may use only types from electron/contract');
      if (relative && tl === 'engine' && !typeOnly && !isClient)
        fail('renderer imports engine values outside renderer/engine-client (use import type or the client)');
      if (relative && tl === 'workers' && !typeOnly && !isClient) fail('only renderer/engine-client may import workers');
      if (!relative && /^(node:|fs$|path$|child_process$|electron$)/.test(spec)) fail('renderer reaches into Node or Electron');
    } else if (layer === 'electron') {
      const engineInMain = r.startsWith(`electron${path.sep}main${path.sep}`) && tr.startsWith(`engine${path.sep}src${path.sep}`);
      if (relative && tl !== 'electron' && !engineInMain) fail('electron/ imports nothing outside electron/ (main: also engine/src)');
      if (r.startsWith(`electron${path.sep}preload`) && relative && !tr.startsWith(`electron${path.sep}contract`))
        fail('preload may import only electron/contract');
    }
  }
}

for (const layer of ['engine', 'workers', 'renderer', 'electron']) for (const f of walk(path.join(root, layer))) check(f);
if (errors.length) {
  console.error(`import directions: ${errors.length} violation(s)`);
  for (const e of errors) console.error(`  ${e}`);
  process.exit(1);
}
console.log('import directions: ok');
