import { type CSSProperties, useLayoutEffect, useMemo } from 'react';
import { colorOf } from '../../charts/palette.ts';
import { crosstab, type FitResult } from '../../engine-client/index.ts';
import type { SegmentsValue } from '../../state/results.ts';
import { drawDone, drawStarted } from '../../state/timing.ts';
import { useResult } from '../../state/use-result.ts';
import { Card } from '../../ui/components.tsx';
import { fmtPct } from '../../ui/format.ts';
import { crosstabCells } from './crosstab-cells.ts';

/**
 * From this share of the cluster a cell is dark enough for light text (theme.css, light theme):
 * there the indigo at 0.04 + 0.91 × share gives white text more contrast than the dark one.
 */
const STRONG_SHARE = 0.8;

/**
 * Clusters × segments as an HTML table heatmap, not a Plotly heatmap: a k change re-renders a few
 * dozen cells instead of Plotly's heatmap redraw (about 30 ms). Its re-render counts in the k
 * change's "all charts" time like a chart's redraw: registered in the commit, done in the frame that paints it.
 */
export function CrosstabCard() {
  const fit = useResult<FitResult>('fit').value;
  const seg = useResult<SegmentsValue>('segments').value;
  const ct = useMemo(
    () => (fit && seg && fit.labels.length === seg.segments.codes.length ? crosstab(fit.labels, fit.k, seg.segments.codes, seg.segments.names) : null),
    [fit, seg],
  );
  useLayoutEffect(() => {
    if (!ct) return;
    const token = drawStarted('clusters', 'crosstab-table');
    // Done at the next animation frame, the one that paints the committed cells (a chart counts once its DOM is
    // updated too; the timing's frameMs is the frame after the last of them).
    requestAnimationFrame(() => drawDone(token));
  }, [ct]);
  if (!ct || !fit)
    return (
      <Card title="Clusters × segments">
        <div className="muted">Waiting for clusters…</div>
      </Card>
    );
  const rows = crosstabCells(ct);
  return (
    <Card title="Clusters × segments" hint="colour = share of the cluster" flush testId="crosstab" className="span-all">
      <div className="table-wrap">
        <table className="table crosstab" data-testid="crosstab-table">
          <thead>
            <tr>
              <th>Cluster</th>
              {ct.segments.map((name) => (
                <th key={name} className="seg">
                  {name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((cells, c) => {
              const label = `${c + 1}. ${fit.profiles[c]?.name ?? ''}`;
              return (
                // biome-ignore lint/suspicious/noArrayIndexKey: a row is its cluster number
                <tr key={c}>
                  <td className="cluster">
                    <span className="swatch" style={{ background: colorOf(c) }} />
                    <b>{c + 1}</b> · {fit.profiles[c]?.name ?? ''}
                  </td>
                  {cells.map((cell, j) => (
                    <td
                      key={ct.segments[j]}
                      className={cell.share >= STRONG_SHARE ? 'cell strong' : 'cell'}
                      style={{ '--share': cell.share } as CSSProperties}
                      title={`${label} · ${ct.segments[j]}: ${cell.text || 0} (${fmtPct(cell.share)} of the cluster)`}
                    >
                      {cell.text}
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
