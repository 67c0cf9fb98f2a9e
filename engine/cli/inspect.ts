import { sourceFactLines, sourceFactsJson, valueWarningLines } from './inspect-sources.ts';
import {
  ALIGNED,
  ENCODING_NAMES,
  longLayoutText,
  CLEANING_RULES,
  noInvoiceNote,
  ORDERS_NEEDED,
  countedFigures,
  figureWarnings,
  INVALID_VALUE,
  RULE_DESCRIPTIONS,
  cleaningWarnings,
  implausibleWarnings,
  nonProductWarnings,
  returnsShareWarnings,
  missingRoles,
  customerNameColumns,
  noCustomerInLayout,
  type Dataset,
  type Role,
  encodingsByFile,
} from '../src/index.ts';

/** The JSON shape of `inspect --json`: format, mapping, confidence, report. */
export function inspectJson(ds: Dataset): Record<string, unknown> {
  const first = ds.sources[0]!;
  const dateFormat = ds.canonical.dateFormat;
  const numberFormat = Object.values(ds.canonical.numberFormats)[0];
  const facts = sourceFactsJson(ds);
  return {
    format: {
      files: facts.files,
      ...facts.format,
      kind: first.kind,
      encoding: first.format.encoding,
      ...(encodingsByFile(ds.sources) ? { encodings_by_file: encodingsByFile(ds.sources) } : {}),
      bom: first.format.bom,
      compression: first.format.compression,
      delimiter: first.format.delimiter,
      header: first.format.header,
      ...(first.format.baskets ? { one_basket_per_line: true, ...(first.format.itemCounts ? { item_counts_first: true } : {}) } : {}),
      ...(first.format.matrix ? { item_matrix: true, basket_id_column: first.format.matrixId === true, cell_counts: first.format.matrixCounts === true } : {}),
      decimal_separator: numberFormat?.decimal ?? '.',
      thousands_separator: numberFormat?.thousands ?? '',
      ...(ds.canonical.numberFormats.quantity?.units ? { quantity_units: true } : {}),
      date_format: dateFormat?.label ?? null,
      date_order: dateFormat?.order ?? null,
      date_ambiguous: dateFormat?.ambiguous ?? false,
      currency: ds.canonical.currency ?? null,
      ...(ds.canonical.numberFormatsByFile ? { number_formats_by_file: ds.canonical.numberFormatsByFile } : {}),
      layout: ds.canonical.mapping.layout
        ? { id: ds.canonical.mapping.layout.id, name: ds.canonical.mapping.layout.name, note: ds.canonical.mapping.layout.note ?? null }
        : null,
      summary_report: ds.canonical.mapping.summaryReport ?? null,
    },
    mapping: ds.canonical.mapping.mapping,
    confidence: ds.canonical.mapping.confidence,
    /** Roles taken from the mapping remembered for this header layout (see --save-mapping). */
    remembered_mapping: ds.recalled ?? null,
    layout_signature: ds.layoutSignature,
    report: {
      ...ds.report,
      implausible_warnings: implausibleWarnings(ds.report),
      non_product_warnings: nonProductWarnings(ds.report),
      returns_share_warnings: returnsShareWarnings(ds.report),
      missing_roles: { rfm: missingRoles(ds.canonical.mapping.mapping, 'rfm'), baskets: missingRoles(ds.canonical.mapping.mapping, 'baskets') },
      nulls: ds.canonical.nulls,
      parse_issues: ds.canonical.parseIssues,
      ...facts.report,
    },
  };
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

const fmtInt = (n: number) => n.toLocaleString('en-US');

/** Human-readable inspect output. */
export function inspectText(ds: Dataset): string {
  const j = inspectJson(ds) as { format: Record<string, unknown> };
  const f = j.format;
  const r = ds.report;
  const lines: string[] = [];
  const baskets = ds.sources.reduce((n, s) => n + (s.basketStarts?.length ?? 0), 0);
  const read = baskets > 0 ? `${fmtInt(baskets)} baskets, ${fmtInt(r.rows_read)} items` : `${fmtInt(r.rows_read)} lines`;
  lines.push(`Files: ${ds.sources.length} (${read})`, ...sourceFactLines(ds));
  const split = longLayoutText(ds.sources[0]!.format) ?? (f.delimiter === ALIGNED ? 'columns aligned by spaces' : `delimiter ${JSON.stringify(f.delimiter)}`);
  lines.push(
    `Format: ${f.kind}, ${ENCODING_NAMES[ds.sources[0]!.format.encoding]}${f.bom ? ' with BOM' : ''}${f.compression === 'gzip' ? ', gzip' : ''}, ${split}, ` +
      `decimal ${JSON.stringify(f.decimal_separator)}${f.quantity_units ? ', quantities with units' : ''}, dates ${f.date_format ?? 'none'}${f.date_ambiguous ? ' (ambiguous: day-first assumed; --date-order mdy if month-first)' : ''}`,
  );
  const encodings = Object.entries(encodingsByFile(ds.sources) ?? {});
  if (encodings.length) lines.push(`Encodings per file: ${encodings.map(([file, e]) => `${file} ${ENCODING_NAMES[e]}`).join(', ')}`);
  const cur = ds.canonical.currency;
  if (cur) lines.push(`Currency: ${cur.codes.join(', ')} (${cur.source === 'column' ? `column ${cur.column}` : 'written in the prices'})`);
  // Files whose numbers differ only in currency symbols or units read alike: no line for them.
  const byFile = Object.entries(ds.canonical.numberFormatsByFile ?? {}).map(([file, formats]) => {
    const f = formats.unit_price ?? formats.line_total ?? formats.quantity;
    return [file, `decimal ${JSON.stringify(f?.decimal ?? '.')}${f?.thousands ? `, thousands ${JSON.stringify(f.thousands)}` : ''}`] as const;
  });
  if (new Set(byFile.map(([, marks]) => marks)).size > 1) lines.push(`Numbers per file: ${byFile.map(([file, marks]) => `${file} ${marks}`).join('; ')}`);
  const layout = ds.canonical.mapping.layout;
  // The long copy of baskets is described by the Format line.
  if (layout && longLayoutText(ds.sources[0]!.format) === null) lines.push(`Layout: ${layout.name}${layout.note ? ` (${layout.note})` : ''}`);
  lines.push('Mapping:');
  const time = ds.canonical.mapping.mapping.time;
  const names = customerNameColumns(ds.canonical.mapping.mapping);
  for (const [role, column] of Object.entries(ds.canonical.mapping.mapping)) {
    const c = ds.canonical.mapping.confidence[role as Role] ?? 0;
    const how = ds.recalled?.[role as Role] !== undefined ? ' (remembered)' : ds.canonical.mapping.manual[role as Role] ? ' (manual)' : '';
    // A role read from two columns: the date with its time of day ("Date" + "Time"), the customer's names.
    const two = role === 'date' && time !== undefined ? [column, time] : role === 'customer' ? names : undefined;
    const read = two ? two.map((c) => JSON.stringify(c)).join(' + ') : JSON.stringify(column);
    const of = role === 'time' ? " (the date's time of day)" : '';
    lines.push(`  ${pad(role, 12)} <- ${pad(read, 24)} confidence ${c.toFixed(2)}${how}${of}`);
  }
  const unmapped = ds.columns.filter((c) => !Object.values(ds.canonical.mapping.mapping).includes(c));
  if (unmapped.length) lines.push(`  unmapped: ${unmapped.join(', ')}`);
  // An export that names no customer is said so, rather than asked for a column it lacks.
  const noCustomer = noCustomerInLayout(ds.canonical.mapping.mapping.customer, ds.canonical.mapping.layout);
  // A summary report has no column to map for them: its orders are what is missing (its warning says why).
  const summary = ds.canonical.mapping.summaryReport;
  const unmet = (['rfm', 'baskets'] as const).filter((purpose) => missingRoles(ds.canonical.mapping.mapping, purpose).length > 0);
  if (summary && unmet.length)
    lines.push(`  no ${unmet.map((p) => (p === 'rfm' ? 'RFM' : 'baskets')).join(' or ')}: a summary report (warning below); ${ORDERS_NEEDED}`);
  else
    for (const purpose of ['rfm', 'baskets'] as const) {
      const missing = missingRoles(ds.canonical.mapping.mapping, purpose);
      if (purpose === 'rfm' && noCustomer) lines.push(`  no RFM: ${noCustomer}`);
      else if (missing.length) lines.push(`  ${purpose === 'rfm' ? 'RFM still needs' : 'baskets still need'}: ${missing.join('; ')} (use --map role=Column)`);
    }
  const note = summary ? undefined : noInvoiceNote(ds.canonical.mapping.mapping);
  if (note) lines.push(`  ${note}`);
  for (const w of figureWarnings(ds)) lines.push(`  warning: ${w}`);
  lines.push(...valueWarningLines(ds));
  lines.push(`Cleaning (${r.rules.length === CLEANING_RULES.length ? 'default: all rules' : r.rules.join(', ') || 'none'}; returns ${r.returns}):`);
  for (const rule of [INVALID_VALUE, ...CLEANING_RULES] as const) {
    const n = r.removed[rule];
    if (rule === INVALID_VALUE && n === 0) continue;
    const on = rule === INVALID_VALUE || r.rules.includes(rule);
    lines.push(
      `  ${pad(rule, 20)} ${on ? pad(fmtInt(n), 10) : pad('off', 10)} ${rule === INVALID_VALUE ? 'unparseable date or number' : RULE_DESCRIPTIONS[rule]}`,
    );
    const e = r.examples[rule]?.[0];
    // A line without a quantity (a payment's row) is told by its amount.
    const figure = e?.quantity === null && e.amount !== null ? `amount ${e.amount}` : `quantity ${e?.quantity ?? '-'}`;
    if (e)
      lines.push(
        `  ${' '.repeat(20)} e.g. ${e.file}${e.row !== null ? ` row ${e.row}` : ''}: invoice ${e.invoice ?? '-'}, ${e.sku ?? '-'}, ${JSON.stringify(e.description ?? '')}, ${figure}`,
      );
  }
  if (r.netted.cancellation + r.netted.return > 0)
    lines.push(`  netted: ${fmtInt(r.netted.cancellation)} cancellation and ${fmtInt(r.netted.return)} return lines`);
  if (r.returnsOnly?.customers)
    lines.push(
      `  returns only: ${fmtInt(r.returnsOnly.customers)} customers with no purchase netting to ${r.returnsOnly.net.toFixed(2)} (${fmtInt(r.returnsOnly.lines)} lines) are not scored, e.g. ${r.returnsOnly.examples
        .slice(0, 3)
        .map((x) => `${x.customer} ${x.net.toFixed(2)}`)
        .join(', ')}`,
    );
  for (const w of cleaningWarnings(r)) lines.push(`  warning: ${w}`);
  if (ds.canonical.scanLevel)
    lines.push('  one line per scanned unit (no quantity other than 1): a line repeated in its file is another unit, not a duplicate');
  lines.push(`Kept: ${fmtInt(r.rows_kept)} of ${fmtInt(r.rows_read)} lines`);
  const counted = countedFigures(ds.canonical.mapping.mapping);
  lines.push(
    `Customers ${counted.customers ? fmtInt(r.customers) : '- (no customer column)'}, invoices ${counted.orders ? fmtInt(r.invoices) : '- (no invoice or customer column)'}, products ${counted.products ? fmtInt(r.products) : '- (no product column)'}, revenue ${counted.revenue ? r.revenue.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }) : '- (no price or amount column)'}`,
  );
  lines.push(`Dates: ${r.date_min ?? '-'} to ${r.date_max ?? '-'}`);
  const nulls = Object.entries(ds.canonical.nulls).filter(([, n]) => (n ?? 0) > 0);
  if (nulls.length) lines.push(`Empty values: ${nulls.map(([role, n]) => `${role} ${fmtInt(n ?? 0)}`).join(', ')}`);
  if (ds.sources.length > 1 && ds.sources.length <= 20) {
    for (const pf of r.per_file) lines.push(`  ${pad(pf.file, 30)} read ${pad(fmtInt(pf.rows_read), 10)} kept ${fmtInt(pf.rows_kept)}`);
  }
  return lines.join('\n');
}
