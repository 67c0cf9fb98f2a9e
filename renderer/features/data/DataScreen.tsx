import {
  sentence,
  CLEANING_RULES,
  amountWords,
  countedFigures,
  IMPLAUSIBLE_KINDS,
  RULE_DESCRIPTIONS,
  ROLES,
  implausibleWarnings,
  missingRoles,
  customerNameColumns,
  noCustomerInLayout,
  summaryReportIs,
  ORDERS_NEEDED,
  nonProductWarnings,
  returnsShareWarnings,
  orderStatusOf,
  namesNoSale,
  type CleaningReport,
  type ImplausibleKind,
  type Role,
} from '../../engine-client/index.ts';
import { DETECT, describeMapping, forgetRememberedMapping, setCleaning, setImplausible, setMapping, setMinDate, toggleRule } from '../../state/actions/data.ts';
import { useNeeds, useResult } from '../../state/use-result.ts';
import { useId, useState } from 'react';
import { useStore } from '../../state/store.ts';
import { Card, Confidence, Kpi, Segmented, Switch } from '../../ui/components.tsx';
import { useFmtMoney } from '../../state/use-money.ts';
import { fmtDate, fmtInt, fmtPct } from '../../ui/format.ts';
import { Preview } from './Preview.tsx';
import { DatesFact, FormatFacts, NumbersFact, OrdersFact, SourceNotices } from './SourceFacts.tsx';
import { Welcome } from './Welcome.tsx';

const ROLE_LABEL: Record<Role, string> = {
  invoice: 'Invoice',
  customer: 'Customer',
  date: 'Date',
  time: 'Time of day',
  sku: 'SKU',
  description: 'Description',
  quantity: 'Quantity',
  unit_price: 'Unit price',
  line_total: 'Line total',
  country: 'Country',
  email: 'Email',
  category: 'Category',
  first_name: 'First name',
  last_name: 'Last name',
  full_name: 'Full name',
  phone: 'Phone',
  city: 'City',
  postcode: 'Postcode',
};
const REQUIRED: Partial<Record<Role, string>> = {
  invoice: 'required',
  date: 'required',
  customer: 'for RFM',
  time: 'read with the date',
  sku: 'sku or description',
  quantity: 'for revenue',
  unit_price: 'for revenue',
};

/**
 * The cleaning report shown: computed after a load's segments (results.ts), so undefined until
 * then; after a re-clean the previous one stays shown while the new one computes (`updating`).
 */
function useReport(): { report: CleaningReport | undefined; updating: boolean } {
  const r = useResult<CleaningReport>('report');
  const recleaning = useStore((s) => s.recleaning);
  return { report: r.value, updating: recleaning || r.status === 'running' };
}

/** The report's figures are being computed: the cards keep their layout, the figures wait. */
const PENDING = (
  <span className="muted" data-testid="report-pending">
    <span className="spinner" /> counting…
  </span>
);

function Kpis() {
  const fmtMoney = useFmtMoney();
  const r = useReport().report;
  const mapping = useStore((s) => s.dataset?.canonical.mapping.mapping);
  const counted = countedFigures(mapping ?? {});
  if (!r)
    return (
      <div className="grid cols-5" data-testid="kpis" data-pending="">
        {['Lines kept', 'Customers', 'Invoices', 'Revenue', 'Date range'].map((label) => (
          <Kpi key={label} label={label} value={PENDING} />
        ))}
      </div>
    );
  return (
    <div className="grid cols-5" data-testid="kpis">
      <Kpi
        label="Lines kept"
        value={fmtInt(r.rows_kept)}
        sub={`of ${fmtInt(r.rows_read)} read (${fmtPct(r.rows_read ? r.rows_kept / r.rows_read : 0)})`}
        testId="kpi-lines"
      />
      {/* A count the mapping cannot give is no count (not 0): the notice above says which column to map. */}
      <Kpi
        label="Customers"
        value={counted.customers ? fmtInt(r.customers) : '–'}
        sub={counted.customers ? undefined : 'no customer column'}
        testId="kpi-customers"
      />
      <Kpi
        label="Invoices"
        value={counted.orders ? fmtInt(r.invoices) : '–'}
        sub={counted.products ? `${fmtInt(r.products)} products` : 'no product column'}
        testId="kpi-invoices"
      />
      <Kpi
        label="Revenue"
        value={counted.revenue ? fmtMoney(r.revenue) : '–'}
        sub={!counted.revenue ? 'no price or amount column' : mapping ? amountWords(mapping) : undefined}
        testId="kpi-revenue"
      />
      <Kpi
        label="Date range"
        value={
          // Each date stays whole; a narrow card breaks the line at the arrow instead of overflowing.
          <span style={{ fontSize: 15 }}>
            <span style={{ whiteSpace: 'nowrap' }}>{fmtDate(r.date_min)} →</span> <span style={{ whiteSpace: 'nowrap' }}>{fmtDate(r.date_max)}</span>
          </span>
        }
        sub={r.date_min && r.date_max ? `${Math.round((Date.parse(r.date_max) - Date.parse(r.date_min)) / 86_400_000) + 1} days` : undefined}
        testId="kpi-dates"
      />
    </div>
  );
}

function Files() {
  const ds = useStore((s) => s.dataset!);
  const report = useReport().report;
  const perFile = report ? new Map(report.per_file.map((p) => [p.file, p])) : null;
  return (
    <Card
      title="Files & format"
      hint={`${ds.sources.length} file${ds.sources.length > 1 ? 's' : ''}${ds.copies ? ` read, ${ds.copies.length} left out as ${ds.copies.length > 1 ? 'copies' : 'a copy'}` : ''}`}
      testId="files"
    >
      <dl className="meta-list" data-testid="format">
        <FormatFacts ds={ds} />
        <DatesFact ds={ds} />
        <NumbersFact ds={ds} />
        <OrdersFact ds={ds} />
      </dl>
      <div style={{ maxHeight: 150, overflow: 'auto', marginTop: 12, border: '1px solid var(--border)', borderRadius: 6 }}>
        <table className="table">
          <thead>
            <tr>
              <th>File</th>
              {/* Baskets are read a row per item (basket-lines.ts, item-matrix.ts). */}
              <th className="num">{ds.sources.every((s) => s.basketStarts) ? 'Items' : 'Lines'}</th>
              <th className="num">Kept</th>
            </tr>
          </thead>
          <tbody>
            {ds.sources.map((s) => (
              <tr key={s.name}>
                <td className="mono" title={s.name}>
                  {s.name}
                </td>
                {/* Lines as read (total, summary and blank rows left out), once the report has them. */}
                <td className="num">{fmtInt(perFile ? (perFile.get(s.name)?.rows_read ?? 0) : s.rows)}</td>
                <td className="num">{perFile ? fmtInt(perFile.get(s.name)?.rows_kept ?? 0) : '…'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <SourceNotices ds={ds} />
    </Card>
  );
}

/**
 * The gate before scoring: what RFM and baskets still need, with the columns not yet used as
 * candidates. Until RFM's roles are mapped the Segments, Clusters and Export screens stay shut,
 * so no customer is ever scored with 0 orders.
 */
function RequiredRoles() {
  const ds = useStore((s) => s.dataset!);
  const mapping = ds.canonical.mapping.mapping;
  const rfm = missingRoles(mapping, 'rfm');
  const baskets = missingRoles(mapping, 'baskets');
  if (rfm.length === 0 && baskets.length === 0) return null;
  const summary = ds.canonical.mapping.summaryReport;
  if (summary)
    return (
      <div className="notice bad" data-testid="required-roles">
        <span>
          {rfm.length > 0 && baskets.length > 0 ? 'Segments and baskets' : rfm.length > 0 ? 'Segments' : 'Baskets'} cannot be made: {summaryReportIs(summary)}.
          To segment customers and find baskets, {ORDERS_NEEDED}.
          {summary.customerLeftOut !== undefined &&
            ` To score its rows as they are, each as one order, map “${summary.customerLeftOut}” as the customer below.`}
        </span>
      </div>
    );
  const noCustomer = noCustomerInLayout(mapping.customer, ds.canonical.mapping.layout);
  // A platform's export read as documented is no basket file: say it names no product rather than suggest that layout.
  const layout = ds.canonical.mapping.layout?.id === 'basket_items' ? undefined : ds.canonical.mapping.layout;
  const used = new Set(Object.values(mapping));
  const free = ds.columns.filter((c) => !c.startsWith('__') && !used.has(c));
  return (
    <div className="notice bad" data-testid="required-roles">
      <span>
        {rfm.length > 0 && (
          <>
            Segments need <b>{rfm.join(', ')}</b>: {noCustomer ? `${noCustomer}; ` : ''}map {rfm.length > 1 ? 'them' : 'it'} in the column mapping below
            {noCustomer ? ', to a column that holds customers, if the file has one.' : ' before scoring.'}{' '}
          </>
        )}
        {baskets.length > 0 && (
          <>
            Baskets need <b>{baskets.join(', ')}</b>
            {layout
              ? `: this file, read as ${layout.name}, has no product column (map one below, if the file has one)`
              : ds.sources.every((s) => s.kind !== 'parquet' && !s.basketStarts)
                ? ': if each line of the file is a basket, or each column an item, choose that layout under “Files & format”'
                : ''}
            .{' '}
          </>
        )}
        {free.length > 0 ? (
          <>
            Columns not used yet:{' '}
            {free
              .slice(0, 8)
              .map((c) => `“${c}”`)
              .join(', ')}
            {free.length > 8 ? ` and ${free.length - 8} more` : ''}.
          </>
        ) : (
          'Every column is already used.'
        )}
      </span>
    </div>
  );
}

function Mapping() {
  const ds = useStore((s) => s.dataset!);
  const pending = useStore((s) => s.pendingMapping);
  const remembered = useStore((s) => s.mappingRemembered);
  const { mapping, confidence, manual } = ds.canonical.mapping;
  const names = customerNameColumns(mapping);
  // A role read from two columns: the date with its time of day, the customer's first and last names.
  const readWith: Partial<Record<Role, string>> = {
    ...(mapping.time !== undefined ? { date: `+ “${mapping.time}”` } : {}),
    ...(names ? { customer: `“${names[0]}” + “${names[1]}”` } : {}),
  };
  return (
    <Card title="Column mapping" hint="detected from header names and values — pick another column to override" testId="mapping" className="span-all">
      {remembered && (
        <div className="notice info" style={{ marginBottom: 10 }} data-testid="mapping-remembered">
          <span>
            {ds.recalled
              ? `Applied the mapping remembered for files with these columns: ${describeMapping(ds.recalled)}.`
              : 'Your mapping is remembered for files with these columns and applied when you open them again.'}
          </span>{' '}
          <button type="button" className="btn small" onClick={() => void forgetRememberedMapping()} data-testid="forget-mapping">
            Forget it
          </button>
        </div>
      )}
      <div className="map-grid">
        {ROLES.map((role) => {
          const empty = mapping[role] !== undefined ? (ds.canonical.nulls[role] ?? 0) : 0;
          return (
            <div className="map-tile" key={role}>
              <div className="map-role">
                <b>{ROLE_LABEL[role]}</b>
                <span className="muted">{[REQUIRED[role], readWith[role], empty > 0 ? `${fmtInt(empty)} empty` : ''].filter(Boolean).join(' · ')}</span>
              </div>
              <select
                value={pending[role] ?? mapping[role] ?? ''}
                onChange={(e) => void setMapping(role, e.target.value)}
                data-testid={`map-${role}`}
                aria-label={`Column for ${role}`}
              >
                <option value="">— not mapped —</option>
                {manual[role] && <option value={DETECT}>— detect automatically —</option>}
                {ds.columns
                  .filter((c) => !c.startsWith('__'))
                  .map((c) => (
                    <option key={c} value={c}>
                      {c}
                    </option>
                  ))}
              </select>
              <div className="map-conf">
                {pending[role] !== undefined ? (
                  <span className="tag" data-testid={`map-pending-${role}`}>
                    reading…
                  </span>
                ) : manual[role] ? (
                  <span className="tag accent">set by you</span>
                ) : (
                  <Confidence value={mapping[role] !== undefined ? confidence[role] : undefined} />
                )}
              </div>
            </div>
          );
        })}
      </div>
    </Card>
  );
}

function ListField({ label, values, onApply, testId }: { label: string; values: readonly string[]; onApply: (v: string[]) => void; testId: string }) {
  const id = useId();
  const joined = values.join(', ');
  const [text, setText] = useState(joined);
  const [base, setBase] = useState(joined);
  if (base !== joined) {
    setBase(joined);
    setText(joined);
  }
  const parsed = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const dirty = parsed.join(', ') !== joined;
  return (
    <div className="field">
      <label htmlFor={id}>
        {label} <b>{parsed.length}</b>
      </label>
      <textarea
        id={id}
        value={text}
        onChange={(e) => setText(e.target.value)}
        rows={3}
        data-testid={testId}
        style={{
          resize: 'vertical',
          border: '1px solid var(--border)',
          borderRadius: 6,
          padding: 6,
          background: 'var(--panel)',
          fontFamily: 'var(--mono)',
          fontSize: 11.5,
        }}
      />
      {dirty && (
        <div style={{ display: 'flex', gap: 6 }}>
          <button type="button" className="btn small primary" onClick={() => onApply(parsed)}>
            Apply
          </button>
          <button type="button" className="btn small" onClick={() => setText(joined)}>
            Revert
          </button>
        </div>
      )}
    </div>
  );
}

function Lists() {
  const cleaning = useStore((s) => s.analysis.cleaning);
  return (
    <Card title="Cleaning lists" hint="comma-separated; applied to the rules on the right" testId="cleaning-lists">
      <div className="stack" style={{ gap: 12 }}>
        <ListField
          label="Non-product codes"
          values={cleaning.nonProductCodes}
          onApply={(v) => void setCleaning({ nonProductCodes: v })}
          testId="list-non-product"
        />
        <ListField
          label="Non-product descriptions"
          values={cleaning.nonProductWords}
          onApply={(v) => void setCleaning({ nonProductWords: v })}
          testId="list-non-product-words"
        />
        <ListField label="Junk description words" values={cleaning.junkWords} onApply={(v) => void setCleaning({ junkWords: v })} testId="list-junk" />
      </div>
    </Card>
  );
}

function Cleaning() {
  const cleaning = useStore((s) => s.analysis.cleaning);
  const { report, updating } = useReport();
  const matches = useResult<Record<string, number>>('matches').value;
  const fmtMoney = useFmtMoney();
  const removed = report?.removed;
  const returnsOnly = report?.returnsOnly;
  return (
    <Card
      title="Cleaning rules"
      hint={!report ? PENDING : updating ? 'updating…' : `${fmtInt(report.rows_read - report.rows_kept)} removed`}
      testId="cleaning"
      flush
      right={
        <Segmented
          value={cleaning.returns}
          onChange={(v) => void setCleaning({ returns: v })}
          options={[
            { value: 'drop', label: 'Drop' },
            { value: 'net', label: 'Net' },
          ]}
          testId="returns-mode"
        />
      }
    >
      {CLEANING_RULES.map((rule) => {
        const on = cleaning.rules.includes(rule);
        const n = removed?.[rule] ?? 0;
        const netted = !report ? 0 : rule === 'cancellation' ? report.netted.cancellation : rule === 'return' ? report.netted.return : 0;
        return (
          <div className="rule-row" key={rule} data-testid={`rule-${rule}`}>
            <Switch on={on} onChange={() => void toggleRule(rule)} label={rule} testId={`toggle-${rule}`} />
            <div>
              <div className="name">{rule}</div>
              <div className="desc">{RULE_DESCRIPTIONS[rule]}</div>
            </div>
            <span className="muted" style={{ fontSize: 11 }}>
              {matches ? `${fmtInt(matches[rule] ?? 0)} match` : ''}
            </span>
            <span className={`count-pill${on && n > 0 ? '' : ' zero'}`} data-testid={`count-${rule}`} title={on ? 'lines removed by this rule' : 'rule off'}>
              {!on ? 'off' : !report ? '…' : netted > 0 ? `${fmtInt(netted)} netted` : `−${fmtInt(n)}`}
            </span>
          </div>
        );
      })}
      {report &&
        nonProductWarnings(report).map((w) => (
          <div key="non-product" className="notice warn" style={{ margin: '8px 12px' }} data-testid="non-product-share">
            {sentence(w)}
          </div>
        ))}
      {report &&
        returnsShareWarnings(report).map((w) => (
          <div key="returns-share" className="notice warn" style={{ margin: '8px 12px' }} data-testid="returns-share">
            {sentence(w)}
          </div>
        ))}
      {(removed?.invalid_value ?? 0) > 0 && (
        <div className="rule-row">
          <span />
          <div>
            <div className="name">invalid_value</div>
            <div className="desc">a date or number that does not parse (always removed)</div>
          </div>
          <span />
          <span className="count-pill">−{fmtInt(removed!.invalid_value)}</span>
        </div>
      )}
      {returnsOnly && returnsOnly.customers > 0 && (
        <div className="rule-row" data-testid="rule-returns-only">
          <span />
          <div>
            <div className="name">returns only</div>
            <div className="desc" data-testid="returns-only-text">
              {fmtInt(returnsOnly.customers)} customer{returnsOnly.customers === 1 ? '' : 's'} with no purchase, only returns or cancellations netting to{' '}
              {fmtMoney(returnsOnly.net)}: not scored. E.g.{' '}
              {returnsOnly.examples
                .slice(0, 3)
                .map((x) => `${x.customer} (${fmtInt(x.lines)} line${x.lines === 1 ? '' : 's'}, ${fmtMoney(x.net)})`)
                .join(', ')}
              .
            </div>
          </div>
          <span />
          <span className="count-pill" data-testid="count-returns-only">
            −{fmtInt(returnsOnly.lines)}
          </span>
        </div>
      )}
    </Card>
  );
}

const IMPLAUSIBLE_LABEL: Record<ImplausibleKind, string> = {
  future_date: 'dated after today',
  early_date: 'dated before the earliest plausible date',
  after_snapshot: 'dated after the snapshot (negative recency)',
  zero_quantity: 'quantity 0 (voids: not purchases, not invoices)',
  cancelled_order: 'orders the export marks cancelled or refunded (not sales)',
};

/** Implausible lines: what each check found, with examples, and the choice to exclude (switch on) or keep them. */
function Implausible() {
  const implausible = useStore((s) => s.analysis.cleaning.implausible);
  // Cancelled orders are known only from an export that names them (a recognised layout's columns, or a status column).
  const namesCancelled = useStore((s) => namesNoSale(orderStatusOf(s.dataset?.canonical.mapping.layout, s.dataset?.canonical.statusColumn)));
  const kinds = IMPLAUSIBLE_KINDS.filter((k) => k !== 'cancelled_order' || namesCancelled);
  const { report, updating } = useReport();
  const warnings = report ? implausibleWarnings(report) : [];
  return (
    <Card
      title="Implausible data"
      hint={!report ? PENDING : updating ? 'updating…' : warnings.length ? `${warnings.length} warning${warnings.length === 1 ? '' : 's'}` : 'none found'}
      testId="implausible"
      flush
      right={
        <label className="muted" style={{ fontSize: 11 }}>
          earliest date <input type="date" value={implausible.minDate} onChange={(e) => void setMinDate(e.target.value)} data-testid="min-date" />
        </label>
      }
    >
      {kinds.map((kind) => {
        const f = report?.implausible[kind];
        const exclude = implausible.exclude.includes(kind);
        const example = f?.examples[0];
        return (
          <div className="rule-row" key={kind} data-testid={`implausible-${kind}`}>
            <Switch on={exclude} onChange={() => void setImplausible(kind, !exclude)} label={`exclude ${kind}`} testId={`toggle-${kind}`} />
            <div>
              <div className="name">{kind}</div>
              <div className="desc">
                {IMPLAUSIBLE_LABEL[kind]}
                {example
                  ? ` — e.g. ${example.file}${example.row !== null ? ` row ${example.row}` : ''}: ${example.date ?? 'no date'}, invoice ${example.invoice ?? '-'}`
                  : ''}
              </div>
            </div>
            <span className="muted" style={{ fontSize: 11 }}>
              {f && f.lines > 0 ? `${fmtInt(f.customers)} customers` : ''}
            </span>
            <span className={`count-pill${f && f.lines > 0 ? '' : ' zero'}`} data-testid={`count-${kind}`} title={exclude ? 'lines excluded' : 'lines kept'}>
              {!f ? '…' : f.lines === 0 ? '0' : exclude ? `−${fmtInt(f.lines)}` : `${fmtInt(f.lines)} kept`}
            </span>
          </div>
        );
      })}
      {report?.checks.today === null && <div className="muted">dates after today not checked</div>}
    </Card>
  );
}

export function DataScreen({ dragging }: { dragging: boolean }) {
  const hasData = useStore((s) => s.dataset !== null);
  useNeeds('data-screen', hasData ? ['matches', 'preview'] : []);
  if (!hasData) return <Welcome dragging={dragging} />;
  return (
    <div className="grid" style={{ gap: 16 }}>
      <RequiredRoles />
      <Kpis />
      <div className="grid split wide-right" style={{ alignItems: 'start' }}>
        <div className="grid">
          <Files />
          <Lists />
        </div>
        <div className="grid">
          <Cleaning />
          <Implausible />
        </div>
        <Mapping />
      </div>
      <Preview />
    </div>
  );
}
