import { useId, useState } from 'react';
import type { OverviewBase, ScoredRfm } from '../../engine-client/index.ts';
import { defaultFrom } from '../migration/migration-result.ts';
import { describeError } from '../../state/actions/errors.ts';
import { effectiveAsOf } from '../../state/results-overview.ts';
import { getPlatform } from '../../state/services.ts';
import { getState, setState, useStore } from '../../state/store.ts';
import { useNeeds, useResult } from '../../state/use-result.ts';
import { Card } from '../../ui/components.tsx';
import { buildReport, reportNeeds } from './build-report.ts';

/** "Export report": the shareable HTML file (the same bytes as `segment-studio report` for the same files and analysis). */
export function ReportCard() {
  const analysis = useStore((s) => s.analysis);
  const mapping = useStore((s) => s.dataset?.canonical.mapping.mapping);
  const needs = reportNeeds(analysis, mapping);
  useNeeds('report-card', needs);
  const pending = useStore((s) => needs.some((n) => s.results[n].status !== 'ready'));
  const failed = useStore((s) => needs.map((n) => s.results[n].error).find((e) => e !== null) ?? null);
  const id = useId();
  const [asOf, setAsOf] = useState('');
  const [compare, setCompare] = useState('');
  // Until a date is chosen the pickers show the ones the report will use (as the Migration screen shows its own).
  useNeeds('report-dates', ['rfm', 'overviewBase']);
  const base = useResult<OverviewBase>('overviewBase').value;
  const snapshot = useResult<ScoredRfm>('rfm').value?.rfm.snapshot;
  const asOfUsed = asOf || (effectiveAsOf(base) ?? snapshot ?? '');
  const compareUsed = compare || (base && snapshot ? defaultFrom(snapshot, base.firstDay).from : '');
  const [busy, setBusy] = useState(false);
  const exportReport = async () => {
    setBusy(true);
    try {
      // The first date shown is the one used (after a re-run: the last run's snapshot, which the engine cannot know).
      const html = await buildReport({ ...(asOf ? { asOf } : {}), ...(compareUsed ? { compare: compareUsed } : {}) });
      if (html === null) return getState().toast('error', 'The report needs the clusters and rules, which are still being computed');
      const r = await getPlatform().save(new TextEncoder().encode(html), { suggestedName: 'report.html', mime: 'text/html', extensions: ['html'] });
      if (r.saved) {
        setState({ lastExport: `report → ${r.where}` });
        getState().toast('success', `Saved the report to ${r.where}`);
      }
    } catch (e) {
      getState().toast('error', `Report failed: ${describeError(e)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title="Shareable report" hint="one HTML file, prints to PDF" testId="report-card">
      <div className="stack" style={{ gap: 10 }}>
        <div className="muted">
          Overview, segments, back-test, migration, clusters, top rules and the provenance of the run, with charts drawn in the file: it opens offline.
        </div>
        <div className="controls" style={{ gap: 12 }}>
          <div className="field" style={{ flex: 'none' }}>
            <label htmlFor={`${id}-as-of`}>Back-test as of</label>
            <input id={`${id}-as-of`} type="date" value={asOfUsed} onChange={(e) => setAsOf(e.target.value)} data-testid="report-as-of" />
          </div>
          <div className="field" style={{ flex: 'none' }}>
            <label htmlFor={`${id}-compare`}>Migration since</label>
            <input id={`${id}-compare`} type="date" value={compareUsed} onChange={(e) => setCompare(e.target.value)} data-testid="report-compare" />
          </div>
        </div>
        {failed && <div className="notice bad">The report needs the clusters and rules: {failed}</div>}
        <div>
          <button type="button" className="btn primary" onClick={() => void exportReport()} disabled={pending || busy} data-testid="export-report-btn">
            {busy ? 'Writing…' : pending ? 'Computing clusters and rules…' : 'Export report'}
          </button>
        </div>
      </div>
    </Card>
  );
}
