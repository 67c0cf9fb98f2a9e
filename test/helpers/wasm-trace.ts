/**
 * Chromium's WebAssembly trace events, recorded over the DevTools protocol from a page's start:
 * V8's compilation (wasm.CompileLazy: one per function compiled on first call; wasm.TopTierCompilation:
 * TurboFan tier-up) and the code cache (wasm.Deserialize: a module's compiled code loaded from the
 * cache instead of compiled; wasm.SerializeModule: written to it). Used by the app benchmark and
 * test/e2e/wasm-code-cache.e2e.ts.
 */
import type { CDPSession, Page } from 'playwright-core';

const CATEGORIES = ['v8.wasm', 'disabled-by-default-v8.wasm.detailed'];

/** Per event name: how many, and their summed thread time (ms; wall time where a thread time is missing). */
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
  const events = (JSON.parse(text) as { traceEvents: { name: string; ph: string; dur?: number; tdur?: number }[] }).traceEvents;
  const summary: WasmTraceSummary = {};
  for (const e of events) {
    if (e.ph === 'M') continue;
    const s = (summary[e.name] ??= { count: 0, ms: 0 });
    s.count++;
    s.ms += (e.tdur ?? e.dur ?? 0) / 1000;
  }
  for (const s of Object.values(summary)) s.ms = Math.round(s.ms);
  return summary;
}
