import { useShallow } from 'zustand/react/shallow';
import { missingRoles, TIME_GRAINS, type FitResult, type Overview, type TimeGrain } from '../../engine-client/index.ts';
import { setOverviewSettings, setOverviewView } from '../../state/actions/overview.ts';
import type { OverviewScope } from '../../state/slices/overview.ts';
import { useStore } from '../../state/store.ts';
import { useNeeds, useResult } from '../../state/use-result.ts';
import { Card, Empty, Segmented } from '../../ui/components.tsx';
import { fmtInt } from '../../ui/format.ts';
import { BacktestPanel } from './Backtest.tsx';
import {
  ChurnCard,
  CohortCard,
  CountriesCard,
  HeatmapCard,
  KpiRow,
  NewReturningCard,
  SeriesCard,
  TopProductsCard,
  useHasCountries,
  useHasCustomers,
} from './Charts.tsx';
import { GroupsCard } from './Groups.tsx';

const KPI_PERIODS = [7, 30, 90, 365];
const GRAIN_LABEL: Record<TimeGrain, string> = { month: 'Month', week: 'Week', day: 'Day' };

/** "segment:Champions", "cluster:2" or "all": one <option> value per scope. */
function scopeValue(s: OverviewScope): string {
  return s.kind === 'all' ? 'all' : s.kind === 'segment' ? `segment:${s.segment}` : `cluster:${s.cluster}`;
}
function parseScope(v: string): OverviewScope {
  if (v.startsWith('segment:')) return { kind: 'segment', segment: v.slice(8) };
  if (v.startsWith('cluster:')) return { kind: 'cluster', cluster: Number(v.slice(8)) };
  return { kind: 'all' };
}

/** Every segment of the analysis' rules and every cluster known so far (a fitted k, else the k chosen). */
function useScopeOptions(): { value: string; label: string }[] {
  const { rules, k, canSegment } = useStore(
    useShallow((s) => ({
      rules: s.analysis.segments,
      k: s.analysis.clustering.k,
      canSegment: s.dataset !== null && missingRoles(s.dataset.canonical.mapping.mapping, 'rfm').length === 0,
    })),
  );
  const fit = useResult<FitResult>('fit').value;
  if (!canSegment) return [{ value: 'all', label: 'All customers' }];
  const segments = [...rules.segments.map((s) => s.name), rules.fallback];
  const clusters = fit
    ? fit.profiles.map((p) => ({ n: p.cluster + 1, name: p.name }))
    : typeof k === 'number'
      ? Array.from({ length: k }, (_, i) => ({ n: i + 1, name: '' }))
      : [];
  return [
    { value: 'all', label: 'All customers' },
    ...segments.map((s) => ({ value: `segment:${s}`, label: `Segment: ${s}` })),
    ...clusters.map((c) => ({ value: `cluster:${c.n}`, label: `Cluster ${c.n}${c.name ? ` – ${c.name}` : ''}` })),
  ];
}

function Toolbar({ tab, setTab }: { tab: 'business' | 'backtest'; setTab: (t: 'business' | 'backtest') => void }) {
  const { view, churnDays } = useStore(useShallow((s) => ({ view: s.overviewView, churnDays: s.analysis.overview.churnDays })));
  const known = useScopeOptions();
  // A scope the rules no longer have stays selectable, so the error it gives can be read and left.
  const options = known.some((o) => o.value === scopeValue(view.scope))
    ? known
    : [...known, { value: scopeValue(view.scope), label: `${scopeValue(view.scope).replace(':', ': ')} (not defined now)` }];
  const ov = useResult<Overview>('overview');
  const baseMs = useStore((s) => s.results.overviewBase.ms);
  return (
    <Card className="span-all">
      <div className="controls" style={{ gap: 16 }}>
        <Segmented
          value={tab}
          options={[
            { value: 'business', label: 'Business' },
            { value: 'backtest', label: 'As-of back-test' },
          ]}
          onChange={setTab}
          testId="overview-tab"
        />
        {tab === 'business' && (
          <>
            <div className="field" style={{ maxWidth: 280 }}>
              <label htmlFor="ov-scope">Customers</label>
              <select
                id="ov-scope"
                value={scopeValue(view.scope)}
                onChange={(e) => setOverviewView({ scope: parseScope(e.target.value) })}
                data-testid="ov-scope"
              >
                {options.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            </div>
            <div className="field" style={{ minWidth: 0, flex: 'none' }}>
              <span className="field-title">Per</span>
              <Segmented
                value={view.grain}
                options={TIME_GRAINS.map((g) => ({ value: g, label: GRAIN_LABEL[g] }))}
                onChange={(grain) => setOverviewView({ grain })}
                testId="ov-grain"
              />
            </div>
            <div className="field" style={{ maxWidth: 150 }}>
              <label htmlFor="ov-kpi-days">KPI period</label>
              <select id="ov-kpi-days" value={view.kpiDays} onChange={(e) => setOverviewView({ kpiDays: Number(e.target.value) })} data-testid="ov-kpi-days">
                {KPI_PERIODS.map((d) => (
                  <option key={d} value={d}>
                    last {d} days
                  </option>
                ))}
              </select>
            </div>
            <div className="field" style={{ maxWidth: 150 }}>
              <label htmlFor="ov-churn-days">Churned after (days)</label>
              <input
                id="ov-churn-days"
                type="number"
                min={1}
                max={3650}
                value={churnDays}
                onChange={(e) => {
                  const n = Number(e.target.value);
                  if (Number.isInteger(n) && n >= 1 && n <= 3650) setOverviewSettings({ churnDays: n });
                }}
                data-testid="ov-churn-days"
              />
            </div>
            <div style={{ marginLeft: 'auto', textAlign: 'right' }} className="muted" data-testid="ov-status">
              {ov.status === 'running' ? (
                <>
                  <span className="spinner" /> computing…
                </>
              ) : ov.value ? (
                `${fmtInt(ov.value.scope.lines)} lines, ${ov.value.scope.firstDay ?? '–'} to ${ov.value.scope.lastDay ?? '–'}${ov.ms !== null ? ` · ${fmtInt(ov.ms)} ms` : ''}${baseMs !== null ? ` (lines condensed in ${fmtInt(baseMs)} ms)` : ''}`
              ) : (
                ''
              )}
            </div>
          </>
        )}
      </div>
    </Card>
  );
}

/** In the place of the figures that follow customers, when the data has no customer column. */
function NoCustomersCard() {
  return (
    <Card title="Customers over time" testId="ov-no-customers">
      <div className="muted">
        New and returning customers, cohort retention and churn follow customers, and these files have no customer column: map one on the Data screen to see
        them. Revenue, orders, weekdays, countries and products need none.
      </div>
    </Card>
  );
}

function Business() {
  useNeeds('overview-screen', ['overview']);
  const customers = useHasCustomers();
  const countries = useHasCountries();
  const ov = useResult<Overview>('overview');
  const o = ov.value;
  if (ov.status === 'error' && !o)
    return (
      <Empty title="No overview">
        <span data-testid="overview-error">{ov.error}</span>
      </Empty>
    );
  if (!o)
    return (
      <div className="muted" style={{ padding: 20 }}>
        <span className="spinner" /> Computing the overview…
      </div>
    );
  return (
    <div className="grid" data-testid="overview-figures">
      {ov.status === 'error' && <div className="notice bad">{ov.error}</div>}
      <KpiRow o={o} />
      <SeriesCard o={o} />
      <div className="grid split">
        {customers ? <NewReturningCard o={o} /> : <NoCustomersCard />}
        <HeatmapCard o={o} />
      </div>
      {countries ? (
        <div className="grid split">
          <CountriesCard o={o} />
          <TopProductsCard o={o} />
        </div>
      ) : (
        <TopProductsCard o={o} />
      )}
      {customers && (
        <div className="grid split">
          <CohortCard o={o} />
          <ChurnCard o={o} />
        </div>
      )}
      <GroupsCard />
    </div>
  );
}

/** The business at a glance: KPIs, time series, heatmap, countries, products, cohorts, churn; and the as-of back-test. */
export function OverviewScreen() {
  const tab = useStore((s) => s.overviewView.tab);
  const setTab = (t: 'business' | 'backtest') => setOverviewView({ tab: t });
  return (
    <div className="grid" data-testid="overview">
      <Toolbar tab={tab} setTab={setTab} />
      {tab === 'business' ? <Business /> : <BacktestPanel />}
    </div>
  );
}
