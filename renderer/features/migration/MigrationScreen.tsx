import { useId, useMemo } from 'react';
import { addDays, campaignNeeds, cellCustomers, type AsOfMigration, type OverviewBase, type ScoredRfm } from '../../engine-client/index.ts';
import { Plot } from '../../charts/Plot.tsx';
import { colorOf } from '../../charts/palette.ts';
import { useStore } from '../../state/store.ts';
import { useFmtMoney } from '../../state/use-money.ts';
import { useNeeds, useResult } from '../../state/use-result.ts';
import { Card, Empty, Segmented } from '../../ui/components.tsx';
import { fmtInt } from '../../ui/format.ts';
import { exportCell } from './export-cell.ts';
import { migrationDates, setMigrationView, useMigrationView } from './migration-result.ts';

/** Customers shown under a selected cell (the export writes all of them). */
const LIST_ROWS = 200;

function Dates() {
  const id = useId();
  const snapshot = useResult<ScoredRfm>('rfm').value?.rfm.snapshot;
  const firstDay = useResult<OverviewBase>('overviewBase').value?.firstDay;
  const view = useMigrationView();
  const dates = migrationDates(snapshot, view, firstDay);
  // The first date with customers before it: the day after the first line's.
  const min = firstDay ? addDays(firstDay, 1) : undefined;
  return (
    <div className="controls" style={{ gap: 14 }}>
      <div className="field" style={{ flex: 'none' }}>
        <label htmlFor={`${id}-from`}>Before (as of)</label>
        <input
          id={`${id}-from`}
          type="date"
          value={dates?.from ?? ''}
          min={min}
          onChange={(e) => setMigrationView({ from: e.target.value || null })}
          data-testid="migration-from"
        />
        {dates?.lastRun && (
          <span className="muted" style={{ fontSize: 11 }} data-testid="migration-from-last-run">
            the last run's snapshot
          </span>
        )}
      </div>
      <div className="field" style={{ flex: 'none' }}>
        <label htmlFor={`${id}-to`}>After (as of)</label>
        <input
          id={`${id}-to`}
          type="date"
          value={dates?.to ?? ''}
          min={min}
          onChange={(e) => setMigrationView({ to: e.target.value || null })}
          data-testid="migration-to"
        />
      </div>
    </div>
  );
}

function Matrix({ m }: { m: AsOfMigration }) {
  const { measure, cell } = useMigrationView();
  const money = useFmtMoney();
  const values = measure === 'customers' ? m.customers : m.revenue;
  const show = (x: number) => (measure === 'customers' ? fmtInt(x) : money(x));
  const rowTotal = (i: number) => values[i]!.reduce((a, b) => a + b, 0);
  const colTotal = (j: number) => values.reduce((a, r) => a + r[j]!, 0);
  return (
    <div className="table-wrap">
      <table className="table compact matrix" data-testid="migration-matrix">
        <thead>
          <tr>
            <th className="wrap">before ↓ / after →</th>
            {m.after.map((s) => (
              <th key={s} className="num wrap">
                {s}
              </th>
            ))}
            <th className="num">total</th>
          </tr>
        </thead>
        <tbody>
          {m.before.map((s, i) => (
            <tr key={s}>
              <th className="wrap">{s}</th>
              {m.after.map((t, j) => {
                const selected = cell?.[0] === i && cell?.[1] === j;
                return (
                  <td key={t} className="num">
                    <button
                      type="button"
                      className={`btn small${i === j ? '' : ' ghost'}`}
                      aria-pressed={selected}
                      style={selected ? { outline: '2px solid currentColor', outlineOffset: 1 } : undefined}
                      disabled={m.customers[i]![j] === 0}
                      onClick={() => setMigrationView({ cell: [i, j] })}
                      data-testid={`migration-cell-${i}-${j}`}
                      title={`${s} → ${t}`}
                    >
                      {show(values[i]![j]!)}
                    </button>
                  </td>
                );
              })}
              <td className="num">{show(rowTotal(i))}</td>
            </tr>
          ))}
          <tr>
            <th>total</th>
            {m.after.map((t, j) => (
              <td key={t} className="num">
                {show(colTotal(j))}
              </td>
            ))}
            <td className="num" data-testid="migration-total">
              {show(values.flat().reduce((a, b) => a + b, 0))}
            </td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}

/** Before segments on the left, after segments on the right; a link per non-empty cell. */
function Sankey({ m }: { m: AsOfMigration }) {
  const measure = useMigrationView((v) => v.measure);
  const data = useMemo(() => {
    const values = measure === 'customers' ? m.customers : m.revenue;
    const source: number[] = [];
    const target: number[] = [];
    const value: number[] = [];
    values.forEach((r, i) =>
      r.forEach((x, j) => {
        if (m.customers[i]![j]! > 0 && x > 0) source.push(i), target.push(m.before.length + j), value.push(x);
      }),
    );
    const labels = [...m.before, ...m.after];
    const colour = (s: string) => colorOf(Math.max(0, m.before.indexOf(s) >= 0 ? m.before.indexOf(s) : m.after.indexOf(s)));
    return [
      {
        type: 'sankey' as const,
        arrangement: 'snap' as const,
        node: { label: labels, pad: 12, thickness: 14, color: labels.map(colour) },
        link: { source, target, value, color: source.map((s) => `${colorOf(s)}55`) },
      },
    ];
  }, [m, measure]);
  return <Plot data={data as never} height={Math.max(300, m.before.length * 44)} layout={{ margin: { l: 8, r: 8, t: 8, b: 8 } }} testId="migration-sankey" />;
}

function CellList({ m }: { m: AsOfMigration }) {
  const cell = useMigrationView((v) => v.cell);
  const money = useFmtMoney();
  const e = useStore((s) => s.analysis.export);
  const needs = campaignNeeds(e);
  useNeeds('migration-export', [...(needs.profiles ? ['profiles' as const] : []), ...(needs.nextBest ? ['nextBest' as const] : [])]);
  const ids = useMemo(() => (cell ? cellCustomers(m, cell[0], cell[1]) : []), [m, cell]);
  if (!cell) return <Empty title="Click a cell">its customers are listed here, and can be exported as a campaign list.</Empty>;
  const [i, j] = cell;
  const spendOf = new Map(m.customerIds.map((id, k) => [id, m.spend[k]!]));
  return (
    <div className="stack" style={{ gap: 10 }}>
      <div style={{ display: 'flex', gap: 10, alignItems: 'center' }}>
        <b data-testid="migration-cell-title">
          {m.before[i]} → {m.after[j]}: {fmtInt(ids.length)} customers
        </b>
        <span className="spacer" />
        <button type="button" className="btn primary" onClick={() => void exportCell(m, i, j)} data-testid="migration-export-btn">
          Export campaign list
        </button>
      </div>
      <div className="table-wrap" style={{ maxHeight: 320 }}>
        <table className="table" data-testid="migration-cell-list">
          <thead>
            <tr>
              <th>customer</th>
              <th className="num">spend between</th>
            </tr>
          </thead>
          <tbody>
            {ids.slice(0, LIST_ROWS).map((id) => (
              <tr key={id}>
                <td className="mono">{id}</td>
                <td className="num">{money(spendOf.get(id) ?? 0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {ids.length > LIST_ROWS && (
        <div className="muted">
          First {LIST_ROWS} of {fmtInt(ids.length)}; the export has them all.
        </div>
      )}
    </div>
  );
}

export function MigrationScreen() {
  useNeeds('migration-screen', ['migration']);
  const r = useResult<AsOfMigration>('migration');
  const measure = useMigrationView((v) => v.measure);
  const m = r.value;
  return (
    <div className="grid">
      <Card
        title="Segment migration"
        hint={
          m ? `${m.rules}: ${fmtInt(m.stayed)} stayed · ${fmtInt(m.moved)} moved · ${fmtInt(m.added)} new · ${fmtInt(m.lost)} gone` : 'segments at two dates'
        }
        right={
          <Segmented
            value={measure}
            onChange={(v) => setMigrationView({ measure: v })}
            options={[
              { value: 'customers', label: 'Customers' },
              { value: 'revenue', label: 'Revenue' },
            ]}
            testId="migration-measure"
          />
        }
        testId="migration-card"
      >
        <div className="stack" style={{ gap: 12 }}>
          <Dates />
          <div className="muted">
            Segments at each date from the lines before it (snapshot = that date), with the analysis' rules. Revenue: what the customers spent from the first
            date to the day before the second. (new): no purchase before the first date; (gone): scored then, not at the second.
          </div>
          {r.error && <div className="notice bad">{r.error}</div>}
          {m ? <Matrix m={m} /> : !r.error && <div className="muted">computing…</div>}
        </div>
      </Card>
      {m && (
        <div className="grid split" style={{ alignItems: 'start' }}>
          <Card title="Flows" hint={measure}>
            <Sankey m={m} />
          </Card>
          <Card title="Customers in the cell" testId="migration-cell">
            <CellList m={m} />
          </Card>
        </div>
      )}
    </div>
  );
}
