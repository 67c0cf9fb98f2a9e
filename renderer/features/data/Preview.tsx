import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef } from 'react';
import type { Table } from 'apache-arrow';
import { showPreview } from '../../state/actions/data.ts';
import { useStore } from '../../state/store.ts';
import { useResult } from '../../state/use-result.ts';
import { Card, Segmented } from '../../ui/components.tsx';
import { fmtInt } from '../../ui/format.ts';

const WIDTHS: Record<string, string> = {
  source_file: '140px',
  invoice: '90px',
  customer: '90px',
  date: '130px',
  sku: '90px',
  description: 'minmax(220px, 1fr)',
  quantity: '80px',
  unit_price: '90px',
  amount: '90px',
  country: '120px',
};
const NUMERIC = new Set(['quantity', 'unit_price', 'amount']);

/** The first lines (kept or removed) straight from the Arrow table, virtualised. */
export function Preview() {
  const which = useStore((s) => s.previewWhich);
  const table = useResult<Table>('preview').value ?? null;
  const parentRef = useRef<HTMLDivElement>(null);
  const columns = useMemo(() => (table ? table.schema.fields.map((f) => f.name) : []), [table]);
  const vectors = useMemo(() => columns.map((c) => table?.getChild(c) ?? null), [columns, table]);
  const rows = table?.numRows ?? 0;
  const virtualizer = useVirtualizer({ count: rows, getScrollElement: () => parentRef.current, estimateSize: () => 31, overscan: 12 });
  const template = columns.map((c) => WIDTHS[c] ?? '120px').join(' ');
  return (
    <Card
      title="Preview"
      hint={`${fmtInt(rows)} ${which} lines shown`}
      right={
        <Segmented
          value={which}
          onChange={(v) => showPreview(v)}
          options={[
            { value: 'kept', label: 'Kept' },
            { value: 'removed', label: 'Removed' },
          ]}
          testId="preview-which"
        />
      }
      flush
      className="span-all"
      testId="preview"
    >
      <div ref={parentRef} className="virtual" style={{ height: 360 }}>
        <div className="vhead" style={{ gridTemplateColumns: template, minWidth: 1100 }}>
          {columns.map((c) => (
            <div key={c} style={NUMERIC.has(c) ? { textAlign: 'right' } : undefined}>
              {c.replace('_', ' ')}
            </div>
          ))}
        </div>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative', minWidth: 1100 }}>
          {virtualizer.getVirtualItems().map((v) => (
            <div
              key={v.key}
              className="vrow"
              style={{
                transform: `translateY(${v.start}px)`,
                height: v.size,
                gridTemplateColumns: template,
                background: v.index % 2 ? 'var(--row-alt)' : undefined,
              }}
            >
              {vectors.map((vec, j) => {
                const val = vec?.get(v.index);
                const name = columns[j]!;
                const text =
                  val === null || val === undefined ? '' : typeof val === 'number' ? (name === 'quantity' ? String(val) : val.toFixed(2)) : String(val);
                return (
                  <div key={j} style={NUMERIC.has(name) ? { textAlign: 'right' } : undefined} title={text}>
                    {text === '' ? <span className="muted">–</span> : text}
                  </div>
                );
              })}
            </div>
          ))}
        </div>
      </div>
    </Card>
  );
}
