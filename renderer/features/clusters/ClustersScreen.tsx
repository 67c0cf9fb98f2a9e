import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ElbowSummary, FitResult } from '../../engine-client/index.ts';
import { Plot } from '../../charts/Plot.tsx';
import { colorOf } from '../../charts/palette.ts';
import { setFeatureOptions, setK, setKAuto } from '../../state/actions/analysis.ts';
import { useStore } from '../../state/store.ts';
import { useNeeds, useResult } from '../../state/use-result.ts';
import { Card, Switch } from '../../ui/components.tsx';
import { useFmtMoney } from '../../state/use-money.ts';
import { fmt1, fmtInt, fmtPct } from '../../ui/format.ts';
import { openDrill } from '../drilldown/open.ts';
import { CrosstabCard } from './CrosstabCard.tsx';

function Controls() {
  const c = useStore(
    useShallow((st) => ({ k: st.analysis.clustering.k, log1p: st.analysis.clustering.log1p, standardize: st.analysis.clustering.standardize })),
  );
  const fit = useResult<FitResult>('fit');
  const elbow = useResult<ElbowSummary>('elbow').value ?? null;
  const kAuto = c.k === 'auto';
  const s = {
    ...c,
    kAuto,
    k: kAuto ? (fit.value?.k ?? 4) : (c.k as number),
    fittedK: fit.value?.k ?? 0,
    elbow,
    status: fit.status,
    progress: fit.progress,
    lastFitMs: fit.ms,
  };
  return (
    <Card className="span-all">
      <div className="controls">
        <div className="field" style={{ maxWidth: 420 }}>
          <label htmlFor="k-slider">
            Clusters (k) <b data-testid="k-value">{s.kAuto ? `auto → ${s.elbow?.suggestedK ?? '…'}` : s.k}</b>
          </label>
          <input
            id="k-slider"
            type="range"
            min={2}
            max={10}
            step={1}
            value={s.kAuto ? (s.elbow?.suggestedK ?? s.k) : s.k}
            onChange={(e) => setK(Number(e.target.value))}
            data-testid="k-slider"
          />
        </div>
        <label style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
          <Switch on={s.kAuto} onChange={setKAuto} label="auto k" testId="k-auto" /> Auto (best silhouette)
        </label>
        <label style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
          <Switch on={s.log1p} onChange={(v) => setFeatureOptions({ log1p: v })} label="log1p" /> log1p
        </label>
        <label style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
          <Switch on={s.standardize} onChange={(v) => setFeatureOptions({ standardize: v })} label="standardise" /> Standardise
        </label>
        <div style={{ marginLeft: 'auto', minWidth: 180, textAlign: 'right' }} className="muted" data-testid="fit-status">
          {s.status === 'running' ? (
            <>
              <span className="spinner" /> fitting… {s.progress ? fmtPct(s.progress.fraction, 0) : ''}
            </>
          ) : s.fittedK ? (
            `k = ${s.fittedK}, ${s.lastFitMs === null ? 'fitted earlier' : `fitted in ${fmtInt(s.lastFitMs)} ms`}`
          ) : (
            ''
          )}
        </div>
      </div>
    </Card>
  );
}

const ELBOW_LAYOUT = {
  showlegend: true,
  legend: { orientation: 'h', y: 1.12, x: 0 },
  xaxis: { title: { text: 'k' }, dtick: 1 },
  yaxis: { title: { text: 'inertia' } },
  yaxis2: { overlaying: 'y', side: 'right', title: { text: 'silhouette' }, showgrid: false, tickfont: { size: 11 } },
  margin: { l: 56, r: 50, t: 20, b: 40 },
};

function Elbow() {
  const elbow = useResult<ElbowSummary>('elbow').value ?? null;
  const fittedK = useResult<FitResult>('fit').value?.k ?? 0;
  // The curves change with the data and the feature options, not with k.
  const data = useMemo(() => {
    if (!elbow) return [];
    const ks = elbow.entries.map((e) => e.k);
    return [
      {
        type: 'scatter',
        mode: 'lines+markers',
        x: ks,
        y: elbow.entries.map((e) => e.inertia),
        name: 'Inertia',
        line: { color: '#6366f1', width: 2 },
        marker: { size: 6 },
        hovertemplate: 'k=%{x}: inertia %{y:,.0f}<extra></extra>',
      },
      {
        type: 'scatter',
        mode: 'lines+markers',
        x: ks,
        y: elbow.entries.map((e) => e.silhouette),
        name: 'Silhouette',
        yaxis: 'y2',
        line: { color: '#22c55e', width: 2, dash: 'dot' },
        hovertemplate: 'k=%{x}: silhouette %{y:.3f}<extra></extra>',
      },
    ];
  }, [elbow]);
  // The fitted k is a larger marker drawn as a layout shape: moving k redraws one shape, not the traces and axes.
  const fitted = elbow?.entries.find((e) => e.k === fittedK);
  const layout = useMemo(
    () => ({
      ...ELBOW_LAYOUT,
      shapes: fitted
        ? [
            {
              type: 'circle',
              layer: 'above',
              xref: 'x',
              yref: 'y',
              xsizemode: 'pixel',
              ysizemode: 'pixel',
              xanchor: fitted.k,
              yanchor: fitted.inertia,
              x0: -5.5,
              x1: 5.5,
              y0: -5.5,
              y1: 5.5,
              fillcolor: '#6366f1',
              line: { width: 0 },
            },
          ]
        : [],
    }),
    [fitted],
  );
  return (
    <Card
      title="Elbow & silhouette"
      hint={elbow ? `suggested k = ${elbow.suggestedK}${elbow.fitSampled ? ` · on ${fmtInt(elbow.fitSize)} sampled customers` : ''}` : 'computing…'}
      testId="elbow"
    >
      <Plot height={280} data={data} timed="clusters" defer testId="elbow-chart" layout={layout} />
    </Card>
  );
}

function Scatter() {
  const fit = useResult<FitResult>('fit').value;
  const data = useMemo(() => {
    if (!fit) return [];
    const byCluster = Array.from({ length: fit.k }, () => ({ x: [] as number[], y: [] as number[] }));
    for (let r = 0; r < fit.plotIndex.length; r++) {
      const c = fit.labels[fit.plotIndex[r]!]!;
      byCluster[c]!.x.push(fit.plotXY[2 * r]!);
      byCluster[c]!.y.push(fit.plotXY[2 * r + 1]!);
    }
    return byCluster.map((p, c) => ({
      type: 'scatter',
      mode: 'markers',
      x: p.x,
      y: p.y,
      name: `${c + 1}. ${fit.profiles[c]?.name ?? ''}`,
      marker: { color: colorOf(c), size: 5, opacity: 0.7 },
      hoverinfo: 'name',
    }));
  }, [fit]);
  return (
    <Card
      title="Customers in PCA space"
      hint={
        fit
          ? `PC1 ${fmtPct(fit.explained[0], 0)} · PC2 ${fmtPct(fit.explained[1], 0)} of variance${fit.plotIndex.length < fit.labels.length ? ` · ${fmtInt(fit.plotIndex.length)} of ${fmtInt(fit.labels.length)} shown` : ''}`
          : ''
      }
      testId="pca"
    >
      <Plot
        height={280}
        data={data}
        timed="clusters"
        testId="pca-chart"
        layout={{
          showlegend: true,
          legend: { orientation: 'v', x: 1.02, y: 1, font: { size: 11 } },
          xaxis: { title: { text: 'PC1' }, zeroline: false },
          yaxis: { title: { text: 'PC2' }, zeroline: false },
          margin: { l: 44, r: 10, t: 6, b: 40 },
        }}
      />
    </Card>
  );
}

function Profiles() {
  const fmtMoney = useFmtMoney();
  const profiles = useResult<FitResult>('fit').value?.profiles ?? [];
  return (
    <Card title="Cluster profiles" hint="medians; ordered by mean spend" flush testId="profiles" className="span-all">
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th>Cluster</th>
              <th className="num">Customers</th>
              <th className="num">Share</th>
              <th className="num">Revenue share</th>
              <th className="num">Recency (d)</th>
              <th className="num">Orders</th>
              <th className="num">Spend</th>
            </tr>
          </thead>
          <tbody>
            {profiles.map((p) => (
              <tr
                key={p.cluster}
                className="clickable"
                onClick={() => openDrill({ kind: 'cluster', cluster: p.cluster })}
                title="Show these customers"
                data-testid={`cluster-row-${p.cluster}`}
              >
                <td className="wrap">
                  <span className="swatch" style={{ background: colorOf(p.cluster) }} />
                  <b>{p.cluster + 1}</b> · {p.name}
                </td>
                <td className="num">{fmtInt(p.size)}</td>
                <td className="num">{fmtPct(p.share)}</td>
                <td className="num">{fmtPct(p.revenueShare)}</td>
                <td className="num">{fmt1(p.recencyDays.median)}</td>
                <td className="num">{fmt1(p.frequency.median)}</td>
                <td className="num">{fmtMoney(p.monetary.median)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}

export function ClustersScreen() {
  useNeeds('clusters-screen', ['elbow', 'fit', 'segments']);
  const fit = useResult<FitResult>('fit'),
    elbow = useResult<ElbowSummary>('elbow');
  const error = fit.error ?? elbow.error;
  return (
    <div className="grid split">
      <Controls />
      {error && <div className="notice bad span-all">{error}</div>}
      <Elbow />
      <Scatter />
      <Profiles />
      <CrosstabCard />
    </div>
  );
}
