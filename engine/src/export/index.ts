export { csvCell, csvRow, toCsv, neutraliseFormula, round, type Cell, type CsvOptions } from './csv.ts';
export { customerRows, customersCsv, segmentsCsv, CUSTOMER_COLUMNS, SEGMENT_COLUMNS, type CustomerExport } from './customers.ts';
