export {
  FIELDS,
  OPERATORS,
  SCORE_FIELDS,
  parseRuleSet,
  describeCondition,
  type Field,
  type Operator,
  type Condition,
  type SegmentRule,
  type SegmentRuleSet,
} from './rule-set.ts';
export { checkRuleSet, fallbackReachable } from './check-rules.ts';
export { applyRules, summariseSegments, type SegmentAssignment, type SegmentSummaryRow } from './apply-rules.ts';
export { PRESETS, PRESET_NAMES, DEFAULT_PRESET, preset } from './presets.ts';
export { fieldValue, holds, type FieldValues } from './evaluate.ts';
