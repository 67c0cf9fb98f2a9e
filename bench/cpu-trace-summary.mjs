/**
 * Summarises a Chromium trace written by `bench/app-open.ts --cpu-trace DIR` (V8's CPU samples of
 * every thread of the page): per thread, the time sampled outside idle and the functions with the
 * most self and inclusive time (a minified name, its chunk:line:column; look it up in the build).
 *
 *   node bench/cpu-trace-summary.mjs FILE [--from MS] [--to MS] [--top N] [--every MS]
 *
 * Times are ms from the open (the `ss-open` mark; a cold start: from navigation). `--every MS`
 * prints instead, per thread, a timeline: each MS-long slice with its busiest functions.
 * Samples are wall-clock: on a loaded machine a descheduled thread still collects them.
 */
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? Number(args[i + 1]) : fallback;
};
const file = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
if (!file) throw new Error('usage: node bench/cpu-trace-summary.mjs FILE [--from MS] [--to MS] [--top N] [--every MS]');
const from = opt('from', -Infinity);
const to = opt('to', Infinity);
const top = opt('top', 15);
const every = opt('every', 0);

const parsed = JSON.parse(readFileSync(file, 'utf8'));
const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
const threadName = new Map();
for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') threadName.set(`${e.pid}:${e.tid}`, e.args.name);
const origin = (events.find((e) => e.name === 'ss-open') ?? events.find((e) => e.name === 'navigationStart'))?.ts ?? 0;

/** One CPU profile per thread, assembled from its chunks. */
const profiles = new Map();
for (const e of events) {
  if (e.name === 'Profile')
    profiles.set(`${e.pid}:${e.id}`, {
      thread: threadName.get(`${e.pid}:${e.tid}`) ?? `${e.pid}:${e.tid}`,
      start: e.args.data.startTime,
      nodes: new Map(),
      samples: [],
      deltas: [],
    });
  if (e.name !== 'ProfileChunk') continue;
  const p = profiles.get(`${e.pid}:${e.id}`);
  if (!p) continue;
  const data = e.args.data;
  for (const n of data.cpuProfile?.nodes ?? []) p.nodes.set(n.id, n);
  p.samples.push(...(data.cpuProfile?.samples ?? []));
  p.deltas.push(...(data.timeDeltas ?? []));
}

const label = (node) => {
  const f = node.callFrame;
  return `${f.functionName || '(anonymous)'} ${(f.url ?? '').split('/').pop()}:${f.lineNumber}:${f.columnNumber}`;
};
const add = (map, key, ms) => map.set(key, (map.get(key) ?? 0) + ms);
const sorted = (map, n) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n);

for (const p of profiles.values()) {
  const parent = new Map();
  for (const n of p.nodes.values()) {
    if (n.parent !== undefined) parent.set(n.id, n.parent);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  const self = new Map();
  const inclusive = new Map();
  const slices = new Map();
  let busy = 0;
  let t = p.start;
  for (let i = 0; i < p.samples.length; i++) {
    t += p.deltas[i] ?? 0;
    const at = (t - origin) / 1000;
    const node = p.nodes.get(p.samples[i]);
    if (at < from || at > to || !node || node.callFrame.functionName === '(idle)') continue;
    // A sample stands for the time until the next one.
    const ms = (p.deltas[i + 1] ?? 0) / 1000;
    busy += ms;
    add(self, label(node), ms);
    if (every > 0) {
      const slice = Math.floor(at / every);
      if (!slices.has(slice)) slices.set(slice, new Map());
      add(slices.get(slice), (node.callFrame.url ?? '').endsWith('.wasm') ? '(wasm)' : node.callFrame.functionName || '(anonymous)', ms);
    }
    const seen = new Set();
    for (let id = node.id; id !== undefined; id = parent.get(id)) {
      const key = label(p.nodes.get(id));
      if (!seen.has(key)) add(inclusive, key, ms);
      seen.add(key);
    }
  }
  if (busy < 20) continue;
  console.log(`\n=== ${p.thread}: ${Math.round(busy)} ms sampled outside idle`);
  if (every > 0) {
    for (const [slice, fns] of [...slices].sort((a, b) => a[0] - b[0]))
      console.log(
        `${String(slice * every).padStart(7)}  ${sorted(fns, 4)
          .map(([k, v]) => `${k.slice(0, 30)} ${Math.round(v)}`)
          .join(', ')}`,
      );
    continue;
  }
  for (const [k, v] of sorted(self, top)) console.log(`  self ${String(Math.round(v)).padStart(6)}  ${k.slice(0, 120)}`);
  for (const [k, v] of sorted(inclusive, top)) console.log(`  incl ${String(Math.round(v)).padStart(6)}  ${k.slice(0, 120)}`);
}
