export {
  FIELDS,
  OPERATORS,
  SCORE_FIELDS,
  VALUE_FIELDS,
  valueFieldsUsed,
  type ValueField,
  parseRuleSet,
  describeCondition,
  type Field,
  type Operator,
  type Condition,
  type SegmentRule,
  type SegmentRuleSet,
} from './rule-set.ts';
export { checkRuleSet, fallbackReachable } from './check-rules.ts';
export { applyRules, summariseSegments, type SegmentAssignment, type SegmentSummaryRow, type ValueColumns } from './apply-rules.ts';
export { PRESETS, PRESET_NAMES, DEFAULT_PRESET, preset } from './presets.ts';
export { fieldValue, holds, type FieldValues } from './evaluate.ts';
