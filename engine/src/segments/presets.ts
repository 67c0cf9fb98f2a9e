import { EngineError } from '../errors.ts';
import type { Condition, Field, SegmentRuleSet } from './rule-set.ts';

const c = (field: Field, op: Condition['op'], value: Condition['value']): Condition => ({ field, op, value });

/** Six segments on R and F scores (1-5). */
const rfm6: SegmentRuleSet = {
  name: 'rfm6',
  segments: [
    { name: 'Champions', all: [c('r', '>=', 4), c('f', '>=', 4)], description: 'Bought recently, buy often' },
    { name: 'Potential Loyalists', all: [c('r', '>=', 4), c('f', '>=', 2)], description: 'Recent, with a few orders' },
    { name: 'Loyal Customers', all: [c('r', '>=', 3), c('f', '>=', 3)], description: 'Buy regularly' },
    { name: 'At Risk', all: [c('r', '<=', 2), c('f', '>=', 3)], description: 'Used to buy often, not lately' },
    { name: 'New Customers', all: [c('r', '>=', 3), c('f', '<=', 2)], description: 'Recent first orders' },
  ],
  fallback: 'Needs Attention',
  fallbackDescription: 'Neither recent nor frequent',
};

/** Five bands of the score sum r + f + m (3-15). */
const sum5: SegmentRuleSet = {
  name: 'sum5',
  segments: [
    { name: 'Champions', all: [c('sum', '>=', 13)] },
    { name: 'Loyal', all: [c('sum', 'between', [10, 12])] },
    { name: 'Potential Loyalists', all: [c('sum', 'between', [8, 9])] },
    { name: 'At Risk', all: [c('sum', 'between', [6, 7])] },
  ],
  fallback: 'Dormant',
  fallbackDescription: 'Score sum 5 or less',
};

/**
 * The common eleven-segment map on R and fm = (F + M) / 2. The published grid's ranges
 * overlap; this ordering makes first-match-wins reproduce it with every segment reachable.
 */
const rfm11: SegmentRuleSet = {
  name: 'rfm11',
  segments: [
    { name: 'Champions', all: [c('r', '>=', 4), c('fm', '>=', 4)] },
    { name: 'Loyal', all: [c('r', '>=', 2), c('fm', '>=', 3)] },
    { name: 'Potential Loyalist', all: [c('r', '>=', 3), c('fm', '>=', 2)] },
    { name: 'New Customers', all: [c('r', '>=', 4), c('fm', '<', 2)] },
    { name: 'Promising', all: [c('r', '==', 3), c('fm', '<', 2)] },
    { name: 'Need Attention', all: [c('r', '==', 2), c('fm', '>=', 2)] },
    { name: 'About to Sleep', all: [c('r', '==', 2), c('fm', '<', 2)] },
    { name: "Can't Lose Them", all: [c('r', '<=', 1), c('fm', '>=', 4)] },
    { name: 'At Risk', all: [c('r', '<=', 1), c('fm', '>=', 2.5)] },
    { name: 'Hibernating', all: [c('r', '<=', 1), c('fm', '>=', 1.5)] },
  ],
  fallback: 'Lost',
  fallbackDescription: 'Long gone, few orders, little spend',
};

/** Three value tiers on the score sum. */
const value3: SegmentRuleSet = {
  name: 'value3',
  segments: [
    { name: 'High value', all: [c('sum', '>=', 11)] },
    { name: 'Mid value', all: [c('sum', '>=', 7)] },
  ],
  fallback: 'Low value',
};

export const PRESETS: Record<string, SegmentRuleSet> = { rfm6, sum5, rfm11, value3 };
export const DEFAULT_PRESET = 'rfm6';
export const PRESET_NAMES = Object.keys(PRESETS);

/** A deep copy of a preset, safe to edit. */
export function preset(name: string): SegmentRuleSet {
  const p = PRESETS[name];
  if (!p) throw new EngineError('invalid_argument', `unknown preset "${name}"; presets are ${PRESET_NAMES.join(', ')}`);
  return structuredClone(p);
}
