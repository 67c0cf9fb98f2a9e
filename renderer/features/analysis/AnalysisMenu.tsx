import { useCallback, useEffect, useRef, useState } from 'react';
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
  const [open, setOpen] = useState(false);
  const close = useCallback(() => details.current?.removeAttribute('open'), []);
  // As a menu does: Escape or a click elsewhere closes it (a <details> alone stays open).
  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent) => {
      if (!(e.target instanceof Node && details.current?.contains(e.target))) close();
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') close();
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open, close]);
  return (
    <details className="menu" ref={details} data-testid="analysis-menu" onToggle={(e) => setOpen(e.currentTarget.open)}>
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
