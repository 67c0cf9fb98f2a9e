/** Equal-width bins of finite values, for bar charts (binning 100k customers here beats handing Plotly the raw values). */
export interface Histogram {
  centres: number[];
  counts: number[];
  width: number;
  /** Upper edge of the last bin. */
  hi: number;
  /** Finite values above `hi` (left out of the bins). */
  above: number;
}

/**
 * `bins` bins from `lo` to `hi`; without `hi`, up to the `quantile` of the finite values (so a
 * long tail does not squash the rest into one bar; what lies beyond is counted in `above`).
 */
export function histogram(values: ArrayLike<number>, bins: number, lo: number, hi?: number, quantile = 1): Histogram {
  const finite: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]!)) finite.push(values[i]!);
  let top = hi;
  if (top === undefined) {
    const sorted = Float64Array.from(finite).sort();
    top = sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(quantile * (sorted.length - 1)))]! : lo + 1;
  }
  if (!(top > lo)) top = lo + 1;
  const width = (top - lo) / bins;
  const counts = new Array<number>(bins).fill(0);
  let above = 0;
  for (const v of finite) {
    if (v > top) above++;
    else if (v >= lo) counts[Math.min(bins - 1, Math.floor((v - lo) / width))]!++;
  }
  return { centres: counts.map((_, k) => lo + (k + 0.5) * width), counts, width, hi: top, above };
}
