/**
 * Who is in it: the customers of a segment, a cluster or a rule's cross-sell audience, over
 * the current screen. A virtualised table (only the rows in view exist in the DOM) over the
 * scores the page already holds; contact values come from DuckDB a page at a time. Sortable,
 * narrowed to a product's cross-sell audience, exported with the campaign writer.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { campaignNeeds, clusterLabel, dayToIso, joinItemLabels, type FitResult, type MineResult, type NextBest } from '../../engine-client/index.ts';
import { exportDrill } from '../../state/actions/drilldown.ts';
import { exportLastManifest, lastManifestOf } from '../../state/actions/export.ts';
import type { BasketsValue, SegmentsValue } from '../../state/results.ts';
import type { ResultName } from '../../state/slices/results.ts';
import type { DrillTarget } from '../../state/slices/ui.ts';
import { useStore } from '../../state/store.ts';
import { useFmtMoney } from '../../state/use-money.ts';
import { useNeeds, useResult } from '../../state/use-result.ts';
import type { ScoredRfm, ValueColumns } from '../../engine-client/index.ts';
import { fmtInt } from '../../ui/format.ts';
import { drillMembers, sortMembers, type SortKey } from './members.ts';
import { useProfilePages } from './use-profile-pages.ts';

const ROW_HEIGHT = 30;
const HEADER_CELL = { padding: '6px 8px', userSelect: 'none' } as const;

interface Column {
  key: string;
  label: string;
  width: string;
  sort?: SortKey;
  num?: boolean;
}

export function DrillDown() {
  const drill = useStore((s) => s.drill);
  return drill ? <DrillPanel target={drill} /> : null;
}

function DrillPanel({ target }: { target: DrillTarget }) {
  const setDrill = useStore((s) => s.setDrill);
  const basketsOn = useStore((s) => s.analysis.baskets.enabled);
  const exportSettings = useStore((s) => s.analysis.export);
  const mapping = useStore((s) => s.dataset?.canonical.mapping.mapping);
  const datasetId = useStore((s) => s.datasetId);
  const fmtMoney = useFmtMoney();
  const needsAudience = target.kind === 'rule' || target.product !== undefined;
  const exportNeeds = campaignNeeds(exportSettings);
  const needs: ResultName[] = [
    'rfm',
    'segments',
    ...(target.kind === 'cluster' || exportSettings.columns.includes('cluster') ? ['fit' as const] : []),
    ...(basketsOn ? ['baskets' as const, 'mined' as const, 'nextBest' as const] : []),
    ...(needsAudience ? ['audience' as const] : []),
    ...(exportNeeds.profiles ? ['profiles' as const] : []),
  ];
  useNeeds('drilldown', needs);
  const scored = useResult<ScoredRfm>('rfm').value;
  const seg = useResult<SegmentsValue>('segments').value;
  const fit = useResult<FitResult>('fit').value;
  const mined = useResult<MineResult>('mined').value;
  const baskets = useResult<BasketsValue>('baskets').value;
  const nextBest = useResult<Map<string, NextBest>>('nextBest').value;
  const audience = useResult<Set<string>>('audience');
  const exportReady = useStore(
    (s) => (!exportNeeds.profiles || s.results.profiles.status === 'ready') && (!exportNeeds.nextBest || s.results.nextBest.status === 'ready'),
  );
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'monetary', desc: true });
  // P(alive) and CLV when the customer-value model is asked for (here, the Value screen or rules on it).
  const [wantValue, setWantValue] = useState(false);
  useNeeds('drilldown-value', wantValue ? ['valueColumns'] : []);
  const valueResult = useResult<ValueColumns>('valueColumns');
  const value =
    valueResult.status === 'ready' && valueResult.value && valueResult.value.pAlive.length === scored?.rfm.customerIds.length ? valueResult.value : null;
  const [search, setSearch] = useState('');

  const ids = scored?.rfm.customerIds;
  const fitLabels = fit && ids && fit.labels.length === ids.length ? fit.labels : null;
  const members = useMemo(
    () =>
      scored && seg && ids
        ? drillMembers(
            target,
            ids,
            seg.segments,
            fitLabels,
            needsAudience ? (audience.status === 'ready' ? (audience.value ?? null) : null) : null,
            scored.scores,
          )
        : null,
    [scored, seg, ids, target, fitLabels, needsAudience, audience.status, audience.value],
  );
  const sorted = useMemo(
    () => (members && scored ? sortMembers(members, sort.key, sort.desc, scored.rfm, scored.scores, value) : null),
    [members, scored, sort, value],
  );
  // Search by customer id (part of it, any case); the table and "Export these" show the matches.
  const rows = useMemo(() => {
    const q = search.trim().toLowerCase();
    if (!sorted || !scored || q === '') return sorted;
    return sorted.filter((i) => scored.rfm.customerIds[i]!.toLowerCase().includes(q));
  }, [sorted, scored, search]);

  const title = drillTitle(target, fit, mined, baskets);
  const contact = {
    email: mapping?.email !== undefined,
    name: mapping?.full_name !== undefined || mapping?.first_name !== undefined || mapping?.last_name !== undefined,
    phone: mapping?.phone !== undefined,
  };
  const columns: Column[] = [
    { key: 'customer', label: 'Customer', width: 'minmax(90px, 1fr)', sort: 'customer' },
    ...(contact.email ? [{ key: 'email', label: 'Email', width: 'minmax(140px, 1.6fr)' }] : []),
    ...(contact.name ? [{ key: 'name', label: 'Name', width: 'minmax(110px, 1.2fr)' }] : []),
    ...(contact.phone ? [{ key: 'phone', label: 'Phone', width: 'minmax(100px, 1fr)' }] : []),
    { key: 'segment', label: 'Segment', width: 'minmax(110px, 1.2fr)' },
    ...(fitLabels ? [{ key: 'cluster', label: 'Cluster', width: '64px', num: true }] : []),
    { key: 'r', label: 'R', width: '36px', sort: 'r', num: true },
    { key: 'f', label: 'F', width: '36px', sort: 'f', num: true },
    { key: 'm', label: 'M', width: '36px', sort: 'm', num: true },
    { key: 'recency', label: 'Recency (d)', width: '88px', sort: 'recency', num: true },
    { key: 'frequency', label: 'Orders', width: '64px', sort: 'frequency', num: true },
    { key: 'monetary', label: 'Spend', width: '96px', sort: 'monetary', num: true },
    { key: 'last', label: 'Last order', width: '96px', sort: 'last' },
    ...(value
      ? [
          { key: 'p_alive', label: 'P(alive)', width: '72px', sort: 'p_alive' as const, num: true },
          { key: 'clv', label: 'CLV', width: '96px', sort: 'clv' as const, num: true },
        ]
      : []),
    ...(basketsOn ? [{ key: 'next', label: 'Next best', width: 'minmax(90px, 1fr)' }] : []),
  ];
  const grid = columns.map((c) => c.width).join(' ');

  const scroller = useRef<HTMLDivElement | null>(null);
  const dialog = useRef<HTMLDivElement | null>(null);
  // The panel takes the focus (it is opened by a click on a row or a chart, which keeps none), so
  // Escape closes it at once; closing gives the focus back to what had it.
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.current?.focus();
    return () => opener?.focus();
  }, []);
  const count = rows?.length ?? 0;
  const virtual = useVirtualizer({ count, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virtual.getVirtualItems();
  const idAt = useCallback((row: number) => ids![rows![row]!]!, [ids, rows]);
  const profileOf = useProfilePages(
    contact.email || contact.name || contact.phone,
    datasetId,
    idAt,
    count,
    items[0]?.index ?? 0,
    items[items.length - 1]?.index ?? 0,
  );

  const cell = (key: string, i: number): string => {
    const r = scored!.rfm;
    const s = scored!.scores;
    const id = ids![i]!;
    switch (key) {
      case 'customer':
        return id;
      case 'email':
        return profileOf(id)?.email ?? (profileOf(id) === undefined ? '…' : '');
      case 'name':
        return profileOf(id)?.name ?? (profileOf(id) === undefined ? '…' : '');
      case 'phone':
        return profileOf(id)?.phone ?? (profileOf(id) === undefined ? '…' : '');
      case 'segment':
        return seg!.segments.names[seg!.segments.codes[i]!]!;
      case 'cluster':
        return String(fitLabels![i]! + 1);
      case 'r':
        return String(s.r[i]);
      case 'f':
        return String(s.f[i]);
      case 'm':
        return String(s.m[i]);
      case 'recency':
        return fmtInt(r.recencyDays[i]!);
      case 'frequency':
        return fmtInt(r.frequency[i]!);
      case 'monetary':
        return fmtMoney(r.monetary[i]!);
      case 'last':
        return dayToIso(r.lastPurchase[i]!);
      case 'next':
        return nextBest?.get(id)?.name ?? '';
      case 'p_alive':
        return Number.isNaN(value!.pAlive[i]!) ? '' : value!.pAlive[i]!.toFixed(3);
      case 'clv':
        return Number.isNaN(value!.clv[i]!) ? '' : fmtMoney(value!.clv[i]!);
      default:
        return '';
    }
  };

  const products = useMemo(() => {
    if (!mined || !baskets) return [];
    const codes = [...new Set(Array.from(mined.rules.consequent))];
    return codes.map((c) => ({ code: c, label: `${baskets.itemLabels[c]} · ${baskets.itemNames[c]}` })).sort((a, b) => a.label.localeCompare(b.label));
  }, [mined, baskets]);

  const [exporting, setExporting] = useState(false);
  const onExport = async () => {
    if (!rows) return;
    setExporting(true);
    await exportDrill(target, rows, title.file);
    setExporting(false);
  };

  const waiting = members === null ? (needsAudience && audience.status !== 'ready' ? 'Finding the cross-sell audience…' : 'Loading customers…') : null;
  return (
    <div
      role="dialog"
      aria-modal="true"
      aria-label={title.text}
      data-testid="drilldown"
      ref={dialog}
      tabIndex={-1}
      style={{ position: 'fixed', inset: 0, background: 'rgba(16, 24, 40, 0.35)', zIndex: 50, display: 'flex', justifyContent: 'flex-end', outline: 'none' }}
      onClick={(e) => {
        if (e.target === e.currentTarget) setDrill(null);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') setDrill(null);
      }}
    >
      <div
        className="card"
        style={{ width: 'min(1180px, 94vw)', height: '100%', borderRadius: 0, display: 'flex', flexDirection: 'column', padding: 16, gap: 12 }}
      >
        <div style={{ display: 'flex', alignItems: 'center', gap: 12, flexWrap: 'wrap' }}>
          <h2 style={{ margin: 0, fontSize: 17 }} data-testid="drill-title">
            {title.text}
          </h2>
          <span className="muted" data-testid="drill-count">
            {rows ? `${fmtInt(rows.length)} customers` : waiting}
          </span>
          <span style={{ flex: 1 }} />
          <input
            type="search"
            placeholder="Find a customer id"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            data-testid="drill-search"
            style={{ width: 170 }}
          />
          {basketsOn && target.kind !== 'rule' && (
            <label className="muted" style={{ display: 'flex', gap: 6, alignItems: 'center' }}>
              Cross-sell audience for
              <select
                value={target.product ?? ''}
                onChange={(e) => {
                  const { product: _drop, ...rest } = target;
                  setDrill(e.target.value === '' ? rest : { ...rest, product: Number(e.target.value) });
                }}
                data-testid="drill-product"
                style={{ maxWidth: 260 }}
              >
                <option value="">(everyone in it)</option>
                {products.map((p) => (
                  <option key={p.code} value={p.code}>
                    {p.label}
                  </option>
                ))}
              </select>
            </label>
          )}
          {!value && (
            <button
              type="button"
              className="btn small"
              disabled={wantValue}
              onClick={() => setWantValue(true)}
              data-testid="drill-value"
              title="Fit the customer-value model (BG/NBD + Gamma-Gamma) with the Value screen's settings"
            >
              {wantValue ? (valueResult.error ? 'P(alive) and CLV: failed' : 'Fitting P(alive) and CLV…') : 'Add P(alive) and CLV'}
            </button>
          )}
          <button
            type="button"
            className="btn primary"
            disabled={!rows || rows.length === 0 || !exportReady || exporting}
            onClick={() => void onExport()}
            data-testid="drill-export"
          >
            Export these
          </button>
          {lastManifestOf() !== null && (
            <button type="button" className="btn small" onClick={() => void exportLastManifest()} data-testid="drill-manifest">
              manifest.json
            </button>
          )}
          <button type="button" className="btn" onClick={() => setDrill(null)} data-testid="drill-close">
            Close
          </button>
        </div>
        <div className="muted" style={{ fontSize: 12 }}>
          Export these writes the Export screen's columns and format ({exportSettings.format === 'email' ? 'email layout' : 'CSV'}) for exactly these customers.
          {audience.error && <span className="notice bad"> {audience.error}</span>}
        </div>
        {/* The header and its rows as one block: the panel's gap would open between them. */}
        <div style={{ display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0 }}>
          <div
            data-testid="drill-header"
            style={{
              display: 'grid',
              gridTemplateColumns: grid,
              alignItems: 'end',
              fontSize: 11,
              fontWeight: 600,
              color: 'var(--muted)',
              borderBottom: '1px solid var(--border)',
            }}
          >
            {columns.map((c) =>
              c.sort ? (
                <button
                  type="button"
                  key={c.key}
                  style={{
                    ...HEADER_CELL,
                    textAlign: c.num ? 'right' : 'left',
                    cursor: 'pointer',
                    border: 0,
                    background: 'none',
                    color: 'inherit',
                    font: 'inherit',
                  }}
                  onClick={() => setSort((s) => ({ key: c.sort!, desc: s.key === c.sort ? !s.desc : c.sort !== 'customer' }))}
                  data-testid={`drill-sort-${c.key}`}
                >
                  {c.label}
                  {sort.key === c.sort ? (sort.desc ? ' ▼' : ' ▲') : ''}
                </button>
              ) : (
                <div key={c.key} style={{ ...HEADER_CELL, textAlign: c.num ? 'right' : 'left' }}>
                  {c.label}
                </div>
              ),
            )}
          </div>
          <div ref={scroller} style={{ flex: 1, overflow: 'auto', minHeight: 0 }} data-testid="drill-rows">
            <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
              {rows &&
                scored &&
                items.map((v) => {
                  const i = rows[v.index]!;
                  return (
                    <div
                      key={v.key}
                      data-testid="drill-row"
                      style={{
                        position: 'absolute',
                        top: 0,
                        left: 0,
                        right: 0,
                        height: ROW_HEIGHT,
                        transform: `translateY(${v.start}px)`,
                        display: 'grid',
                        gridTemplateColumns: grid,
                        alignItems: 'center',
                        fontSize: 12.5,
                        borderBottom: '1px solid var(--border)',
                      }}
                    >
                      {columns.map((c) => (
                        <div
                          key={c.key}
                          className={c.key === 'customer' ? 'mono' : undefined}
                          title={c.key === 'next' ? nextBestTitle(nextBest?.get(ids![i]!)) : undefined}
                          style={{ padding: '0 8px', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', textAlign: c.num ? 'right' : 'left' }}
                        >
                          {cell(c.key, i)}
                        </div>
                      ))}
                    </div>
                  );
                })}
            </div>
          </div>
        </div>
      </div>
    </div>
  );
}

/** The heading and the export file's label. */
function drillTitle(
  t: DrillTarget,
  fit: FitResult | undefined,
  mined: MineResult | undefined,
  baskets: BasketsValue | undefined,
): { text: string; file: string } {
  const product = t.product !== undefined && baskets ? ` · cross-sell ${baskets.itemLabels[t.product]}` : '';
  if (t.kind === 'segment') return { text: `${t.name}${product}`, file: `${t.name}${product}` };
  if (t.kind === 'cell') return { text: `Recency score ${t.r} · frequency score ${t.f}${product}`, file: `r${t.r}-f${t.f}${product}` };
  if (t.kind === 'cluster') {
    const p = fit?.profiles.find((x) => x.cluster === t.cluster);
    const label = clusterLabel(t.cluster, p?.name ?? '');
    return { text: `${label}${product}`, file: `cluster-${t.cluster + 1}${product}` };
  }
  if (!mined || !baskets || t.rule >= mined.rules.n) return { text: 'Cross-sell audience', file: 'cross-sell-audience' };
  const r = mined.rules;
  const ant = joinItemLabels(r.antecedentItems.subarray(r.antecedentOffsets[t.rule]!, r.antecedentOffsets[t.rule + 1]!), baskets.itemNames);
  const cons = baskets.itemNames[r.consequent[t.rule]!]!;
  return { text: `Bought ${ant}, not yet ${cons}`, file: `cross-sell-${baskets.itemLabels[r.consequent[t.rule]!]}` };
}

/** The next-best product's whole name and its code, for a name the column cuts short. */
const nextBestTitle = (b: NextBest | undefined) => (b ? `${b.name} (${b.code})` : undefined);
