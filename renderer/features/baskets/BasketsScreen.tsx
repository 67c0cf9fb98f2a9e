import { useId, useMemo, useState } from 'react';
import {
  anonymousBasketWarnings,
  basketItem,
  basketKey,
  clusterLabel,
  floorSupport,
  sentence,
  supportFloorWarning,
  type BasketRestriction,
  type CleaningReport,
  type FitResult,
  type MineResult,
} from '../../engine-client/index.ts';
import { toggleRule } from '../../state/actions/data.ts';
import { Plot } from '../../charts/Plot.tsx';
import { chartTheme } from '../../charts/palette.ts';
import { setBasketParams } from '../../state/actions/analysis.ts';
import type { BasketsValue, SegmentsValue } from '../../state/results.ts';
import { useStore } from '../../state/store.ts';
import { useNeeds, useResult } from '../../state/use-result.ts';
import { Card, Kpi, Segmented } from '../../ui/components.tsx';
import { fmt2, fmtInt, fmtPct } from '../../ui/format.ts';
import { openDrill } from '../drilldown/open.ts';

export const SUPPORT_STEPS = [0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.05, 0.075, 0.1];

function nearestStep(v: number): number {
  let best = 0;
  SUPPORT_STEPS.forEach((s, i) => {
    if (Math.abs(Math.log(s / v)) < Math.abs(Math.log(SUPPORT_STEPS[best]! / v))) best = i;
  });
  return best;
}

interface RuleView {
  i: number;
  ant: string;
  cons: string;
  antNames: string;
  consNames: string;
  support: number;
  confidence: number;
  lift: number;
  count: number;
}

type SortKey = 'lift' | 'confidence' | 'support' | 'count';

function restrictionValue(r: BasketRestriction): string {
  return r.kind === 'all' ? 'all' : r.kind === 'segment' ? `segment:${r.segment}` : `cluster:${r.cluster}`;
}

function restrictionOf(v: string): BasketRestriction {
  if (v === 'all') return { kind: 'all' };
  const [kind, ...rest] = v.split(':');
  return kind === 'segment' ? { kind: 'segment', segment: rest.join(':') } : { kind: 'cluster', cluster: Number(rest[0]) };
}

function Controls() {
  const id = useId();
  const b = useStore((st) => st.analysis.baskets);
  const summary = useResult<SegmentsValue>('segments').value?.summary ?? [];
  // Clusters are offered once they have been fitted (on the Clusters screen); mining never fits them by itself.
  const profiles = useResult<FitResult>('fit').value?.profiles ?? [];
  const mapping = useStore((st) => st.dataset?.canonical.mapping.mapping);
  // What the baskets are made of, as mined: without an invoice or SKU column, visits and names.
  const s = { ...b, basketBy: mapping ? basketKey(b, mapping) : b.by, itemBy: mapping ? basketItem(b, mapping) : b.item, summary, profiles };
  const restrictValue = restrictionValue(s.restrict);
  return (
    <Card className="span-all">
      <div className="controls">
        <div className="field">
          <label htmlFor="min-support">
            Min support <b data-testid="min-support-value">{fmtPct(s.minSupport, s.minSupport < 0.01 ? 2 : 1)}</b>
          </label>
          <input
            id="min-support"
            type="range"
            min={0}
            max={SUPPORT_STEPS.length - 1}
            step={1}
            value={nearestStep(s.minSupport)}
            onChange={(e) => setBasketParams({ minSupport: SUPPORT_STEPS[Number(e.target.value)]! })}
            data-testid="min-support"
          />
        </div>
        <div className="field">
          <label htmlFor="min-confidence">
            Min confidence <b>{fmtPct(s.minConfidence, 0)}</b>
          </label>
          <input
            id="min-confidence"
            type="range"
            min={0}
            max={1}
            step={0.05}
            value={s.minConfidence}
            onChange={(e) => setBasketParams({ minConfidence: Number(e.target.value) })}
            data-testid="min-confidence"
          />
        </div>
        <div className="field">
          <label htmlFor="min-lift">
            Min lift <b>{s.minLift.toFixed(1)}</b>
          </label>
          <input
            id="min-lift"
            type="range"
            min={0}
            max={20}
            step={0.5}
            value={s.minLift}
            onChange={(e) => setBasketParams({ minLift: Number(e.target.value) })}
            data-testid="min-lift"
          />
        </div>
        <div className="field" style={{ maxWidth: 110, minWidth: 90 }}>
          <label htmlFor="max-len">Max items</label>
          <select id="max-len" value={s.maxLen} onChange={(e) => setBasketParams({ maxLen: Number(e.target.value) })} data-testid="max-len">
            {[2, 3, 4, 5, 6].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-restrict`}>Customers</label>
          <select
            id={`${id}-restrict`}
            value={restrictValue}
            data-testid="restrict"
            onChange={(e) => setBasketParams({ restrict: restrictionOf(e.target.value) })}
          >
            <option value="all">All customers</option>
            <optgroup label="Segment">
              {s.summary.map((r) => (
                <option key={r.segment} value={`segment:${r.segment}`}>
                  {r.segment}
                </option>
              ))}
            </optgroup>
            {s.profiles.length > 0 && (
              <optgroup label="Cluster">
                {s.profiles.map((p) => (
                  <option key={p.cluster} value={`cluster:${p.cluster + 1}`}>
                    {clusterLabel(p.cluster, p.name)}
                  </option>
                ))}
              </optgroup>
            )}
          </select>
        </div>
        <div className="field" style={{ minWidth: 360, flex: 'none' }}>
          <span className="field-title">Basket · item</span>
          <div style={{ display: 'flex', gap: 6 }}>
            <Segmented
              value={s.basketBy}
              onChange={(v) => setBasketParams({ by: v })}
              testId="basket-by"
              options={[
                { value: 'invoice', label: 'Invoice' },
                { value: 'customer', label: 'Customer', title: 'everything a customer ever bought' },
                { value: 'visit', label: 'Visit', title: 'a customer’s purchases on one day' },
              ]}
            />
            <Segmented
              value={s.itemBy}
              onChange={(v) => setBasketParams({ item: v })}
              options={[
                { value: 'sku', label: 'SKU' },
                { value: 'description', label: 'Name' },
              ]}
            />
          </div>
        </div>
      </div>
    </Card>
  );
}

function useRules(m: MineResult | undefined, b: BasketsValue | undefined): RuleView[] {
  return useMemo(() => {
    if (!m || !b) return [];
    const r = m.rules,
      labels = b.itemLabels;
    const out: RuleView[] = [];
    const join = (arr: ArrayLike<number>, names: readonly string[]) => Array.from(arr, (c) => names[c] ?? `#${c}`).join(' + ');
    for (let i = 0; i < r.n; i++) {
      const ant = r.antecedentItems.subarray(r.antecedentOffsets[i]!, r.antecedentOffsets[i + 1]!);
      out.push({
        i,
        ant: join(ant, labels),
        cons: labels[r.consequent[i]!] ?? '',
        antNames: join(ant, b.itemNames),
        consNames: b.itemNames[r.consequent[i]!] ?? '',
        support: r.support[i]!,
        confidence: r.confidence[i]!,
        lift: r.lift[i]!,
        count: r.count[i]!,
      });
    }
    return out;
  }, [m, b]);
}

export function BasketsScreen() {
  useNeeds('baskets-screen', ['mined', 'segments', 'report']);
  const mined = useResult<MineResult>('mined');
  // Anonymous lines (a till's receipts) feed no basket while missing_customer is on: said, with the way out.
  const report = useResult<CleaningReport>('report').value;
  const cleaningRules = useStore((s) => s.analysis.cleaning.rules);
  const anonymous = report ? anonymousBasketWarnings(report, cleaningRules) : [];
  const baskets = useResult<BasketsValue>('baskets');
  const minSupport = useStore((s) => s.analysis.baskets.minSupport);
  const theme = useStore((s) => s.theme);
  const { status, progress, ms } = mined;
  const error = mined.error ?? baskets.error;
  const rules = useRules(mined.value, baskets.value);
  const [sort, setSort] = useState<SortKey>('lift');
  const [filter, setFilter] = useState('');
  const shown = useMemo(() => {
    const f = filter.trim().toLowerCase();
    const list = f ? rules.filter((r) => `${r.ant} ${r.cons} ${r.antNames} ${r.consNames}`.toLowerCase().includes(f)) : rules;
    return [...list].sort((a, b) => b[sort] - a[sort]).slice(0, 300);
  }, [rules, sort, filter]);
  const m = mined.value;
  // Under the floor (a rule on one purchase): said, with a minimum support that needs two baskets.
  const belowFloor = m ? supportFloorWarning(m, minSupport) : null;
  const floor = m ? floorSupport(m.nBaskets) : null;
  const scatter = useMemo(
    () => [
      {
        type: 'scatter',
        mode: 'markers',
        x: rules.map((r) => r.support),
        y: rules.map((r) => r.confidence),
        text: rules.map((r) => `${r.antNames} → ${r.consNames}<br>lift ${r.lift.toFixed(2)}`),
        hovertemplate: '%{text}<br>support %{x:.3%} · confidence %{y:.0%}<extra></extra>',
        marker: {
          color: rules.map((r) => r.lift),
          colorscale: chartTheme(theme).sequential,
          size: 7,
          opacity: 0.8,
          colorbar: { title: { text: 'lift', side: 'right' }, thickness: 10, outlinewidth: 0 },
        },
      },
    ],
    [rules, theme],
  );
  const th = (key: SortKey, label: string) => (
    <th className="num sortable" onClick={() => setSort(key)} data-testid={`sort-${key}`}>
      {label}
      {sort === key ? ' ↓' : ''}
    </th>
  );
  return (
    <div className="grid split wide-right">
      <Controls />
      {error && <div className="notice bad span-all">{error}</div>}
      {anonymous.map((w) => (
        <div key={w} className="notice info span-all" data-testid="baskets-anonymous">
          <span>{w}.</span>
          <button type="button" className="btn small" style={{ marginLeft: 'auto' }} onClick={() => void toggleRule('missing_customer')}>
            Turn the rule off
          </button>
        </div>
      ))}
      {m?.truncated && (
        <div className="notice warn span-all" data-testid="truncated">
          <span>
            These thresholds would produce too much output: {m.truncatedReason ?? 'results were capped'}.
            {m.suggestedMinSupport !== null && (
              <>
                {' '}
                Try a min support of <b>{fmtPct(m.suggestedMinSupport, 2)}</b>.
              </>
            )}
          </span>
          {m.suggestedMinSupport !== null && (
            <button
              type="button"
              className="btn small"
              style={{ marginLeft: 'auto' }}
              onClick={() => setBasketParams({ minSupport: Math.max(minSupport, m.suggestedMinSupport!) })}
            >
              Use it
            </button>
          )}
        </div>
      )}
      {belowFloor && (
        <div className="notice warn span-all" data-testid="support-floor">
          <span>{sentence(belowFloor)}</span>
          {floor !== null && (
            <button type="button" className="btn small" style={{ marginLeft: 'auto' }} onClick={() => setBasketParams({ minSupport: floor })}>
              Use {fmtPct(floor, Math.max(1, -Math.floor(Math.log10(floor)) - 1))}
            </button>
          )}
        </div>
      )}
      <div className="grid cols-4 span-all" style={{ gridTemplateColumns: 'repeat(4, minmax(0, 1fr))' }}>
        <Kpi label="Baskets" value={m ? fmtInt(m.nBaskets) : '–'} sub={m ? `${fmtInt(m.nItems)} distinct items` : undefined} testId="kpi-baskets" />
        <Kpi
          label="Frequent itemsets"
          value={m ? fmtInt(m.itemsets.n) : '–'}
          sub={m ? `in ≥ ${fmtInt(m.minCount)} baskets` : undefined}
          testId="kpi-itemsets"
        />
        <Kpi
          label="Rules"
          value={m ? fmtInt(m.rules.n) : '–'}
          sub={status === 'running' ? `mining… ${progress ? fmtPct(progress.fraction, 0) : ''}` : ms !== null ? `mined in ${fmtInt(ms)} ms` : undefined}
          testId="kpi-rules"
        />
        <Kpi
          label="Best lift"
          value={rules.length ? rules.reduce((x, r) => Math.max(x, r.lift), 0).toFixed(1) : '–'}
          sub={rules[0] ? `${rules[0].antNames.slice(0, 28)} → …` : undefined}
        />
      </div>
      <Card title="Support × confidence" hint="colour = lift">
        <Plot
          height={340}
          data={scatter}
          timed="baskets"
          testId="rules-scatter"
          layout={{
            // Two decimals, trailing zeros trimmed ("~"): rules close together put ticks 0.5% apart
            // (Groceries' supports 0.1% apart), which fewer decimals would write twice ("44%", "44%").
            // Without rules Plotly would span -100%..400%: the axes keep the ranges rules could take.
            xaxis: {
              title: { text: 'support' },
              tickformat: '.2~%',
              ...(rules.length ? {} : { range: [0, Math.max(2 * minSupport, 0.001)] }),
            },
            yaxis: { title: { text: 'confidence' }, tickformat: '.2~%', ...(rules.length ? {} : { range: [0, 1] }) },
            ...(rules.length
              ? {}
              : {
                  annotations: [
                    {
                      text: status === 'running' ? 'Mining…' : 'No rules at these thresholds',
                      xref: 'paper',
                      yref: 'paper',
                      x: 0.5,
                      y: 0.5,
                      showarrow: false,
                    },
                  ],
                }),
            margin: { l: 54, r: 10, t: 6, b: 44 },
          }}
        />
      </Card>
      <Card
        title="Rules"
        hint={`${fmtInt(shown.length)} of ${fmtInt(rules.length)} shown`}
        flush
        testId="rules-table"
        right={
          <input
            type="search"
            placeholder="Filter by product…"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            data-testid="rule-filter"
            style={{ width: 200 }}
          />
        }
      >
        <div style={{ maxHeight: 372, overflow: 'auto' }}>
          <table className="table compact">
            <thead>
              <tr>
                <th>If a basket has…</th>
                <th>…it also has</th>
                {th('support', 'Support')}
                {th('confidence', 'Conf.')}
                {th('lift', 'Lift')}
                {th('count', 'Baskets')}
              </tr>
            </thead>
            <tbody>
              {shown.map((r) => (
                <tr
                  key={r.i}
                  className="clickable"
                  onClick={() => openDrill({ kind: 'rule', rule: r.i })}
                  title="Who bought the first part and not yet the second"
                  data-testid={`rule-row-${r.i}`}
                >
                  <td className="wrap" title={r.ant} style={{ maxWidth: 260 }}>
                    {r.antNames}
                  </td>
                  <td className="wrap" title={r.cons} style={{ maxWidth: 220 }}>
                    {r.consNames}
                  </td>
                  <td className="num">{fmtPct(r.support, 2)}</td>
                  <td className="num">{fmtPct(r.confidence, 0)}</td>
                  <td className="num">
                    <b>{fmt2(r.lift)}</b>
                  </td>
                  <td className="num">{fmtInt(r.count)}</td>
                </tr>
              ))}
              {shown.length === 0 && (
                <tr>
                  <td colSpan={6} className="muted" style={{ textAlign: 'center', padding: 30 }}>
                    {status === 'running' ? 'Mining…' : 'No rules at these thresholds — lower min support or confidence.'}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      </Card>
    </div>
  );
}
