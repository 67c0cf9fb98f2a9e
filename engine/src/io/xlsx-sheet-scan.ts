/**
 * The sheet scanner of the streaming XLSX reader: reads a worksheet's XML as UTF-8 bytes, chunk
 * by chunk as they are inflated, and writes each row straight into a CSV byte buffer. No string
 * is made of the sheet, no object per cell: tags are found with Uint8Array.indexOf, the few
 * attributes needed (r, t, s) are read from the bytes, a shared string's CSV bytes are encoded
 * once and copied, and a number whose text is already what String(parseFloat(text)) gives is
 * copied as is. Everything rarer (entities, CDATA, inline and formula strings, errors, odd
 * numbers) takes the string path of SheetJS's rules (unescapeXml, stringItem), so the CSV is
 * byte for byte what xlsxSheetToCsv gives.
 */
import { MAX_COLUMNS } from './limits.ts';
import type { CellWriter } from './sheet-cells.ts';
import { excelSerialToIso, excelSerialToIsoBytes, type MergedRange } from './sheet-csv.ts';
import { Unsupported } from './zip.ts';

/** Far beyond Excel's 16,384 columns: a malformed reference. */
const MAX_COLUMN_INDEX = 16384 * 64;
/** Key of a (row, column) pair in presentEmpty. */
export const ROW_KEY = 2097152;

const LT = 60;
const GT = 62;
const SLASH = 47;
const COMMA = 44;
const NEWLINE = 10;
const QUOTE = 34;
/** Zero bytes after each piece scanned: more than any read past its end (a tag's first bytes, `</v></c>`). */
const PAD = 64;

/** Growable byte buffer. */
export class ByteSink {
  buf: Uint8Array;
  length = 0;
  constructor(size = 1 << 20) {
    this.buf = new Uint8Array(size);
  }
  private enc = new TextEncoder();
  /** UTF-8 of `text`: ASCII byte by byte (most cells are short ASCII; a view and encodeInto per call cost more), the rest by the encoder. */
  write(text: string): void {
    const n = text.length;
    this.reserve(n * 3);
    const buf = this.buf;
    let o = this.length;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c >= 128) {
        // From the first non-ASCII character on (never half a surrogate pair: both halves are >= 128).
        this.length = o + this.enc.encodeInto(text.slice(i), buf.subarray(o)).written;
        return;
      }
      buf[o++] = c;
    }
    this.length = o;
  }
  byte(b: number, n = 1): void {
    this.reserve(n);
    if (n === 1) this.buf[this.length++] = b;
    else {
      this.buf.fill(b, this.length, this.length + n);
      this.length += n;
    }
  }
  /** Copies src[start, end): a loop for the short pieces cells are, set() for long ones. */
  bytes(src: Uint8Array, start = 0, end = src.length): void {
    const n = end - start;
    this.reserve(n);
    if (n < 32) {
      const buf = this.buf;
      let o = this.length;
      for (let i = start; i < end; i++) buf[o++] = src[i]!;
    } else this.buf.set(src.subarray(start, end), this.length);
    this.length += n;
  }
  reserve(n: number): void {
    if (this.buf.length - this.length >= n) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }
}

const ENTITIES: Record<string, string> = { '&quot;': '"', '&apos;': "'", '&gt;': '>', '&lt;': '<', '&amp;': '&' };

/** SheetJS's unescapexml: entities, numeric references, _xHHHH_ escapes, CDATA; `xlsx` also folds CRLF. */
export function unescapeXml(text: string, xlsx = false): string {
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
export function attr(tag: string, name: string): string | undefined {
  const re = new RegExp(`(?:^|\\s)(?:[\\w.-]+:)?${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`);
  const m = re.exec(tag);
  return m === null ? undefined : (m[1] ?? m[2]);
}

/** The text of a string item (`<si>` or `<is>` content), as SheetJS's parse_si reads it. */
export function stringItem(x: string): string | undefined {
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

export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A cell reference ("AB12"): 0-based column (from capital letters) and row (undefined without digits). */
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

const isDigit = (c: number) => c >= 48 && c <= 57;
const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

/**
 * Whether a number's text is exactly what String(parseFloat(text)) gives, so it can be copied:
 * an optional minus, an integer part without leading zeros, a fraction without trailing zeros,
 * at most 15 significant digits (a double keeps 15 decimal digits, so no shorter text maps to
 * the same double) and no value below 1e-6 (JavaScript writes those with an exponent).
 */
export function isCanonicalNumber(c: Uint8Array, start: number, end: number): boolean {
  let i = start;
  const negative = c[i] === 45;
  if (negative) i++;
  const intStart = i;
  while (i < end && isDigit(c[i]!)) i++;
  const intLen = i - intStart;
  if (intLen === 0 || intLen > 15 || (intLen > 1 && c[intStart] === 48)) return false;
  const intZero = intLen === 1 && c[intStart] === 48;
  if (i === end) return !(negative && intZero);
  if (c[i] !== 46) return false;
  const fracStart = ++i;
  while (i < end && isDigit(c[i]!)) i++;
  if (i !== end || i === fracStart || c[end - 1] === 48) return false;
  if (!intZero) return intLen + (end - fracStart) <= 15;
  let zeros = 0;
  while (c[fracStart + zeros] === 48) zeros++;
  return zeros <= 5 && end - fracStart - zeros <= 15;
}

/** What the scanner needs from the rest of the workbook. */
export interface SheetContext {
  /** Shared strings (undefined: an item this reader cannot read). */
  sst: readonly (string | undefined)[];
  /** For each cellXfs index, whether it shows a date. */
  isDate: readonly boolean[] | undefined;
  date1904: boolean;
}

/** A cell's type attribute (t), read from its bytes. */
const CellType = { None: 0, N: 1, S: 2, Str: 3, InlineStr: 4, B: 5, E: 6, D: 7, Other: 8 } as const;
type CellType = (typeof CellType)[keyof typeof CellType];

function cellType(b: Uint8Array, s: number, e: number): CellType {
  const n = e - s;
  const c = b[s];
  if (n === 1)
    return c === 110 ? CellType.N : c === 115 ? CellType.S : c === 98 ? CellType.B : c === 101 ? CellType.E : c === 100 ? CellType.D : CellType.Other;
  if (n === 3 && c === 115 && b[s + 1] === 116 && b[s + 2] === 114) return CellType.Str;
  if (n === 9 && c === 105 && b[s + 1] === 110 && b[s + 8] === 114 && latin1(b, s, e) === 'inlineStr') return CellType.InlineStr;
  return CellType.Other;
}

function latin1(b: Uint8Array, s: number, e: number): string {
  let out = '';
  for (let i = s; i < e; i++) out += String.fromCharCode(b[i]!);
  return out;
}

/**
 * Whether `hidden="1"` (or `"true"`, either quote, spaces around `=`) starts at b[k], before
 * `end`: a row the workbook hides (filtered out by an AutoFilter, or hidden by hand).
 */
function hiddenAttribute(b: Uint8Array, k: number, end: number): boolean {
  if (b[k] !== 104 || b[k + 1] !== 105 || b[k + 2] !== 100 || b[k + 3] !== 100 || b[k + 4] !== 101 || b[k + 5] !== 110) return false;
  k += 6;
  while (k < end && isSpace(b[k]!)) k++;
  if (b[k] !== 61) return false;
  k++;
  while (k < end && isSpace(b[k]!)) k++;
  const q = b[k];
  if (q !== QUOTE && q !== 39) return false;
  if (b[k + 1] === 49) return b[k + 2] === q && k + 2 < end;
  return b[k + 1] === 116 && b[k + 2] === 114 && b[k + 3] === 117 && b[k + 4] === 101 && b[k + 5] === q && k + 5 < end;
}

/** Digits only, no leading zero (a canonical array index): the number; else -1. */
function canonicalIndex(b: Uint8Array, s: number, e: number): number {
  if (e === s || e - s > 9 || (e - s > 1 && b[s] === 48)) return -1;
  let n = 0;
  for (let i = s; i < e; i++) {
    const c = b[i]!;
    if (!isDigit(c)) return -1;
    n = n * 10 + (c - 48);
  }
  return n;
}

/**
 * Reads one worksheet's XML pushed in chunks and writes its rows as CSV into `out`, keeping for
 * each row where its line is, so that merged ranges can be filled in afterwards; or, given a
 * CellWriter, each cell's text unquoted into its column there (sheet-cells.ts), nothing into
 * `out`, the rows with text numbered 0.. in `textRows`. The usual cell,
 * `<c ...><v>text</v></c>` within one chunk, is read in one step; anything else goes through the
 * general tag loop.
 */
export class SheetScanner {
  readonly out = new ByteSink();
  /** Per row with cells: its 0-based sheet row, its CSV line [start, end) and cell count (0: no text). */
  readonly recRow: number[] = [];
  readonly recStart: number[] = [];
  readonly recEnd: number[] = [];
  readonly recCells: number[] = [];
  /** row * ROW_KEY + col of stored cells whose text is ''. */
  readonly presentEmpty = new Set<number>();
  readonly merges: MergedRange[] = [];
  width = 0;
  maxRow = -1;
  /** 0-based sheet rows whose `<row>` says hidden="1", in the order met (with or without cells). */
  readonly hiddenRows: number[] = [];
  /** Rows with text so far (the CSV's lines). */
  textRows = 0;
  private tooWide = false;
  /** A field's text as written: CSV-quoted, or as it is for the cell writer. */
  private readonly field: (text: string) => string;

  private readonly utf8 = new TextDecoder();
  private readonly enc = new TextEncoder();
  /**
   * Each shared string's CSV bytes, encoded on first use into one buffer: where they start
   * (-1: not yet) and how long they are. Typed arrays, not a sparse array of pieces (which V8
   * keeps as a dictionary once the indexes jump).
   */
  private readonly sstBytes = new ByteSink(1 << 16);
  private readonly sstAt: Int32Array;
  private readonly sstLen: Int32Array;
  /** Per column, the last date serial's bytes and its CSV text (the lines of an invoice share a time). */
  private readonly dateKey: Uint8Array[] = [];
  private readonly dateCsv: Uint8Array[] = [];

  // Row being written.
  private curRow = -1;
  private rowStart = 0;
  private lastCol = -1;
  private any = false;
  private rowTag = -1; // SheetJS's tagr - 1
  private colTag = -1;

  // Cell being read.
  private inCell = false;
  private cellType: CellType = CellType.None;
  private cellDate = false;
  private cellRow = 0;
  private cellCol = 0;
  /** The cell's <v> text: bytes [vStart, vEnd) of vBuf (the chunk itself, or a copy of what was captured). */
  private hasV = false;
  private vBuf: Uint8Array = new Uint8Array(0);
  private vStart = 0;
  private vEnd = 0;
  private isText: string | undefined;
  /** Text captured for <v> (or the markup of <is>) when it is not read in one step. */
  private cap = new Uint8Array(256);
  private capLen = 0;
  private capture: 0 | 1 | 2 = 0; // none, v, is
  private skipDepth = 0; // inside <f>: its text is ignored anyway

  /** Attribute values found by cellAttributes: [start, end) in attrSrc, start -1 when absent. */
  private attrSrc: Uint8Array = new Uint8Array(0);
  private rS = -1;
  private rE = -1;
  private tS = -1;
  private tE = -1;
  private sS = -1;
  private sE = -1;
  /** Whether the tag cellAttributes read last has hidden="1" (looked at for rows only). */
  private hiddenTag = false;

  private carry: Uint8Array | undefined;
  /** Where each piece is scanned from (see push): reused, since nothing read from it outlives push. */
  private work = new Uint8Array(0);

  constructor(
    private readonly ctx: SheetContext,
    readonly cells?: CellWriter,
  ) {
    this.field = cells === undefined ? csvField : (text) => text;
    this.sstAt = new Int32Array(ctx.sst.length).fill(-1);
    this.sstLen = new Int32Array(ctx.sst.length);
  }

  /** The next piece of the sheet's XML. */
  push(chunk: Uint8Array): void {
    // Scanned from a copy of ours (behind any carried-over tag) followed by PAD zero bytes: the
    // reads a few bytes past the end stay in bounds (each place an out-of-bounds read first happens
    // deoptimizes the scanning loop, a dozen times a sheet) and every piece has the same map (Node's
    // zlib hands out Buffers). Zero is none of the bytes looked for.
    const carried = this.carry?.length ?? 0;
    const n = carried + chunk.length;
    if (this.work.length < n + PAD) this.work = new Uint8Array(Math.max(n + PAD, this.work.length * 2));
    const b = this.work.subarray(0, n + PAD);
    if (this.carry !== undefined) b.set(this.carry);
    b.set(chunk, carried);
    b.fill(0, n);
    this.carry = undefined;
    let pos = 0;
    for (;;) {
      const lt = b.indexOf(LT, pos);
      if (lt === -1) {
        if (this.capture !== 0) this.append(b, pos, n);
        return;
      }
      if (this.capture !== 0 && lt > pos) this.append(b, pos, lt);
      if (this.capture === 0 && this.skipDepth === 0 && !this.inCell) {
        const next = this.fastRun(b, lt, n);
        if (next !== lt) {
          pos = next;
          continue;
        }
      }
      const gt = b.indexOf(GT, lt);
      if (gt === -1) {
        this.carry = b.slice(lt, n);
        return;
      }
      pos = gt + 1;
      if (b[lt + 1] === 33 && b[lt + 2] === 91 && latin1(b, lt, Math.min(n, lt + 9)) === '<![CDATA[') {
        // CDATA inside captured text: kept raw for unescapeXml.
        const end = findCdataEnd(b, lt + 9);
        if (end === -1) {
          this.carry = b.slice(lt, n);
          return;
        }
        if (this.capture !== 0) this.append(b, lt, end + 3);
        pos = end + 3;
        continue;
      }
      const closing = b[lt + 1] === SLASH;
      let i = closing ? lt + 2 : lt + 1;
      const nameStart = i;
      let colon = -1;
      for (; i < gt; i++) {
        const c = b[i]!;
        if (isSpace(c) || c === SLASH) break;
        if (c === 58) colon = i;
      }
      const ls = colon >= 0 ? colon + 1 : nameStart;
      const ll = i - ls;
      const c0 = b[ls];
      if (this.capture === 2) {
        // Inside <is>: keep markup for stringItem until </is>.
        if (closing && ll === 2 && c0 === 105 && b[ls + 1] === 115) {
          this.isText = this.utf8.decode(this.cap.subarray(0, this.capLen)).trim();
          this.capture = 0;
        } else this.append(b, lt, gt + 1);
        continue;
      }
      const selfClosing = b[gt - 1] === SLASH;
      if (this.skipDepth > 0) {
        if (ll === 1 && c0 === 102) {
          if (closing) this.skipDepth--;
          else if (!selfClosing) this.skipDepth++;
        }
        continue;
      }
      if (closing) {
        if (ll === 1 && c0 === 118 && this.capture === 1) {
          this.capture = 0;
          this.takeV();
        } else if (ll === 1 && c0 === 99 && this.inCell) this.endCell();
        continue;
      }
      if (ll === 1) {
        if (c0 === 99) {
          if (this.inCell) this.endCell();
          this.startCell(b, i, gt);
          if (selfClosing) this.endCell();
          else if (colon < 0) pos = this.quickValue(b, gt + 1, n, pos);
        } else if (c0 === 118) {
          if (this.inCell && !selfClosing) {
            this.capture = 1;
            this.capLen = 0;
          }
        } else if (c0 === 102 && !selfClosing) this.skipDepth = 1;
      } else if (ll === 3 && c0 === 114 && b[ls + 1] === 111 && b[ls + 2] === 119) {
        this.cellAttributes(b, i, gt);
        if (this.rS < 0) this.rowTag++;
        else {
          const src = this.attrSrc;
          const k = canonicalIndex(src, this.rS, this.rE);
          this.rowTag = k >= 0 ? k - 1 : parseInt(this.utf8.decode(src.subarray(this.rS, this.rE)), 10) - 1;
        }
        if (this.hiddenTag) this.hiddenRows.push(this.rowTag);
        this.colTag = -1;
      } else if (ll === 2 && c0 === 105 && b[ls + 1] === 115) {
        if (this.inCell) {
          if (selfClosing) this.isText = '';
          else {
            this.capture = 2;
            this.capLen = 0;
          }
        }
      } else if (ll === 9 && c0 === 109 && latin1(b, ls, i) === 'mergeCell') {
        const ref = attr(this.utf8.decode(b.subarray(nameStart, gt)), 'ref');
        if (ref !== undefined && /^[A-Z0-9:]+$/.test(ref)) {
          const [a, z] = ref.split(':');
          const s = columnOf(a!);
          const e = columnOf(z ?? a!);
          this.merges.push({ sr: s.row ?? 0, sc: s.col, er: e.row ?? 0, ec: e.col });
        }
      }
    }
  }

  /**
   * Right after an unprefixed `<c ...>` at p: when `<v>text</v></c>` follows whole in this chunk
   * (text without markup), the cell is read and ended here; returns where scanning goes on.
   */
  private quickValue(b: Uint8Array, p: number, n: number, otherwise: number): number {
    if (p + 3 > n || b[p] !== LT || b[p + 1] !== 118 || b[p + 2] !== GT) return otherwise;
    const close = b.indexOf(LT, p + 3);
    if (close === -1 || close + 8 > n) return otherwise;
    if (b[close + 1] !== SLASH || b[close + 2] !== 118 || b[close + 3] !== GT) return otherwise;
    if (b[close + 4] !== LT || b[close + 5] !== SLASH || b[close + 6] !== 99 || b[close + 7] !== GT) return otherwise;
    this.setV(b, p + 3, close);
    this.endCell();
    return close + 8;
  }

  /**
   * The sheet's usual markup read in one tight loop from `<` at p: unprefixed `<row ...>`,
   * `</row>` and cells written `<c ...>` + `<v>text</v></c>` (or `<c .../>`), every attribute
   * written name="value", with nothing but text between them. It stops at the first tag of any
   * other shape, or a tag cut by the end of the chunk, and returns where it stopped (p itself
   * when it read nothing): the general loop goes on from there. Each row or cell it reads goes
   * through the same state changes as in the general loop (beginCell, endCell), so only the
   * finding of tags and attributes differs.
   */
  private fastRun(b: Uint8Array, p: number, n: number): number {
    for (;;) {
      // Text between tags is ignored outside <v> and <is>.
      while (p < n && b[p] !== LT) p++;
      if (p + 8 > n) return p;
      const c1 = b[p + 1];
      if (c1 === SLASH) {
        // </row>: nothing to do.
        if (b[p + 2] !== 114 || b[p + 3] !== 111 || b[p + 4] !== 119 || b[p + 5] !== GT) return p;
        p += 6;
        continue;
      }
      let i: number;
      const isRow = c1 === 114 && b[p + 2] === 111 && b[p + 3] === 119;
      if (isRow && b[p + 4] === 32 && b[p + 5] === 114 && b[p + 6] === 61 && b[p + 7] === QUOTE) {
        // `<row r="N"` (the first attribute, N canonical): the rest of the tag is not needed, so it
        // ends at the next `>`, where the general loop ends it too.
        const next = this.rowNumberTag(b, p + 8, n);
        if (next !== -1) {
          p = next;
          continue;
        }
      }
      if (isRow) i = p + 4;
      else if (c1 === 99) i = p + 2;
      else return p;
      // Attributes: (space name="value")*, then > or />; the first r, t and s by local name.
      let rS = -1;
      let rE = -1;
      let tS = -1;
      let tE = -1;
      let sS = -1;
      let sE = -1;
      // The cell's column and row when r reads as letters then digits (-2: read by beginCell).
      let refCol = -2;
      let refRow = -2;
      let hidden = false;
      let c = b[i];
      while (c === 32) {
        const nameStart = ++i;
        let local = i;
        for (c = b[i]; c !== 61; c = b[++i]) {
          if (i >= n || c === 32 || c === GT || c === SLASH || c === LT || c === QUOTE || c === 39) return p;
          if (c === 58) local = i + 1;
        }
        if (i === nameStart || b[i + 1] !== QUOTE) return p;
        const vs = i + 2;
        let ve = vs;
        if (!isRow && rS < 0 && i - local === 1 && b[local] === 114) {
          // r, read as beginCell reads it (capital letters, then digits) while finding its end.
          let col = 0;
          // Past the piece's end b[ve] is a pad zero (see push), which no comparison below takes.
          for (c = b[ve]!; c >= 65 && c <= 90; c = b[++ve]!) col = 26 * col + (c - 64);
          let row = this.rowTag;
          if (c >= 48 && c <= 57) {
            row = 0;
            for (; c >= 48 && c <= 57; c = b[++ve]!) row = row * 10 + (c - 48);
            row--;
          }
          if (c === QUOTE && ve < n) {
            rS = vs;
            rE = ve;
            refCol = col - 1;
            refRow = row;
            i = ve + 1;
            c = b[i];
            continue;
          }
          ve = vs;
        }
        for (c = b[ve]; c !== QUOTE; c = b[++ve]) if (ve >= n || c === LT || c === GT) return p;
        if (i - local === 1) {
          const which = b[local];
          if (which === 114 && rS < 0) {
            rS = vs;
            rE = ve;
          } else if (which === 116 && tS < 0) {
            tS = vs;
            tE = ve;
          } else if (which === 115 && sS < 0) {
            sS = vs;
            sE = ve;
          }
        } else if (isRow && i - local === 6 && hiddenAttribute(b, local, ve + 1)) hidden = true;
        i = ve + 1;
        c = b[i];
      }
      const selfClosing = c === SLASH;
      if (selfClosing) c = b[++i];
      if (c !== GT || i >= n) return p;
      const afterTag = i + 1;
      if (isRow) {
        if (rS < 0) this.rowTag++;
        else {
          const k = canonicalIndex(b, rS, rE);
          this.rowTag = k >= 0 ? k - 1 : parseInt(this.utf8.decode(b.subarray(rS, rE)), 10) - 1;
        }
        if (hidden) this.hiddenRows.push(this.rowTag);
        this.colTag = -1;
        p = afterTag;
        continue;
      }
      let next = afterTag;
      let vs = 0;
      let ve = 0;
      if (!selfClosing) {
        // <v>text</v></c>, the text without markup.
        if (afterTag + 3 > n || b[afterTag] !== LT || b[afterTag + 1] !== 118 || b[afterTag + 2] !== GT) return p;
        vs = afterTag + 3;
        ve = vs;
        while (ve < n && b[ve] !== LT) ve++;
        if (ve + 8 > n) return p;
        if (b[ve + 1] !== SLASH || b[ve + 2] !== 118 || b[ve + 3] !== GT) return p;
        if (b[ve + 4] !== LT || b[ve + 5] !== SLASH || b[ve + 6] !== 99 || b[ve + 7] !== GT) return p;
        next = ve + 8;
      }
      this.attrSrc = b;
      this.rS = rS;
      this.rE = rE;
      this.tS = tS;
      this.tE = tE;
      this.sS = sS;
      this.sE = sE;
      if (refCol === -2) this.beginCell();
      else {
        this.cellCol = this.colTag = refCol;
        this.cellRow = refRow;
        this.cellKind();
      }
      if (!selfClosing) this.setV(b, vs, ve);
      this.endCell();
      p = next;
    }
  }

  /**
   * From the value of a row's first attribute r at vs: when it is a canonical row number and the
   * tag's `>` is in this chunk, the row is begun and the position after the tag returned; else -1.
   */
  private rowNumberTag(b: Uint8Array, vs: number, n: number): number {
    let ve = vs;
    let row = 0;
    for (let c = b[ve]!; ve < n && isDigit(c); c = b[++ve]!) row = row * 10 + (c - 48);
    if (ve >= n || b[ve] !== QUOTE || ve === vs || ve - vs > 9 || (ve - vs > 1 && b[vs] === 48)) return -1;
    // A loop, not indexOf: the rest of the tag is a few dozen bytes, shorter than a call's cost.
    // Its `h` bytes after a space are where hidden="1" may start (ht="15" and customHeight's are not).
    let gt = ve + 1;
    let hidden = false;
    for (let c = b[gt]; gt < n && c !== GT; c = b[++gt]) if (c === 104 && isSpace(b[gt - 1]!) && hiddenAttribute(b, gt, n)) hidden = true;
    if (gt >= n) return -1;
    this.rowTag = row - 1;
    if (hidden) this.hiddenRows.push(this.rowTag);
    this.colTag = -1;
    return gt + 1;
  }

  /** The end of the sheet. */
  finish(): void {
    if (this.inCell) this.endCell();
    this.endRow();
  }

  private append(b: Uint8Array, s: number, e: number): void {
    const n = e - s;
    if (this.capLen + n > this.cap.length) {
      const next = new Uint8Array(Math.max(this.cap.length * 2, this.capLen + n));
      next.set(this.cap.subarray(0, this.capLen));
      this.cap = next;
    }
    const cap = this.cap;
    let o = this.capLen;
    for (let k = s; k < e; k++) cap[o++] = b[k]!;
    this.capLen = o;
  }

  /** The captured <v> text becomes the cell's value (the last <v> of a cell counts; an empty one is none). */
  private takeV(): void {
    this.setV(this.cap.slice(0, this.capLen), 0, this.capLen);
  }

  private setV(buf: Uint8Array, start: number, end: number): void {
    this.hasV = end > start;
    this.vBuf = buf;
    this.vStart = start;
    this.vEnd = end;
  }

  /**
   * The r, t and s attributes of a tag's bytes [i, gt), in one pass (the first of each local
   * name counts). A tag this byte reading cannot follow is read with the regular expression.
   */
  private cellAttributes(b: Uint8Array, i: number, gt: number): void {
    const from = i;
    this.attrSrc = b;
    this.rS = this.tS = this.sS = -1;
    this.hiddenTag = false;
    for (;;) {
      while (i < gt && isSpace(b[i]!)) i++;
      if (i >= gt || b[i] === SLASH) return;
      let local = i;
      while (i < gt && b[i] !== 61 && !isSpace(b[i]!)) {
        if (b[i] === 58) local = i + 1;
        i++;
      }
      const which = i - local === 1 ? b[local]! : 0;
      while (i < gt && isSpace(b[i]!)) i++;
      let close = -1;
      if (b[i] === 61) {
        i++;
        while (i < gt && isSpace(b[i]!)) i++;
        const q = b[i];
        if (q === QUOTE || q === 39) close = b.indexOf(q, i + 1);
      }
      if (close === -1 || close >= gt) {
        this.cellAttributesSlow(b, from, gt);
        return;
      }
      if (which === 114 && this.rS < 0) {
        this.rS = i + 1;
        this.rE = close;
      } else if (which === 116 && this.tS < 0) {
        this.tS = i + 1;
        this.tE = close;
      } else if (which === 115 && this.sS < 0) {
        this.sS = i + 1;
        this.sE = close;
      } else if (close - local > 6 && hiddenAttribute(b, local, close + 1)) this.hiddenTag = true;
      i = close + 1;
    }
  }

  private cellAttributesSlow(b: Uint8Array, from: number, gt: number): void {
    const tag = ` ${this.utf8.decode(b.subarray(from, gt))}`;
    const values = ['r', 't', 's'].map((name) => attr(tag, name));
    const hidden = attr(tag, 'hidden');
    this.hiddenTag = hidden === '1' || hidden === 'true';
    let text = '';
    const at: number[] = [];
    for (const v of values) {
      at.push(v === undefined ? -1 : text.length);
      text += v ?? '';
      at.push(text.length);
    }
    const src = this.enc.encode(text);
    // Offsets in UTF-16 units are byte offsets for ASCII only.
    if (src.length !== text.length) throw new Unsupported('an odd tag with non-ASCII attributes');
    this.attrSrc = src;
    [this.rS, this.rE, this.tS, this.tE, this.sS, this.sE] = at as [number, number, number, number, number, number];
  }

  private startCell(b: Uint8Array, i: number, gt: number): void {
    this.cellAttributes(b, i, gt);
    this.beginCell();
  }

  /** A cell from its r, t and s attributes (found in attrSrc by cellAttributes or fastRun). */
  private beginCell(): void {
    const src = this.attrSrc;
    if (this.rS >= 0) {
      // r: capital letters for the column, then the row's digits (SheetJS's decode_cell).
      const end = this.rE;
      let col = 0;
      let k = this.rS;
      for (; k < end; k++) {
        const cc = src[k]! - 64;
        if (cc < 1 || cc > 26) break;
        col = 26 * col + cc;
      }
      let row = this.rowTag;
      if (k < end && isDigit(src[k]!)) {
        row = 0;
        for (; k < end && isDigit(src[k]!); k++) row = row * 10 + (src[k]! - 48);
        row--;
      }
      this.cellCol = col - 1;
      this.colTag = col - 1;
      this.cellRow = row;
    } else {
      this.cellCol = ++this.colTag;
      this.cellRow = this.rowTag;
    }
    this.cellKind();
  }

  /** The cell's type and whether it shows a date, from its t and s attributes; its value not read yet. */
  private cellKind(): void {
    const src = this.attrSrc;
    this.cellType = this.tS >= 0 ? cellType(src, this.tS, this.tE) : CellType.None;
    const isDate = this.ctx.isDate;
    this.cellDate = isDate !== undefined && this.sS >= 0 && isDate[canonicalIndex(src, this.sS, this.sE)] === true;
    this.hasV = false;
    this.isText = undefined;
    this.inCell = true;
  }

  private endCell(): void {
    this.inCell = false;
    const t = this.cellType;
    let numberText: string | undefined;
    let date: Uint8Array | undefined;
    if (t === CellType.None || t === CellType.N) {
      if (!this.hasV) return;
      if (this.cellDate) {
        date = this.dateOf();
        if (date === undefined) return;
      } else if (!isCanonicalNumber(this.vBuf, this.vStart, this.vEnd)) {
        const text = this.vText();
        if (text === '') return; // CDATA with nothing in it
        numberText = String(parseFloat(text));
      }
    } else if (t === CellType.S && !this.hasV) return;
    else if (t === CellType.D) throw new Unsupported('t="d" cell');
    const row = this.cellRow;
    if (!(row >= 0)) throw new Unsupported('no row number');
    if (row !== this.curRow) {
      if (row < this.curRow) throw new Unsupported('rows out of order');
      this.endRow();
      this.curRow = row;
      this.rowStart = this.out.length;
      this.lastCol = -1;
      this.any = false;
    }
    const col = this.cellCol;
    if (col >= MAX_COLUMN_INDEX || col < 0) throw new Unsupported('column out of range');
    if (col <= this.lastCol) throw new Unsupported('cells out of order in a row');
    if (row > this.maxRow) this.maxRow = row;
    const cells = this.cells;
    let out = this.out;
    if (cells === undefined) out.byte(COMMA, this.lastCol < 0 ? col : col - this.lastCol);
    else if (this.tooWide) {
      this.lastCol = col; // refused at the end, with the width: nothing more is kept
      return;
    } else out = cells.open(col, this.textRows);
    this.lastCol = col;
    const before = out.length;
    if (date !== undefined) out.bytes(date);
    else if (numberText !== undefined) out.write(numberText);
    else this.writeValue(t, out);
    if (cells !== undefined) cells.close(col, this.textRows);
    if (out.length > before) this.any = true;
    else this.presentEmpty.add(row * ROW_KEY + col);
  }

  /** The cell's text, CSV-quoted unless for the cell writer, into `out` (numbers: only those already canonical). */
  private writeValue(t: CellType, out: ByteSink): void {
    const field = this.field;
    switch (t) {
      case CellType.None:
      case CellType.N:
        out.bytes(this.vBuf, this.vStart, this.vEnd);
        break;
      case CellType.S: {
        const k = canonicalIndex(this.vBuf, this.vStart, this.vEnd);
        const index = k >= 0 ? k : parseInt(this.vText(), 10);
        const sst = this.ctx.sst;
        if (!(index >= 0 && index < sst.length)) throw new Unsupported('shared string index out of range');
        const strings = this.sstBytes;
        let at = this.sstAt[index]!;
        if (at < 0) {
          at = this.sstAt[index] = strings.length;
          strings.write(field(sst[index] ?? ''));
          this.sstLen[index] = strings.length - at;
        }
        out.bytes(strings.buf, at, at + this.sstLen[index]!);
        break;
      }
      case CellType.Str:
        // SheetJS unescapes a formula string's <v> twice.
        out.write(field(this.hasV ? unescapeXml(this.vText(), true) : ''));
        break;
      case CellType.InlineStr:
        out.write(field(this.isText === undefined ? '' : (stringItem(this.isText) ?? '')));
        break;
      case CellType.B:
        out.write(this.hasV && (this.vText() === '1' || this.vText() === 'true') ? 'true' : 'false');
        break;
      default:
        // Errors (#DIV/0!, #N/A: an invalid value downstream, never a silent blank) and unknown types: the text.
        out.write(field(this.hasV ? this.vText() : ''));
    }
  }

  /** A date cell's "YYYY-MM-DD HH:MM:SS", remembered per column; undefined when its <v> unescapes to nothing. */
  private dateOf(): Uint8Array | undefined {
    const col = this.cellCol;
    const key = this.dateKey[col];
    const v = this.vBuf;
    const s = this.vStart;
    const n = this.vEnd - s;
    if (key !== undefined && key.length === n) {
      let k = 0;
      while (k < n && key[k] === v[s + k]) k++;
      if (k === n) return this.dateCsv[col]!;
    }
    const text = this.vText();
    if (text === '') return undefined;
    const num = parseFloat(text);
    if (!Number.isFinite(num)) throw new Unsupported('not a date serial');
    this.dateKey[col] = v.slice(s, s + n);
    const date1904 = this.ctx.date1904;
    return (this.dateCsv[col] = excelSerialToIsoBytes(num, date1904) ?? this.enc.encode(excelSerialToIso(num, date1904)));
  }

  /** The <v> text, unescaped as SheetJS does. */
  private vText(): string {
    const v = this.vBuf;
    const e = this.vEnd;
    for (let i = this.vStart; i < e; i++) {
      const c = v[i]!;
      if (c === 38 || c === 95 || c === LT || c > 127) return unescapeXml(this.utf8.decode(v.subarray(this.vStart, e)));
    }
    return latin1(v, this.vStart, e);
  }

  private endRow(): void {
    if (this.curRow < 0) return;
    const cells = this.lastCol + 1;
    if (cells > this.width) this.width = cells;
    if (this.width > MAX_COLUMNS) this.tooWide = true;
    if (this.cells !== undefined) {
      if (this.tooWide) return;
      this.recRow.push(this.curRow);
      this.recCells.push(this.any ? cells : 0);
      if (this.any) this.textRows++;
      return;
    }
    const out = this.out;
    if (this.tooWide) {
      out.length = this.rowStart;
      return;
    }
    if (!this.any) out.length = this.rowStart;
    this.recRow.push(this.curRow);
    this.recStart.push(this.rowStart);
    this.recEnd.push(out.length);
    this.recCells.push(this.any ? cells : 0);
    if (this.any) out.byte(NEWLINE);
  }
}

function findCdataEnd(b: Uint8Array, from: number): number {
  for (let i = b.indexOf(93, from); i !== -1; i = b.indexOf(93, i + 1)) if (b[i + 1] === 93 && b[i + 2] === GT) return i;
  return -1;
}
