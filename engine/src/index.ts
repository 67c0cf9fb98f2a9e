/** The engine's public API: the only import path for workers, the CLI and tests. */
export type { DataSource, SqlPort, SqlOptions, Clock, Rng, CancelToken, ProgressFn, JobControl } from './ports.ts';
export { EngineError, CancelledError, throwIfCancelled, type EngineErrorCode, type ErrorLocation } from './errors.ts';
export { createRng, randomInt } from './util/rng.ts';
export { sentence } from './util/sentence.ts';
export { ident, literal, literalList } from './sql/quote.ts';
export { tableRows, firstRow, num } from './sql/rows.ts';

export {
  sniffContainer,
  detectEncoding,
  sniffCsv,
  splitRecord,
  ENCODING_NAMES,
  CHOSEN_ENCODINGS,
  type ChosenEncoding,
  type CsvFormat,
  type TextEncoding,
} from './io/sniff.ts';
export { encodingsByFile } from './io/source-encodings.ts';
export { ALIGNED } from './io/aligned-text.ts';
export { excelSerialToIso } from './io/sheet-csv.ts';
export {
  readSources,
  checkMergedLines,
  locateRow,
  SOURCE_COLUMN,
  MAX_SOURCE_BYTES,
  type LaterChecks,
  type ReadOptions,
  type SourceInfo,
} from './io/read-sources.ts';
export { mergedLinesUncheckedNote } from './io/merged-lines.ts';
export { checkBlankLines } from './io/blank-lines.ts';
export { emptyBasketWarnings } from './io/item-matrix.ts';
export { TEXT_LAYOUTS, TEXT_LAYOUT_NAMES, longLayoutText, type TextLayout } from './io/text-layout.ts';
export { buildCanonical, type CanonicalInfo, type ParseIssue, type TotalRow } from './io/canonical.ts';
export type { RoundedIds } from './io/rounded-ids.ts';
export { namesNoSale, type PartialRefunds } from './io/order-status.ts';
export { orderStatusOf, statusOfColumn, type StatusColumn } from './io/status-column.ts';
export { figureWarnings, keyedFigureWarnings, type FigureWarning } from './io/figure-warnings.ts';
export { pinnedMapping, remappedWarnings, type RemappedRole } from './mapping/saved-mapping.ts';
export type { FileCopy } from './io/file-copies.ts';
export type { OrderTotals } from './io/order-totals.ts';
export type { AmbiguousDates } from './io/ambiguous-dates.ts';
export type { GuessedNumbers } from './io/guessed-numbers.ts';
export { summaryRowNotes, type SummaryRows } from './io/order-summary-rows.ts';
export { groupHeadingNotes, type GroupHeadings } from './io/group-headings.ts';
export { emptyRowsNote, type EmptyRows } from './io/empty-rows.ts';
export { repeatedHeadersNote, type RepeatedHeaders } from './io/repeated-headers.ts';
export { excelTextNote } from './io/excel-text.ts';
export { productSplitNote, productsNotSplitNotes } from './io/packed-products.ts';
export { blankLinesUncheckedNote } from './io/blank-lines.ts';
export { backslashEscapeNotes } from './io/quote-faults.ts';
export { carriageReturnNotes } from './io/line-breaks.ts';
export { nulByteNotes } from './io/nul-bytes.ts';
export { sheetArrowBatches, sheetColumns, type SheetColumns, type TextColumn } from './io/sheet-columns.ts';
export { sheetCsv, type SheetCells } from './io/sheet-cells.ts';
export { setRawInflater, type RawInflater } from './io/raw-inflate.ts';
export {
  ALL_SHEETS,
  workbookFile,
  workbookTables,
  type HiddenRows,
  type WorkbookControl,
  type WorkbookFacts,
  type WorkbookTables,
  type SheetFact,
  type SheetTable,
} from './io/workbook.ts';
export {
  DATA_FILE_EXTENSIONS,
  FOLDER_DEPTH,
  OUTPUT_MARKER,
  descendInto,
  isFolderDataFile,
  selectFolderFiles,
  type FolderRuleOptions,
} from './io/folder-rule.ts';
export { MAX_TOTAL_TEXT_BYTES, MAX_COLUMNS, MEMORY_BUDGET_BYTES, MEMORY_PER_TEXT_BYTE, checkInputSize } from './io/limits.ts';

export { ROLES, CONTACT_ROLES, isRole, normaliseHeader, HEADER_SYNONYMS, type Role, type ColumnMapping } from './mapping/roles.ts';
export {
  AMOUNT_NEEDED,
  customerNameColumns,
  detectMapping,
  guessedAmountWarnings,
  hasAmount,
  LOW_CONFIDENCE,
  missingRoles,
  orderKey,
  type MappingResult,
} from './mapping/detect-mapping.ts';
export { amountWords } from './io/amount.ts';
export { DAY_MONTH_ORDERS, detectDateFormat, type DateFormat, type DayMonthOrder } from './mapping/date-format.ts';
export { DECIMAL_MARKS, detectNumberFormat, parseNumber, type DecimalMark, type NumberFormat } from './mapping/number-format.ts';
export { ORDER_NUMBERINGS, type OrderNumbering, type ReusedNumbers } from './io/restarting-numbers.ts';
export { profileValues } from './mapping/value-profile.ts';
export { PLATFORM_LAYOUTS, detectLayout, noCustomerInLayout, type PlatformLayout, type DetectedLayout } from './mapping/layouts.ts';
export { ORDERS_NEEDED, summaryReportIs, type SummaryReport } from './mapping/summary-report.ts';
export { currenciesFromSymbols, type CurrencyInfo } from './mapping/currency.ts';
export {
  headerSignature,
  emptyMappingMemory,
  parseMappingMemory,
  serialiseMappingMemory,
  rememberMapping,
  forgetMapping,
  recallMapping,
  type MappingMemory,
  type RememberedLayout,
} from './mapping/remembered.ts';
export { type RemovedExample, EXAMPLES_PER_RULE, RETURNS_ONLY, type ReturnsOnlyReport } from './clean/clean.ts';

export {
  CLEANING_RULES,
  DEFAULT_RULES,
  RULE_DESCRIPTIONS,
  INVALID_VALUE,
  DEFAULT_NON_PRODUCT_CODES,
  DEFAULT_NON_PRODUCT_WORDS,
  DEFAULT_JUNK_WORDS,
  defaultCleaningOptions,
  isCleaningRule,
  IMPLAUSIBLE_KINDS,
  DEFAULT_MIN_DATE,
  isImplausibleKind,
  type ImplausibleKind,
  type ImplausibleOptions,
  type CleaningRule,
  type CleaningOptions,
  type ReturnsMode,
} from './clean/rules.ts';
export { implausibleWarnings, type ImplausibleFinding, type ImplausibleChecks, type ImplausibleExample } from './clean/implausible.ts';
export { nonProductWarnings, type NonProductShare } from './clean/non-product-share.ts';
export { returnsShareWarnings } from './clean/returns-share.ts';
export { cleaningWarnings } from './clean/cleaning-warnings.ts';
export { applyCleaning, keptSummary, FIXED_RULE_SQL, listRuleSql, type CleaningReport, type KeptSummary } from './clean/clean.ts';
export { anonymousBasketWarnings } from './clean/anonymous-baskets.ts';
export { ruleMatches, previewLines } from './clean/queries.ts';
export { datasetReport, openDataset, openLines, recleanDataset, recleanLines, type Dataset, type LoadedLines, type OpenOptions } from './dataset.ts';

export * from './rfm/index.ts';
export * from './segments/index.ts';
export * from './export/index.ts';
export * from './assoc/index.ts';
export { loadBaskets, type BasketKey, type ItemKey, type BasketSource, type LoadedBaskets } from './market/load-baskets.ts';
export * from './cluster/index.ts';
export * from './gen/index.ts';
export * from './recommend/index.ts';
export * from './analysis/index.ts';
export * from './overview/index.ts';
export * from './report/index.ts';
export * from './clv/index.ts';
