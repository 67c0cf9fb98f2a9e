import { platformOpen } from '../../app/bootstrap.ts';
import { openAnalysisText } from '../../state/actions/analysis.ts';
import { openSample } from '../../state/actions/data.ts';
import { useStore } from '../../state/store.ts';

export function Welcome({ dragging }: { dragging: boolean }) {
  const status = useStore((s) => s.loadStatus);
  const progress = useStore((s) => s.loadProgress);
  const error = useStore((s) => s.loadError);
  const recent = useStore((s) => s.recent);
  const current = useStore((s) => s.analysis);
  return (
    <div className="welcome">
      <h2>Turn a transaction export into customer segments</h2>
      <p>
        Open a shop, till or ERP export — CSV, TSV or text (gzip’d or not), an Excel or LibreOffice workbook, Parquet, one file, a folder of daily files or a
        zip of them. Segment Studio detects the format and the columns, cleans the lines, scores every customer on recency, frequency and spend, clusters them
        and finds products bought together.
      </p>
      <div className={`drop-zone${dragging ? ' over' : ''}`}>
        <div style={{ fontSize: 30 }}>⇩</div>
        <div>
          <b>Drop files or a folder here</b>
        </div>
        <div className="actions">
          <button type="button" className="btn primary" onClick={() => void openSample()} data-testid="open-sample" disabled={status === 'loading'}>
            Open the sample data
          </button>
          <button type="button" className="btn" onClick={() => void platformOpen(false)}>
            Open files…
          </button>
          <button type="button" className="btn" onClick={() => void platformOpen(true)}>
            Open folder…
          </button>
        </div>
        {status === 'loading' && (
          <div className="muted" data-testid="loading">
            <span className="spinner" /> {progress?.message ?? 'loading'}…
          </div>
        )}
        {error && (
          <div className="notice bad" data-testid="load-error">
            {error}
          </div>
        )}
      </div>
      {(recent.length > 0 || current.sources.paths.length > 0) && (
        <div className="recent-list" data-testid="recent-analyses">
          {current.sources.paths.length > 0 && (
            <div className="notice info" data-testid="restored-session">
              Your last session's settings (“{current.name}”) are restored. Open its files to continue: {current.sources.paths.slice(0, 3).join(', ')}
              {current.sources.paths.length > 3 ? ` and ${current.sources.paths.length - 3} more` : ''}.
            </div>
          )}
          {recent.length > 0 && <b>Recent analyses</b>}
          {recent.map((r) => (
            <button key={r.name + r.savedAt} type="button" className="btn" onClick={() => void openAnalysisText(r.json, r.name)} data-testid="recent-analysis">
              {r.name} <span className="muted">· {new Date(r.savedAt).toLocaleDateString()}</span>
            </button>
          ))}
        </div>
      )}
      <div className="features">
        <div>
          <b>Map & clean</b>Columns detected with confidences; seven cleaning rules with live counts.
        </div>
        <div>
          <b>Segment</b>RFM scores and editable rules: Champions, At Risk, Lost…
        </div>
        <div>
          <b>Cluster</b>k-means with elbow and silhouette, profiles and names.
        </div>
        <div>
          <b>Bundle</b>Association rules by segment, exported for campaigns.
        </div>
      </div>
    </div>
  );
}
