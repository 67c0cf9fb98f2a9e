/**
 * Exports from the app: the same engine writers as `segment-studio run` (campaign lists,
 * rules, itemsets), so the same analysis gives byte-identical files in both.
 */
import { zipSync } from 'fflate';
import {
  campaignExport,
  campaignNeeds,
  itemsetsCsv,
  needsValue,
  rulesCsv,
  type CustomerProfile,
  type FitResult,
  type MineResult,
  type ValueColumns,
} from '../../engine-client/index.ts';
import { coordinator, type BasketsValue, type SegmentsValue } from '../results.ts';
import { getPlatform } from '../services.ts';
import { getState, setState } from '../store.ts';
import type { ScoredRfm } from '../../engine-client/index.ts';
import { describeError } from './errors.ts';

const encoder = new TextEncoder();

/** The campaign list(s) of the export settings: one CSV, or one per group in a zip. Null until segments exist. */
export function buildCampaignExport(): { bytes: Uint8Array; name: string; mime: string; ext: string; rows: number } | null {
  const r = coordinator.value<ScoredRfm>('rfm');
  const seg = coordinator.value<SegmentsValue>('segments');
  const fit = coordinator.value<FitResult>('fit') ?? null;
  const e = getState().analysis.export;
  if (!r || !seg) return null;
  const needs = campaignNeeds(e);
  const profiles = coordinator.value<Map<string, CustomerProfile>>('profiles');
  const nextBest = coordinator.value<Map<string, string>>('nextBest');
  const value = needsValue(e.columns) ? coordinator.value<ValueColumns>('valueColumns') : undefined;
  if ((needs.profiles && !profiles) || (needs.nextBest && !nextBest) || (needsValue(e.columns) && !value)) return null;
  const out = campaignExport(e, { ...r, ...seg, ...(value ? { value } : {}) }, fit && fit.labels.length === r.rfm.customerIds.length ? fit : null, {
    ...(profiles ? { profiles } : {}),
    ...(nextBest ? { nextBest } : {}),
  });
  if (!out) return null;
  if (e.layout === 'one-file') {
    const f = out.files[0]!;
    return { bytes: encoder.encode(f.text), name: f.name, mime: 'text/csv', ext: 'csv', rows: out.rows };
  }
  const files: Record<string, Uint8Array> = {};
  for (const f of out.files) files[f.name.split('/').pop()!] = encoder.encode(f.text);
  return { bytes: zipSync(files, { level: 6 }), name: `campaign-${e.groupBy}s.zip`, mime: 'application/zip', ext: 'zip', rows: out.rows };
}

async function save(bytes: Uint8Array, name: string, mime: string, ext: string, what: string): Promise<void> {
  try {
    const r = await getPlatform().save(bytes, { suggestedName: name, mime, extensions: [ext] });
    if (r.saved) {
      setState({ lastExport: `${what} → ${r.where}` });
      getState().toast('success', `Saved ${what} to ${r.where}`);
    }
  } catch (e) {
    getState().toast('error', `Export failed: ${describeError(e)}`);
  }
}

export async function exportCampaign(): Promise<void> {
  const out = buildCampaignExport();
  if (!out) {
    getState().toast(
      'error',
      getState().analysis.export.groupBy === 'cluster'
        ? 'Nothing to export yet: open the Clusters screen to fit clusters first'
        : 'Nothing to export yet: load data first',
    );
    return;
  }
  await save(out.bytes, out.name, out.mime, out.ext, `${out.rows.toLocaleString('en')} customers`);
}

function mined(): { m: MineResult; b: BasketsValue } | null {
  const m = coordinator.value<MineResult>('mined'),
    b = coordinator.value<BasketsValue>('baskets');
  return m && b ? { m, b } : null;
}

export async function exportRules(): Promise<void> {
  const x = mined();
  if (!x) return;
  await save(
    encoder.encode(rulesCsv(x.m.rules, { labels: x.b.itemLabels, names: x.b.itemNames })),
    'rules.csv',
    'text/csv',
    'csv',
    `${x.m.rules.n.toLocaleString('en')} rules`,
  );
}

export async function exportItemsets(): Promise<void> {
  const x = mined();
  if (!x) return;
  await save(
    encoder.encode(itemsetsCsv(x.m.itemsets, { labels: x.b.itemLabels, names: x.b.itemNames })),
    'itemsets.csv',
    'text/csv',
    'csv',
    `${x.m.itemsets.n.toLocaleString('en')} itemsets`,
  );
}

export async function exportPng(dataUrl: string, name: string): Promise<void> {
  const bin = atob(dataUrl.split(',')[1] ?? '');
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  await save(bytes, name, 'image/png', 'png', 'chart');
}
