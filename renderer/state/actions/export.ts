/**
 * Exports from the app: the same engine writers as `segment-studio run` (campaign lists,
 * rules, itemsets), so the same analysis gives byte-identical files in both.
 */
import { zipSync } from 'fflate';
import {
  analysisManifest,
  campaignExport,
  campaignNeeds,
  itemsetsCsv,
  needsValue,
  rulesCsv,
  type Analysis,
  type CampaignList,
  type CustomerProfile,
  type DataSource,
  type FileDigest,
  type FitResult,
  type MineResult,
  type ValueColumns,
} from '../../engine-client/index.ts';
import { version } from '../../../package.json';
import { coordinator, resultNow, type BasketsValue, type SegmentsValue } from '../results.ts';
import { getPlatform } from '../services.ts';
import { getState, setState } from '../store.ts';
import type { CleaningReport, NextBest, ScoredRfm } from '../../engine-client/index.ts';
import { loadedSourceFiles } from './data.ts';
import { describeError } from './errors.ts';

const encoder = new TextEncoder();

/**
 * The campaign list(s) of the export settings (the engine's writer), with `overrides` of those
 * settings and, from a drill-down, only the customers `keep` accepts. Null until segments and
 * the extras the columns need exist.
 */
export function campaignList(overrides: Partial<Analysis['export']> = {}, keep?: (i: number) => boolean): CampaignList | null {
  const r = coordinator.value<ScoredRfm>('rfm');
  const seg = coordinator.value<SegmentsValue>('segments');
  const fit = coordinator.value<FitResult>('fit') ?? null;
  const e = { ...getState().analysis.export, ...overrides };
  if (!r || !seg) return null;
  const needs = campaignNeeds(e);
  const profiles = coordinator.value<Map<string, CustomerProfile>>('profiles');
  const nextBest = coordinator.value<Map<string, NextBest>>('nextBest');
  const value = needsValue(e.columns) ? coordinator.value<ValueColumns>('valueColumns') : undefined;
  if ((needs.profiles && !profiles) || (needs.nextBest && !nextBest) || (needsValue(e.columns) && !value)) return null;
  return campaignExport(e, { ...r, ...seg, ...(value ? { value } : {}) }, fit && fit.labels.length === r.rfm.customerIds.length ? fit : null, {
    ...(profiles ? { profiles } : {}),
    ...(nextBest ? { nextBest } : {}),
    ...(keep ? { keep } : {}),
  });
}

/** SHA-256 per source, kept per file handle: a re-export does not read the files again. */
const sourceDigests = new WeakMap<DataSource, Promise<FileDigest>>();
export function digestSource(source: DataSource): Promise<FileDigest> {
  let d = sourceDigests.get(source);
  if (!d) {
    d = source.read(0, source.size).then(async (bytes) => {
      const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
      return { name: source.name, size: source.size, sha256: Array.from(hash, (b) => b.toString(16).padStart(2, '0')).join('') };
    });
    sourceDigests.set(source, d);
  }
  return d;
}

/**
 * manifest.json for files written from the app: the same builder as the CLI's (analysisManifest).
 * `list`: the campaign list written, if any; `facts` override what the files were built from
 * (by default: the fit when it matches the customers, rules when the columns need them).
 */
export async function appManifest(
  list: CampaignList | null,
  outputs: readonly { name: string; content: Uint8Array }[],
  facts: { clusterK?: number | null; baskets?: boolean } = {},
): Promise<Uint8Array> {
  const st = getState();
  const dataset = st.dataset;
  const r = coordinator.value<ScoredRfm>('rfm');
  if (!dataset || !r) throw new Error('no dataset loaded');
  // The fit is in the list (cluster column, cluster groups) whenever it matches the customers, as in campaignList.
  const fit = coordinator.value<FitResult>('fit');
  const fitted = fit && fit.labels.length === r.rfm.customerIds.length ? fit : null;
  // The cleaning report follows the segments (results.ts): an export right after a load waits for it.
  const report = await resultNow<CleaningReport>('report');
  return encoder.encode(
    analysisManifest(st.analysis, {
      toolVersion: version,
      time: new Date().toISOString(),
      sources: await Promise.all(loadedSourceFiles().map(digestSource)),
      ...(dataset.copies ? { copies: dataset.copies } : {}),
      report,
      mapping: dataset.canonical.mapping.mapping,
      snapshot: r.rfm.snapshot,
      clusterK: facts.clusterK !== undefined ? facts.clusterK : fitted ? fitted.k : null,
      baskets: facts.baskets ?? campaignNeeds(st.analysis.export).nextBest,
      campaign: list,
      outputs,
    }),
  );
}

/**
 * The manifest of the last one-file export (a campaign list, rules.csv or itemsets.csv), saved on
 * demand: a download cannot put a second file beside the first (a zip carries its own).
 */
let lastManifest: { of: string; bytes: Uint8Array } | null = null;
/** The name of the file the kept manifest describes, or null. */
export const lastManifestOf = (): string | null => lastManifest?.of ?? null;
function setLastManifest(of: string, bytes: Uint8Array | null): void {
  lastManifest = bytes ? { of, bytes } : null;
}

/**
 * The campaign export of the settings: one file (CSV or the email layout), or one file per
 * group in a zip with manifest.json inside. Null until segments exist.
 */
export async function buildCampaignExport(): Promise<{
  bytes: Uint8Array;
  name: string;
  mime: string;
  ext: string;
  rows: number;
  manifest: Uint8Array;
} | null> {
  const list = campaignList();
  if (!list) return null;
  const outputs = list.files.map((f) => ({ name: f.name, content: encoder.encode(f.text) }));
  const manifest = await appManifest(list, outputs);
  const e = getState().analysis.export;
  if (e.layout === 'one-file') return { bytes: outputs[0]!.content, name: outputs[0]!.name, mime: 'text/csv', ext: 'csv', rows: list.rows, manifest };
  const files: Record<string, Uint8Array> = { 'manifest.json': manifest };
  for (const f of outputs) files[f.name] = f.content;
  return { bytes: zipSync(files, { level: 6 }), name: `campaign-${e.groupBy}s.zip`, mime: 'application/zip', ext: 'zip', rows: list.rows, manifest };
}

/**
 * Saves one file through the platform. With its `manifest`, the desktop app writes the manifest
 * beside the file; where the platform cannot (a browser download), it is kept for "Save its
 * manifest.json".
 */
export async function save(bytes: Uint8Array, name: string, mime: string, ext: string, what: string, manifest?: Uint8Array): Promise<void> {
  try {
    const r = await getPlatform().save(bytes, { suggestedName: name, mime, extensions: [ext], ...(manifest ? { manifest } : {}) });
    if (r.saved) {
      setLastManifest(name, r.manifestWhere ? null : (manifest ?? null));
      const beside = r.manifestWhere ? `, its manifest to ${r.manifestWhere}` : '';
      setState({ lastExport: `${what} → ${r.where}${beside}` });
      getState().toast('success', `Saved ${what} to ${r.where}${beside}`);
    }
  } catch (e) {
    getState().toast('error', `Export failed: ${describeError(e)}`);
  }
}

export async function exportCampaign(): Promise<void> {
  let out: Awaited<ReturnType<typeof buildCampaignExport>>;
  try {
    out = await buildCampaignExport();
  } catch (e) {
    getState().toast('error', `Export failed: ${describeError(e)}`);
    return;
  }
  if (!out) {
    getState().toast(
      'error',
      getState().analysis.export.groupBy === 'cluster'
        ? 'Nothing to export yet: open the Clusters screen to fit clusters first'
        : 'Nothing to export yet: load data first',
    );
    return;
  }
  await save(out.bytes, out.name, out.mime, out.ext, `${out.rows.toLocaleString('en')} customers`, out.ext === 'csv' ? out.manifest : undefined);
}

/** manifest.json of the last one-file export: its sources, settings and SHA-256. */
export async function exportLastManifest(): Promise<void> {
  if (lastManifest) await save(lastManifest.bytes, 'manifest.json', 'application/json', 'json', `the manifest of ${lastManifest.of}`);
}

function mined(): { m: MineResult; b: BasketsValue } | null {
  const m = coordinator.value<MineResult>('mined'),
    b = coordinator.value<BasketsValue>('baskets');
  return m && b ? { m, b } : null;
}

/** rules.csv or itemsets.csv (the CLI's writers), with its manifest kept for "Save its manifest.json". */
async function exportMined(name: 'rules.csv' | 'itemsets.csv'): Promise<void> {
  const x = mined();
  if (!x) return;
  const names = { labels: x.b.itemLabels, names: x.b.itemNames };
  const content = encoder.encode(name === 'rules.csv' ? rulesCsv(x.m.rules, names) : itemsetsCsv(x.m.itemsets, names));
  const what = name === 'rules.csv' ? `${x.m.rules.n.toLocaleString('en')} rules` : `${x.m.itemsets.n.toLocaleString('en')} itemsets`;
  let manifest: Uint8Array;
  try {
    manifest = await appManifest(null, [{ name, content }], { baskets: true });
  } catch (e) {
    getState().toast('error', `Export failed: ${describeError(e)}`);
    return;
  }
  await save(content, name, 'text/csv', 'csv', what, manifest);
}

export const exportRules = (): Promise<void> => exportMined('rules.csv');
export const exportItemsets = (): Promise<void> => exportMined('itemsets.csv');

export async function exportPng(dataUrl: string, name: string): Promise<void> {
  const bin = atob(dataUrl.split(',')[1] ?? '');
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  await save(bytes, name, 'image/png', 'png', 'chart');
}
