import { useMemo, useState } from 'react';
import { countedFigures, countsCustomers, kpiChangeText, NO_PREVIOUS_PERIOD, shownKpis, type Overview } from '../../engine-client/index.ts';
import { Plot } from '../../charts/Plot.tsx';
import { countAxis } from '../../charts/count-axis.ts';
import { colorOf } from '../../charts/palette.ts';
import { periodAxis, periodBarWidth } from '../../charts/period-axis.ts';
import { useFmtMoney } from '../../state/use-money.ts';
import { useStore } from '../../state/store.ts';
import { Card, Kpi, Segmented } from '../../ui/components.tsx';
import { fmt1, fmtInt, fmtPct } from '../../ui/format.ts';

type Figures = Overview['kpis']['figures'];
type KpiKey = keyof Figures;

function Change({ change, text }: { change: number; text: string }) {
  const up = change >= 0;
  return (
    <span style={{ color: up ? 'var(--good)' : 'var(--bad)', fontWeight: 600 }}>
      {up ? '▲' : '▼'} {text}
    </span>
  );
}

/** countsCustomers for the loaded data's mapping. */
export function useHasCustomers(): boolean {
  return useStore((s) => countsCustomers({ customer: s.dataset?.canonical.mapping.mapping.customer }));
}

/** Whether the loaded data has a country column: without one the Overview has no countries (one "(none)" row). */
export function useHasCountries(): boolean {
  return useStore((s) => countedFigures({ country: s.dataset?.canonical.mapping.mapping.country }).countries);
}

/** The KPIs of the period (shownKpis) against the previous period of the same length. */
export function KpiRow({ o }: { o: Overview }) {
  const fmtMoney = useFmtMoney();
  const shown = shownKpis(useStore((s) => s.dataset?.canonical.mapping.mapping) ?? {});
  const k = o.kpis;
  const rows = (
    [
      ['revenue', 'Revenue', fmtMoney],
      ['orders', 'Orders', fmtInt],
      ['customers', 'Customers', fmtInt],
      ['averageOrderValue', 'Average order value', fmtMoney],
      ['itemsPerOrder', 'Items per order', fmt1],
      ['repeatCustomerRate', 'Repeat customers', (x) => fmtPct(x)],
    ] as [KpiKey, string, (x: number) => string][]
  ).filter(([key]) => shown.includes(key));
  return (
    <div>
      <div className="muted" style={{ fontSize: 12, marginBottom: 6 }} data-testid="ov-kpi-period">
        {k.period.from} to {k.period.to} ({k.days} days) against {k.previousPeriod.from} to {k.previousPeriod.to}
      </div>
      <div className="grid" style={{ gridTemplateColumns: 'repeat(auto-fit, minmax(150px, 1fr))' }} data-testid="ov-kpis">
        {rows.map(([key, label, fmt]) => (
          <Kpi
            key={key}
            label={label}
            value={<span data-value={k.figures[key].current}>{fmt(k.figures[key].current)}</span>}
            sub={
              // No change against nothing (the engine's null): "+∞%" or "vs 0" would say less.
              k.figures[key].change === null ? (
                <span title="previous period">{NO_PREVIOUS_PERIOD}</span>
              ) : (
                <>
                  <Change change={k.figures[key].change} text={kpiChangeText(key, k.figures[key])!} />{' '}
                  <span title="previous period">vs {fmt(k.figures[key].previous)}</span>
                </>
              )
            }
            testId={`ov-kpi-${key}`}
          />
        ))}
      </div>
    </div>
  );
}

/** Revenue (bars) with orders and active customers (lines, right axis) per month, week or day. */
export function SeriesCard({ o }: { o: Overview }) {
  const fmtMoney = useFmtMoney();
  const customers = useHasCustomers();
  const data = useMemo(() => {
    const x = o.series.map((p) => p.period);
    const mode = x.length > 1 ? 'lines' : 'markers';
    return [
      {
        type: 'bar',
        x,
        y: o.series.map((p) => p.revenue),
        name: 'Revenue',
        marker: { color: colorOf(0) },
        ...periodBarWidth(o.grain, x),
        text: o.series.map((p) => fmtMoney(p.revenue)),
        hovertemplate: '%{x}: %{text}<extra>revenue</extra>',
        textposition: 'none',
      },
      // A line needs two points: a single period shows as a marker.
      { type: 'scatter', mode, x, y: o.series.map((p) => p.orders), name: 'Orders', yaxis: 'y2', line: { color: colorOf(2), width: 2 } },
      ...(customers
        ? [{ type: 'scatter', mode, x, y: o.series.map((p) => p.customers), name: 'Active customers', yaxis: 'y2', line: { color: colorOf(1), width: 2 } }]
        : []),
    ];
  }, [o.series, o.grain, fmtMoney, customers]);
  return (
    <Card title={`${customers ? 'Revenue, orders and active customers' : 'Revenue and orders'} per ${o.grain}`} testId="ov-series">
      <Plot
        height={280}
        data={data as never}
        layout={{
          showlegend: true,
          legend: { orientation: 'h', y: 1.12, x: 0 },
          xaxis: periodAxis(
            o.grain,
            o.series.map((p) => p.period),
          ),
          yaxis: { title: { text: 'revenue' } },
          // From 0, as revenue's axis: else a line's height against the bars says nothing.
          yaxis2: {
            overlaying: 'y',
            side: 'right',
            showgrid: false,
            title: { text: customers ? 'orders, customers' : 'orders' },
            ...countAxis(Math.max(0, ...o.series.map((p) => Math.max(p.orders, customers ? p.customers : 0)))),
          },
          margin: { l: 60, r: 56, t: 24, b: 40 },
        }}
        testId="ov-series-chart"
      />
    </Card>
  );
}

export function NewReturningCard({ o }: { o: Overview }) {
  const data = useMemo(() => {
    const x = o.newVsReturning.map((p) => p.month);
    return [
      { type: 'bar', x, y: o.newVsReturning.map((p) => p.newCustomers), name: 'New', marker: { color: colorOf(0) }, ...periodBarWidth('month', x) },
      { type: 'bar', x, y: o.newVsReturning.map((p) => p.returningCustomers), name: 'Returning', marker: { color: colorOf(1) }, ...periodBarWidth('month', x) },
    ];
  }, [o.newVsReturning]);
  return (
    <Card title="New vs returning customers" hint="per month" testId="ov-new-returning">
      <Plot
        height={260}
        data={data as never}
        layout={{
          barmode: 'stack',
          showlegend: true,
          legend: { orientation: 'h', y: 1.14, x: 0 },
          xaxis: periodAxis(
            'month',
            o.newVsReturning.map((p) => p.month),
          ),
          yaxis: countAxis(Math.max(0, ...o.newVsReturning.map((p) => p.newCustomers + p.returningCustomers))),
          margin: { l: 50, r: 10, t: 24, b: 40 },
        }}
      />
    </Card>
  );
}

export function HeatmapCard({ o }: { o: Overview }) {
  const h = o.weekdayHour;
  if (!h.timed)
    return (
      <Card title="Orders by weekday" hint="the dates carry no time of day" testId="ov-heatmap">
        <Plot
          height={260}
          testId="ov-weekdays"
          data={[
            {
              type: 'bar',
              x: h.weekdays.map((w) => w.slice(0, 3)),
              y: h.counts.map((hours) => hours.reduce((a, b) => a + b, 0)),
              marker: { color: colorOf(0) },
              hovertemplate: '%{x}: %{y:,} orders<extra></extra>',
            },
          ]}
          layout={{
            yaxis: { title: { text: 'orders' }, ...countAxis(Math.max(0, ...h.counts.map((hours) => hours.reduce((a, b) => a + b, 0)))) },
            margin: { l: 50, r: 10, t: 6, b: 30 },
          }}
        />
      </Card>
    );
  return (
    <Card title="Orders by weekday and hour" testId="ov-heatmap">
      <Plot
        height={260}
        data={[
          {
            type: 'heatmap',
            z: h.counts,
            x: Array.from({ length: 24 }, (_, i) => i),
            y: h.weekdays.map((w) => w.slice(0, 3)),
            colorscale: 'Blues',
            reversescale: true,
            hovertemplate: '%{y} %{x}:00: %{z:,} orders<extra></extra>',
            xgap: 1,
            ygap: 1,
          },
        ]}
        layout={{ xaxis: { dtick: 2, title: { text: 'hour' } }, yaxis: { autorange: 'reversed' }, margin: { l: 44, r: 10, t: 6, b: 40 } }}
      />
    </Card>
  );
}

export function CountriesCard({ o }: { o: Overview }) {
  const fmtMoney = useFmtMoney();
  const customers = useHasCustomers();
  const [chosen, setMeasure] = useState<'revenue' | 'customers'>('revenue');
  const measure = customers ? chosen : 'revenue';
  const top = useMemo(
    () =>
      [...o.countries]
        .sort((a, b) => b[measure] - a[measure])
        .slice(0, 12)
        .reverse(),
    [o.countries, measure],
  );
  return (
    <Card
      title="Countries"
      hint={`${fmtInt(o.countries.length)} in all`}
      testId="ov-countries"
      right={
        customers && (
          <Segmented
            value={measure}
            options={[
              { value: 'revenue', label: 'Revenue' },
              { value: 'customers', label: 'Customers' },
            ]}
            onChange={setMeasure}
          />
        )
      }
    >
      <Plot
        height={Math.max(200, top.length * 22 + 40)}
        data={[
          {
            type: 'bar',
            orientation: 'h',
            y: top.map((c) => c.country ?? '(none)'),
            x: top.map((c) => c[measure]),
            marker: { color: colorOf(measure === 'revenue' ? 0 : 1) },
            text: top.map((c) => (measure === 'revenue' ? `${fmtMoney(c.revenue)} · ${fmtPct(c.revenueShare)}` : fmtInt(c.customers))),
            textposition: 'auto',
            hovertemplate: '%{y}: %{text}<extra></extra>',
          },
        ]}
        layout={{ margin: { l: 120, r: 10, t: 6, b: 30 } }}
      />
    </Card>
  );
}

const SHARE_TITLE = {
  byRevenue: 'share of the revenue',
  byQuantity: 'share of the units',
  byCustomers: 'share of the customers who bought it',
} as const;

/** Top products by revenue, units or customers, with their share of the scope's total of that measure. */
export function TopProductsCard({ o }: { o: Overview }) {
  const fmtMoney = useFmtMoney();
  const customers = useHasCustomers();
  const [chosen, setBy] = useState<'byRevenue' | 'byQuantity' | 'byCustomers'>('byRevenue');
  const by = customers || chosen !== 'byCustomers' ? chosen : 'byRevenue';
  const rows = o.topProducts[by];
  return (
    <Card
      title="Top products"
      flush
      testId="ov-top-products"
      right={
        <Segmented
          value={by}
          options={[
            { value: 'byRevenue', label: 'Revenue' },
            { value: 'byQuantity', label: 'Quantity' },
            ...(customers ? [{ value: 'byCustomers' as const, label: 'Customers' }] : []),
          ]}
          onChange={setBy}
          testId="ov-top-by"
        />
      }
    >
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th>Product</th>
              <th className="num">Revenue</th>
              <th className="num">Units</th>
              {customers && <th className="num">Customers</th>}
              <th className="num" title={SHARE_TITLE[by]}>
                Share
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => (
              <tr key={p.product}>
                <td className="wrap" title={p.product} style={{ maxWidth: 260 }}>
                  {p.description ?? p.product}
                </td>
                <td className="num">{fmtMoney(p.revenue)}</td>
                <td className="num">{fmtInt(p.quantity)}</td>
                {customers && <td className="num">{fmtInt(p.customers)}</td>}
                <td className="num">{fmtPct(by === 'byRevenue' ? p.revenueShare : by === 'byQuantity' ? p.quantityShare : p.customerShare)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}

/** Share (or revenue) of each first-purchase cohort active k months later. */
export function CohortCard({ o }: { o: Overview }) {
  const fmtMoney = useFmtMoney();
  const [version, setVersion] = useState<'retention' | 'revenueRetention'>('retention');
  const cohorts = o.cohorts;
  const width = cohorts.reduce((m, c) => Math.max(m, c.retention.length), 0);
  const z = cohorts.map((c) => Array.from({ length: width }, (_, i) => (i < c.retention.length ? c[version][i]! : null)));
  const text = cohorts.map((c) =>
    Array.from({ length: width }, (_, i) =>
      i < c.retention.length
        ? version === 'retention'
          ? `${fmtInt(c.active[i]!)} of ${fmtInt(c.size)} customers (${fmtPct(c.retention[i]!)})`
          : `${fmtMoney(c.revenue[i]!)} (${fmtPct(c.revenueRetention[i]!)} of month 0)`
        : '',
    ),
  );
  return (
    <Card
      title="Cohort retention"
      hint="first-purchase month × months since"
      testId="ov-cohorts"
      right={
        <Segmented
          value={version}
          options={[
            { value: 'retention', label: 'Customers' },
            { value: 'revenueRetention', label: 'Revenue' },
          ]}
          onChange={setVersion}
          testId="ov-cohort-version"
        />
      }
    >
      <Plot
        height={Math.max(240, cohorts.length * 20 + 60)}
        data={[
          {
            type: 'heatmap',
            z,
            x: Array.from({ length: width }, (_, i) => i),
            y: cohorts.map((c) => c.cohort),
            text,
            hovertemplate: '%{y} +%{x} months: %{text}<extra></extra>',
            colorscale: 'Blues',
            reversescale: true,
            zmin: 0,
            zmax: version === 'retention' ? 1 : undefined,
            texttemplate: cohorts.length <= 14 && width <= 14 ? '%{z:.0%}' : '',
            xgap: 1,
            ygap: 1,
          },
        ]}
        layout={{
          xaxis: { dtick: 1, title: { text: 'months since first purchase' } },
          yaxis: { autorange: 'reversed', type: 'category' },
          margin: { l: 64, r: 10, t: 6, b: 40 },
        }}
      />
    </Card>
  );
}

export function ChurnCard({ o }: { o: Overview }) {
  const data = useMemo(
    () => [
      {
        type: 'bar',
        x: o.churn.map((c) => c.month),
        y: o.churn.map((c) => c.newlyChurned),
        name: 'Newly churned',
        marker: { color: colorOf(3) },
        ...periodBarWidth(
          'month',
          o.churn.map((c) => c.month),
        ),
      },
      {
        type: 'scatter',
        mode: 'lines+markers',
        x: o.churn.map((c) => c.month),
        y: o.churn.map((c) => c.churnRate * 100),
        name: 'Churned share of customers so far',
        yaxis: 'y2',
        line: { color: colorOf(10) },
        hovertemplate: '%{x}: %{y:.1f}%<extra></extra>',
      },
    ],
    [o.churn],
  );
  const last = o.churn[o.churn.length - 1];
  return (
    <Card
      title="Churn per month"
      hint={`no purchase for more than ${o.churnDays} days at the month's end`}
      testId="ov-churn"
      right={last ? <span className="muted">{`${fmtInt(last.churned)} of ${fmtInt(last.customers)} by ${last.asOf}`}</span> : undefined}
    >
      <Plot
        height={260}
        data={data as never}
        layout={{
          showlegend: true,
          legend: { orientation: 'h', y: 1.14, x: 0 },
          xaxis: periodAxis(
            'month',
            o.churn.map((c) => c.month),
          ),
          yaxis: countAxis(Math.max(0, ...o.churn.map((c) => c.newlyChurned))),
          yaxis2: { overlaying: 'y', side: 'right', showgrid: false, ticksuffix: '%', rangemode: 'tozero' },
          margin: { l: 50, r: 44, t: 24, b: 40 },
        }}
      />
    </Card>
  );
}
