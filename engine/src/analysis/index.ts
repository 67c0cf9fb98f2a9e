export * from './document.ts';
export { parseAnalysis, serialiseAnalysis } from './parse.ts';
export * from './pipeline.ts';
export * from './outputs.ts';
export { resolveGroupName, type GroupKind } from './group-name.ts';
export { analysisManifest, type RunFacts } from './provenance.ts';
export {
  martTables,
  martSchemaMarkdown,
  MART_TABLES,
  type MartTable,
  type MartTableSpec,
  type MartColumn,
  type MartType,
  type MartValue,
  type MartSource,
} from './mart.ts';
export { martParquetFiles, martTableParquet } from './mart-parquet.ts';
export * from './value-columns.ts';
export { runAnalysis, type AnalysisRun, type BasketOutcome, type RunOptions } from './run.ts';
export {
  parseCsv,
  segmentMigration,
  migrationCsv,
  ruleChanges,
  ruleChangesCsv,
  rulesFileFacts,
  ruleComparisonCaveat,
  NEW,
  GONE,
  type Migration,
  type RuleChanges,
  type RuleRunFacts,
} from './compare.ts';
export { MIN_RULE_BASKETS, belowSupportFloor, floorSupport, supportFloorWarning } from './support-floor.ts';
export { migrationFiles, migrationMatrixFiles, migrationCustomersCsv, cellCampaign, cellFileName } from './migration-outputs.ts';
