import { Inflate, inflateSync } from 'fflate';
import { EngineError } from '../errors.ts';
import { checkColumnCount, MAX_COLUMNS } from './limits.ts';
import { excelSerialToIso, type SheetAsCsv } from './xlsx.ts';

/**
 * Streaming XLSX → CSV: reads the zip's central directory, inflates only the parts it needs and
 * scans the sheet XML forward in chunks (no DOM, no whole-sheet string). Output is byte for byte
 * what xlsxSheetToCsv (SheetJS) gives. Constructs it does not reproduce exactly (t="d" cells,
 * rows out of order, an unknown shared-string index, zip64, a workbook that is not SpreadsheetML
 * XML such as .xlsb or .ods) make it return undefined so the caller can use SheetJS instead.
 */

/** Thrown internally for input this reader leaves to SheetJS. */
class Unsupported extends Error {}

// --- zip -----------------------------------------------------------------------------------------

interface ZipEntry {
  method: number;
  offset: number;
  compressed: number;
}

function u16(b: Uint8Array, i: number): number {
  return b[i]! | (b[i + 1]! << 8);
}
function u32(b: Uint8Array, i: number): number {
  return (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;
}

/** Central directory: entry name → where its data is. */
function zipDirectory(bytes: Uint8Array): Map<string, ZipEntry> {
  let e = bytes.length - 22;
  const stop = Math.max(0, bytes.length - 22 - 65535);
  while (e >= stop && u32(bytes, e) !== 0x06054b50) e--;
  if (e < stop) throw new Unsupported('no end of central directory');
  const count = u16(bytes, e + 10);
  let p = u32(bytes, e + 16);
  if (count === 0xffff || p === 0xffffffff) throw new Unsupported('zip64');
  const dec = new TextDecoder();
  const out = new Map<string, ZipEntry>();
  for (let k = 0; k < count; k++) {
    if (p + 46 > bytes.length || u32(bytes, p) !== 0x02014b50) throw new Unsupported('bad central directory');
    const method = u16(bytes, p + 10);
    const compressed = u32(bytes, p + 20);
    const nameLen = u16(bytes, p + 28);
    const extraLen = u16(bytes, p + 30);
    const commentLen = u16(bytes, p + 32);
    const local = u32(bytes, p + 42);
    const name = dec.decode(bytes.subarray(p + 46, p + 46 + nameLen));
    if (local + 30 > bytes.length || u32(bytes, local) !== 0x04034b50) throw new Unsupported('bad local header');
    const offset = local + 30 + u16(bytes, local + 26) + u16(bytes, local + 28);
    out.set(name.replace(/\\/g, '/'), { method, offset, compressed });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

function entryData(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
  const raw = bytes.subarray(entry.offset, entry.offset + entry.compressed);
  if (entry.method === 0) return raw;
  if (entry.method === 8) return inflateSync(raw);
  throw new Unsupported(`compression method ${entry.method}`);
}

/** Inflates an entry in chunks, handing each decoded piece of text to `sink`. */
function streamEntryText(bytes: Uint8Array, entry: ZipEntry, sink: (text: string) => void): void {
  const dec = new TextDecoder('utf-8');
  const CHUNK = 1 << 20;
  const raw = bytes.subarray(entry.offset, entry.offset + entry.compressed);
  if (entry.method === 0) {
    for (let i = 0; i < raw.length; i += CHUNK) sink(dec.decode(raw.subarray(i, i + CHUNK), { stream: true }));
  } else if (entry.method === 8) {
    const inf = new Inflate((chunk) => sink(dec.decode(chunk, { stream: true })));
    for (let i = 0; i < raw.length; i += CHUNK) inf.push(raw.subarray(i, i + CHUNK), i + CHUNK >= raw.length);
    if (raw.length === 0) inf.push(new Uint8Array(0), true);
  } else throw new Unsupported(`compression method ${entry.method}`);
  sink(dec.decode());
}

// --- XML helpers ---------------------------------------------------------------------------------

const ENTITIES: Record<string, string> = { '&quot;': '"', '&apos;': "'", '&gt;': '>', '&lt;': '<', '&amp;': '&' };

/** SheetJS's unescapexml: entities, numeric references, _xHHHH_ escapes, CDATA; `xlsx` also folds CRLF. */
function unescapeXml(text: string, xlsx = false): string {
  let out: string;
  const cdata = text.indexOf('<![CDATA[');
  if (cdata === -1) {
    out =
      text.indexOf('&') === -1 && text.indexOf('_x') === -1
        ? text
        : text
            .replace(
              /&(?:quot|apos|gt|lt|amp|#x?([\da-fA-F]+));/gi,
              (m: string, code?: string) => ENTITIES[m] ?? (String.fromCharCode(parseInt(code ?? '', m.indexOf('x') > -1 ? 16 : 10)) || m),
            )
            .replace(/_x([\da-fA-F]{4})_/gi, (_m, c: string) => String.fromCharCode(parseInt(c, 16)));
  } else {
    const end = text.indexOf(']]>');
    out = unescapeXml(text.slice(0, cdata)) + text.slice(cdata + 9, end) + unescapeXml(text.slice(end + 3));
  }
  return xlsx ? out.replace(/\r\n/g, '\n') : out;
}

/** Attribute value by local name (any namespace prefix); raw (still escaped). */
function attr(tag: string, name: string): string | undefined {
  const re = new RegExp(`(?:^|\\s)(?:[\\w.-]+:)?${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`);
  const m = re.exec(tag);
  return m === null ? undefined : (m[1] ?? m[2]);
}

/** Every start or empty tag with this local name, as the text between `<` and `>`. */
function tags(xml: string, name: string): string[] {
  const out: string[] = [];
  const re = new RegExp(`<((?:\\w+:)?${name}(?:\\s[^>]*)?)/?>`, 'g');
  for (let m = re.exec(xml); m !== null; m = re.exec(xml)) out.push(m[1]!);
  return out;
}

/** The text of a string item (`<si>` or `<is>` content), as SheetJS's parse_si reads it. */
function stringItem(x: string): string | undefined {
  if (x === '') return '';
  if (/^\s*<(?:\w+:)?t[^>]*>/.test(x)) {
    return unescapeXml(x.slice(x.indexOf('>') + 1).split(/<\/(?:\w+:)?t>/)[0] ?? '', true);
  }
  if (/<(?:\w+:)?r>/.test(x)) {
    const noPh = x.replace(/<(?:\w+:)?rPh\b[^>]*>[\s\S]*?<\/(?:\w+:)?rPh>/g, '');
    const runs = noPh.match(/<(?:\w+:)?t\b[^>]*>[^<]*<\/(?:\w+:)?t>/g) ?? [];
    return unescapeXml(runs.join('').replace(/<[^>]*>/g, ''), true);
  }
  return undefined;
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

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

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

/** Growable byte buffer for the CSV. */
class ByteSink {
  buf = new Uint8Array(1 << 20);
  length = 0;
  private enc = new TextEncoder();
  write(text: string): void {
    if (this.buf.length - this.length < text.length * 3) this.grow(text.length * 3);
    this.length += this.enc.encodeInto(text, this.buf.subarray(this.length)).written;
  }
  byte(b: number, n = 1): void {
    if (this.buf.length - this.length < n) this.grow(n);
    this.buf.fill(b, this.length, this.length + n);
    this.length += n;
  }
  bytes(b: Uint8Array): void {
    if (this.buf.length - this.length < b.length) this.grow(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }
  private grow(need: number): void {
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + need));
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }
}

// --- the sheet scanner ---------------------------------------------------------------------------

const MAX_COLUMN_INDEX = 16384 * 64; // far beyond Excel's 16,384: a malformed reference

function columnOf(ref: string): { col: number; row: number | undefined } {
  let col = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const cc = ref.charCodeAt(i) - 64;
    if (cc < 1 || cc > 26) break;
    col = 26 * col + cc;
  }
  const digits = /^\d+/.exec(ref.slice(i));
  return { col: col - 1, row: digits === null ? undefined : parseInt(digits[0], 10) - 1 };
}

/** Local name of a tag from the text after `<` (no leading '/'). */
function localName(tag: string): string {
  let end = 0;
  while (end < tag.length) {
    const c = tag.charCodeAt(end);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 47 || c === 62) break;
    end++;
  }
  const colon = tag.lastIndexOf(':', end);
  return tag.slice(colon + 1, end);
}

interface RowRecord {
  row: number;
  start: number;
  end: number;
  cells: number;
}

/**
 * Converts one sheet of an XLSX workbook to UTF-8 CSV for DuckDB, the same bytes as
 * xlsxSheetToCsv, without building the workbook in memory: the sheet is inflated and scanned
 * in 1 MB chunks; the shared strings and styles are held whole. Returns undefined for input it
 * leaves to SheetJS (see the module comment). Throws the same EngineErrors as xlsxSheetToCsv.
 */
export function xlsxSheetToCsvStreaming(name: string, bytes: Uint8Array, sheetName?: string): SheetAsCsv | undefined {
  try {
    return convert(name, bytes, sheetName);
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

/** The workbook's sheet names, in order; undefined for what this reader leaves to SheetJS. */
export function xlsxSheetNamesStreaming(bytes: Uint8Array): string[] | undefined {
  try {
    return openWorkbook(bytes).sheets;
  } catch {
    return undefined;
  }
}

function convert(name: string, bytes: Uint8Array, sheetName?: string): SheetAsCsv {
  const { dir, text, wbXml, base, rels, sheetTags, sheets } = openWorkbook(bytes);
  if (sheets.length === 0) throw new EngineError('empty_file', 'the workbook has no sheets', { file: name });
  const chosen = sheetName ?? sheets[0]!;
  const index = sheets.indexOf(chosen);
  if (index === -1) {
    throw new EngineError('invalid_argument', `no sheet named "${chosen}"; sheets: ${sheets.join(', ')}`, { file: name });
  }
  const rid = attr(sheetTags[index]!, 'id');
  const sheetPath = rels.find((r) => r.id === rid)?.target;
  const sheetEntry = sheetPath === undefined ? undefined : dir.get(sheetPath);
  if (sheetEntry === undefined || !sheetPath!.endsWith('.xml')) throw new Unsupported('sheet part not found');
  const relOf = (suffix: string) => rels.find((r) => r.type.endsWith(suffix))?.target;
  const sstXml = text(relOf('/sharedStrings') ?? `${base}sharedStrings.xml`);
  const sst = sstXml === undefined ? [] : sharedStrings(sstXml);
  const isDate = dateStyles(text(relOf('/styles') ?? `${base}styles.xml`));
  const workbookPr = tags(wbXml, 'workbookPr')[0];
  const date1904 = workbookPr !== undefined && /^(1|true)$/i.test(attr(workbookPr, 'date1904') ?? '');

  // Scanner state.
  const out = new ByteSink();
  const records: RowRecord[] = [];
  const presentEmpty = new Set<number>(); // row * 2^21 + col of stored cells whose text is ''
  const merges: { sr: number; sc: number; er: number; ec: number }[] = [];
  let width = 0;
  let maxRow = -1;
  let tooWide = false;
  let rowTag = -1; // SheetJS's tagr - 1
  let colTag = -1;
  let curRow = -1;
  let cells: (string | undefined)[] = [];
  // Cell being read.
  let inCell = false;
  let cellT: string | undefined;
  let cellS: string | undefined;
  let cellRow = 0;
  let cellCol = 0;
  let v: string | undefined;
  let capture: 'v' | 'is' | undefined;
  let captured = '';
  let isText: string | undefined;
  let skipDepth = 0; // inside <f>: its text is ignored anyway

  const flushRow = () => {
    if (curRow < 0) return;
    const n = cells.length;
    if (n > width) width = n;
    if (width > MAX_COLUMNS) tooWide = true;
    let any = false;
    for (let c = 0; c < n; c++) {
      const t = cells[c];
      if (t !== undefined && t !== '') any = true;
      else if (t === '') presentEmpty.add(curRow * 2097152 + c);
    }
    if (!tooWide) {
      const start = out.length;
      if (any) {
        for (let c = 0; c < n; c++) {
          if (c > 0) out.byte(44);
          const t = cells[c];
          if (t !== undefined && t !== '') out.write(csvField(t));
        }
      }
      records.push({ row: curRow, start, end: out.length, cells: any ? n : 0 });
      if (any) out.byte(10);
    }
    cells = [];
  };

  const endCell = () => {
    inCell = false;
    let value: string | undefined;
    if (cellT === undefined && v === undefined) return;
    const t = cellT ?? 'n';
    switch (t) {
      case 'n': {
        if (v === undefined || v === '') return;
        const num = parseFloat(v);
        const s = cellS === undefined || isDate === undefined ? undefined : isDate[cellS as unknown as number];
        value = s === true ? excelSerialToIso(num, date1904) : String(num);
        break;
      }
      case 's': {
        if (v === undefined) return;
        const k = parseInt(v, 10);
        if (!(k >= 0 && k < sst.length)) throw new Unsupported('shared string index out of range');
        value = sst[k] ?? '';
        break;
      }
      case 'str':
        value = v === undefined ? '' : unescapeXml(v, true);
        break;
      case 'inlineStr':
        value = isText === undefined ? '' : (stringItem(isText) ?? '');
        break;
      case 'b':
        value = v === '1' || v === 'true' ? 'true' : 'false';
        break;
      case 'e':
        // The error's text (#DIV/0!, #N/A): an invalid value downstream, never a silent blank.
        value = v ?? '';
        break;
      case 'd':
        throw new Unsupported('t="d" cell');
      default:
        value = v ?? '';
        break;
    }
    if (cellRow !== curRow) {
      if (cellRow < curRow) throw new Unsupported('rows out of order');
      flushRow();
      curRow = cellRow;
    }
    if (cellCol >= MAX_COLUMN_INDEX || cellCol < 0) throw new Unsupported('column out of range');
    cells[cellCol] = value;
    if (cellRow > maxRow) maxRow = cellRow;
  };

  let carry = '';
  const scan = (chunk: string) => {
    const buf = carry === '' ? chunk : carry + chunk;
    let pos = 0;
    for (;;) {
      const lt = buf.indexOf('<', pos);
      if (lt === -1) {
        if (capture !== undefined) captured += buf.slice(pos);
        carry = '';
        return;
      }
      if (capture !== undefined && lt > pos) captured += buf.slice(pos, lt);
      const gt = buf.indexOf('>', lt);
      if (gt === -1) {
        carry = buf.slice(lt);
        return;
      }
      pos = gt + 1;
      // CDATA inside captured text: keep it raw for unescapeXml.
      if (buf.startsWith('<![CDATA[', lt)) {
        const end = buf.indexOf(']]>', lt);
        if (end === -1) {
          carry = buf.slice(lt);
          return;
        }
        if (capture !== undefined) captured += buf.slice(lt, end + 3);
        pos = end + 3;
        continue;
      }
      const closing = buf.charCodeAt(lt + 1) === 47;
      const tag = buf.slice(closing ? lt + 2 : lt + 1, gt);
      if (capture === 'is') {
        // Inside <is>: keep markup for stringItem until </is>.
        if (closing && localName(tag) === 'is') {
          isText = captured.trim();
          capture = undefined;
        } else captured += buf.slice(lt, gt + 1);
        continue;
      }
      const ln = localName(tag);
      const selfClosing = buf.charCodeAt(gt - 1) === 47;
      if (skipDepth > 0) {
        if (ln === 'f') {
          if (closing) skipDepth--;
          else if (!selfClosing) skipDepth++;
        }
        continue;
      }
      if (closing) {
        if (ln === 'v' && capture === 'v') {
          capture = undefined;
          v = captured === '' ? undefined : unescapeXml(captured);
        } else if (ln === 'c' && inCell) endCell();
        continue;
      }
      switch (ln) {
        case 'row': {
          const r = attr(tag, 'r');
          rowTag = r !== undefined ? parseInt(r, 10) - 1 : rowTag + 1;
          colTag = -1;
          break;
        }
        case 'c': {
          if (inCell) endCell();
          const r = attr(tag, 'r');
          if (r !== undefined) {
            const ref = columnOf(r);
            cellCol = ref.col;
            colTag = ref.col;
            cellRow = ref.row ?? rowTag;
          } else {
            cellCol = ++colTag;
            cellRow = rowTag;
          }
          cellT = attr(tag, 't');
          cellS = attr(tag, 's');
          v = undefined;
          isText = undefined;
          inCell = true;
          if (selfClosing) endCell();
          break;
        }
        case 'v':
          if (inCell && !selfClosing) {
            capture = 'v';
            captured = '';
          }
          break;
        case 'is':
          if (inCell) {
            if (selfClosing) isText = '';
            else {
              capture = 'is';
              captured = '';
            }
          }
          break;
        case 'f':
          if (!selfClosing) skipDepth = 1;
          break;
        case 'mergeCell': {
          const ref = attr(tag, 'ref');
          if (ref !== undefined && /^[A-Z0-9:]+$/.test(ref)) {
            const [a, b] = ref.split(':');
            const s = columnOf(a!);
            const e = columnOf(b ?? a!);
            merges.push({ sr: s.row ?? 0, sc: s.col, er: e.row ?? 0, ec: e.col });
          }
          break;
        }
        default:
          break;
      }
    }
  };
  streamEntryText(bytes, sheetEntry, scan);
  if (inCell) endCell();
  flushRow();

  checkColumnCount(name, width);
  let csv: Uint8Array;
  let rows = 0;
  const rowNumbers: number[] = [];
  const needsRebuild = merges.length > 0 || records.some((r) => r.cells !== 0 && r.cells !== width);
  if (!needsRebuild) {
    for (const r of records) {
      if (r.cells === 0) continue;
      rows++;
      rowNumbers.push(r.row + 1);
    }
    // Rows are already in order with their line ends: hand the buffer over, trimmed if much too big.
    csv = out.length * 4 >= out.buf.length * 3 ? out.buf.subarray(0, out.length) : out.buf.slice(0, out.length);
  } else {
    // Materialise only the rows merged ranges touch, then apply SheetJS's fillMerges rules.
    const dec = new TextDecoder();
    const byRow = new Map<number, RowRecord>();
    for (const r of records) byRow.set(r.row, r);
    const touched = new Map<number, (string | undefined)[]>();
    const load = (row: number): (string | undefined)[] | undefined => {
      const have = touched.get(row);
      if (have !== undefined) return have;
      const rec = byRow.get(row);
      if (rec === undefined) return undefined;
      const fields = rec.cells === 0 ? [] : splitCsv(dec.decode(out.buf.subarray(rec.start, rec.end)));
      const arr: (string | undefined)[] = [];
      for (let c = 0; c < Math.max(fields.length, width); c++) {
        const f = fields[c] ?? '';
        arr[c] = f !== '' || presentEmpty.has(row * 2097152 + c) ? f : undefined;
      }
      touched.set(row, arr);
      return arr;
    };
    for (const m of merges) {
      if (m.sr > maxRow) continue;
      const topRow = load(m.sr);
      const top = topRow?.[m.sc];
      if (top === undefined) continue;
      for (let r = m.sr; r <= Math.min(m.er, maxRow); r++) {
        let row = load(r);
        if (row === undefined) {
          row = [];
          touched.set(r, row);
        }
        for (let c = m.sc; c <= Math.min(m.ec, width - 1); c++) if (r !== m.sr || c !== m.sc) row[c] = top;
      }
    }
    const order = new Set<number>([...records.map((r) => r.row), ...touched.keys()]);
    const final = new ByteSink();
    final.buf = new Uint8Array(out.length + records.length * Math.min(width, 16) + 1024);
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
        const rec = byRow.get(row)!;
        if (rec.cells === 0) continue;
        final.bytes(out.buf.subarray(rec.start, rec.end));
        if (width > rec.cells) final.byte(44, width - rec.cells);
      }
      final.byte(10);
      rows++;
      rowNumbers.push(row + 1);
    }
    csv = final.buf.subarray(0, final.length);
  }
  if (rows === 0) throw new EngineError('empty_file', `sheet "${chosen}" is empty`, { file: name });
  return { sheet: chosen, sheets, csv, rows, rowNumbers, date1904 };
}
