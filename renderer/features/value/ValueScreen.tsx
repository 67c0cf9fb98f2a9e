import { useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { clusterLabel, valueByGroup, type FitResult } from '../../engine-client/index.ts';
import { Plot } from '../../charts/Plot.tsx';
import { CATEGORICAL, chartTheme } from '../../charts/palette.ts';
import type { SegmentsValue } from '../../state/results.ts';
import type { ClvModel, ValueColumns } from '../../state/results-value.ts';
import { useStore } from '../../state/store.ts';
import { useFmtMoney } from '../../state/use-money.ts';
import { useNeeds, useResult } from '../../state/use-result.ts';
import { Card, Kpi, Segmented } from '../../ui/components.tsx';
import { countAxis } from '../../charts/count-axis.ts';
import { fmt2, fmtInt, fmtPct } from '../../ui/format.ts';
import { retryValueFit, setValueSettings, stopValueFit } from '../../state/actions/value.ts';
import { histogram } from './histogram.ts';

/** A number field that edits the document only with a valid value, and says what is valid otherwise. */
function NumberField(props: {
  label: string;
  value: number;
  valid: (n: number) => boolean;
  hint: string;
  step: number;
  testId: string;
  set: (n: number) => void;
}) {
  const [text, setText] = useState<string | null>(null);
  const shown = text ?? String(props.value);
  const n = Number(shown);
  const ok = shown.trim() !== '' && props.valid(n);
  return (
    <div className="field">
      <label htmlFor={props.testId}>{props.label}</label>
      <input
        id={props.testId}
        type="number"
        step={props.step}
        value={shown}
        aria-invalid={!ok}
        onChange={(e) => {
          setText(e.target.value);
          const v = Number(e.target.value);
          if (e.target.value.trim() !== '' && props.valid(v)) props.set(v);
        }}
        onBlur={() => setText(null)}
        data-testid={props.testId}
      />
      {!ok && <small style={{ color: 'var(--bad)' }}>{props.hint}</small>}
    </div>
  );
}

function Settings() {
  const c = useStore(useShallow((s) => s.analysis.clv));
  const value = useResult<ClvModel>('value');
  const summary = useResult('valueSummary');
  const running = value.status === 'running' || summary.status === 'running';
  const stopped = value.error === 'stopped' || summary.error === 'stopped';
  return (
    <Card className="span-all">
      <div className="controls">
        <NumberField
          label="Horizon (months)"
          value={c.horizonMonths}
          step={1}
          valid={(n) => Number.isInteger(n) && n >= 1 && n <= 120}
          hint="a whole number of months, 1 to 120"
          testId="value-horizon"
          set={(n) => setValueSettings({ horizonMonths: n })}
        />
        <NumberField
          label="Discount per month (%)"
          value={Number((c.monthlyDiscount * 100).toFixed(6))}
          step={0.1}
          valid={(n) => n >= 0 && n < 100}
          hint="0 to below 100 %"
          testId="value-discount"
          set={(n) => setValueSettings({ monthlyDiscount: n / 100 })}
        />
        <div className="field">
          <span className="field-title">Time unit</span>
          <Segmented
            value={c.unit}
            options={[
              { value: 'day', label: 'Days' },
              { value: 'week', label: 'Weeks' },
            ]}
            onChange={(unit) => setValueSettings({ unit })}
            testId="value-unit"
          />
        </div>
        <div className="field">
          <label htmlFor="value-holdout">Holdout from</label>
          <input
            id="value-holdout"
            type="date"
            value={c.holdoutFrom ?? ''}
            onChange={(e) => setValueSettings({ holdoutFrom: e.target.value || null })}
            data-testid="value-holdout"
          />
        </div>
        <div style={{ marginLeft: 'auto', minWidth: 200, textAlign: 'right' }} className="muted" data-testid="value-status">
          {running ? (
            <>
              <span className="spinner" /> {value.progress?.message || summary.progress?.message || 'customer summary'}…{' '}
              {value.progress ? fmtPct(value.progress.fraction, 0) : ''}{' '}
              <button type="button" className="btn ghost small" onClick={stopValueFit} data-testid="value-stop">
                Stop
              </button>
            </>
          ) : stopped ? (
            <>
              stopped{' '}
              <button type="button" className="btn small" onClick={retryValueFit} data-testid="value-retry">
                Fit again
              </button>
            </>
          ) : value.status === 'ready' && value.ms !== null ? (
            `fitted in ${fmtInt(value.ms)} ms`
          ) : (
            ''
          )}
        </div>
      </div>
    </Card>
  );
}

const num = (v: number, digits = 4) => (Number.isFinite(v) ? v.toFixed(digits) : '–');

function Parameters({ m }: { m: ClvModel }) {
  const bg = m.bgNbd;
  const gg = m.gammaGamma;
  const verdict = (c: boolean) => (c ? <span className="tag good">converged</span> : <span className="tag bad">not converged</span>);
  return (
    <Card className="span-all" title="Fitted parameters" hint={`calibration to ${m.summary.calibrationEnd}, time in ${m.summary.unit}s`} testId="value-params">
      <table className="table">
        <tbody>
          <tr>
            <th style={{ width: 140 }}>BG/NBD</th>
            <td className="wrap" data-testid="bgnbd-params">
              r {num(bg.r)} · α {num(bg.alpha)} · a {num(bg.a)} · b {num(bg.b)}
            </td>
          </tr>
          <tr>
            <th />
            <td className="muted wrap">
              log-likelihood {bg.logLikelihood.toFixed(1)} · {fmtInt(bg.customers)} customers · {bg.agreeingStarts}/{bg.starts.length} starts agree ·{' '}
              {verdict(bg.converged)}
            </td>
          </tr>
          <tr>
            <th>Gamma-Gamma</th>
            <td className="wrap" data-testid="gg-params">
              p {num(gg.p)} · q {num(gg.q)} · v {num(gg.v)}
            </td>
          </tr>
          <tr>
            <th />
            <td className="muted wrap">
              log-likelihood {gg.logLikelihood.toFixed(1)} · {fmtInt(gg.customers)} repeat customers · {verdict(gg.converged)}
            </td>
          </tr>
          <tr>
            <th>Independence</th>
            <td className="wrap" data-testid="gg-independence">
              corr(frequency, mean spend) = {num(gg.check.correlation, 3)} over {fmtInt(gg.customers)} repeat customers:{' '}
              {gg.check.independent ? (
                <span className="tag good">no strong correlation</span>
              ) : (
                <span className="tag bad">correlated: Gamma-Gamma assumes independence</span>
              )}
            </td>
          </tr>
        </tbody>
      </table>
      {m.warnings.map((w) => (
        <div key={w} className="notice warn" data-testid="value-warning">
          {w}
        </div>
      ))}
    </Card>
  );
}

function Totals({ m }: { m: ClvModel }) {
  const fmtMoney = useFmtMoney();
  const t = useMemo(() => {
    let clv = 0,
      alive = 0,
      purchases = 0;
    for (let i = 0; i < m.values.clv.length; i++) {
      if (Number.isFinite(m.values.clv[i]!)) clv += m.values.clv[i]!;
      alive += m.values.pAlive[i]!;
      purchases += m.values.expectedPurchases[i]!;
    }
    const n = m.values.clv.length;
    return { clv, alive: n ? alive / n : 0, purchases, n };
  }, [m]);
  return (
    <div className="grid span-all" style={{ gridTemplateColumns: 'repeat(4, minmax(0, 1fr))' }}>
      <Kpi label="Customers modelled" value={fmtInt(t.n)} testId="value-kpi-customers" />
      <Kpi label="Mean P(alive)" value={fmtPct(t.alive)} testId="value-kpi-alive" />
      <Kpi label={`Expected purchases, ${m.months} months`} value={fmtInt(t.purchases)} />
      <Kpi label={`CLV, ${m.months} months`} value={fmtMoney(t.clv)} sub={`${fmtPct(m.monthlyDiscount, 2)} a month discount`} testId="value-kpi-clv" />
    </div>
  );
}

const BAR_LAYOUT = { bargap: 0.05, margin: { l: 56, r: 16, t: 10, b: 44 } };

function Distributions({ m }: { m: ClvModel }) {
  const fmtMoney = useFmtMoney();
  const charts = useMemo(() => {
    const alive = histogram(m.values.pAlive, 20, 0, 1);
    const clv = histogram(m.values.clv, 30, 0, undefined, 0.99);
    const color = CATEGORICAL[0];
    return {
      alive: [
        {
          type: 'bar',
          x: alive.centres,
          y: alive.counts,
          width: alive.width,
          marker: { color },
          hovertemplate: 'P(alive) ≈ %{x:.2f}: %{y:,} customers<extra></extra>',
        },
      ],
      clv: [
        { type: 'bar', x: clv.centres, y: clv.counts, width: clv.width, marker: { color }, hovertemplate: 'CLV ≈ %{x:,.0f}: %{y:,} customers<extra></extra>' },
      ],
      clvAbove: clv.above,
      clvMax: clv.hi,
      // The tallest bars: their axes count customers.
      aliveTop: Math.max(0, ...alive.counts),
      clvTop: Math.max(0, ...clv.counts),
    };
  }, [m]);
  return (
    <>
      <Card title="P(alive)" hint="probability each customer is still active" testId="palive-card">
        <Plot
          data={charts.alive}
          height={260}
          testId="palive-chart"
          layout={{
            ...BAR_LAYOUT,
            xaxis: { title: { text: 'P(alive)' }, range: [0, 1] },
            yaxis: { title: { text: 'customers' }, ...countAxis(charts.aliveTop) },
          }}
        />
      </Card>
      <Card
        title="CLV"
        hint={
          charts.clvAbove
            ? `${fmtInt(charts.clvAbove)} ${charts.clvAbove === 1 ? 'customer' : 'customers'} above ${fmtMoney(charts.clvMax)} not drawn`
            : `next ${m.months} months, discounted`
        }
        testId="clv-card"
      >
        <Plot
          data={charts.clv}
          height={260}
          testId="clv-chart"
          layout={{ ...BAR_LAYOUT, xaxis: { title: { text: 'CLV' } }, yaxis: { title: { text: 'customers' }, ...countAxis(charts.clvTop) } }}
        />
      </Card>
    </>
  );
}

function Calibration({ m }: { m: ClvModel }) {
  const theme = useStore((s) => s.theme);
  const h = m.holdout;
  const data = useMemo(() => {
    if (!h) return [];
    const t = chartTheme(theme);
    const x = h.groups.map((g) => g.frequency);
    return [
      {
        type: 'bar',
        name: 'Actual',
        x,
        y: h.groups.map((g) => g.actual),
        marker: { color: t.muted },
        hovertemplate: '%{x} repeat: actual %{y:.3f}<extra></extra>',
      },
      {
        type: 'bar',
        name: 'Predicted',
        x,
        y: h.groups.map((g) => g.predicted),
        marker: { color: CATEGORICAL[0] },
        hovertemplate: '%{x} repeat: predicted %{y:.3f}<extra></extra>',
      },
    ];
  }, [h, theme]);
  if (!h || !m.summary.holdout) {
    return (
      <Card title="Calibration" className="span-all" testId="calibration-card">
        <div className="muted">Set a holdout date to fit on the purchases before it and compare the predictions with the purchases after it.</div>
      </Card>
    );
  }
  const t = h.total;
  return (
    <Card
      title="Calibration: repeat purchases in the holdout"
      hint={`mean per customer by repeat purchases in the calibration period; holdout ${fmt2(h.length)} ${m.summary.unit}s to ${m.summary.holdout.end}`}
      className="span-all"
      testId="calibration-card"
    >
      <Plot
        data={data}
        height={260}
        testId="calibration-chart"
        layout={{
          barmode: 'group',
          showlegend: true,
          legend: { orientation: 'h', y: 1.12, x: 0 },
          xaxis: { title: { text: 'repeat purchases in calibration' }, type: 'category' },
          yaxis: { title: { text: 'repeat purchases in holdout' } },
          margin: { l: 56, r: 16, t: 24, b: 44 },
        }}
      />
      <div className="muted" data-testid="calibration-total">
        Total: actual {fmtInt(t.actual)}, predicted {fmtInt(Math.round(t.predicted))} ({t.relativeError >= 0 ? '+' : ''}
        {fmtPct(t.relativeError)}); mean absolute error per customer {t.meanAbsoluteError.toFixed(3)}
      </div>
    </Card>
  );
}

function ByGroup({ columns }: { columns: ValueColumns | undefined }) {
  const [by, setBy] = useState<'segment' | 'cluster'>('segment');
  const clustering = useStore((s) => s.analysis.clustering.enabled);
  useNeeds('value-by-group', by === 'cluster' ? ['fit'] : []);
  const seg = useResult<SegmentsValue>('segments').value;
  const fit = useResult<FitResult>('fit');
  const fmtMoney = useFmtMoney();
  const rows = useMemo(() => {
    if (!columns) return null;
    if (by === 'segment') return seg ? valueByGroup(seg.segments.codes, seg.segments.names, columns) : null;
    const f = fit.value;
    if (!f || f.labels.length !== columns.clv.length) return null;
    return valueByGroup(
      f.labels,
      f.profiles.map((p) => clusterLabel(p.cluster, p.name)),
      columns,
    );
  }, [columns, by, seg, fit.value]);
  return (
    <Card
      title="Value by group"
      className="span-all"
      flush
      testId="value-by-group"
      right={
        <Segmented
          value={by}
          options={[{ value: 'segment', label: 'Segments' }, ...(clustering ? [{ value: 'cluster' as const, label: 'Clusters' }] : [])]}
          onChange={setBy}
          testId="value-group-by"
        />
      }
    >
      {rows ? (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>{by === 'segment' ? 'Segment' : 'Cluster'}</th>
                <th className="num">Customers</th>
                <th className="num">Modelled</th>
                <th className="num">Mean P(alive)</th>
                <th className="num">Mean CLV</th>
                <th className="num">Total CLV</th>
                <th className="num">Share of CLV</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.group} data-testid="value-group-row">
                  <td>{r.group}</td>
                  <td className="num">{fmtInt(r.customers)}</td>
                  <td className="num">{fmtInt(r.modelled)}</td>
                  <td className="num">{Number.isNaN(r.meanPAlive) ? '–' : fmtPct(r.meanPAlive)}</td>
                  <td className="num">{Number.isNaN(r.meanClv) ? '–' : fmtMoney(r.meanClv)}</td>
                  <td className="num">{fmtMoney(r.totalClv)}</td>
                  <td className="num">{fmtPct(r.clvShare)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <div className="muted" style={{ padding: 12 }}>
          {fit.error && by === 'cluster' ? fit.error : 'Waiting for the groups…'}
        </div>
      )}
    </Card>
  );
}

export function ValueScreen() {
  useNeeds('value-screen', ['value', 'valueColumns', 'segments']);
  const value = useResult<ClvModel>('value');
  const summary = useResult('valueSummary');
  const columns = useResult<ValueColumns>('valueColumns').value;
  const error = [summary.error, value.error].find((e) => e !== null && e !== 'stopped') ?? null;
  const m = value.value;
  return (
    <div className="grid cols-2">
      <Settings />
      {error && (
        <div className="notice bad span-all" data-testid="value-error">
          {error}
        </div>
      )}
      {m ? (
        <>
          <Totals m={m} />
          <Parameters m={m} />
          <Distributions m={m} />
          <Calibration m={m} />
          <ByGroup columns={columns} />
        </>
      ) : (
        !error && (
          <div className="muted span-all">{summary.error === 'stopped' || value.error === 'stopped' ? 'Stopped.' : 'Fitting BG/NBD and Gamma-Gamma…'}</div>
        )
      )}
    </div>
  );
}
