import {
  backslashEscapeNotes,
  blankLinesUncheckedNote,
  carriageReturnNotes,
  nulByteNotes,
  emptyBasketWarnings,
  emptyRowsNote,
  repeatedHeadersNote,
  excelTextNote,
  productSplitNote,
  productsNotSplitNotes,
  summaryRowNotes,
  groupHeadingNotes,
  workbookFile,
  type Dataset,
  type WorkbookFacts,
} from '../src/index.ts';

/**
 * What `inspect` says about how the files were read: the sheets of each workbook and what was
 * read from each, title rows and `sep=` lines skipped, the 1904 date system, repaired bytes,
 * total lines left out, ids that may have been rounded, and dates decided per file.
 */

const fmtInt = (n: number) => n.toLocaleString('en-US');

/** Each workbook once, by file, with what was read from its sheets. */
function workbooks(ds: Dataset): [string, WorkbookFacts][] {
  const out = new Map<string, WorkbookFacts>();
  for (const s of ds.sources) if (s.workbook) out.set(workbookFile(s), s.workbook);
  return [...out];
}

/** Per file facts and the dataset's findings for `inspect --json` (format.files, format.workbooks, report). */
export function sourceFactsJson(ds: Dataset): { files: Record<string, unknown>[]; format: Record<string, unknown>; report: Record<string, unknown> } {
  const wbs = workbooks(ds);
  const dates = ds.canonical.dateFormatsByFile;
  return {
    files: ds.sources.map((s) => ({
      name: s.name,
      kind: s.kind,
      rows: s.rows,
      ...(s.sheet ? { sheet: s.sheet, sheets: s.sheets } : {}),
      ...(s.headerLine !== undefined ? { header_line: s.headerLine } : {}),
      ...(s.sepLine ? { sep_line: true } : {}),
      ...(s.date1904 ? { date1904: true } : {}),
      ...(s.replacedBytes ? { replaced_bytes: s.replacedBytes } : {}),
      ...(s.nulBytes ? { nul_bytes: s.nulBytes } : {}),
      ...(s.backslashEscapes ? { backslash_escapes: s.backslashEscapes } : {}),
      ...(s.carriageReturns ? { carriage_returns: s.carriageReturns } : {}),
      ...(s.mergedLines ? { merged_lines: s.mergedLines } : {}),
      ...(s.emptyBaskets ? { rows_without_items: s.emptyBaskets } : {}),
      ...(s.productStarts ? { orders_split_into_products: s.productStarts.length } : {}),
      ...(s.productTotalsDiffer ? { orders_products_differ_from_subtotal: s.productTotalsDiffer } : {}),
      ...(s.productTotalsWithTax ? { orders_products_match_subtotal_with_tax: s.productTotalsWithTax } : {}),
      ...(s.productsNotSplit ? { products_not_split: s.productsNotSplit } : {}),
    })),
    format: {
      ...(wbs.length ? { workbooks: wbs.map(([file, w]) => ({ file, choice: w.choice, sheets: w.sheets })) } : {}),
      ...(dates ? { date_formats_by_file: Object.fromEntries(Object.entries(dates).map(([f, d]) => [f, d.label])) } : {}),
    },
    report: {
      total_rows: ds.canonical.totalRows ?? [],
      rounded_ids: ds.canonical.roundedIds ?? [],
      guessed_numbers: ds.canonical.guessedNumbers ?? [],
      ambiguous_dates: ds.canonical.ambiguousDates ?? null,
      summary_rows: ds.canonical.summaryRows ?? null,
      ...(ds.canonical.groupHeadings ? { group_headings: ds.canonical.groupHeadings } : {}),
      empty_rows: ds.canonical.emptyRows ?? null,
      repeated_headers: ds.canonical.repeatedHeaders ?? null,
      excel_text_columns: ds.canonical.excelText ?? [],
      partial_refunds: ds.canonical.partialRefunds ?? null,
    },
  };
}

const SHEET_STATUS: Record<WorkbookFacts['sheets'][number]['status'], string> = {
  read: 'read',
  empty: 'empty, skipped',
  cover: 'no table (a cover or notes), skipped',
  other_columns: 'other columns, skipped',
  not_chosen: 'not read',
};

const CHOICE: Record<WorkbookFacts['choice'], string> = {
  named: 'the sheet asked for',
  first: 'the first sheet with a table',
  transactions: 'the sheet whose columns name the most of invoice, customer, date and amount, not the first with a table',
  all: 'all sheets of the same table (--sheet all)',
  period: 'the sheets named by period, of the same table, as one dataset',
};

/** How the sheets read were chosen: a visible sheet comes before a hidden one. */
function choiceText(w: WorkbookFacts): string {
  if (w.choice !== 'first' || !w.sheets.some((s) => s.hidden)) return CHOICE[w.choice];
  return w.sheets.some((s) => s.status === 'read' && s.hidden)
    ? 'a hidden sheet, no visible sheet having a table as good'
    : 'the first visible sheet with a table';
}

/** Lines on how the files were read, for the text report (after "Files:"). */
export function sourceFactLines(ds: Dataset): string[] {
  const lines: string[] = [];
  for (const [file, w] of workbooks(ds)) {
    lines.push(`Workbook ${file}: ${w.sheets.length} sheet${w.sheets.length > 1 ? 's' : ''}; read ${choiceText(w)}`);
    for (const sh of w.sheets) {
      const header = sh.status === 'read' && sh.headerRow !== undefined && sh.headerRow > 1 ? `, header on row ${sh.headerRow} (title rows above skipped)` : '';
      const rows = sh.status === 'empty' || sh.status === 'cover' ? '' : `, ${fmtInt(sh.rows)} lines`;
      const hidden = sh.hiddenRows
        ? `, ${fmtInt(sh.hiddenRows.count)} of them hidden in the workbook (row${sh.hiddenRows.count > 1 ? 's' : ''} ${sh.hiddenRows.first.join(', ')}${sh.hiddenRows.count > sh.hiddenRows.first.length ? ', …' : ''}), read`
        : '';
      lines.push(`  sheet ${JSON.stringify(sh.name)}${sh.hidden ? ' (hidden)' : ''}: ${SHEET_STATUS[sh.status]}${rows}${hidden}${header}`);
    }
  }
  for (const s of ds.sources) {
    if (s.sepLine) lines.push(`  ${s.name}: starts with Excel's "sep=${s.format.delimiter}" line naming the delimiter; skipped`);
    else if (s.headerLine !== undefined && s.kind === 'csv')
      lines.push(`  ${s.name}: header on line ${s.headerLine}; the ${s.headerLine - 1} line(s) above it (titles or blank) skipped`);
    if (s.date1904) lines.push(`  ${s.name}: the workbook counts dates from 1904 (old Mac Excel); serial dates read so`);
    if (s.replacedBytes)
      lines.push(
        `  warning: ${s.name}: ${fmtInt(s.replacedBytes.count)} byte(s) not valid UTF-8, read as U+FFFD, on line ${s.replacedBytes.lines.join(', ')}; the rest is UTF-8`,
      );
  }
  for (const n of backslashEscapeNotes(ds.sources)) lines.push(`  ${n}`);
  for (const n of carriageReturnNotes(ds.sources)) lines.push(`  ${n}`);
  for (const n of nulByteNotes(ds.sources)) lines.push(`  ${n}`);
  for (const w of emptyBasketWarnings(ds.sources)) lines.push(`  warning: ${w}`);
  const unchecked = blankLinesUncheckedNote(ds.sources);
  if (unchecked) lines.push(`  warning: ${unchecked}`);
  const split = productSplitNote(ds.sources);
  if (split) lines.push(`  ${split}`);
  for (const w of productsNotSplitNotes(ds.sources)) lines.push(`  warning: ${w}`);
  const dates = Object.entries(ds.canonical.dateFormatsByFile ?? {});
  if (dates.length) lines.push(`Dates written otherwise, each file read in its own format: ${dates.map(([file, d]) => `${file} ${d.label}`).join(', ')}`);
  return lines;
}

/** Warnings about values, for the mapping section. */
export function valueWarningLines(ds: Dataset): string[] {
  const lines: string[] = [];
  for (const t of ds.canonical.totalRows ?? [])
    lines.push(`  ${t.note ? 'note' : 'total line'} below the data left out: ${t.file} row ${t.row} (${JSON.stringify(t.label)})`);
  for (const n of summaryRowNotes(ds.canonical.summaryRows)) lines.push(`  ${n}`);
  for (const n of groupHeadingNotes(ds.canonical.groupHeadings)) lines.push(`  ${n}`);
  if (ds.canonical.emptyRows) lines.push(`  ${emptyRowsNote(ds.canonical.emptyRows)}`);
  if (ds.canonical.repeatedHeaders) lines.push(`  ${repeatedHeadersNote(ds.canonical.repeatedHeaders)}`);
  if (ds.canonical.excelText) lines.push(`  ${excelTextNote(ds.canonical.excelText)}`);
  return lines;
}
