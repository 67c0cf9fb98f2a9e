import { cancelLoad } from '../state/actions/data.ts';
import { useStore } from '../state/store.ts';

/**
 * The bar under the top bar while files load: how far (files and bytes read, from the engine's
 * read loop), what is happening, and a Cancel button that returns to the dataset shown before.
 */
export function LoadProgress() {
  const progress = useStore((s) => s.loadProgress);
  const loading = useStore((s) => s.loadStatus === 'loading');
  return (
    <>
      <div className="progress-bar" style={{ visibility: progress ? 'visible' : 'hidden' }}>
        <div style={{ width: `${Math.round((progress?.fraction ?? 0) * 100)}%` }} />
      </div>
      {progress && loading && (
        <div
          role="status"
          data-testid="load-progress"
          style={{ display: 'flex', alignItems: 'center', gap: 10, padding: '4px 20px', fontSize: 12, borderBottom: '1px solid var(--border)' }}
        >
          <span className="muted" data-testid="load-progress-message">
            {Math.round(progress.fraction * 100)}% · {progress.message || 'loading'}
          </span>
          <button type="button" className="btn small" onClick={cancelLoad} data-testid="cancel-load">
            Cancel
          </button>
        </div>
      )}
    </>
  );
}
