import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { addDays, missingRoles, type OutcomeRow, type OverviewBase } from '../../engine-client/index.ts';
import { Plot } from '../../charts/Plot.tsx';
import { colorOf } from '../../charts/palette.ts';
import { setOverviewSettings, setOverviewView } from '../../state/actions/overview.ts';
import { effectiveAsOf, type BacktestValue } from '../../state/results-overview.ts';
import { useStore } from '../../state/store.ts';
import { useFmtMoney } from '../../state/use-money.ts';
import { useNeeds, useResult } from '../../state/use-result.ts';
import { Card, Empty, Segmented } from '../../ui/components.tsx';
import { fmt2, fmtInt, fmtPct } from '../../ui/format.ts';

function Settings() {
  const { settings, groups } = useStore(useShallow((s) => ({ settings: s.analysis.overview, groups: s.overviewView.groups })));
  const base = useResult<OverviewBase>('overviewBase').value;
  const asOf = effectiveAsOf(base);
  const whole = (v: string, apply: (n: number) => void) => {
    const n = Number(v);
    if (Number.isInteger(n) && n >= 1 && n <= 3650) apply(n);
  };
  return (
    <Card className="span-all">
      <div className="controls" style={{ gap: 16 }}>
        <div className="field" style={{ maxWidth: 200 }}>
          <label htmlFor="bt-as-of">As-of date {settings.asOf === null && <b className="muted">latest</b>}</label>
          <input
            id="bt-as-of"
            type="date"
            value={asOf ?? ''}
            min={base?.firstDay ? addDays(base.firstDay, 1) : undefined}
            max={base?.lastDay ?? undefined}
            onChange={(e) => setOverviewSettings({ asOf: e.target.value || null })}
            data-testid="bt-as-of"
          />
        </div>
        <div className="field" style={{ maxWidth: 150 }}>
          <label htmlFor="bt-window">Outcome window (days)</label>
          <input
            id="bt-window"
            type="number"
            min={1}
            max={3650}
            value={settings.windowDays}
            onChange={(e) => whole(e.target.value, (windowDays) => setOverviewSettings({ windowDays }))}
            data-testid="bt-window"
          />
        </div>
        <div className="field" style={{ maxWidth: 150 }}>
          <label htmlFor="bt-churn">Lost after (days)</label>
          <input
            id="bt-churn"
            type="number"
            min={1}
            max={3650}
            value={settings.churnDays}
            onChange={(e) => whole(e.target.value, (churnDays) => setOverviewSettings({ churnDays }))}
            data-testid="bt-churn"
          />
        </div>
        <div className="field" style={{ minWidth: 0, flex: 'none' }}>
          <span className="field-title">Groups</span>
          <Segmented
            value={groups}
            options={[
              { value: 'segment', label: 'Segments' },
              { value: 'cluster', label: 'Clusters' },
            ]}
            onChange={(v) => setOverviewView({ groups: v })}
            testId="bt-groups"
          />
        </div>
        {settings.asOf !== null && (
          <button type="button" className="btn small" onClick={() => setOverviewSettings({ asOf: null })}>
            Latest complete window
          </button>
        )}
      </div>
    </Card>
  );
}

function OutcomeTable({ rows, total }: { rows: OutcomeRow[]; total: OutcomeRow }) {
  const fmtMoney = useFmtMoney();
  return (
    <div className="table-wrap">
      <table className="table" data-testid="bt-table">
        <thead>
          <tr>
            <th>Group as of the date</th>
            <th className="num">Customers</th>
            <th className="num">Bought again</th>
            <th className="num">Orders / customer</th>
            <th className="num">Revenue / customer</th>
            <th className="num">Revenue</th>
            <th className="num">Lost</th>
          </tr>
        </thead>
        <tbody>
          {[...rows, total].map((r, i) => (
            <tr key={r.group} style={i === rows.length ? { fontWeight: 650 } : undefined} data-testid={`bt-row-${i === rows.length ? 'total' : i}`}>
              <td>
                {i < rows.length && <span className="swatch" style={{ background: colorOf(i) }} />}
                {r.group}
              </td>
              <td className="num">{fmtInt(r.customers)}</td>
              <td className="num">{fmtPct(r.boughtAgainShare)}</td>
              <td className="num">{fmt2(r.ordersPerCustomer)}</td>
              <td className="num">{fmtMoney(r.revenuePerCustomer)}</td>
              <td className="num">{fmtMoney(r.revenue)}</td>
              <td className="num">{fmtPct(r.lostShare)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Per group: share who bought again and share lost (bars), revenue per customer (dots, right axis). */
function OutcomeChart({ rows }: { rows: OutcomeRow[] }) {
  const fmtMoney = useFmtMoney();
  const data = useMemo(() => {
    const x = rows.map((r) => r.group);
    return [
      {
        type: 'bar',
        x,
        y: rows.map((r) => r.boughtAgainShare * 100),
        name: 'Bought again',
        marker: { color: colorOf(1) },
        hovertemplate: '%{x}: %{y:.1f}%<extra>bought again</extra>',
      },
      {
        type: 'bar',
        x,
        y: rows.map((r) => r.lostShare * 100),
        name: 'Lost',
        marker: { color: colorOf(3) },
        hovertemplate: '%{x}: %{y:.1f}%<extra>lost</extra>',
      },
      {
        type: 'scatter',
        mode: 'markers',
        x,
        y: rows.map((r) => r.revenuePerCustomer),
        name: 'Revenue per customer',
        yaxis: 'y2',
        marker: { color: colorOf(0), size: 11, symbol: 'diamond' },
        text: rows.map((r) => fmtMoney(r.revenuePerCustomer)),
        hovertemplate: '%{x}: %{text}<extra>revenue per customer</extra>',
      },
    ];
  }, [rows, fmtMoney]);
  return (
    <Plot
      height={300}
      data={data as never}
      layout={{
        barmode: 'group',
        showlegend: true,
        legend: { orientation: 'h', y: 1.14, x: 0 },
        yaxis: { ticksuffix: '%', range: [0, 100] },
        yaxis2: { overlaying: 'y', side: 'right', showgrid: false, rangemode: 'tozero', title: { text: 'revenue / customer' } },
        margin: { l: 48, r: 60, t: 24, b: 80 },
      }}
      testId="bt-chart"
    />
  );
}

/** As-of analysis: segments (or clusters) from the data up to a date, and what their customers did in the following days. */
export function BacktestPanel() {
  const canRfm = useStore((s) => s.dataset !== null && missingRoles(s.dataset.canonical.mapping.mapping, 'rfm').length === 0);
  useNeeds('overview-backtest', canRfm ? ['backtest'] : []);
  const bt = useResult<BacktestValue>('backtest');
  const v = bt.value;
  if (!canRfm) return <Empty title="The back-test needs customers">Map the customer, invoice, date and amount columns on the Data screen.</Empty>;
  const o = v?.outcomes;
  return (
    <div className="grid" data-testid="backtest">
      <Settings />
      {bt.status === 'error' && (
        <div className="notice bad" data-testid="bt-error">
          {bt.error}
        </div>
      )}
      {!o && bt.status !== 'error' && (
        <div className="muted">
          <span className="spinner" /> {bt.progress?.message || 'back-testing…'}
        </div>
      )}
      {o && v && (
        <>
          <div className="muted" style={{ fontSize: 12 }} data-testid="bt-summary">
            {v.groupBy === 'segment' ? `Segments of ${v.model}` : `Clusters (${v.model})`} from the lines before {o.asOf}; outcomes {o.asOf} to{' '}
            {o.windowLastDay} ({o.windowDays} days); lost = no purchase for more than {o.churnDays} days by then. {fmtInt(o.newInWindow)} customers bought for
            the first time in the window.
            {bt.status === 'running' ? ' Updating…' : bt.ms !== null ? ` Computed in ${fmtInt(bt.ms)} ms.` : ''}
          </div>
          {!o.windowComplete && (
            <div className="notice warn" data-testid="bt-incomplete">
              The data ends on {o.dataLastDay ?? '–'}, before the window does ({o.windowLastDay}): outcomes cover part of the window only.
            </div>
          )}
          {v.warnings.map((w) => (
            <div key={w} className="notice warn">
              {w}
            </div>
          ))}
          <Card title="Outcomes per group" flush testId="bt-table-card">
            <OutcomeTable rows={o.groups} total={o.total} />
          </Card>
          <Card title="Did they buy again, or lapse?" testId="bt-chart-card">
            <OutcomeChart rows={o.groups} />
          </Card>
        </>
      )}
    </div>
  );
}
