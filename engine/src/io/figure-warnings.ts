/**
 * What may be wrong in the figures read, each with its counts and examples: a summary report read as orders, saved mapped columns the
 * files lack (the role detected afresh), lines a stray quote read as text, sheets with the columns of the one read left unread,
 * hidden sheets read, rows a workbook hides (read with the others), files
 * left out as copies of others or as texts beside tables, a role read from one of the columns a header gives one name, mapped columns some files lack or name otherwise, orders in several files, an order's fields on its first line only, order numbers used on several days, values that did not parse (their lines left out), amounts from guessed
 * columns, a price or total column read as the other, amounts in cents, numbers read under a guessed decimal mark, quantities all whole thousands, dates read day-first by assumption, orders a status column left out, partial
 * refunds counted in full, units returned in a column of their own, refund rows written positive, customer values naming nobody, discounts not taken off, orders whose products do not add up to their subtotal, customers known
 * by a name, several currencies, quantities in several measures, an order's total on its lines, ids written with and without leading zeros, phone numbers with and without the country code, ids a spreadsheet may have
 * rounded, date cells that may be swapped, text read as Windows-1252 that another code page reads as well. The CLI prints them with every
 * command's output; the Data screen shows each as a notice.
 */
import { customerNameColumns, guessedAmountWarnings, moneyReadWarnings, type MappingResult } from '../mapping/detect-mapping.ts';
import { summaryReportWarnings } from '../mapping/summary-report.ts';
import { countAsTotalWarnings, unrelatedTotalWarnings } from '../mapping/unrelated-total.ts';
import type { CurrencyInfo } from '../mapping/currency.ts';
import type { ParseIssue } from './canonical.ts';
import type { RoundedIds } from './rounded-ids.ts';
import { ambiguousDateWarnings, type AmbiguousDates } from './ambiguous-dates.ts';
import { swappedDateWarnings, type SwappedDates } from './swapped-dates.ts';
import { guessedNumberWarnings, type GuessedNumbers } from './guessed-numbers.ts';
import { partialRefundWarnings, type PartialRefunds } from './order-status.ts';
import { statusColumnWarnings, type StatusColumn } from './status-column.ts';
import { refundRowWarnings, type RefundRows } from './refund-rows.ts';
import { firstLineOrderWarnings, type FirstLineOrders } from './first-line-orders.ts';
import { minorUnitWarnings, type MinorUnits } from './minor-units.ts';
import { placeholderCustomerWarnings, type PlaceholderCustomers } from './placeholder-customers.ts';
import { discountWarnings, type Discounts } from './discounts.ts';
import { orderTotalWarnings, type OrderTotals } from './order-totals.ts';
import { productTotalWarnings, type TotalsDiffer } from './packed-products.ts';
import { copyWarnings, type FileCopy } from './file-copies.ts';
import { textFileWarnings } from './text-files.ts';
import { paddedIdWarnings, type PaddedIds } from './padded-ids.ts';
import { phoneFormWarnings, type PhoneForms } from './phone-forms.ts';
import { returnedUnitWarnings, type ReturnedUnits } from './returned-units.ts';
import { thousandQuantityWarnings, type ThousandQuantities } from './thousand-quantities.ts';
import { overlapWarnings, type OverlappingFiles } from './overlapping-files.ts';
import { sharedOrderWarnings, type SharedOrders } from './shared-orders.ts';
import { quantityUnitWarnings, type QuantityUnits } from './quantity-units.ts';
import { reusedNumberWarnings, type ReusedNumbers } from './restarting-numbers.ts';
import { differingColumnWarnings, type RenamedColumn } from './differing-columns.ts';
import { repeatedNameWarnings } from './column-names.ts';
import { hiddenRowWarnings, hiddenSheetWarnings, unreadSheetWarnings, type WorkbookFacts } from './workbook.ts';
import { remappedWarnings, type RemappedRole } from '../mapping/saved-mapping.ts';
import type { EncodingDoubt } from './code-page-guess.ts';
import { ENCODING_NAMES } from './sniff.ts';
import { mergedLineWarnings, type MergedLines } from './merged-lines.ts';

/** A dataset as figureWarnings reads it: its canonical facts, its sources, the copies left out. */
export interface WarnedDataset {
  /** The columns read (columnNames: a repeated name told apart by position). */
  columns: readonly string[];
  canonical: {
    mapping: MappingResult;
    parseIssues: readonly ParseIssue[];
    statusColumn?: StatusColumn;
    partialRefunds?: PartialRefunds;
    refundRows?: RefundRows;
    placeholderCustomers?: PlaceholderCustomers;
    minorUnits?: MinorUnits;
    firstLineOrders?: FirstLineOrders;
    discounts?: Discounts;
    guessedNumbers?: GuessedNumbers[];
    ambiguousDates?: AmbiguousDates;
    swappedDates?: SwappedDates;
    currency?: CurrencyInfo;
    orderTotals?: OrderTotals;
    paddedIds?: PaddedIds[];
    phoneForms?: PhoneForms;
    returnedUnits?: ReturnedUnits[];
    thousandQuantities?: ThousandQuantities;
    roundedIds?: RoundedIds[];
    overlappingFiles?: OverlappingFiles;
    reusedNumbers?: ReusedNumbers;
    sharedOrders?: SharedOrders;
    quantityUnits?: QuantityUnits;
  };
  sources: readonly {
    name: string;
    sheet?: string;
    rows: number;
    missingColumns?: readonly string[];
    renamedColumns?: readonly RenamedColumn[];
    productTotalsDiffer?: TotalsDiffer;
    productTotalsWithTax?: TotalsDiffer;
    workbook?: WorkbookFacts;
    encodingDoubt?: EncodingDoubt;
    mergedLines?: MergedLines;
  }[];
  copies?: readonly FileCopy[];
  textFiles?: readonly string[];
  remapped?: readonly RemappedRole[];
}

/** One warning, with a key that names its kind (the Data screen's notice id). */
export interface FigureWarning {
  key: string;
  text: string;
}

/** Every warning about the figures, keyed: the one list the commands print and the Data screen shows. */
export function keyedFigureWarnings(ds: WarnedDataset): FigureWarning[] {
  const { canonical, sources } = ds;
  const one = (key: string, texts: string[]) => texts.map((text) => ({ key, text }));
  const each = (key: string, texts: string[]) => texts.map((text, i) => ({ key: `${key}-${i}`, text }));
  return [
    ...one('summary-report', summaryReportWarnings(canonical.mapping.summaryReport)),
    ...each('remapped', remappedWarnings(ds.remapped)),
    ...one('file-copies', copyWarnings(ds.copies)),
    ...each('unread-sheets', unreadSheetWarnings(sources)),
    ...each('hidden-sheets', hiddenSheetWarnings(sources)),
    ...each('hidden-rows', hiddenRowWarnings(sources)),
    ...one('text-files', textFileWarnings(ds.textFiles)),
    ...each('encoding-doubts', encodingDoubtWarnings(sources)),
    ...each('merged-lines', mergedLineWarnings(sources)),
    ...each('repeated-names', repeatedNameWarnings(ds.columns, canonical.mapping.mapping)),
    ...each('differing-columns', differingColumnWarnings(sources, canonical.mapping.mapping)),
    ...one('overlapping-files', overlapWarnings(canonical.overlappingFiles)),
    ...one('reused-numbers', reusedNumberWarnings(canonical.reusedNumbers)),
    ...one('shared-orders', sharedOrderWarnings(canonical.sharedOrders)),
    ...one('quantity-units', quantityUnitWarnings(canonical.quantityUnits)),
    ...one('first-line-orders', firstLineOrderWarnings(canonical.firstLineOrders)),
    ...each('parse-issues', parseIssueWarnings(canonical.parseIssues)),
    ...one('guessed-amount', guessedAmountWarnings(canonical.mapping)),
    ...one('money-read', moneyReadWarnings(canonical.mapping)),
    ...one(
      'unrelated-total',
      unrelatedTotalWarnings(canonical.mapping.unrelatedTotal, canonical.mapping.mapping.quantity, canonical.mapping.mapping.unit_price),
    ),
    ...one('count-as-total', countAsTotalWarnings(canonical.mapping.countAsTotal)),
    ...one('minor-units', minorUnitWarnings(canonical.minorUnits)),
    ...each('guessed-numbers', guessedNumberWarnings(canonical.guessedNumbers)),
    ...one('thousand-quantities', thousandQuantityWarnings(canonical.thousandQuantities)),
    ...one('ambiguous-dates', ambiguousDateWarnings(canonical.ambiguousDates)),
    ...one('swapped-dates', swappedDateWarnings(canonical.swappedDates)),
    ...one('order-status', statusColumnWarnings(canonical.statusColumn)),
    ...one('partial-refunds', partialRefundWarnings(canonical.partialRefunds)),
    ...one('refund-rows', refundRowWarnings(canonical.refundRows)),
    ...one('placeholder-customers', placeholderCustomerWarnings(canonical.placeholderCustomers)),
    ...one('discounts', discountWarnings(canonical.discounts)),
    ...each('returned-units', returnedUnitWarnings(canonical.returnedUnits)),
    ...each('product-totals', productTotalWarnings(sources)),
    ...one('customer-by-name', customerByNameWarnings(canonical.mapping)),
    ...one('currencies', currencyWarnings(canonical.currency)),
    ...one('order-totals', orderTotalWarnings(canonical.orderTotals)),
    ...each('padded-ids', paddedIdWarnings(canonical.paddedIds)),
    ...one('phone-forms', phoneFormWarnings(canonical.phoneForms)),
    ...each('rounded-ids', roundedIdWarnings(canonical.roundedIds)),
  ];
}

/**
 * Ids a spreadsheet may have rounded: numbers of more than 15 digits, or written in scientific
 * notation ("1.23457E+11", which keeps the digits shown only), so that different customers or
 * orders may read as one.
 */
export function roundedIdWarnings(ids: readonly RoundedIds[] | undefined): string[] {
  return (ids ?? []).map((id) => {
    const e = id.examples[0];
    const one = id.count === 1;
    const sci = id.examples.every((x) => /e\+/i.test(x.value));
    const how = sci
      ? `${one ? 'is' : 'are'} written in scientific notation, which keeps only the digits shown`
      : `${one ? 'is a number' : 'are numbers'} of more than 15 digits or in scientific notation`;
    const where = e ? ` (e.g. "${e.value}" in ${e.file} row ${e.row})` : '';
    return `${id.count.toLocaleString('en-US')} ${one ? 'value' : 'values'} in ${id.column} (${id.role}) ${how}${where}: the program that wrote the file may have rounded ${one ? 'it' : 'them'}, so different ids may read as one; export ids as text`;
  });
}

/**
 * Files read as Windows-1252 whose letters beyond ASCII another code page reads as well
 * (code-page-guess.ts): names, descriptions and countries may be garbled, and one product split in
 * several by its spellings.
 */
export function encodingDoubtWarnings(sources: WarnedDataset['sources']): string[] {
  return sources.flatMap(({ name, encodingDoubt: d }) => {
    if (!d) return [];
    const others = d.alternatives.map((a) => `${ENCODING_NAMES[a.encoding]} ("${a.example}")`).join(' or ');
    return [
      `${name} is read as ${ENCODING_NAMES['latin-1']} ("${d.read}"), but ${others} fits its accented letters as well: names and descriptions may be garbled; if so, choose its encoding`,
    ];
  });
}

/** The warnings' texts, as every command prints them. */
export function figureWarnings(ds: WarnedDataset): string[] {
  return keyedFigureWarnings(ds).map((w) => w.text);
}

/** Money in several currencies: revenue and monetary values add them up unconverted. */
export function currencyWarnings(currency: CurrencyInfo | undefined): string[] {
  if (currency?.lines === undefined) return [];
  const each = currency.lines.map(
    (l) => `${l.code} on ${l.lines.toLocaleString('en-US')} ${l.lines === 1 ? 'line' : 'lines'}${l.first ? ` (first ${l.first.file} row ${l.first.row})` : ''}`,
  );
  const where = currency.source === 'column' ? `in "${currency.column}"` : 'written in the prices';
  return [`${currency.lines.length} currencies ${where}, added up unconverted in revenue and monetary values: ${each.join(', ')}`];
}

/** Customers known by a name only: first and last names read together, a file's name column taken for the customer, or the layout's customerByName while its column is the customer. */
export function customerByNameWarnings({ mapping, layout, customerIsName }: MappingResult): string[] {
  const names = customerNameColumns(mapping);
  if (names)
    return [
      `customers are told apart by their first and last names, "${names[0]}" and "${names[1]}" read together ("Ann" "Lee" as "Ann Lee"), as the file has no customer id, email or phone: people who share a name count as one customer`,
    ];
  if (customerIsName)
    return [`customers are told apart by "${mapping.customer}", a name, as the file has no customer id or email: people who share one count as one customer`];
  if (!layout?.customerByName || mapping.customer === undefined || mapping.customer !== layout.mapping.customer) return [];
  return [
    `customers are told apart by "${mapping.customer}", a name as written in the ${layout.name} (${layout.customerByName}): people who share one count as one customer`,
  ];
}

/** Values of a mapped column that did not parse, with the first one's place: their lines are left out. */
export function parseIssueWarnings(issues: readonly ParseIssue[]): string[] {
  return issues.map((p) => {
    const one = p.count === 1;
    const where = p.example
      ? `, e.g. "${p.example.value}" in ${p.example.file}${p.example.sheet !== undefined ? ` sheet "${p.example.sheet}"` : ''} row ${p.example.row}`
      : '';
    // A time of day that does not parse leaves its line at its date's midnight (canonical.ts).
    const lines =
      p.role === 'time'
        ? `${one ? 'its line is' : 'their lines are'} read at 00:00 of ${one ? 'its' : 'their'} day`
        : `${one ? 'its line is' : 'their lines are'} left out`;
    return `${p.count.toLocaleString('en-US')} ${one ? 'value' : 'values'} in "${p.column}" (${p.role}) ${one ? 'does' : 'do'} not parse${where}; ${lines}`;
  });
}
