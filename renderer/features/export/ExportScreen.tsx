import { useMemo, useRef } from 'react';
import {
  campaignNeeds,
  clusterLabel,
  emptyProfileColumns,
  EXPORT_COLUMNS,
  needsValue,
  PERSONAL_COLUMNS,
  type FitResult,
  type MineResult,
} from '../../engine-client/index.ts';
import { chartToPng, Plot } from '../../charts/Plot.tsx';
import { colorOf } from '../../charts/palette.ts';
import { ReportCard } from '../report/ReportCard.tsx';
import { MartCard } from './MartCard.tsx';
import { PostgresCard } from './PostgresCard.tsx';
import { setExportSettings } from '../../state/actions/analysis.ts';
import { exportCampaign, exportLastManifest, exportItemsets, exportPng, exportRules, lastManifestOf } from '../../state/actions/export.ts';
import type { SegmentsValue } from '../../state/results.ts';
import { useStore } from '../../state/store.ts';
import { useNeeds, useResult } from '../../state/use-result.ts';
import { Card, Segmented, Switch } from '../../ui/components.tsx';
import { fmtInt } from '../../ui/format.ts';

export function ExportScreen() {
  const e = useStore((st) => st.analysis.export);
  const last = useStore((st) => st.lastExport);
  const needs = { ...campaignNeeds(e), value: needsValue(e.columns) };
  useNeeds('export-screen', [
    'segments',
    ...(e.groupBy === 'cluster' ? ['fit' as const] : []),
    ...(needs.profiles ? ['profiles' as const] : []),
    ...(needs.nextBest ? ['nextBest' as const] : []),
    ...(needs.value ? ['valueColumns' as const] : []),
  ]);
  const extrasPending = useStore(
    (st) =>
      (needs.profiles && st.results.profiles.status !== 'ready') ||
      (needs.nextBest && st.results.nextBest.status !== 'ready') ||
      (needs.value && st.results.valueColumns.status !== 'ready'),
  );
  const extrasError = useStore(
    (st) =>
      (needs.profiles ? st.results.profiles.error : null) ??
      (needs.nextBest ? st.results.nextBest.error : null) ??
      (needs.value ? (st.results.valueSummary.error ?? st.results.value.error) : null),
  );
  const summary = useResult<SegmentsValue>('segments').value?.summary;
  const profiles = useResult<FitResult>('fit').value?.profiles;
  const s = { ...e, last };
  // Columns the loaded data has nothing for (no email column, …): offered but off, as they would be empty.
  const mapping = useStore((st) => st.dataset?.canonical.mapping.mapping);
  const empty = useMemo(() => new Set(emptyProfileColumns(EXPORT_COLUMNS, mapping ?? {})), [mapping]);
  const chartEl = useRef<HTMLElement | null>(null);
  const groups = useMemo(
    () =>
      s.groupBy === 'segment'
        ? (summary ?? []).map((r) => ({ name: r.segment, customers: r.customers }))
        : (profiles ?? []).map((p) => ({ name: clusterLabel(p.cluster, p.name), customers: p.size })),
    [s.groupBy, summary, profiles],
  );
  const selected = new Set(s.selection.length ? s.selection : groups.map((g) => g.name));
  // Small-group suppression (the engine's groupSuppression): groups under minGroupSize are never exported.
  const isSuppressed = (g: { customers: number }) => g.customers > 0 && g.customers < s.minGroupSize;
  const suppressed = groups.filter(isSuppressed);
  const toggle = (name: string) => {
    const next = new Set(selected);
    if (next.has(name)) next.delete(name);
    else next.add(name);
    setExportSettings({ selection: groups.map((g) => g.name).filter((n) => next.has(n)) });
  };
  const chosen = groups.filter((g) => selected.has(g.name) && !isSuppressed(g)).reduce((n, g) => n + g.customers, 0);
  const mined = useResult<MineResult>('mined').value;
  return (
    <div className="grid split wide-left" style={{ alignItems: 'start' }}>
      <Card title="Campaign lists" hint="one row per customer" testId="export-campaign">
        <div className="stack" style={{ gap: 16 }}>
          <div className="controls" style={{ gap: 14 }}>
            <div className="field" style={{ flex: 'none', minWidth: 0 }}>
              <span className="field-title">Group by</span>
              <Segmented
                value={s.groupBy}
                onChange={(v) => setExportSettings({ groupBy: v, selection: [] })}
                options={[
                  { value: 'segment', label: 'Segments' },
                  { value: 'cluster', label: 'Clusters' },
                ]}
                testId="export-group-by"
              />
            </div>
            <div className="field" style={{ flex: 'none', minWidth: 0 }}>
              <span className="field-title">Files</span>
              <Segmented
                value={s.layout}
                onChange={(v) => setExportSettings({ layout: v })}
                options={[
                  { value: 'one-file', label: 'One CSV' },
                  { value: 'per-group', label: 'One per group (zip)' },
                ]}
                testId="export-layout"
              />
            </div>
            <div className="field" style={{ flex: 'none', minWidth: 0 }}>
              <span className="field-title">Format</span>
              <Segmented
                value={s.format}
                onChange={(v) => setExportSettings({ format: v })}
                options={[
                  { value: 'csv', label: 'CSV' },
                  { value: 'email', label: 'Email marketing' },
                ]}
                testId="export-format"
              />
            </div>
            <label style={{ display: 'flex', gap: 8, alignItems: 'center', marginBottom: 4 }}>
              <Switch on={s.bom} onChange={(v) => setExportSettings({ bom: v })} label="BOM" testId="export-bom" /> Excel-friendly (UTF-8 BOM)
            </label>
          </div>
          <div className="field">
            <span className="field-title">
              {s.groupBy === 'segment' ? 'Segments' : 'Clusters'} <b>{fmtInt(chosen)} customers</b>
            </span>
            <div className="checks" data-testid="export-groups">
              {groups.map((g, i) => (
                <label key={g.name}>
                  <input type="checkbox" checked={selected.has(g.name)} onChange={() => toggle(g.name)} />
                  <span className="swatch" style={{ background: colorOf(i) }} />
                  {g.name} <span className="muted">({fmtInt(g.customers)})</span>
                  {isSuppressed(g) && <span className="muted"> suppressed</span>}
                </label>
              ))}
            </div>
          </div>
          <div className="field" style={{ maxWidth: 360 }}>
            <label htmlFor="export-min-group">Leave out groups with fewer customers than</label>
            <input
              id="export-min-group"
              type="number"
              min={0}
              step={1}
              value={s.minGroupSize}
              onChange={(ev) => {
                const v = Math.floor(Number(ev.target.value));
                if (Number.isFinite(v) && v >= 0) setExportSettings({ minGroupSize: v });
              }}
              data-testid="export-min-group"
            />
            {suppressed.length > 0 && (
              <div className="muted" data-testid="export-suppressed">
                Suppressed (fewer than {fmtInt(s.minGroupSize)} customers): {suppressed.map((g) => `${g.name} (${fmtInt(g.customers)})`).join(', ')}. The
                manifest lists them.
              </div>
            )}
          </div>
          <div className="field">
            <span className="field-title">Columns</span>
            <div className="checks">
              {EXPORT_COLUMNS.map((c) => (
                <label
                  key={c}
                  className={`mono${empty.has(c) ? ' muted' : ''}`}
                  title={
                    empty.has(c)
                      ? 'not in these files: map the column on the Data screen'
                      : PERSONAL_COLUMNS.includes(c)
                        ? 'personal data: written only when ticked'
                        : undefined
                  }
                >
                  <input
                    type="checkbox"
                    checked={s.columns.includes(c)}
                    // Ticked from a saved analysis, it can still be unticked.
                    disabled={empty.has(c) && !s.columns.includes(c)}
                    onChange={() => setExportSettings({ columns: EXPORT_COLUMNS.filter((x) => (x === c ? !s.columns.includes(c) : s.columns.includes(x))) })}
                    data-testid={`export-col-${c}`}
                  />
                  {c}
                  {PERSONAL_COLUMNS.includes(c) ? ' ⚑' : ''}
                </label>
              ))}
            </div>
            {s.columns.some((c) => empty.has(c)) && (
              <div className="muted" data-testid="export-empty-columns">
                {s.columns.filter((c) => empty.has(c)).join(', ')}: not in these files (no such column is mapped), written empty.
              </div>
            )}
          </div>
          <div className="notice info">
            Cells starting with = + - @, a tab or a carriage return are neutralised so spreadsheets never run them as formulas. Desktop saves are written to a
            temporary file and renamed.
          </div>
          <div>
            {extrasError && <div className="notice bad">{extrasError}</div>}
            <button
              type="button"
              className="btn primary"
              onClick={() => void exportCampaign()}
              data-testid="export-campaign-btn"
              disabled={chosen === 0 || extrasPending}
            >
              Export {fmtInt(chosen)} customers
            </button>
          </div>
          {s.format === 'email' && (
            <div className="muted">
              Email, First Name, Last Name, Phone, Tags (the {s.groupBy}), then the ticked columns as custom properties; customers without an email are left
              out.
            </div>
          )}
          {s.last && (
            <div className="muted" data-testid="last-export">
              Last export: {s.last}
              {lastManifestOf() !== null && (
                <>
                  {' '}
                  <button type="button" className="btn small" onClick={() => void exportLastManifest()} data-testid="export-manifest-btn">
                    Save its manifest.json
                  </button>
                </>
              )}
            </div>
          )}
        </div>
      </Card>
      <div className="grid">
        <ReportCard />
        <MartCard />
        <PostgresCard />
        <Card title="Basket analysis" hint={mined ? `${fmtInt(mined.rules.n)} rules · ${fmtInt(mined.itemsets.n)} itemsets` : 'not mined yet'}>
          <div style={{ display: 'flex', gap: 10 }}>
            <button type="button" className="btn" onClick={() => void exportRules()} disabled={!mined} data-testid="export-rules-btn">
              Rules to CSV
            </button>
            <button type="button" className="btn" onClick={() => void exportItemsets()} disabled={!mined} data-testid="export-itemsets-btn">
              Itemsets to CSV
            </button>
          </div>
        </Card>
        <Card
          title="Chart"
          hint="customers per group"
          right={
            <button
              type="button"
              className="btn small"
              onClick={() => {
                if (chartEl.current) void chartToPng(chartEl.current).then((url) => exportPng(url, `customers-by-${s.groupBy}.png`));
              }}
              data-testid="export-png-btn"
            >
              Save PNG
            </button>
          }
        >
          <Plot
            height={Math.max(200, groups.length * 26 + 40)}
            onReady={(el) => {
              chartEl.current = el;
            }}
            data={[
              {
                type: 'bar',
                orientation: 'h',
                y: [...groups].reverse().map((g) => g.name),
                x: [...groups].reverse().map((g) => g.customers),
                marker: { color: [...groups].reverse().map((g) => colorOf(groups.indexOf(g))) },
                hovertemplate: '%{y}: %{x:,}<extra></extra>',
              },
            ]}
            layout={{ margin: { l: 170, r: 16, t: 6, b: 30 } }}
          />
        </Card>
      </div>
    </div>
  );
}
