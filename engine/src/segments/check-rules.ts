import { EngineError } from '../errors.ts';
import { fieldValue, holds } from './evaluate.ts';
import { SCORE_FIELDS, describeCondition, type Condition, type SegmentRuleSet } from './rule-set.ts';

/** Whether a segment's score conditions hold for a score combination; raw conditions are unknown. */
function scoreVerdict(all: Condition[], r: number, f: number, m: number): 'no' | 'yes' | 'maybe' {
  let maybe = false;
  for (const c of all) {
    if (SCORE_FIELDS.includes(c.field)) {
      if (!holds(c, fieldValue({ r, f, m, recency_days: 0, frequency: 0, monetary: 0, p_alive: 0, clv: 0 }, c.field))) return 'no';
    } else maybe = true;
  }
  return maybe ? 'maybe' : 'yes';
}

/** Raw-value conditions on one field that no number satisfies together (e.g. frequency > 5 and < 3). */
function contradictoryRaw(all: Condition[]): string | undefined {
  const byField = new Map<string, Condition[]>();
  for (const c of all) if (!SCORE_FIELDS.includes(c.field)) byField.set(c.field, [...(byField.get(c.field) ?? []), c]);
  for (const [field, conds] of byField) {
    // Days and counts are never negative; spend and CLV may be (net returns); P(alive) is at most 1.
    let lo = field === 'monetary' || field === 'clv' ? -Infinity : 0;
    let hi = field === 'p_alive' ? 1 : Infinity;
    let loOpen = false;
    let hiOpen = false;
    for (const c of conds) {
      const v = c.value;
      if (c.op === '>=' || c.op === '>') {
        if ((v as number) > lo || ((v as number) === lo && c.op === '>')) [lo, loOpen] = [v as number, c.op === '>'];
      } else if (c.op === '<=' || c.op === '<') {
        if ((v as number) < hi || ((v as number) === hi && c.op === '<')) [hi, hiOpen] = [v as number, c.op === '<'];
      } else if (c.op === '==') {
        if ((v as number) > lo) [lo, loOpen] = [v as number, false];
        if ((v as number) < hi) [hi, hiOpen] = [v as number, false];
      } else if (c.op === 'between') {
        const [a, b] = v as [number, number];
        if (a > lo) [lo, loOpen] = [a, false];
        if (b < hi) [hi, hiOpen] = [b, false];
      }
    }
    if (lo > hi || (lo === hi && (loOpen || hiOpen))) return conds.map(describeCondition).join(' and ');
  }
  return undefined;
}

/**
 * Checks a rule set against the score scale by enumerating every (r, f, m) combination
 * (bins³ of them): a segment whose own conditions can never hold is impossible; one whose
 * every possible customer is taken by earlier segments is unreachable. Both are errors,
 * thrown together. O(bins³ × conditions).
 */
export function checkRuleSet(rules: SegmentRuleSet, bins: number): void {
  const errors: string[] = [];
  const n = rules.segments.length;
  const possible = new Array<boolean>(n).fill(false);
  const reached = new Array<boolean>(n).fill(false);
  for (let r = 1; r <= bins; r++) {
    for (let f = 1; f <= bins; f++) {
      for (let m = 1; m <= bins; m++) {
        let decided = false; // an earlier segment surely takes this combination
        for (let s = 0; s < n; s++) {
          const verdict = scoreVerdict(rules.segments[s]!.all, r, f, m);
          if (verdict === 'no') continue;
          possible[s] = true;
          if (!decided) reached[s] = true;
          if (verdict === 'yes') decided = true;
        }
      }
    }
  }
  // Counts, exports and drill-downs go by name: two segments of one name would merge silently.
  const names = new Set<string>();
  for (const name of [...rules.segments.map((s) => s.name), rules.fallback]) {
    if (names.has(name)) errors.push(`the name "${name}" is used twice`);
    names.add(name);
  }
  rules.segments.forEach((seg, s) => {
    const raw = contradictoryRaw(seg.all);
    if (raw) errors.push(`segment "${seg.name}": ${raw} can never hold`);
    else if (!possible[s]) {
      errors.push(`segment "${seg.name}": ${seg.all.map(describeCondition).join(' and ')} can never hold on scores 1-${bins}`);
    } else if (!reached[s]) {
      errors.push(`segment "${seg.name}" is unreachable: segments above it take every customer it could match`);
    }
  });
  if (errors.length) throw new EngineError('invalid_rules', errors.join('; '));
}

/** True when the fallback can receive a customer for some score combination. */
export function fallbackReachable(rules: SegmentRuleSet, bins: number): boolean {
  for (let r = 1; r <= bins; r++)
    for (let f = 1; f <= bins; f++) for (let m = 1; m <= bins; m++) if (!rules.segments.some((s) => scoreVerdict(s.all, r, f, m) === 'yes')) return true;
  return false;
}
