import type { ReactNode } from 'react';
import { LOW_CONFIDENCE } from '../engine-client/index.ts';

export function Card({
  title,
  hint,
  right,
  children,
  className = '',
  flush = false,
  testId,
}: {
  title?: ReactNode;
  hint?: ReactNode;
  right?: ReactNode;
  children: ReactNode;
  className?: string;
  flush?: boolean;
  testId?: string;
}) {
  return (
    <section className={`card ${className}`} data-testid={testId}>
      {title !== undefined && (
        <header className="card-head">
          <h3>{title}</h3>
          {hint !== undefined && <span className="hint">{hint}</span>}
          {right !== undefined && <div className="right">{right}</div>}
        </header>
      )}
      <div className={`card-body${flush ? ' flush' : ''}`}>{children}</div>
    </section>
  );
}

export function Kpi({ label, value, sub, testId }: { label: string; value: ReactNode; sub?: ReactNode; testId?: string }) {
  return (
    <div className="card kpi" data-testid={testId}>
      <div className="label">{label}</div>
      <div className="value">{value}</div>
      {sub !== undefined && <div className="delta">{sub}</div>}
    </div>
  );
}

export function Switch({ on, onChange, label, testId }: { on: boolean; onChange: (on: boolean) => void; label: string; testId?: string }) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={on}
      aria-label={label}
      className={`switch${on ? ' on' : ''}`}
      onClick={() => onChange(!on)}
      data-testid={testId}
    />
  );
}

export function Segmented<T extends string>({
  value,
  options,
  onChange,
  testId,
}: {
  value: T;
  options: { value: T; label: string; title?: string }[];
  onChange: (v: T) => void;
  testId?: string;
}) {
  return (
    <div className="segmented" data-testid={testId}>
      {options.map((o) => (
        <button type="button" key={o.value} className={o.value === value ? 'on' : ''} title={o.title} onClick={() => onChange(o.value)}>
          {o.label}
        </button>
      ))}
    </div>
  );
}

export function Confidence({ value }: { value: number | undefined }) {
  if (value === undefined) return <span className="tag">unmapped</span>;
  const color = value >= 0.8 ? 'var(--good)' : value >= LOW_CONFIDENCE ? 'var(--warn)' : 'var(--bad)';
  return (
    <span className="conf" title={`confidence ${(value * 100).toFixed(0)}%`}>
      <span className="bar">
        <div style={{ width: `${Math.round(value * 100)}%`, background: color }} />
      </span>
      <span className="muted" style={{ fontVariantNumeric: 'tabular-nums' }}>
        {Math.round(value * 100)}%
      </span>
    </span>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty-state">
      <b>{title}</b>
      {children}
    </div>
  );
}
