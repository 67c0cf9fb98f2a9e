/**
 * Chromium's WebAssembly trace events, recorded over the DevTools protocol from a page's start:
 * V8's compilation (wasm.CompileLazy: one per function compiled on first call; wasm.TopTierCompilation:
 * TurboFan tier-up) and the code cache (wasm.Deserialize: a module's compiled code loaded from the
 * cache instead of compiled; wasm.SerializeModule: written to it), and each thread's CPU time in
 * its tasks ('thread CPU: <thread name>', threads of one name added up: comparable on a loaded
 * machine, where wall times are not). Used by the app benchmark and
 * test/e2e/wasm-code-cache.e2e.ts.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { CDPSession, Page } from 'playwright-core';

const CATEGORIES = ['v8.wasm', 'disabled-by-default-v8.wasm.detailed', 'toplevel'];

/** Per event name: how many, and their summed thread time (ms; wall time where a thread time is missing); per thread name, its tasks' CPU. */
export type WasmTraceSummary = Record<string, { count: number; ms: number }>;

/** Starts recording; call before navigating. */
export async function startWasmTrace(page: Page): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: CATEGORIES }, transferMode: 'ReturnAsStream' });
  return cdp;
}

export async function endWasmTrace(cdp: CDPSession): Promise<WasmTraceSummary> {
  const done = new Promise<string>((resolve) => cdp.once('Tracing.tracingComplete', (e) => resolve(e.stream!)));
  await cdp.send('Tracing.end');
  const handle = await done;
  let text = '';
  for (;;) {
    const chunk = await cdp.send('IO.read', { handle });
    text += chunk.base64Encoded ? Buffer.from(chunk.data, 'base64').toString('utf8') : chunk.data;
    if (chunk.eof) break;
  }
  await cdp.send('IO.close', { handle });
  const events = (
    JSON.parse(text) as {
      traceEvents: { name: string; cat: string; ph: string; pid: number; tid: number; dur?: number; tdur?: number; args?: { name?: string } }[];
    }
  ).traceEvents;
  const threadName = new Map<string, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') threadName.set(`${e.pid}:${e.tid}`, e.args?.name ?? '?');
  const summary: WasmTraceSummary = {};
  const add = (name: string, ms: number) => {
    const s = (summary[name] ??= { count: 0, ms: 0 });
    s.count++;
    s.ms += ms;
  };
  for (const e of events) {
    if (e.ph === 'M') continue;
    // Top-level tasks do not nest: their thread times add up to the thread's CPU.
    if (e.cat === 'toplevel') {
      if (e.ph === 'X' && e.tdur !== undefined) add(`thread CPU: ${threadName.get(`${e.pid}:${e.tid}`) ?? '?'}`, e.tdur / 1000);
      continue;
    }
    add(e.name, (e.tdur ?? e.dur ?? 0) / 1000);
  }
  for (const s of Object.values(summary)) s.ms = Math.round(s.ms);
  return summary;
}

/** Bytes of the wasm code cache in a Chromium profile (written once enough of a module's hot functions are optimised). */
export function wasmCacheBytes(profile: string): number {
  const dir = path.join(profile, 'Default', 'Code Cache', 'wasm');
  if (!existsSync(dir)) return 0;
  let total = 0;
  for (const f of readdirSync(dir, { recursive: true, withFileTypes: true })) if (f.isFile()) total += statSync(path.join(f.parentPath, f.name)).size;
  return total;
}
