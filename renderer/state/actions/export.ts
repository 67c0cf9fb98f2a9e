import { zipSync } from 'fflate';
import { CUSTOMER_COLUMNS, customerRows, joinItemLabels, toCsv, type Cell } from '../../engine-client/index.ts';
import { cache } from '../cache.ts';
import { getPlatform } from '../services.ts';
import { getState, setState } from '../store.ts';
import { describeError } from './errors.ts';

const encoder = new TextEncoder();

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'group';
}

export function clusterLabel(c: number): string {
  const p = getState().profiles[c];
  return `Cluster ${c + 1}${p ? ` – ${p.name}` : ''}`;
}

/** Group name per customer row and the groups in display order, for segments or clusters. */
function groups(by: 'segment' | 'cluster'): { of: (i: number) => string; names: string[] } | null {
  if (by === 'segment') {
    const seg = cache.segments;
    return seg ? { of: (i) => seg.names[seg.codes[i]!]!, names: seg.names } : null;
  }
  const fit = cache.fit;
  if (!fit || !cache.rfm || fit.labels.length !== cache.rfm.customerIds.length) return null;
  const names = Array.from({ length: fit.k }, (_, c) => clusterLabel(c));
  return { of: (i) => names[fit.labels[i]!]!, names };
}

/** The campaign list(s): one CSV (the group as a column) or one CSV per group in a zip. */
export function buildCampaignExport(): { bytes: Uint8Array; name: string; mime: string; ext: string; rows: number } | null {
  const s = getState();
  const { rfm, scores, segments, fit } = cache;
  const g = groups(s.exportGroupBy);
  if (!rfm || !scores || !segments || !g) return null;
  const selected = new Set(s.exportSelection.length ? s.exportSelection : g.names);
  const rowsIdx: number[] = [];
  for (let i = 0; i < rfm.customerIds.length; i++) if (selected.has(g.of(i))) rowsIdx.push(i);
  const all = customerRows({ rfm, scores, segments, rows: rowsIdx, ...(fit && fit.labels.length === rfm.customerIds.length ? { clusters: fit.labels.map((c) => c + 1) } : {}) });
  const pick = s.exportColumns.map((c) => (CUSTOMER_COLUMNS as readonly string[]).indexOf(c)).filter((j) => j >= 0);
  const header = pick.map((j) => CUSTOMER_COLUMNS[j]!);
  const project = (r: Cell[]) => pick.map((j) => r[j]);
  if (s.exportLayout === 'one-file') {
    const withGroup = !header.includes(s.exportGroupBy);
    const body = all.map((r, k) => (withGroup ? [...project(r), g.of(rowsIdx[k]!)] : project(r)));
    const text = toCsv(withGroup ? [...header, s.exportGroupBy] : header, body, { bom: s.exportBom });
    return { bytes: encoder.encode(text), name: `campaign-${s.exportGroupBy}s.csv`, mime: 'text/csv', ext: 'csv', rows: rowsIdx.length };
  }
  const byGroup = new Map<string, Cell[][]>();
  all.forEach((r, k) => {
    const name = g.of(rowsIdx[k]!);
    const list = byGroup.get(name) ?? [];
    list.push(project(r));
    byGroup.set(name, list);
  });
  const files: Record<string, Uint8Array> = {};
  for (const name of g.names) {
    const list = byGroup.get(name);
    if (list) files[`${slug(name)}.csv`] = encoder.encode(toCsv(header, list, { bom: s.exportBom }));
  }
  return { bytes: zipSync(files, { level: 6 }), name: `campaign-${s.exportGroupBy}s.zip`, mime: 'application/zip', ext: 'zip', rows: rowsIdx.length };
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
    getState().toast('error', 'Nothing to export yet: load data first');
    return;
  }
  await save(out.bytes, out.name, out.mime, out.ext, `${out.rows.toLocaleString('en')} customers`);
}

export async function exportRules(): Promise<void> {
  const m = cache.mined, b = cache.baskets;
  if (!m || !b) return;
  const r = m.rules;
  const labels = b.baskets.itemLabels;
  const rows: Cell[][] = [];
  for (let i = 0; i < r.n; i++) {
    const ant = r.antecedentItems.subarray(r.antecedentOffsets[i]!, r.antecedentOffsets[i + 1]!);
    const c = [r.consequent[i]!];
    rows.push([
      joinItemLabels(ant, labels), joinItemLabels(c, labels), joinItemLabels(ant, b.itemNames), joinItemLabels(c, b.itemNames),
      r.support[i]!, r.confidence[i]!, r.lift[i]!, r.leverage[i]!, Number.isFinite(r.conviction[i]!) ? r.conviction[i]! : 'inf', r.count[i]!,
    ]);
  }
  const header = ['antecedent', 'consequent', 'antecedent_names', 'consequent_names', 'support', 'confidence', 'lift', 'leverage', 'conviction', 'count'];
  await save(encoder.encode(toCsv(header, rows, { bom: getState().exportBom })), 'rules.csv', 'text/csv', 'csv', `${r.n.toLocaleString('en')} rules`);
}

export async function exportItemsets(): Promise<void> {
  const m = cache.mined, b = cache.baskets;
  if (!m || !b) return;
  const s = m.itemsets;
  const rows: Cell[][] = [];
  for (let i = 0; i < s.n; i++) {
    const items = s.items.subarray(s.offsets[i]!, s.offsets[i + 1]!);
    rows.push([joinItemLabels(items, b.baskets.itemLabels), s.support[i]!, s.counts[i]!, items.length]);
  }
  await save(encoder.encode(toCsv(['items', 'support', 'count', 'length'], rows, { bom: getState().exportBom })), 'itemsets.csv', 'text/csv', 'csv', `${s.n.toLocaleString('en')} itemsets`);
}

export async function exportPng(dataUrl: string, name: string): Promise<void> {
  const bin = atob(dataUrl.split(',')[1] ?? '');
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  await save(bytes, name, 'image/png', 'png', 'chart');
}
