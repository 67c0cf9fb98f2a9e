import { useState } from 'react';
import { describeError } from '../../state/actions/errors.ts';
import { save } from '../../state/actions/export.ts';
import { getState, useStore } from '../../state/store.ts';
import { useNeeds } from '../../state/use-result.ts';
import { Card } from '../../ui/components.tsx';
import { buildMartZip, martNeeds } from './build-mart.ts';

/** "Data mart (Parquet)": the four BI tables of docs/data-mart.md as Parquet files in a zip, as `segment-studio export --format parquet` writes them. */
export function MartCard() {
  const analysis = useStore((s) => s.analysis);
  const mapping = useStore((s) => s.dataset?.canonical.mapping.mapping);
  const needs = martNeeds(analysis, mapping);
  useNeeds('mart-card', needs);
  const pending = useStore((s) => needs.some((n) => s.results[n].status !== 'ready'));
  const failed = useStore((s) => needs.map((n) => s.results[n].error).find((e) => e !== null) ?? null);
  const [busy, setBusy] = useState(false);
  const exportMart = async () => {
    setBusy(true);
    try {
      const out = await buildMartZip();
      if (!out) return getState().toast('error', 'The data mart needs results that are still being computed');
      const rows = out.tables.map((t) => `${t.name} ${t.rows.toLocaleString('en')}`).join(', ');
      await save(out.bytes, 'data-mart.zip', 'application/zip', 'zip', `the data mart (${rows} rows)`);
    } catch (e) {
      getState().toast('error', `Data mart failed: ${describeError(e)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title="Data mart for BI" hint="Parquet, one file per table" testId="mart-card">
      <div className="stack" style={{ gap: 10 }}>
        <div className="muted">
          customer_segmentation, segment_summary, market_basket_rules and recommendations with typed columns (dates, integers, doubles), schema.md and
          manifest.json, in a zip: load them into Metabase, DuckDB, Spark or pandas.
        </div>
        {failed && <div className="notice bad">The data mart needs: {failed}</div>}
        <div>
          <button type="button" className="btn" onClick={() => void exportMart()} disabled={pending || busy} data-testid="export-mart-btn">
            {busy ? 'Writing…' : pending ? 'Computing the tables…' : 'Data mart (Parquet)'}
          </button>
        </div>
      </div>
    </Card>
  );
}
