import { useRef } from 'react';
import { platformOpen } from '../../app/bootstrap.ts';
import { openAnalysisText, renameAnalysis, saveAnalysis } from '../../state/actions/analysis.ts';
import { useStore } from '../../state/store.ts';

/** The analysis as a document: its name, save, open, and re-run on new files (File menu in the desktop app). */
export function AnalysisMenu() {
  const name = useStore((s) => s.analysis.name);
  const hasData = useStore((s) => s.dataset !== null);
  const recent = useStore((s) => s.recent);
  const input = useRef<HTMLInputElement>(null);
  const details = useRef<HTMLDetailsElement>(null);
  const close = () => details.current?.removeAttribute('open');
  return (
    <details className="menu" ref={details} data-testid="analysis-menu">
      <summary className="btn" title="Save, open or re-run the analysis">
        Analysis ▾
      </summary>
      <div className="menu-panel">
        <label className="field">
          <span className="muted">Name</span>
          <input value={name} onChange={(e) => renameAnalysis(e.target.value)} data-testid="analysis-name" />
        </label>
        <button
          type="button"
          className="btn"
          onClick={() => {
            close();
            void saveAnalysis();
          }}
          data-testid="save-analysis"
        >
          Save analysis…
        </button>
        <button type="button" className="btn" onClick={() => input.current?.click()} data-testid="open-analysis">
          Open analysis…
        </button>
        <button
          type="button"
          className="btn"
          disabled={!hasData}
          onClick={() => {
            close();
            void platformOpen(false, 'rerun');
          }}
          data-testid="rerun"
          title="Keep every setting, read other files"
        >
          Re-run on new files…
        </button>
        {recent.length > 0 && <span className="muted">Recent</span>}
        {recent.map((r) => (
          <button
            key={r.name + r.savedAt}
            type="button"
            className="btn ghost small"
            onClick={() => {
              close();
              void openAnalysisText(r.json, r.name);
            }}
            data-testid="menu-recent-analysis"
          >
            {r.name}
          </button>
        ))}
        <input
          ref={input}
          type="file"
          accept=".json,application/json"
          hidden
          data-testid="open-analysis-input"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            close();
            if (file) void file.text().then((text) => openAnalysisText(text, file.name));
          }}
        />
      </div>
    </details>
  );
}
