/** The shareable HTML report: its data (collected by the pipeline) and its pure renderer. */
export { renderReport } from './render.ts';
export {
  collectReport,
  reportClusters,
  reportRules,
  REPORT_RULES,
  type ReportData,
  type ReportOptions,
  type ReportCluster,
  type ReportRule,
  type ReportMigration,
} from './report-data.ts';
export { esc as escapeHtml } from './format.ts';
