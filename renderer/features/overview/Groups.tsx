import { useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Plot } from '../../charts/Plot.tsx';
import { colorOf } from '../../charts/palette.ts';
import { periodAxis } from '../../charts/period-axis.ts';
import { setOverviewView } from '../../state/actions/overview.ts';
import type { GroupsValue } from '../../state/results-overview.ts';
import { useStore } from '../../state/store.ts';
import { useFmtMoney } from '../../state/use-money.ts';
import { useNeeds, useResult } from '../../state/use-result.ts';
import { Card, Segmented } from '../../ui/components.tsx';
import { fmtPct } from '../../ui/format.ts';

/** Spend over time and top products of every segment (or cluster) side by side; computed once opened. */
function GroupsBody() {
  useNeeds('overview-groups', ['overviewGroups']);
  const fmtMoney = useFmtMoney();
  const g = useResult<GroupsValue>('overviewGroups');
  const b = g.value;
  const { groups, series } = useMemo(() => {
    const present = new Set((b?.spend ?? []).map((r) => r.group));
    const names = (b?.order ?? []).filter((g) => present.has(g));
    return {
      groups: names,
      series: names.map((name, i) => {
        const pts = (b?.spend ?? []).filter((p) => p.group === name);
        return { type: 'scatter', mode: 'lines', name, x: pts.map((p) => p.period), y: pts.map((p) => p.revenue), line: { color: colorOf(i), width: 2 } };
      }),
    };
  }, [b]);
  if (g.status === 'error') return <div className="notice bad">{g.error}</div>;
  if (!b)
    return (
      <div className="muted">
        <span className="spinner" /> {g.progress ? `computing ${Math.round(g.progress.fraction * 100)}%` : 'computing…'}
      </div>
    );
  return (
    <div className="grid cols-2" data-testid="ov-groups-figures">
      <Plot
        height={300}
        data={series as never}
        layout={{
          showlegend: true,
          legend: { orientation: 'h', y: -0.25, x: 0 },
          xaxis: periodAxis(b.grain, [...new Set(b.spend.map((p) => p.period))]),
          yaxis: { title: { text: `revenue per ${b.grain}` } },
          margin: { l: 60, r: 10, t: 6, b: 40 },
        }}
      />
      <div className="table-wrap" style={{ maxHeight: 320 }}>
        <table className="table">
          <thead>
            <tr>
              <th>Group</th>
              <th>Top products by revenue</th>
              <th className="num">Revenue</th>
              <th className="num">Share</th>
            </tr>
          </thead>
          <tbody>
            {[...b.topProducts]
              .sort((x, y) => groups.indexOf(x.group) - groups.indexOf(y.group) || x.rank - y.rank)
              .map((p) => (
                <tr key={`${p.group}|${p.rank}`}>
                  <td>
                    {p.rank === 1 && (
                      <>
                        <span className="swatch" style={{ background: colorOf(groups.indexOf(p.group)) }} />
                        {p.group}
                      </>
                    )}
                  </td>
                  <td className="wrap" title={p.product} style={{ maxWidth: 220 }}>
                    {p.description ?? p.product}
                  </td>
                  <td className="num">{fmtMoney(p.revenue)}</td>
                  <td className="num">{fmtPct(p.revenueShare)}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

export function GroupsCard() {
  const [open, setOpen] = useState(false);
  const { groups } = useStore(useShallow((s) => ({ groups: s.overviewView.groups })));
  return (
    <Card
      title="Per segment"
      hint="spend over time and top products of each group"
      testId="ov-groups"
      right={
        <>
          <Segmented
            value={groups}
            options={[
              { value: 'segment', label: 'Segments' },
              { value: 'cluster', label: 'Clusters' },
            ]}
            onChange={(v) => setOverviewView({ groups: v })}
          />
          <button type="button" className="btn small" onClick={() => setOpen(!open)} data-testid="ov-groups-toggle">
            {open ? 'Hide' : 'Show'}
          </button>
        </>
      }
    >
      {open ? <GroupsBody /> : <div className="muted">Segments (or clusters) are computed when you open this.</div>}
    </Card>
  );
}
