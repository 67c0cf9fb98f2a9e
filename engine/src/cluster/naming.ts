/** Where a cluster sits relative to all customers, per RFM dimension. */
export interface ClusterTraits {
  recency: 'recent' | 'fading' | 'lapsed';
  frequency: 'frequent' | 'occasional' | 'one-off';
  spend: 'top' | 'high' | 'mid' | 'low';
}

/** Overall reference values the traits are judged against. */
export interface NamingReference {
  /** 1/3 and 2/3 quantiles of recency_days over all customers. */
  recencyLowerTertile: number;
  recencyUpperTertile: number;
  medianFrequency: number;
  /** 1/3 and 2/3 quantiles of monetary over all customers. */
  monetaryLowerTertile: number;
  monetaryUpperTertile: number;
  /** 0.9 quantile of monetary: clusters above it are the "top" spenders. */
  monetaryTopDecile: number;
}

/**
 * Traits of a cluster from its medians, against the overall distribution:
 * - recency: "recent" if the cluster's median recency_days ≤ the overall 1/3 quantile (fewer
 *   days since the last purchase = more recent), "lapsed" if above the 2/3 quantile, else
 *   "fading";
 * - frequency: "one-off" if its median frequency ≤ 1, else "frequent" if above the overall
 *   median frequency, else "occasional";
 * - spend: "top" if its median monetary is above the overall 0.9 quantile, "high" if above
 *   the 2/3 quantile, "low" if below the 1/3 quantile, else "mid".
 * Three levels per dimension keep names of neighbouring clusters apart.
 * O(1).
 */
export function clusterTraits(medianRecencyDays: number, medianFrequency: number, medianMonetary: number, ref: NamingReference): ClusterTraits {
  return {
    recency: medianRecencyDays <= ref.recencyLowerTertile ? 'recent' : medianRecencyDays > ref.recencyUpperTertile ? 'lapsed' : 'fading',
    frequency: medianFrequency <= 1 ? 'one-off' : medianFrequency > ref.medianFrequency ? 'frequent' : 'occasional',
    spend:
      medianMonetary > ref.monetaryTopDecile
        ? 'top'
        : medianMonetary > ref.monetaryUpperTertile
          ? 'high'
          : medianMonetary < ref.monetaryLowerTertile
            ? 'low'
            : 'mid',
  };
}

/** "Recent frequent high spenders", "Lapsed one-off low spenders", … O(1). */
export function traitName(t: ClusterTraits): string {
  const recency = t.recency === 'recent' ? 'Recent' : t.recency === 'fading' ? 'Fading' : 'Lapsed';
  return `${recency} ${t.frequency} ${t.spend} spenders`;
}

/**
 * Makes names unique: every name used by more than one cluster gets " #1", " #2", … in
 * the given order (the caller passes clusters most valuable first, so #1 is the more
 * valuable). Unique names are unchanged. O(k).
 */
export function uniqueNames(names: readonly string[]): string[] {
  const total = new Map<string, number>();
  for (const name of names) total.set(name, (total.get(name) ?? 0) + 1);
  const seen = new Map<string, number>();
  return names.map((name) => {
    if (total.get(name) === 1) return name;
    const index = (seen.get(name) ?? 0) + 1;
    seen.set(name, index);
    return `${name} #${index}`;
  });
}
