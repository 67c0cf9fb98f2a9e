/**
 * The renderer's only door to the engine and the workers. Features and actions import from
 * here; this module imports worker code as values (the SQL-bound jobs that run on the main
 * thread against DuckDB-WASM, and the in-process fallback) and creates the analytics worker.
 */
export { EngineClient, JobError, isCancelled, type RunOptions } from './client.ts';
export { openData, recleanData, ruleMatches, previewLines, type OpenParams } from '../../workers/handlers/sql/dataset.ts';
export { scoredRfm, basketsFor, type ScoredRfm } from '../../workers/handlers/sql/rfm.ts';
export {
  CLEANING_RULES,
  RULE_DESCRIPTIONS,
  ROLES,
  defaultCleaningOptions,
  PRESETS,
  PRESET_NAMES,
  FIELDS,
  OPERATORS,
  SCORE_FIELDS,
  applyRules,
  summariseSegments,
  checkRuleSet,
  describeCondition,
  dayToIso,
  rfmCode,
  crosstab,
  toCsv,
  customerRows,
  CUSTOMER_COLUMNS,
  joinItemLabels,
  type CleaningOptions,
  type CleaningRule,
  type CleaningReport,
  type ColumnMapping,
  type Dataset,
  type Role,
  type DataSource,
  type RfmTable,
  type RfmScores,
  type SegmentRuleSet,
  type SegmentRule,
  type Condition,
  type Field,
  type Operator,
  type SegmentAssignment,
  type SegmentSummaryRow,
  type LoadedBaskets,
  type Cell,
  type Crosstab,
} from '../../workers/engine-api.ts';
export type * from '../../workers/protocol.ts';
