/**
 * Live basket tuning, before and after the resident analytics worker (issue 11), in one process
 * on the same baskets: `node bin/run-ts.mjs bench/live-tuning.ts FILE|FOLDER LABEL`.
 *
 * - before: what each change cost when the worker was stateless — every minConfidence or
 *   minSupport tick copied all baskets out of the cache for the transfer and mined itemsets
 *   and rules from scratch;
 * - after: the worker holds the baskets and the last itemsets, so a confidence change only
 *   re-derives rules (`deriveRules`) and a minSupport change mines without copying.
 *
 * Prints one JSON line `@@TUNING [{name, rows, before_ms, after_ms, rss_mb}]`; times are the median of
 * REPS repetitions (the engine's code paths, without the thread hop, which both sides share).
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { NodeFileSource, openNodeDuckDb } from '../engine/cli/node-duckdb.ts';
import {
  defaultAnalysis,
  deriveRules,
  loadAnalysisBaskets,
  loadData,
  mineAssociationRules,
  mineItemsets,
  MAX_ITEMSETS,
  MAX_RULES,
  type Baskets,
} from '../engine/src/index.ts';

const REPS = 7;
const [input, label] = process.argv.slice(2);
if (!input || !label) throw new Error('usage: live-tuning.ts FILE|FOLDER LABEL');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
function time(fn: () => unknown): number {
  const ms: number[] = [];
  for (let i = 0; i < REPS; i++) {
    const t0 = performance.now();
    fn();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

/** What the stateless worker was sent on every change: copies of every basket array. */
const copyForTransfer = (b: Baskets): Baskets => ({
  basketOffsets: b.basketOffsets.slice(),
  items: b.items.slice(),
  basketIds: b.basketIds.slice(),
  nItems: b.nItems,
  itemLabels: [...b.itemLabels],
});

const files = statSync(input).isDirectory()
  ? readdirSync(input)
      .filter((f) => f.endsWith('.csv'))
      .sort()
      .map((f) => path.join(input, f))
  : [input];
const a = defaultAnalysis();
const sql = await openNodeDuckDb();
const ds = await loadData(
  sql,
  files.map((f) => new NodeFileSource(f)),
  a,
  { today: null },
);
const loaded = await loadAnalysisBaskets(sql, a.baskets, ds.canonical.mapping.mapping);
const baskets = loaded.baskets;
const b = a.baskets; // the app's defaults: minSupport 1 %, confidence 30 %, lift 1, up to 4 items
const lower = { ...b, minSupport: b.minSupport / 2 };
const stricter = { ...b, minConfidence: 0.5 };
const oldMine = (p: typeof b) =>
  mineAssociationRules(copyForTransfer(baskets), {
    minSupport: p.minSupport,
    maxLen: p.maxLen,
    maxItemsets: MAX_ITEMSETS,
    minConfidence: p.minConfidence,
    minLift: p.minLift,
    maxRules: MAX_RULES,
    sortBy: 'lift',
  });

const cached = mineItemsets(baskets, null, b);
// The same rules either way (a check, not a timing): re-derived from cached itemsets = mined afresh.
if (deriveRules(cached, stricter).rules.n !== oldMine(stricter).rules.nRules) throw new Error('re-derived rules differ from mined rules');
const nBaskets = baskets.basketOffsets.length - 1;
const rows = [
  {
    name: `${label}: rules after a minConfidence change (${nBaskets.toLocaleString('en-US')} baskets)`,
    rows: nBaskets,
    before_ms: time(() => oldMine(stricter)),
    after_ms: time(() => deriveRules(cached, stricter)),
  },
  {
    name: `${label}: itemsets and rules after a minSupport change (${nBaskets.toLocaleString('en-US')} baskets)`,
    rows: nBaskets,
    before_ms: time(() => oldMine(lower)),
    after_ms: time(() => deriveRules(mineItemsets(baskets, null, lower), lower)),
  },
];
const rssMb = Math.round(process.resourceUsage().maxRSS / 1024);
process.stdout.write(`@@TUNING ${JSON.stringify(rows.map((r) => ({ ...r, rss_mb: rssMb })))}\n`);
process.exit(0);
