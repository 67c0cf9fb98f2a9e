import { EngineError, throwIfCancelled } from '../errors.ts';
import type { CancelToken } from '../ports.ts';
import { checkColumnCount } from './limits.ts';
import { CellWriter, writeRecord } from './sheet-cells.ts';
import { hiddenLines, mergeFillRows, type SheetAsCsv, type WorkbookSheet } from './sheet-csv.ts';
import { attr, ByteSink, csvField, ROW_KEY, SheetScanner, stringItem, unescapeXml, type SheetContext } from './xlsx-sheet-scan.ts';
import { entryData, inflateEntryAsync, inflateEntry, Unsupported, zipDirectory, type ZipEntry } from './zip.ts';

/**
 * Streaming XLSX → CSV: reads the zip's central directory, inflates only the parts it needs and
 * scans the sheet XML forward in chunks (no DOM, no whole-sheet string). Output is byte for byte
 * what xlsxSheetToCsv (SheetJS) gives. Constructs it does not reproduce exactly (t="d" cells,
 * rows or cells out of order, an unknown shared-string index, zip64, a workbook that is not SpreadsheetML
 * XML such as .xlsb or .ods) make it return undefined so the caller can use SheetJS instead.
 */

// --- XML helpers ---------------------------------------------------------------------------------

/** Every start or empty tag with this local name, as the text between `<` and `>`. */
function tags(xml: string, name: string): string[] {
  const out: string[] = [];
  const re = new RegExp(`<((?:\\w+:)?${name}(?:\\s[^>]*)?)/?>`, 'g');
  for (let m = re.exec(xml); m !== null; m = re.exec(xml)) out.push(m[1]!);
  return out;
}

function sharedStrings(xml: string): (string | undefined)[] {
  const out: (string | undefined)[] = [];
  const open = /<(?:\w+:)?sst\b[^>]*>/.exec(xml);
  if (open === null) return out;
  let p = open.index + open[0].length;
  const end = xml.search(/<\/(?:\w+:)?sst>/);
  const stop = end === -1 ? xml.length : end;
  const siOpen = /<(?:\w+:)?(?:si|sstItem)>/g;
  const siClose = /<\/(?:\w+:)?(?:si|sstItem)>/g;
  while (p < stop) {
    siOpen.lastIndex = p;
    const o = siOpen.exec(xml);
    if (o === null || o.index >= stop) break;
    siClose.lastIndex = o.index + o[0].length;
    const c = siClose.exec(xml);
    const cEnd = c === null || c.index > stop ? stop : c.index;
    out.push(stringItem(xml.slice(o.index + o[0].length, cEnd).trim()));
    p = c === null ? stop : c.index + c[0].length;
  }
  return out;
}

// --- number formats ------------------------------------------------------------------------------

const BUILTIN_FORMATS: Record<number, string> = {
  0: 'General',
  1: '0',
  2: '0.00',
  3: '#,##0',
  4: '#,##0.00',
  9: '0%',
  10: '0.00%',
  11: '0.00E+00',
  12: '# ?/?',
  13: '# ??/??',
  14: 'm/d/yy',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM',
  20: 'h:mm',
  21: 'h:mm:ss',
  22: 'm/d/yy h:mm',
  37: '#,##0 ;(#,##0)',
  38: '#,##0 ;[Red](#,##0)',
  39: '#,##0.00;(#,##0.00)',
  40: '#,##0.00;[Red](#,##0.00)',
  45: 'mm:ss',
  46: '[h]:mm:ss',
  47: 'mmss.0',
  48: '##0.0E+0',
  49: '@',
  56: '"上午/下午 "hh"時"mm"分"ss"秒 "',
};

/** Ids Excel leaves undefined but maps to a date format (SheetJS's SSFImplicit, date ones only). */
const IMPLICIT_DATE_IDS = new Set([27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 50, 51, 52, 53, 54, 55, 57, 58, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81]);

function isGeneral(s: string, i: number): boolean {
  return s.length >= 7 + i && s.slice(i, i + 7).toLowerCase() === 'general';
}

/**
 * Whether a number format shows a date or time: a d/m/y/h/s (or e, g, B1/B2, AM/PM) token
 * outside quotes, escapes and [colour] brackets, or an elapsed-time bracket like [h].
 * A port of SheetJS's SSF.is_date, so both readers agree.
 */
export function isDateFormat(fmt: string): boolean {
  let i = 0;
  while (i < fmt.length) {
    const c = fmt.charAt(i);
    switch (c) {
      case 'G':
        if (isGeneral(fmt, i)) i += 6;
        i++;
        break;
      case '"':
        while (fmt.charCodeAt(++i) !== 34 && i < fmt.length) {
          /* skip */
        }
        ++i;
        break;
      case '\\':
      case '_':
        i += 2;
        break;
      case '@':
        ++i;
        break;
      case 'B':
      case 'b':
        if (fmt.charAt(i + 1) === '1' || fmt.charAt(i + 1) === '2') return true;
        return true;
      case 'M':
      case 'D':
      case 'Y':
      case 'H':
      case 'S':
      case 'E':
      case 'm':
      case 'd':
      case 'y':
      case 'h':
      case 's':
      case 'e':
      case 'g':
        return true;
      case 'A':
      case 'a':
      case '上':
        if (fmt.substr(i, 3).toUpperCase() === 'A/P') return true;
        if (fmt.substr(i, 5).toUpperCase() === 'AM/PM') return true;
        if (fmt.substr(i, 5).toUpperCase() === '上午/下午') return true;
        ++i;
        break;
      case '[': {
        let o = c;
        while (fmt.charAt(i++) !== ']' && i < fmt.length) o += fmt.charAt(i);
        if (/\[[HhMmSs\u0E0A\u0E19\u0E17]*\]/.test(o)) return true;
        break;
      }
      case '.':
      case '0':
      case '#': {
        let d: string = c;
        while (
          i < fmt.length &&
          ('0#?.,E+-%'.indexOf((d = fmt.charAt(++i))) > -1 || (d === '\\' && fmt.charAt(i + 1) === '-' && '0#'.indexOf(fmt.charAt(i + 2)) > -1))
        ) {
          /* skip */
        }
        break;
      }
      case '?':
        while (fmt.charAt(++i) === c) {
          /* skip */
        }
        break;
      case '*':
        ++i;
        if (fmt.charAt(i) === ' ' || fmt.charAt(i) === '*') ++i;
        break;
      case '(':
      case ')':
      case ' ':
        ++i;
        break;
      case '1':
      case '2':
      case '3':
      case '4':
      case '5':
      case '6':
      case '7':
      case '8':
      case '9':
        while (i < fmt.length && '0123456789'.indexOf(fmt.charAt(++i)) > -1) {
          /* skip */
        }
        break;
      default:
        ++i;
        break;
    }
  }
  return false;
}

/** For each cellXfs index, whether its number format is a date format. */
function dateStyles(xml: string | undefined): boolean[] | undefined {
  if (xml === undefined) return undefined;
  const formats = new Map<number, string>();
  for (const t of tags(xml, 'numFmt')) {
    const id = parseInt(attr(t, 'numFmtId') ?? '', 10);
    if (id > 0) formats.set(id, unescapeXml(attr(t, 'formatCode') ?? ''));
  }
  const section = /<(?:\w+:)?cellXfs\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?cellXfs>)/.exec(xml);
  const out: boolean[] = [];
  for (const t of tags(section?.[1] ?? '', 'xf')) {
    const id = parseInt(attr(t, 'numFmtId') ?? '0', 10) || 0;
    const code = formats.get(id) ?? BUILTIN_FORMATS[id];
    out.push(code !== undefined ? isDateFormat(code) : IMPLICIT_DATE_IDS.has(id));
  }
  return out;
}

// --- workbook ------------------------------------------------------------------------------------

function resolveTarget(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = (base + target).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

function relationships(xml: string, base: string): { id: string; type: string; target: string }[] {
  return tags(xml, 'Relationship').map((t) => ({
    id: attr(t, 'Id') ?? '',
    type: attr(t, 'Type') ?? '',
    target: resolveTarget(base, unescapeXml(attr(t, 'Target') ?? '')),
  }));
}

// --- CSV -----------------------------------------------------------------------------------------

/** Splits one CSV record this module wrote back into fields. */
function splitCsv(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    if (line.charCodeAt(i) === 34) {
      let s = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        s += line.slice(i, q);
        if (line.charCodeAt(q + 1) === 34) {
          s += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      out.push(s);
    } else {
      const c = line.indexOf(',', i);
      out.push(line.slice(i, c === -1 ? line.length : c));
      i = c === -1 ? line.length : c;
    }
    if (i >= line.length) break;
    i++; // the comma
    if (i === line.length) {
      out.push('');
      break;
    }
  }
  return out;
}

// --- the sheet ---------------------------------------------------------------------------------

/**
 * Converts one sheet of an XLSX workbook to UTF-8 CSV for DuckDB, the same bytes as
 * xlsxSheetToCsv, without building the workbook in memory: the sheet's XML is inflated and
 * scanned as bytes piece by piece (xlsx-sheet-scan.ts); the shared strings and styles are held
 * whole. Returns undefined for input it leaves to SheetJS (see the module comment). Throws the
 * same EngineErrors as xlsxSheetToCsv. With `cells`, see xlsxSheetToCsvStreamingAsync.
 */
export function xlsxSheetToCsvStreaming(name: string, bytes: Uint8Array, sheetName?: string, cells = false): SheetAsCsv | undefined {
  try {
    const sheet = openSheet(name, bytes, sheetName);
    const scanner = new SheetScanner(sheet.context, cells ? new CellWriter() : undefined);
    inflateEntry(bytes, sheet.entry, (chunk) => scanner.push(chunk));
    return assemble(name, sheet, scanner);
  } catch (e) {
    if (e instanceof EngineError) throw e;
    return undefined;
  }
}

/**
 * Progress and cancellation of one sheet's conversion: after each inflated piece, `signal` is
 * checked and `onProgress` told the share of the sheet's XML scanned; `breathe` is awaited then
 * too, to let the host handle what is queued (a worker's cancel message: the inflated pieces
 * otherwise follow one another without a turn of the event loop).
 */
export interface SheetControl {
  signal?: CancelToken;
  onProgress?: (fraction: number) => void;
  breathe?: () => Promise<void>;
}

/**
 * xlsxSheetToCsvStreaming with the platform's native inflater: the same result, sooner. With
 * `cells`, the sheet comes as text columns (SheetAsCsv.cells) instead of its CSV, unless merged
 * ranges fill cells.
 */
export async function xlsxSheetToCsvStreamingAsync(
  name: string,
  bytes: Uint8Array,
  sheetName?: string,
  control: SheetControl = {},
  cells = false,
): Promise<SheetAsCsv | undefined> {
  try {
    const sheet = openSheet(name, bytes, sheetName);
    const scanner = new SheetScanner(sheet.context, cells ? new CellWriter() : undefined);
    const { signal, onProgress, breathe } = control;
    let scanned = 0;
    await inflateEntryAsync(
      bytes,
      sheet.entry,
      (chunk) => {
        throwIfCancelled(signal);
        scanner.push(chunk);
        scanned += chunk.length;
        onProgress?.(sheet.entry.size > 0 ? Math.min(1, scanned / sheet.entry.size) : 0);
      },
      breathe,
    );
    return assemble(name, sheet, scanner);
  } catch (e) {
    if (e instanceof EngineError) throw e;
    return undefined;
  }
}

/** The workbook part: where its sheets are, their names, and the zip to read them from. */
function openWorkbook(bytes: Uint8Array) {
  const dir = zipDirectory(bytes);
  const text = (path: string): string | undefined => {
    const e = dir.get(path);
    return e === undefined ? undefined : new TextDecoder().decode(entryData(bytes, e));
  };
  const rootRels = text('_rels/.rels');
  const wbPath = rootRels === undefined ? undefined : relationships(rootRels, '').find((r) => /\/officeDocument$/.test(r.type))?.target;
  if (wbPath === undefined || !wbPath.endsWith('.xml')) throw new Unsupported('no SpreadsheetML workbook');
  const wbXml = text(wbPath);
  if (wbXml === undefined || !/<(?:\w+:)?workbook\b/.test(wbXml)) throw new Unsupported('no workbook part');
  const base = wbPath.slice(0, wbPath.lastIndexOf('/') + 1);
  const relsPath = `${base}_rels/${wbPath.slice(base.length)}.rels`;
  const rels = relationships(text(relsPath) ?? '', base);
  const sheetsXml = /<(?:\w+:)?sheets\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?sheets>)/.exec(wbXml)?.[1] ?? '';
  const sheetTags = tags(sheetsXml, 'sheet');
  const sheets = sheetTags.map((t) => unescapeXml(attr(t, 'name') ?? ''));
  return { dir, text, wbXml, base, rels, sheetTags, sheets };
}

/** The workbook's sheets, in order, and which it hides; undefined for what this reader leaves to SheetJS. */
export function xlsxSheetsStreaming(bytes: Uint8Array): WorkbookSheet[] | undefined {
  try {
    const { sheets, sheetTags } = openWorkbook(bytes);
    return sheets.map((name, i) => {
      const state = attr(sheetTags[i]!, 'state');
      return { name, hidden: state === 'hidden' || state === 'veryHidden' };
    });
  } catch {
    return undefined;
  }
}

interface OpenSheet {
  chosen: string;
  sheets: string[];
  entry: ZipEntry;
  context: SheetContext;
}

/** The chosen sheet's zip entry, and the shared strings, date styles and date system its cells need. */
function openSheet(name: string, bytes: Uint8Array, sheetName?: string): OpenSheet {
  const { dir, text, wbXml, base, rels, sheetTags, sheets } = openWorkbook(bytes);
  if (sheets.length === 0) throw new EngineError('empty_file', 'the workbook has no sheets', { file: name });
  const chosen = sheetName ?? sheets[0]!;
  const index = sheets.indexOf(chosen);
  if (index === -1) {
    throw new EngineError('invalid_argument', `no sheet named "${chosen}"; sheets: ${sheets.join(', ')}`, { file: name });
  }
  const rid = attr(sheetTags[index]!, 'id');
  const sheetPath = rels.find((r) => r.id === rid)?.target;
  const entry = sheetPath === undefined ? undefined : dir.get(sheetPath);
  if (entry === undefined || !sheetPath!.endsWith('.xml')) throw new Unsupported('sheet part not found');
  const relOf = (suffix: string) => rels.find((r) => r.type.endsWith(suffix))?.target;
  const sstXml = text(relOf('/sharedStrings') ?? `${base}sharedStrings.xml`);
  const sst = sstXml === undefined ? [] : sharedStrings(sstXml);
  const isDate = dateStyles(text(relOf('/styles') ?? `${base}styles.xml`));
  const workbookPr = tags(wbXml, 'workbookPr')[0];
  const date1904 = workbookPr !== undefined && /^(1|true)$/i.test(attr(workbookPr, 'date1904') ?? '');
  return { chosen, sheets, entry, context: { sst, isDate, date1904 } };
}

/** The scanned sheet as SheetAsCsv: its rows as they are, or rebuilt where merged ranges fill cells. */
function assemble(name: string, sheet: OpenSheet, scanned: SheetScanner): SheetAsCsv {
  scanned.finish();
  const { recRow, recCells, width } = scanned;
  // Only ranges over several rows fill cells (mergeFillRows): a title merged along its row changes nothing.
  const merges = scanned.merges.filter((m) => m.er > m.sr);
  const { chosen, sheets } = sheet;
  const date1904 = sheet.context.date1904;
  // Sheet rows are 1-based here; the scanner's are 0-based.
  const hidden = new Set(scanned.hiddenRows.map((r) => r + 1));
  checkColumnCount(name, width);
  let csv: Uint8Array;
  let rows = 0;
  const rowNumbers: number[] = [];
  let { out, recStart, recEnd } = scanned;
  if (scanned.cells !== undefined) {
    const cells = scanned.cells.finish(scanned.textRows, width);
    if (merges.length === 0) {
      for (let k = 0; k < recRow.length; k++) if (recCells[k] !== 0) rowNumbers.push(recRow[k]! + 1);
      if (rowNumbers.length === 0) throw new EngineError('empty_file', `sheet "${chosen}" is empty`, { file: name });
      return { sheet: chosen, sheets, cells, rows: rowNumbers.length, rowNumbers, date1904, ...hiddenLines(rowNumbers, hidden) };
    }
    // Merged ranges: the lines the CSV scanner would have written, for the rebuild below.
    out = new ByteSink();
    recStart = [];
    recEnd = [];
    let j = 0;
    for (let k = 0; k < recRow.length; k++) {
      recStart.push(out.length);
      if (recCells[k] !== 0) writeRecord(out, cells, j++, recCells[k]!);
      recEnd.push(out.length);
      if (recCells[k] !== 0) out.byte(10);
    }
  }
  const { presentEmpty, maxRow } = scanned;
  const needsRebuild = merges.length > 0 || recCells.some((c) => c !== 0 && c !== width);
  if (!needsRebuild) {
    for (let k = 0; k < recRow.length; k++) {
      if (recCells[k] === 0) continue;
      rows++;
      rowNumbers.push(recRow[k]! + 1);
    }
    // Rows are already in order with their line ends: hand the buffer over, trimmed if much too big.
    csv = out.length * 4 >= out.buf.length * 3 ? out.buf.subarray(0, out.length) : out.buf.slice(0, out.length);
  } else {
    // Materialise only the rows merged ranges touch, then fill them as xlsx.ts's fillMerges does.
    const dec = new TextDecoder();
    const byRow = new Map<number, number>();
    for (let k = 0; k < recRow.length; k++) byRow.set(recRow[k]!, k);
    const touched = new Map<number, (string | undefined)[]>();
    const load = (row: number): (string | undefined)[] | undefined => {
      const have = touched.get(row);
      if (have !== undefined) return have;
      const k = byRow.get(row);
      if (k === undefined) return undefined;
      const fields = recCells[k] === 0 ? [] : splitCsv(dec.decode(out.buf.subarray(recStart[k], recEnd[k])));
      const arr: (string | undefined)[] = [];
      for (let c = 0; c < Math.max(fields.length, width); c++) {
        const f = fields[c] ?? '';
        arr[c] = f !== '' || presentEmpty.has(row * ROW_KEY + c) ? f : undefined;
      }
      touched.set(row, arr);
      return arr;
    };
    for (const m of merges) {
      if (m.sr > maxRow) continue;
      const topRow = load(m.sr);
      const top = topRow?.[m.sc];
      if (top === undefined) continue;
      for (const r of mergeFillRows(m, maxRow)) {
        let row = load(r);
        if (row === undefined) {
          row = [];
          touched.set(r, row);
        }
        row[m.sc] = top;
      }
    }
    const order = new Set<number>([...recRow, ...touched.keys()]);
    const final = new ByteSink(out.length + recRow.length * Math.min(width, 16) + 1024);
    for (const row of [...order].sort((a, b) => a - b)) {
      const arr = touched.get(row);
      if (arr !== undefined) {
        if (!arr.some((t) => t !== undefined && t !== '')) continue;
        for (let c = 0; c < width; c++) {
          if (c > 0) final.byte(44);
          const t = arr[c];
          if (t !== undefined && t !== '') final.write(csvField(t));
        }
      } else {
        const k = byRow.get(row)!;
        if (recCells[k] === 0) continue;
        final.bytes(out.buf, recStart[k], recEnd[k]);
        if (width > recCells[k]!) final.byte(44, width - recCells[k]!);
      }
      final.byte(10);
      rows++;
      rowNumbers.push(row + 1);
    }
    csv = final.buf.subarray(0, final.length);
  }
  if (rows === 0) throw new EngineError('empty_file', `sheet "${chosen}" is empty`, { file: name });
  return { sheet: chosen, sheets, csv, rows, rowNumbers, date1904, ...hiddenLines(rowNumbers, hidden) };
}
