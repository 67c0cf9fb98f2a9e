import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { ScoredRfm } from '../../engine-client/index.ts';
import { Plot } from '../../charts/Plot.tsx';
import { colorOf } from '../../charts/palette.ts';
import type { SegmentsValue } from '../../state/results.ts';
import { useNeeds, useResult } from '../../state/use-result.ts';
import { Card, Empty, Kpi } from '../../ui/components.tsx';
import { useFmtMoney } from '../../state/use-money.ts';
import { fmt1, fmtInt, fmtPct } from '../../ui/format.ts';
import { RuleEditor } from './RuleEditor.tsx';
import { onChartClick, openDrill } from '../drilldown/open.ts';
import { countAxis } from '../../charts/count-axis.ts';

/**
 * True from just after the first frame painted with `ready`: the screen's counts are drawn before
 * its charts mount. A first chart loads Plotly (seconds of script on the page's thread on a slow
 * machine), which would hold back the counts' paint, and every SQL answer with it.
 */
function useAfterFirstPaint(ready: boolean): boolean {
  const [after, setAfter] = useState(false);
  useEffect(() => {
    if (!ready || after) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // A frame's callbacks run before its paint; a task queued from there runs after it.
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setAfter(true), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [ready, after]);
  return after;
}

/** A chart's box of its final height until charts are on (see useAfterFirstPaint). */
function Chart({ on, height, children }: { on: boolean; height: number; children: ReactNode }) {
  return on ? children : <div className="plot" style={{ height }} data-loading="" />;
}

/** R × F grid: the segment most customers of each cell fall into, and the cell's count. */
function useRfGrid(scored: ScoredRfm | undefined, value: SegmentsValue | undefined) {
  return useMemo(() => {
    const scores = scored?.scores,
      segments = value?.segments;
    if (!scores || !segments || scores.r.length !== segments.codes.length) return null;
    const b = scores.bins;
    const k = segments.names.length;
    const counts = new Int32Array(b * b * k);
    for (let i = 0; i < scores.r.length; i++) counts[((scores.f[i]! - 1) * b + (scores.r[i]! - 1)) * k + segments.codes[i]!]! += 1;
    const z: (number | null)[][] = [],
      text: string[][] = [],
      hover: string[][] = [];
    for (let f = 0; f < b; f++) {
      z.push([]);
      text.push([]);
      hover.push([]);
      for (let r = 0; r < b; r++) {
        let best = -1,
          total = 0;
        for (let s = 0; s < k; s++) {
          const c = counts[(f * b + r) * k + s]!;
          total += c;
          if (best < 0 || c > counts[(f * b + r) * k + best]!) best = s;
        }
        z[f]!.push(total ? best + 0.5 : null);
        text[f]!.push(total ? fmtInt(total) : '');
        hover[f]!.push(total ? `R ${r + 1} · F ${f + 1}<br>${segments.names[best]}<br>${fmtInt(total)} customers` : `R ${r + 1} · F ${f + 1}<br>no customers`);
      }
    }
    const colorscale: [number, string][] = [];
    for (let s = 0; s < k; s++) colorscale.push([s / k, colorOf(s)], [(s + 1) / k, colorOf(s)]);
    return { b, k, z, text, hover, colorscale };
  }, [scored, value]);
}

/** Pre-binned histogram (100k values become ~30 bars, so redraws stay cheap). */
function histogram(values: Float64Array, bins = 30, log = false): { x: number[]; y: number[]; width: number[] } {
  if (values.length === 0) return { x: [], y: [], width: [] };
  const tf = (v: number) => (log ? Math.log10(Math.max(v, 0) + 1) : v);
  let lo = Infinity,
    hi = -Infinity;
  for (const v of values) {
    const t = tf(v);
    if (t < lo) lo = t;
    if (t > hi) hi = t;
  }
  const w = (hi - lo) / bins || 1;
  const y = new Array<number>(bins).fill(0);
  for (const v of values) y[Math.min(bins - 1, Math.floor((tf(v) - lo) / w))]! += 1;
  const x = y.map((_, i) => lo + (i + 0.5) * w);
  return { x: log ? x.map((t) => 10 ** t - 1) : x, y, width: log ? x.map((t) => 10 ** (t + w / 2) - 10 ** (t - w / 2)) : y.map(() => w * 0.92) };
}

/** One pre-binned distribution (recency, frequency or spend) as a small bar chart. */
function Distribution(p: {
  title: string;
  hint: string;
  bins: ReturnType<typeof histogram> | undefined;
  color: string;
  hover: string;
  log?: boolean;
  charts: boolean;
}) {
  return (
    <Card title={p.title} hint={p.hint}>
      {p.bins && p.charts && (
        <Plot
          height={180}
          data={[{ type: 'bar', x: p.bins.x, y: p.bins.y, width: p.bins.width, marker: { color: p.color }, hovertemplate: `${p.hover}<extra></extra>` }]}
          layout={{
            margin: { l: 44, r: 8, t: 6, b: 30 },
            ...(p.log ? { xaxis: { type: 'log', dtick: 1 } } : {}),
            yaxis: countAxis(Math.max(0, ...p.bins.y)),
          }}
        />
      )}
    </Card>
  );
}

export function SegmentsScreen() {
  const fmtMoney = useFmtMoney();
  useNeeds('segments-screen', ['segments']);
  const rfm = useResult<ScoredRfm>('rfm');
  const seg = useResult<SegmentsValue>('segments');
  const summary = useMemo(() => seg.value?.summary ?? [], [seg.value]);
  const grid = useRfGrid(rfm.value, seg.value);
  const charts = useAfterFirstPaint(seg.value !== undefined);
  const bars = useMemo(() => {
    const rows = [...summary].reverse();
    const colors = rows.map((r) => colorOf(summary.indexOf(r)));
    return [
      {
        type: 'bar',
        orientation: 'h',
        y: rows.map((r) => r.segment),
        x: rows.map((r) => r.customers),
        marker: { color: colors },
        name: 'Customers',
        text: rows.map((r) => fmtPct(r.share)),
        textposition: 'auto',
        hovertemplate: '%{y}: %{x:,} customers<extra></extra>',
      },
    ];
  }, [summary]);
  const revenue = useMemo(
    () => [
      {
        type: 'bar',
        orientation: 'h',
        y: [...summary].reverse().map((r) => r.segment),
        x: [...summary].reverse().map((r) => r.revenue_share * 100),
        marker: { color: [...summary].reverse().map((r) => colorOf(summary.indexOf(r))) },
        text: [...summary].reverse().map((r) => fmtPct(r.revenue_share)),
        textposition: 'auto',
        hovertemplate: '%{y}: %{x:.1f}% of revenue<extra></extra>',
      },
    ],
    [summary],
  );
  const dists = useMemo(() => {
    const r = rfm.value?.rfm;
    if (!r) return null;
    return { r: histogram(r.recencyDays), f: histogram(r.frequency, 30, true), m: histogram(r.monetary, 30, true) };
  }, [rfm.value]);
  if (rfm.status === 'error')
    return (
      <Empty title="No customers to score">
        <span data-testid="rfm-error">{rfm.error}</span>. Map the missing column on the Data screen, or switch off the rule that removes every customer.
      </Empty>
    );
  const snapshotUsed = rfm.value?.rfm.snapshot ?? '';
  const total = summary.reduce((s, r) => s + r.customers, 0);
  const top = summary[0];
  return (
    <div className="grid" style={{ gridTemplateColumns: 'minmax(380px, 0.9fr) minmax(0, 1.6fr)', alignItems: 'start' }}>
      <RuleEditor />
      <div className="grid fit">
        <div className="grid cols-3">
          <Kpi label="Customers scored" value={fmtInt(total)} sub={`snapshot ${snapshotUsed}`} testId="kpi-scored" />
          <Kpi
            label={top ? top.segment : 'Top segment'}
            value={top ? fmtInt(top.customers) : '–'}
            sub={top ? `${fmtPct(top.revenue_share)} of revenue` : undefined}
            testId="kpi-top-segment"
          />
          <Kpi label="Segments" value={summary.filter((r) => r.customers > 0).length} sub={`of ${summary.length} defined`} />
        </div>
        <div className="grid cols-2 charts">
          <Card title="R × F grid" hint="cell colour = most common segment">
            {grid && charts && (
              <Plot
                height={300}
                timed="segments"
                testId="rf-grid"
                onReady={(el) => onChartClick(el, (p) => typeof p.x === 'number' && typeof p.y === 'number' && openDrill({ kind: 'cell', r: p.x, f: p.y }))}
                data={[
                  {
                    type: 'heatmap',
                    z: grid.z,
                    x: Array.from({ length: grid.b }, (_, i) => i + 1),
                    y: Array.from({ length: grid.b }, (_, i) => i + 1),
                    zmin: 0,
                    zmax: grid.k,
                    colorscale: grid.colorscale,
                    showscale: false,
                    text: grid.text,
                    texttemplate: '%{text}',
                    textfont: { color: '#fff', size: 11 },
                    hovertext: grid.hover,
                    hoverinfo: 'text',
                    xgap: 3,
                    ygap: 3,
                  },
                ]}
                layout={{
                  xaxis: { title: { text: 'Recency score (5 = most recent)' }, dtick: 1 },
                  yaxis: { title: { text: 'Frequency score' }, dtick: 1 },
                  margin: { l: 50, r: 10, t: 6, b: 44 },
                }}
              />
            )}
          </Card>
          <Card title="Customers per segment">
            <Chart on={charts} height={300}>
              <Plot
                height={300}
                data={bars}
                timed="segments"
                testId="segment-bars"
                onReady={(el) => onChartClick(el, (p) => typeof p.y === 'string' && openDrill({ kind: 'segment', name: p.y }))}
                layout={{
                  margin: { l: 130, r: 16, t: 6, b: 36 },
                  xaxis: { title: { text: 'customers' }, ...countAxis(Math.max(0, ...summary.map((s) => s.customers))) },
                }}
              />
            </Chart>
          </Card>
        </div>
        <div className="grid cols-3 charts">
          <Distribution title="Recency" hint="days since last order" bins={dists?.r} color="#6366f1" hover="~%{x:.0f} days: %{y:,}" charts={charts} />
          <Distribution title="Frequency" hint="orders (log scale)" bins={dists?.f} color="#22c55e" hover="~%{x:.0f} orders: %{y:,}" log charts={charts} />
          <Distribution title="Monetary" hint="spend (log scale)" bins={dists?.m} color="#f59e0b" hover="~%{x:,.0f}: %{y:,}" log charts={charts} />
        </div>
        <Card title="Revenue share per segment">
          <Chart on={charts} height={Math.max(160, summary.length * 26 + 40)}>
            <Plot
              height={Math.max(160, summary.length * 26 + 40)}
              timed="segments"
              testId="revenue-bars"
              data={revenue}
              layout={{ margin: { l: 130, r: 16, t: 6, b: 30 }, xaxis: { ticksuffix: '%' } }}
            />
          </Chart>
        </Card>
      </div>
      {/* Across both columns: its eight columns do not fit beside the rules at 1280 px. */}
      <Card title="Segment table" flush testId="segment-table" className="span-all">
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>Segment</th>
                <th className="num">Customers</th>
                <th className="num">Share</th>
                <th className="num">Revenue</th>
                <th className="num">Revenue share</th>
                <th className="num">Mean recency (d)</th>
                <th className="num">Mean orders</th>
                <th className="num">Mean spend</th>
              </tr>
            </thead>
            <tbody>
              {summary.map((r, i) => (
                <tr
                  key={r.segment}
                  className={r.customers === 0 ? 'off' : 'clickable'}
                  onClick={r.customers === 0 ? undefined : () => openDrill({ kind: 'segment', name: r.segment })}
                  title={r.customers === 0 ? undefined : 'Show these customers'}
                  data-testid={`seg-row-${i}`}
                >
                  <td>
                    <span className="swatch" style={{ background: colorOf(i) }} />
                    {r.segment}
                  </td>
                  <td className="num">{fmtInt(r.customers)}</td>
                  <td className="num">{fmtPct(r.share)}</td>
                  <td className="num">{fmtMoney(r.revenue)}</td>
                  <td className="num">{fmtPct(r.revenue_share)}</td>
                  <td className="num">{fmt1(r.mean_recency_days)}</td>
                  <td className="num">{fmt1(r.mean_frequency)}</td>
                  <td className="num">{fmtMoney(r.mean_monetary)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
    </div>
  );
}
