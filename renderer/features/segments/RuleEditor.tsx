import { useId, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import {
  FIELDS,
  OPERATORS,
  PRESET_NAMES,
  valueFieldsUsed,
  type Condition,
  type Field,
  type Operator,
  type ScoredRfm,
  type SegmentRuleSet,
} from '../../engine-client/index.ts';
import { colorOf } from '../../charts/palette.ts';
import { setPreset, setRules, setSnapshot } from '../../state/actions/analysis.ts';
import type { SegmentsValue } from '../../state/results.ts';
import { useStore } from '../../state/store.ts';
import { useResult } from '../../state/use-result.ts';
import { Card } from '../../ui/components.tsx';
import { fmtInt, fmtPct } from '../../ui/format.ts';

const FIELD_LABEL: Record<Field, string> = {
  r: 'R',
  f: 'F',
  m: 'M',
  sum: 'R+F+M',
  fm: '(F+M)/2',
  recency_days: 'days since',
  frequency: 'orders',
  monetary: 'spend',
  p_alive: 'P(alive)',
  clv: 'CLV',
};
const PRESET_LABEL: Record<string, string> = { rfm6: 'RFM · 6 segments', sum5: 'Score sum · 5', rfm11: 'RFM · 11 segments', value3: 'Value · 3 tiers' };

function ConditionChip({ c, onChange, onRemove, testId }: { c: Condition; onChange: (c: Condition) => void; onRemove: () => void; testId: string }) {
  const between = c.op === 'between';
  const [lo, hi] = Array.isArray(c.value) ? c.value : [c.value, c.value];
  const num = (s: string) => (s.trim() === '' ? 0 : Number(s));
  return (
    <span className="cond" data-testid={testId}>
      <select value={c.field} onChange={(e) => onChange({ ...c, field: e.target.value as Field })} aria-label="field">
        {FIELDS.map((f) => (
          <option key={f} value={f}>
            {FIELD_LABEL[f]}
          </option>
        ))}
      </select>
      <select
        value={c.op}
        onChange={(e) => {
          const op = e.target.value as Operator;
          onChange({ ...c, op, value: op === 'between' ? [lo, Math.max(lo, hi)] : lo });
        }}
        aria-label="operator"
      >
        {OPERATORS.map((o) => (
          <option key={o} value={o}>
            {o === 'between' ? 'in' : o === '==' ? '=' : o === '!=' ? '≠' : o === '>=' ? '≥' : o === '<=' ? '≤' : o}
          </option>
        ))}
      </select>
      {between ? (
        <>
          <input type="number" value={lo} step="any" onChange={(e) => onChange({ ...c, value: [num(e.target.value), hi] })} aria-label="from" />
          <span className="muted">–</span>
          <input type="number" value={hi} step="any" onChange={(e) => onChange({ ...c, value: [lo, num(e.target.value)] })} aria-label="to" />
        </>
      ) : (
        <input
          type="number"
          value={lo}
          step="any"
          onChange={(e) => onChange({ ...c, value: num(e.target.value) })}
          aria-label="value"
          data-testid={`${testId}-value`}
        />
      )}
      <button type="button" className="x" onClick={onRemove} title="Remove condition">
        ×
      </button>
    </span>
  );
}

export function RuleEditor() {
  const id = useId();
  const rules = useStore((s) => s.analysis.segments);
  const snapshot = useStore((s) => s.analysis.snapshot);
  const seg = useResult<SegmentsValue>('segments');
  const snapshotUsed = useResult<ScoredRfm>('rfm').value?.rfm.snapshot ?? '';
  const summary = seg.value?.summary ?? [];
  const lastApplyMs = seg.status === 'ready' ? seg.ms : null;
  // Rules the engine refuses (impossible, unreachable, a name used twice) keep the last good segments on screen.
  // Rules on P(alive) or CLV wait for the customer-value model: say so, and why when it fails.
  const valueUsed = valueFieldsUsed(rules).join(' and ');
  const valueIssue = useStore(
    useShallow((s) => {
      if (!valueUsed) return null;
      const error = [s.results.valueSummary.error, s.results.value.error].find((e) => e !== null);
      if (error) return { kind: 'invalid' as const, message: `the rules use ${valueUsed}, which the customer-value model gives; it is not computed: ${error}` };
      return s.results.valueColumns.status === 'ready'
        ? null
        : { kind: 'empty' as const, message: `the rules use ${valueUsed}: fitting the customer-value model (Value screen)…` };
    }),
  );
  const issues = useMemo(
    () => [
      ...(seg.status === 'error' && seg.error ? seg.error.split('; ').map((message) => ({ kind: 'invalid' as const, message })) : []),
      ...(valueIssue ? [valueIssue] : []),
      ...(seg.value?.segments.warnings ?? []).map((message) => ({ kind: 'empty' as const, message })),
    ],
    [seg.status, seg.error, seg.value, valueIssue],
  );
  const update = (fn: (r: SegmentRuleSet) => void) => {
    const next = structuredClone(rules);
    fn(next);
    next.name = 'custom';
    setRules(next);
  };
  const countOf = (name: string) => summary.find((r) => r.segment === name);
  const presetValue = PRESET_NAMES.includes(rules.name) ? rules.name : 'custom';
  return (
    <Card
      title="Segment rules"
      hint="first match wins"
      testId="rule-editor"
      flush
      right={
        lastApplyMs !== null ? (
          <span className="muted" style={{ fontSize: 11 }} data-testid="apply-ms">
            applied in {lastApplyMs.toFixed(1)} ms
          </span>
        ) : undefined
      }
    >
      <div style={{ display: 'flex', gap: 10, padding: '12px 12px 10px', borderBottom: '1px solid var(--border)', alignItems: 'flex-end' }}>
        <div className="field" style={{ flex: 1 }}>
          <label htmlFor={`${id}-preset`}>Preset</label>
          <select id={`${id}-preset`} value={presetValue} onChange={(e) => setPreset(e.target.value)} data-testid="preset">
            {PRESET_NAMES.map((p) => (
              <option key={p} value={p}>
                {PRESET_LABEL[p] ?? p}
              </option>
            ))}
            {presetValue === 'custom' && <option value="custom">Custom rules</option>}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-snapshot`}>Snapshot</label>
          <input
            id={`${id}-snapshot`}
            type="date"
            value={snapshot ?? snapshotUsed}
            onChange={(e) => setSnapshot(e.target.value || null)}
            data-testid="snapshot"
          />
        </div>
      </div>
      <div style={{ maxHeight: 'calc(100vh - 330px)', minHeight: 300, overflow: 'auto' }}>
        {rules.segments.map((seg, i) => {
          const row = countOf(seg.name);
          return (
            <div className="seg-rule" key={i} data-testid={`seg-rule-${i}`}>
              <div className="handle">
                <button
                  type="button"
                  disabled={i === 0}
                  onClick={() =>
                    update((r) => {
                      const [x] = r.segments.splice(i, 1);
                      r.segments.splice(i - 1, 0, x!);
                    })
                  }
                  title="Move up"
                >
                  ▲
                </button>
                <button
                  type="button"
                  disabled={i === rules.segments.length - 1}
                  onClick={() =>
                    update((r) => {
                      const [x] = r.segments.splice(i, 1);
                      r.segments.splice(i + 1, 0, x!);
                    })
                  }
                  title="Move down"
                >
                  ▼
                </button>
              </div>
              <span className="swatch" style={{ background: colorOf(i), marginTop: 6 }} />
              <div>
                <input
                  className="seg-name"
                  value={seg.name}
                  onChange={(e) =>
                    update((r) => {
                      r.segments[i]!.name = e.target.value;
                    })
                  }
                  aria-label="segment name"
                />
                <div className="conds">
                  {seg.all.map((c, j) => (
                    <ConditionChip
                      key={j}
                      c={c}
                      testId={`cond-${i}-${j}`}
                      onChange={(nc) =>
                        update((r) => {
                          r.segments[i]!.all[j] = nc;
                        })
                      }
                      onRemove={() =>
                        update((r) => {
                          r.segments[i]!.all.splice(j, 1);
                        })
                      }
                    />
                  ))}
                  <button
                    type="button"
                    className="btn ghost small"
                    onClick={() =>
                      update((r) => {
                        r.segments[i]!.all.push({ field: 'r', op: '>=', value: 3 });
                      })
                    }
                  >
                    + condition
                  </button>
                </div>
              </div>
              <div className="seg-count">
                <span data-testid={`seg-count-${i}`}>{row ? fmtInt(row.customers) : '–'}</span>
                <small>{row ? fmtPct(row.share) : ''}</small>
                <button
                  type="button"
                  className="btn ghost small"
                  style={{ marginTop: 2, color: 'var(--faint)' }}
                  onClick={() =>
                    update((r) => {
                      r.segments.splice(i, 1);
                    })
                  }
                  title="Remove segment"
                >
                  remove
                </button>
              </div>
            </div>
          );
        })}
        <div className="seg-rule" style={{ borderBottom: 0 }}>
          <span />
          <span className="swatch" style={{ background: colorOf(rules.segments.length), marginTop: 6 }} />
          <div>
            <input
              className="seg-name"
              value={rules.fallback}
              onChange={(e) =>
                update((r) => {
                  r.fallback = e.target.value;
                })
              }
              aria-label="fallback name"
            />
            <div className="muted" style={{ fontSize: 12, padding: '2px 4px' }}>
              everyone else
            </div>
          </div>
          <div className="seg-count">
            <span data-testid="seg-count-fallback">{countOf(rules.fallback) ? fmtInt(countOf(rules.fallback)!.customers) : '–'}</span>
            <small>{countOf(rules.fallback) ? fmtPct(countOf(rules.fallback)!.share) : ''}</small>
          </div>
        </div>
      </div>
      <div style={{ padding: 12, borderTop: '1px solid var(--border)' }} className="stack">
        <button
          type="button"
          className="btn small"
          onClick={() =>
            update((r) => {
              r.segments.push({ name: `Segment ${r.segments.length + 1}`, all: [{ field: 'sum', op: '>=', value: 12 }] });
            })
          }
          data-testid="add-segment"
        >
          + Add segment
        </button>
        {issues.map((x, k) => (
          <div key={k} className={`notice ${x.kind === 'invalid' ? 'bad' : 'warn'}`} data-testid="rule-issue">
            {x.message}
          </div>
        ))}
      </div>
    </Card>
  );
}
