import type { SheetFact, SourceInfo, WorkbookFacts } from '../../../engine/src/index.ts';
import {
  sentence,
  ALIGNED,
  ENCODING_NAMES,
  CHOSEN_ENCODINGS,
  encodingsByFile,
  emptyBasketWarnings,
  keyedFigureWarnings,
  emptyRowsNote,
  repeatedHeadersNote,
  excelTextNote,
  productSplitNote,
  productsNotSplitNotes,
  blankLinesUncheckedNote,
  mergedLinesUncheckedNote,
  backslashEscapeNotes,
  carriageReturnNotes,
  nulByteNotes,
  summaryRowNotes,
  groupHeadingNotes,
  longLayoutText,
  noInvoiceNote,
  TEXT_LAYOUTS,
  type LoadedLines,
  type TextLayout,
  type ChosenEncoding,
  type DecimalMark,
  type DayMonthOrder,
  type OrderNumbering,
} from '../../engine-client/index.ts';
import { setDateOrder, setDecimalMark, setEncoding, setLayout, setOrderNumbers, setSheet } from '../../state/actions/data.ts';
import { useStore } from '../../state/store.ts';
import { fmtInt } from '../../ui/format.ts';

/**
 * How the files were read, for the Data screen's format panel: a workbook's sheets and what was
 * read from each (with the sheet picker, "All sheets" included), or a text file's encoding and
 * delimiter; then notices for what was found and handled (title rows, a `sep=` line, total
 * lines, repaired bytes, ids that may be rounded).
 */

const DELIMITER_NAMES: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe', [ALIGNED]: 'spaces (aligned columns)' };

function delimiterName(d: string): string {
  return DELIMITER_NAMES[d] ?? JSON.stringify(d);
}

/** A choice of how the files are read: 'auto' (detected), then the ways the engine knows. */
function ReadChoice<T extends string>(props: {
  value: T;
  choices: readonly (readonly [T, string])[];
  onChange: (v: T) => void;
  testId: string;
  label: string;
}) {
  return (
    <select value={props.value} onChange={(e) => props.onChange(e.target.value as T)} data-testid={props.testId} aria-label={props.label}>
      {props.choices.map(([v, label]) => (
        <option key={v} value={v}>
          {label}
        </option>
      ))}
    </select>
  );
}

const LAYOUT_LABELS: Record<TextLayout, string> = { table: 'Table', baskets: 'One basket per line', matrix: 'Item matrix' };

/** The layout choices: detected (when none is chosen), then the engine's layouts. */
const LAYOUT_CHOICES: [TextLayout | 'auto', string][] = [['auto', 'Detect'], ...TEXT_LAYOUTS.map((l): [TextLayout, string] => [l, LAYOUT_LABELS[l]])];

/** What the files (or a workbook's sheets) were read as, and the choice to read them otherwise. */
function LayoutChoice({ ds }: { ds: LoadedLines }) {
  const chosen = useStore((s) => s.analysis.sources.layout);
  const f = ds.sources[0]!;
  const read = longLayoutText(f.format);
  const baskets = ds.sources.reduce((n, s) => n + (s.basketStarts?.length ?? 0), 0);
  return (
    <>
      <dt>Layout</dt>
      <dd>
        <ReadChoice value={chosen ?? 'auto'} choices={LAYOUT_CHOICES} onChange={(v) => void setLayout(v)} testId="layout" label="Read the file as" />
        <div className="muted" style={{ fontWeight: 400, marginTop: 4 }} data-testid="basket-layout">
          {read
            ? `${read}: ${fmtInt(baskets)} baskets, ${fmtInt(ds.sources.reduce((n, s) => n + s.rows, 0))} items`
            : f.format.header
              ? 'a table: a header, then a line per row'
              : `a table without a header: a line per row, its columns named ${ds.columns.slice(0, 2).join(', ')}, …`}
        </div>
      </dd>
    </>
  );
}

const ENCODING_CHOICES: [ChosenEncoding | 'auto', string][] = [
  ['auto', 'Detect'],
  ...CHOSEN_ENCODINGS.map((e): [ChosenEncoding, string] => [e, ENCODING_NAMES[e]]),
];

/**
 * The text files' encoding, and the choice to read them in another: Hungarian text in
 * Windows-1250 reads as Windows-1252 too (letters garbled, not refused), and only the user can
 * tell. A file with a byte-order mark, or in UTF-16, is read as its bytes say whatever is chosen.
 */
function EncodingChoice({ ds }: { ds: LoadedLines }) {
  const chosen = useStore((s) => s.analysis.sources.encoding);
  const f = ds.sources[0]!;
  const others = Object.entries(encodingsByFile(ds.sources) ?? {}).filter(([name]) => name !== f.name);
  return (
    <>
      <dt>Encoding</dt>
      <dd>
        <ReadChoice value={chosen ?? 'auto'} choices={ENCODING_CHOICES} onChange={(v) => void setEncoding(v)} testId="encoding" label="Encoding" />
        <div className="muted" style={{ fontWeight: 400, marginTop: 4 }} data-testid="encoding-read">
          {ENCODING_NAMES[f.format.encoding]}
          {f.format.bom ? ' (BOM)' : ''}
          {others.length > 0 &&
            `; ${others
              .slice(0, 3)
              .map(([name, e]) => `${name} ${ENCODING_NAMES[e]}`)
              .join(', ')}${others.length > 3 ? ` and ${fmtInt(others.length - 3)} more files` : ''}`}
        </div>
      </dd>
    </>
  );
}

const ORDER_CHOICES: [DayMonthOrder | 'auto', string][] = [
  ['auto', 'Detect'],
  ['dmy', 'Day first: 03/04 is 3 April'],
  ['mdy', 'Month first: 03/04 is March 4'],
];

/**
 * How dates were read, and the choice of day/month order for numeric dates: a short export whose
 * days never pass 12 cannot tell 03/04 from 04/03, and is read day-first unless the user says otherwise.
 */
export function DatesFact({ ds }: { ds: LoadedLines }) {
  const chosen = useStore((s) => s.analysis.sources.dateOrder);
  const date = ds.canonical.dateFormat;
  const dayMonth = date?.order === 'dmy' || date?.order === 'mdy';
  return (
    <>
      <dt>Dates</dt>
      <dd>
        {(dayMonth || chosen) && (
          <ReadChoice value={chosen ?? 'auto'} choices={ORDER_CHOICES} onChange={(v) => void setDateOrder(v)} testId="date-order" label="Day and month order" />
        )}
        <div className={dayMonth || chosen ? 'muted' : undefined} style={{ fontWeight: 400, marginTop: dayMonth || chosen ? 4 : 0 }} data-testid="date-format">
          {date ? date.label : '–'}
          {date?.ambiguous && (
            <>
              {' '}
              <span className="tag warn">ambiguous: assumed {date.order}</span>
            </>
          )}
        </div>
      </dd>
    </>
  );
}

const NUMBERING_CHOICES: [OrderNumbering | 'auto', string][] = [
  ['auto', 'Detect'],
  ['daily', 'Restart each day'],
  ['unique', 'One order each'],
];

/**
 * How order numbers were read, shown where it is in question: numbers recur on other days with
 * other customers (a till's receipts numbered from 1 each day), or the user chose.
 */
export function OrdersFact({ ds }: { ds: LoadedLines }) {
  const chosen = useStore((s) => s.analysis.sources.orderNumbers);
  const reused = ds.canonical.reusedNumbers;
  if (!reused && !chosen) return null;
  return (
    <>
      <dt>Orders</dt>
      <dd>
        <ReadChoice
          value={chosen ?? 'auto'}
          choices={NUMBERING_CHOICES}
          onChange={(v) => void setOrderNumbers(v)}
          testId="order-numbers"
          label="Order numbers"
        />
        <div className="muted" style={{ fontWeight: 400, marginTop: 4 }} data-testid="order-numbering">
          {reused?.daily ? 'an order is a number on one day' : 'each number is one order'}
          {reused && reused.numbers > 0 && (
            <>
              {' '}
              <span className={`tag${reused.chosen ? '' : ' warn'}`}>
                {fmtInt(reused.numbers)} number{reused.numbers === 1 ? '' : 's'} on several days
              </span>
            </>
          )}
        </div>
      </dd>
    </>
  );
}

const MARK_CHOICES: [DecimalMark | 'auto', string][] = [
  ['auto', 'Detect'],
  ['.', 'Decimal point: 1,234.50'],
  [',', 'Decimal comma: 1.234,50'],
];

/**
 * How numbers were read, and the choice of decimal mark for every numeric column: a file of whole
 * numbers and "1.200"s shows neither, and is read with a decimal point unless the user says otherwise.
 */
export function NumbersFact({ ds }: { ds: LoadedLines }) {
  const chosen = useStore((s) => s.analysis.sources.decimalMark);
  const f = ds.canonical.numberFormats;
  const num = f.unit_price ?? f.line_total ?? f.quantity;
  return (
    <>
      <dt>Numbers</dt>
      <dd>
        <ReadChoice value={chosen ?? 'auto'} choices={MARK_CHOICES} onChange={(v) => void setDecimalMark(v)} testId="decimal-mark" label="Decimal mark" />
        <div className="muted" style={{ fontWeight: 400, marginTop: 4 }} data-testid="number-format">
          {num
            ? `decimal “${num.decimal}”${num.thousands ? `, thousands “${num.thousands}”` : ''}${num.symbols ? ', currency symbols' : ''}${f.quantity?.units ? ', quantities with units' : ''}`
            : '–'}
          {ds.canonical.guessedNumbers && (
            <>
              {' '}
              <span className="tag warn">guessed</span>
            </>
          )}
        </div>
      </dd>
    </>
  );
}

/** The value of the "All sheets" choice (the engine's ALL_SHEETS). */
const ALL = 'all';

const STATUS: Record<SheetFact['status'], string> = {
  read: 'read',
  empty: 'empty',
  cover: 'no table (cover or notes)',
  other_columns: 'other columns',
  not_chosen: 'not read',
};

function workbookOf(sources: readonly SourceInfo[]): WorkbookFacts | undefined {
  return sources.find((s) => s.workbook)?.workbook;
}

function sheetSummary(w: WorkbookFacts): string {
  const read = w.sheets.filter((s) => s.status === 'read');
  const names = read.map((s) => `“${s.name}”${s.hidden ? ' (hidden)' : ''}`).join(', ');
  const how =
    w.choice === 'first' && read.some((s) => s.hidden)
      ? ' — hidden in the workbook: no visible sheet has a table as good'
      : w.choice === 'period'
        ? ' — named by period, read as one dataset'
        : w.choice === 'all'
          ? ' — all sheets of this table'
          : w.choice === 'transactions'
            ? ' — its columns name more of invoice, customer, date and amount than those of the sheets before it'
            : '';
  return `${w.sheets.length} sheet${w.sheets.length > 1 ? 's' : ''}; read ${names}${how}`;
}

/** The format rows (dt/dd pairs) for the first source. */
export function FormatFacts({ ds }: { ds: LoadedLines }) {
  const chosen = useStore((s) => s.analysis.sources.sheet);
  const f = ds.sources[0]!;
  const w = workbookOf(ds.sources);
  if (f.kind === 'xlsx' && w) {
    const read = w.sheets.filter((s) => s.status === 'read');
    const titled = read.filter((s) => (s.headerRow ?? 1) > 1);
    const value = chosen ?? (w.choice === 'period' || w.choice === 'all' ? ALL : f.sheet);
    return (
      <>
        <dt>Type</dt>
        <dd>Excel workbook</dd>
        <dt>Sheets</dt>
        <dd data-testid="sheets-read">{sheetSummary(w)}</dd>
        {w.sheets.length > 1 && (
          <>
            <dt>Read</dt>
            <dd>
              <select value={value} onChange={(e) => void setSheet(e.target.value)} data-testid="sheet" aria-label="Sheets to read">
                <option value={ALL}>All sheets with the same columns</option>
                {w.sheets.map((s) => (
                  <option key={s.name} value={s.name}>
                    {s.name} ({s.hidden ? 'hidden, ' : ''}
                    {STATUS[s.status]}
                    {s.status === 'empty' || s.status === 'cover' ? '' : `, ${fmtInt(s.rows)} lines`})
                  </option>
                ))}
              </select>
            </dd>
          </>
        )}
        <LayoutChoice ds={ds} />
        <dt>Header</dt>
        <dd data-testid="header-row">
          {titled.length === 0
            ? 'row 1'
            : titled.map((s) => `row ${s.headerRow}${read.length > 1 ? ` of “${s.name}”` : ''}`).join(', ') + ' (title rows above skipped)'}
        </dd>
        {read.some((s) => s.hiddenRows) && (
          <>
            <dt>Hidden rows</dt>
            <dd data-testid="hidden-rows">
              {read
                .filter((s) => s.hiddenRows)
                .map(({ name, hiddenRows: h }) => {
                  const more = h!.count > h!.first.length ? ', …' : '';
                  return `${fmtInt(h!.count)}${read.length > 1 ? ` in “${name}”` : ''} (row${h!.count > 1 ? 's' : ''} ${h!.first.join(', ')}${more})`;
                })
                .join('; ')}
              , read with the others
            </dd>
          </>
        )}
        {f.date1904 && (
          <>
            <dt>Date system</dt>
            <dd>1904 (old Mac Excel): serial dates counted from 1904-01-01</dd>
          </>
        )}
      </>
    );
  }
  return (
    <>
      <dt>Type</dt>
      <dd>{f.kind === 'parquet' ? 'Parquet' : `${f.format.compression === 'gzip' ? 'gzip’d ' : ''}delimited text`}</dd>
      {f.kind === 'csv' ? (
        <EncodingChoice ds={ds} />
      ) : (
        <>
          <dt>Encoding</dt>
          <dd>{ENCODING_NAMES[f.format.encoding]}</dd>
        </>
      )}
      {!f.format.baskets && (
        // Baskets name what separates their items in the layout's words.
        <>
          <dt>Delimiter</dt>
          <dd>
            {delimiterName(f.format.delimiter)}
            {f.sepLine ? ' (from the file’s “sep=” line)' : ''}
          </dd>
        </>
      )}
      {f.kind === 'csv' && <LayoutChoice ds={ds} />}
      {f.headerLine !== undefined && (
        <>
          <dt>Header</dt>
          <dd data-testid="header-row">line {f.headerLine} (the lines above it, titles or blank, skipped)</dd>
        </>
      )}
    </>
  );
}

/** Notices about what was found in the files and handled. */
export function SourceNotices({ ds }: { ds: LoadedLines }) {
  const notices: { key: string; warn: boolean; text: string }[] = [];
  const platform = ds.canonical.mapping.layout;
  // A recognised shop export is read as its platform documents it: say which, and how (a basket
  // file's long copy has its own words, the layout's text).
  if (platform && platform.id !== 'basket_items')
    notices.push({ key: 'platform', warn: false, text: `Read as ${platform.name}${platform.note ? `: ${platform.note}` : ''}.` });
  const w = workbookOf(ds.sources);
  const skipped = w?.sheets.filter((s) => s.status === 'empty' || s.status === 'cover') ?? [];
  if (skipped.length)
    notices.push({ key: 'skipped', warn: false, text: `Passed over: ${skipped.map((s) => `“${s.name}” (${STATUS[s.status]})`).join(', ')}.` });
  for (const [i, w] of emptyBasketWarnings(ds.sources).entries()) notices.push({ key: `empty-baskets-${i}`, warn: true, text: `${w}.` });
  for (const s of ds.sources) {
    if (s.replacedBytes)
      notices.push({
        key: `bytes-${s.name}`,
        warn: true,
        text: `${s.name}: ${fmtInt(s.replacedBytes.count)} byte${s.replacedBytes.count > 1 ? 's' : ''} not valid UTF-8 on line ${s.replacedBytes.lines.join(', ')}, shown as �; the rest of the file is read as UTF-8.`,
      });
  }
  backslashEscapeNotes(ds.sources).forEach((n, i) => notices.push({ key: `backslash-escapes-${i}`, warn: false, text: sentence(n) }));
  carriageReturnNotes(ds.sources).forEach((n, i) => notices.push({ key: `carriage-returns-${i}`, warn: false, text: sentence(n) }));
  nulByteNotes(ds.sources).forEach((n, i) => notices.push({ key: `nul-bytes-${i}`, warn: false, text: sentence(n) }));
  const split = productSplitNote(ds.sources);
  if (split) notices.push({ key: 'products-split', warn: false, text: sentence(split) });
  productsNotSplitNotes(ds.sources).forEach((w, i) => notices.push({ key: `products-not-split-${i}`, warn: true, text: `${w}.` }));
  const dates = Object.entries(ds.canonical.dateFormatsByFile ?? {});
  if (dates.length)
    notices.push({
      key: 'dates',
      warn: false,
      text: `Dates are written ${ds.canonical.dateFormat?.label ?? ''}, and otherwise in ${dates.length === 1 ? 'one file, read in its own format' : `${dates.length} files, each read in its own format`}: ${dates.map(([file, d]) => `${file} ${d.label}`).join('; ')}.`,
    });
  const totals = ds.canonical.totalRows ?? [];
  if (totals.length)
    notices.push({
      key: 'totals',
      warn: false,
      text: `${totals.length} ${totals.every((t) => t.note) ? 'note' : totals.some((t) => t.note) ? 'total or note line' : 'total line'}${totals.length > 1 ? 's' : ''} below the data left out: ${totals
        .slice(0, 3)
        .map((t) => `“${t.label}” at ${t.file}, row ${t.row}`)
        .join('; ')}.`,
    });
  for (const n of summaryRowNotes(ds.canonical.summaryRows)) notices.push({ key: 'summary-rows', warn: false, text: sentence(n) });
  for (const n of groupHeadingNotes(ds.canonical.groupHeadings)) notices.push({ key: 'group-headings', warn: false, text: sentence(n) });
  if (ds.canonical.emptyRows) notices.push({ key: 'empty-rows', warn: false, text: `${emptyRowsNote(ds.canonical.emptyRows)}.` });
  if (ds.canonical.repeatedHeaders) notices.push({ key: 'repeated-headers', warn: false, text: `${repeatedHeadersNote(ds.canonical.repeatedHeaders)}.` });
  if (ds.canonical.excelText) {
    const n = excelTextNote(ds.canonical.excelText);
    notices.push({ key: 'excel-text', warn: false, text: sentence(n) });
  }
  const unchecked = blankLinesUncheckedNote(ds.sources);
  if (unchecked) notices.push({ key: 'blank-lines-unchecked', warn: true, text: sentence(unchecked) });
  const quotes = mergedLinesUncheckedNote(ds.sources);
  if (quotes) notices.push({ key: 'merged-lines-unchecked', warn: true, text: sentence(quotes) });
  for (const w of keyedFigureWarnings(ds)) notices.push({ key: w.key, warn: true, text: sentence(w.text) });
  const note = noInvoiceNote(ds.canonical.mapping.mapping);
  if (note) notices.push({ key: 'no-invoice', warn: false, text: sentence(note) });
  return (
    <>
      {notices.map((n) => (
        <div key={n.key} className={`notice${n.warn ? ' warn' : ''}`} style={{ marginTop: 10 }} data-testid={`source-notice-${n.key}`}>
          {n.text}
        </div>
      ))}
    </>
  );
}
