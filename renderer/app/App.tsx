import { Suspense, useEffect, useState, type DragEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { DataScreen } from '../features/data/DataScreen.tsx';
import { AnalysisMenu } from '../features/analysis/AnalysisMenu.tsx';
import { filesToSources } from '../platform/index.ts';
import { openSources } from '../state/actions/data.ts';
import { canOverview } from '../state/actions/overview.ts';
import { missingRoles, type CleaningReport, type FitResult } from '../engine-client/index.ts';
import type { SegmentsValue } from '../state/results.ts';
import { useStore } from '../state/store.ts';
import { useNeeds, useResult } from '../state/use-result.ts';
import { fmtInt } from '../ui/format.ts';
import { platformOpen } from './bootstrap.ts';
import { LoadProgress } from './LoadProgress.tsx';
import { DRILL_DOWN, LAZY_SCREENS, LazyView, useScreenPrefetch } from './lazy-screens.ts';
import { ScreenBoundary } from './ScreenBoundary.tsx';
import { SidebarView, TopbarView } from './shell-view.tsx';
import { SCREENS } from './screens.ts';
import type { Screen } from '../state/slices/ui.ts';

function Sidebar() {
  const { screen, setScreen, dataset, results } = useStore(
    useShallow((s) => ({ screen: s.screen, setScreen: s.setScreen, dataset: s.dataset, results: s.results })),
  );
  // The cleaning report (the Data badge) follows every load whatever the screen, after what the screen shown waits for.
  useNeeds('sidebar', dataset ? ['report'] : [], { background: true });
  const segments = useResult<SegmentsValue>('segments').value;
  const report = useResult<CleaningReport>('report').value;
  const fit = useResult<FitResult>('fit').value;
  const badges: Partial<Record<Screen, string>> = dataset
    ? {
        data: report ? fmtInt(report.rows_kept) : '',
        segments: segments ? String(segments.summary.length) : '',
        clusters: fit ? `k=${fit.k}` : '',
        baskets: results.mined.status === 'ready' ? '✓' : '',
      }
    : {};
  return (
    <SidebarView
      screen={screen}
      badges={badges}
      enabled={(id) =>
        dataset
          ? id === 'overview'
            ? canOverview(dataset)
            : missingRoles(dataset.canonical.mapping.mapping, id === 'baskets' ? 'baskets' : 'rfm').length === 0
          : false
      }
      onSelect={setScreen}
    />
  );
}

function Topbar() {
  const { screen, theme, setTheme, label, busy } = useStore(
    useShallow((s) => ({
      screen: s.screen,
      theme: s.theme,
      setTheme: s.setTheme,
      label: s.datasetLabel,
      busy: s.recleaning || Object.values(s.results).some((r) => r.status === 'running'),
    })),
  );
  return (
    <>
      <TopbarView screen={screen}>
        {busy && <span className="spinner" title="working" />}
        {label && (
          <span className="tag accent" data-testid="dataset-label" title={label}>
            {label}
          </span>
        )}
        <AnalysisMenu />
        <button type="button" className="btn" onClick={() => void platformOpen(false)} data-testid="open-files-btn">
          Open files…
        </button>
        <button
          type="button"
          className="icon-btn"
          onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}
          title="Toggle light/dark"
          data-testid="theme-toggle"
        >
          {theme === 'dark' ? '☀' : '☾'}
        </button>
      </TopbarView>
      <LoadProgress />
    </>
  );
}

function Toasts() {
  const { toasts, dismiss } = useStore(useShallow((s) => ({ toasts: s.toasts, dismiss: s.dismissToast })));
  return (
    <div className="toasts" role="status">
      {toasts.map((t) => (
        <div key={t.id} className={`toast ${t.kind}`} onClick={() => dismiss(t.id)} data-testid={`toast-${t.kind}`}>
          {t.text}
        </div>
      ))}
    </div>
  );
}

/** A screen other than Data: its code loads on first visit (placeholder meanwhile). */
function LazyScreen({ screen }: { screen: Exclude<Screen, 'data'> }) {
  return (
    <ScreenBoundary key={screen}>
      <Suspense fallback={<div className="screen-loading" data-testid="screen-loading" />}>
        <LazyView code={LAZY_SCREENS[screen]} />
      </Suspense>
    </ScreenBoundary>
  );
}

export function App() {
  const { screen, theme, drilling } = useStore(useShallow((s) => ({ screen: s.screen, theme: s.theme, drilling: s.drill !== null })));
  useScreenPrefetch();
  const [dragging, setDragging] = useState(false);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey)) return;
      const n = Number(e.key);
      if (n >= 1 && n <= SCREENS.length && useStore.getState().dataset) {
        useStore.getState().setScreen(SCREENS[n - 1]!.id);
        e.preventDefault();
      } else if (e.key === 'o') {
        void platformOpen(e.shiftKey);
        e.preventDefault();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const sources = filesToSources(e.dataTransfer.files);
    if (sources.length) void openSources(sources);
  };
  return (
    <div
      className="app"
      data-theme={theme}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      {/* Behind the customers panel (a modal dialog) nothing takes the focus or a click. */}
      <div style={{ display: 'contents' }} inert={drilling}>
        <Sidebar />
        <main className="main">
          <Topbar />
          {/* Keyed by the screen, so that each opens at its top, not at the last screen's scroll offset. */}
          <div className="content" data-dragging={dragging} key={screen}>
            {screen === 'data' ? <DataScreen dragging={dragging} /> : <LazyScreen screen={screen} />}
          </div>
        </main>
      </div>
      {drilling && (
        <ScreenBoundary>
          <Suspense fallback={null}>
            <LazyView code={DRILL_DOWN} />
          </Suspense>
        </ScreenBoundary>
      )}
      <Toasts />
    </div>
  );
}
