import { applyRules as engineApplyRules, checkRuleSet, PRESETS, scoredRfm, summariseSegments, type SegmentRuleSet } from '../../engine-client/index.ts';
import { cache } from '../cache.ts';
import { serial, sql } from '../services.ts';
import type { RuleIssue } from '../slices/segments.ts';
import { getState, setState } from '../store.ts';
import { markChange, resultApplied } from '../timing.ts';
import { invalidateBaskets, mineBaskets } from './baskets.ts';
import { runClusters } from './clusters.ts';
import { describeError } from './errors.ts';

let rfmGeneration = 0;

/** RFM per customer in DuckDB (after load, cleaning or a snapshot change), then everything downstream. */
export async function recomputeRfm(): Promise<void> {
  const gen = ++rfmGeneration;
  setState({ rfmStatus: 'running' });
  try {
    const db = await sql();
    const { rfm, scores } = await serial(() => scoredRfm(db, getState().snapshot));
    if (gen !== rfmGeneration) return;
    cache.rfm = rfm;
    cache.scores = scores;
    cache.fit = null;
    setState((s) => ({ rfmStatus: 'ready', rfmVersion: s.rfmVersion + 1, snapshotUsed: rfm.snapshot }));
    applyRules();
    invalidateBaskets();
    if (rfm.customerIds.length >= 3) void runClusters();
    void mineBaskets();
  } catch (e) {
    if (gen !== rfmGeneration) return;
    cache.rfm = null;
    cache.scores = null;
    cache.segments = null;
    setState((s) => ({ rfmStatus: 'error', rfmVersion: s.rfmVersion + 1, segmentSummary: [], ruleIssues: [{ kind: 'invalid', message: describeError(e) }] }));
  }
}

/** Rule problems the engine finds (impossible or unreachable segments), as readable lines. */
function validate(rules: SegmentRuleSet, bins: number): RuleIssue[] {
  try {
    checkRuleSet(rules, bins);
    return [];
  } catch (e) {
    return describeError(e).split('; ').map((message) => ({ kind: 'invalid' as const, message }));
  }
}

/** Re-evaluates the rules over the cached scores: one pass of table look-ups for score-only rules. */
export function applyRules(): void {
  const { rfm, scores } = cache;
  const rules = getState().rules;
  const issues = validate(rules, scores?.bins ?? 5);
  if (!rfm || !scores) {
    setState({ ruleIssues: issues });
    return;
  }
  const t0 = performance.now();
  const a = engineApplyRules(rules, scores, rfm);
  const summary = summariseSegments(a, rfm);
  cache.segments = a;
  resultApplied('segments');
  for (const w of a.warnings) issues.push({ kind: 'empty', message: w });
  setState((s) => ({ segmentSummary: summary, ruleIssues: issues, segmentVersion: s.segmentVersion + 1, lastApplyMs: performance.now() - t0 }));
  if (getState().restrict.kind === 'segment') void mineBaskets();
}

export function setRules(rules: SegmentRuleSet): void {
  markChange('segments');
  setState({ rules });
  applyRules();
}

export function setPreset(name: string): void {
  const preset = PRESETS[name];
  if (preset) setRules(structuredClone(preset));
}

export async function setSnapshot(date: string | null): Promise<void> {
  markChange('segments');
  setState({ snapshot: date });
  await recomputeRfm();
}
