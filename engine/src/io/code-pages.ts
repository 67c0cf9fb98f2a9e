import { WINDOWS_1252_HIGH } from './windows-1252.ts';

/**
 * The 8-bit encodings other than Windows-1252 that real exports come in: Windows-1250 (Polish,
 * Czech, Hungarian shops), Windows-1251 (Cyrillic), Mac Roman (old Mac and FileMaker exports),
 * the DOS code pages 850 and 437 (old tills, AS/400) and Shift-JIS. DuckDB reads none of them,
 * so a file in one is transcoded to UTF-8 before DuckDB reads it (as Windows-1252's 0x80-0x9F).
 * Identifiers are the WHATWG labels where there is one (TextDecoder decodes those in the browser
 * and in Node); CP850 and CP437 are not WHATWG encodings, so their tables are written here.
 */
export type CodePage = 'windows-1250' | 'windows-1251' | 'macintosh' | 'cp850' | 'cp437' | 'shift_jis';

/** The code pages, in the order a tie between them is settled (the more common first). */
export const CODE_PAGES: readonly CodePage[] = ['windows-1250', 'windows-1251', 'macintosh', 'cp850', 'cp437', 'shift_jis'];

/** Encodings where each ASCII byte is its character, the others being one or two bytes: what the byte-level readers take. */
export type ByteEncoding = 'utf-8' | 'latin-1' | CodePage;

export const isCodePage = (encoding: string): encoding is CodePage => (CODE_PAGES as readonly string[]).includes(encoding);

/** Code points of bytes 0x80-0xFF shared by CP850 and CP437: accented letters, then (0xB0-0xDF) box drawing. */
const DOS_LETTERS = [
  0xc7, 0xfc, 0xe9, 0xe2, 0xe4, 0xe0, 0xe5, 0xe7, 0xea, 0xeb, 0xe8, 0xef, 0xee, 0xec, 0xc4, 0xc5, 0xc9, 0xe6, 0xc6, 0xf4, 0xf6, 0xf2, 0xfb, 0xf9, 0xff, 0xd6,
  0xdc,
];

/** CP437, IBM PC's own (bytes 0x80-0xFF): letters, box drawing, Greek and mathematical signs. */
const CP437_HIGH = [
  ...DOS_LETTERS,
  0xa2,
  0xa3,
  0xa5,
  0x20a7,
  0x192,
  0xe1,
  0xed,
  0xf3,
  0xfa,
  0xf1,
  0xd1,
  0xaa,
  0xba,
  0xbf,
  0x2310,
  0xac,
  0xbd,
  0xbc,
  0xa1,
  0xab,
  0xbb,
  0x2591,
  0x2592,
  0x2593,
  0x2502,
  0x2524,
  0x2561,
  0x2562,
  0x2556,
  0x2555,
  0x2563,
  0x2551,
  0x2557,
  0x255d,
  0x255c,
  0x255b,
  0x2510,
  0x2514,
  0x2534,
  0x252c,
  0x251c,
  0x2500,
  0x253c,
  0x255e,
  0x255f,
  0x255a,
  0x2554,
  0x2569,
  0x2566,
  0x2560,
  0x2550,
  0x256c,
  0x2567,
  0x2568,
  0x2564,
  0x2565,
  0x2559,
  0x2558,
  0x2552,
  0x2553,
  0x256b,
  0x256a,
  0x2518,
  0x250c,
  0x2588,
  0x2584,
  0x258c,
  0x2590,
  0x2580,
  0x3b1,
  0xdf,
  0x393,
  0x3c0,
  0x3a3,
  0x3c3,
  0xb5,
  0x3c4,
  0x3a6,
  0x398,
  0x3a9,
  0x3b4,
  0x221e,
  0x3c6,
  0x3b5,
  0x2229,
  0x2261,
  0xb1,
  0x2265,
  0x2264,
  0x2320,
  0x2321,
  0xf7,
  0x2248,
  0xb0,
  0x2219,
  0xb7,
  0x221a,
  0x207f,
  0xb2,
  0x25a0,
  0xa0,
];

/** CP850, DOS Latin-1 (bytes 0x80-0xFF): CP437 with its Greek and most box drawing traded for Western European capitals. */
const CP850_HIGH = [
  ...DOS_LETTERS,
  0xf8,
  0xa3,
  0xd8,
  0xd7,
  0x192,
  0xe1,
  0xed,
  0xf3,
  0xfa,
  0xf1,
  0xd1,
  0xaa,
  0xba,
  0xbf,
  0xae,
  0xac,
  0xbd,
  0xbc,
  0xa1,
  0xab,
  0xbb,
  0x2591,
  0x2592,
  0x2593,
  0x2502,
  0x2524,
  0xc1,
  0xc2,
  0xc0,
  0xa9,
  0x2563,
  0x2551,
  0x2557,
  0x255d,
  0xa2,
  0xa5,
  0x2510,
  0x2514,
  0x2534,
  0x252c,
  0x251c,
  0x2500,
  0x253c,
  0xe3,
  0xc3,
  0x255a,
  0x2554,
  0x2569,
  0x2566,
  0x2560,
  0x2550,
  0x256c,
  0xa4,
  0xf0,
  0xd0,
  0xca,
  0xcb,
  0xc8,
  0x131,
  0xcd,
  0xce,
  0xcf,
  0x2518,
  0x250c,
  0x2588,
  0x2584,
  0xa6,
  0xcc,
  0x2580,
  0xd3,
  0xdf,
  0xd4,
  0xd2,
  0xf5,
  0xd5,
  0xb5,
  0xfe,
  0xde,
  0xda,
  0xdb,
  0xd9,
  0xfd,
  0xdd,
  0xaf,
  0xb4,
  0xad,
  0xb1,
  0x2017,
  0xbe,
  0xb6,
  0xa7,
  0xf7,
  0xb8,
  0xb0,
  0xa8,
  0xb7,
  0xb9,
  0xb3,
  0xb2,
  0x25a0,
  0xa0,
];

/** The single-byte encodings: latin-1 (read as Windows-1252) and every code page but Shift-JIS. */
export type SingleByte = Exclude<ByteEncoding, 'utf-8' | 'shift_jis'>;

const tables = new Map<SingleByte, readonly number[]>([
  ['latin-1', WINDOWS_1252_HIGH],
  ['cp850', CP850_HIGH],
  ['cp437', CP437_HIGH],
]);

/** Code points of bytes 0x80-0xFF in `encoding`; a WHATWG one's taken from TextDecoder once. */
export function highTable(encoding: SingleByte): readonly number[] {
  let table = tables.get(encoding);
  if (!table) {
    const text = new TextDecoder(encoding).decode(Uint8Array.from({ length: 128 }, (_, i) => 0x80 + i));
    table = Array.from({ length: 128 }, (_, i) => text.charCodeAt(i));
    tables.set(encoding, table);
  }
  return table;
}

/** Characters decoded at once (String.fromCharCode's arguments). */
const CHUNK = 8192;

/** Decodes text in Windows-1252 ("latin-1") or a code page (samples, and the lines a copy is made from). */
export function decodeCodePage(bytes: Uint8Array, encoding: 'latin-1' | CodePage): string {
  if (encoding === 'shift_jis') return new TextDecoder('shift_jis').decode(bytes);
  const high = highTable(encoding);
  const parts: string[] = [];
  const codes = new Uint16Array(Math.min(bytes.length, CHUNK));
  for (let at = 0; at < bytes.length; at += CHUNK) {
    const n = Math.min(CHUNK, bytes.length - at);
    for (let i = 0; i < n; i++) {
      const b = bytes[at + i]!;
      codes[i] = b < 0x80 ? b : high[b - 0x80]!;
    }
    parts.push(String.fromCharCode(...codes.subarray(0, n)));
  }
  return parts.join('');
}

/** UTF-8 length of a code point below 0x10000. */
const utf8Length = (cp: number) => (cp < 0x80 ? 1 : cp < 0x800 ? 2 : 3);

/** Transcodes single-byte text to UTF-8 by its table of bytes 0x80-0xFF: two passes (size, then fill), one output allocation. */
function singleByteToUtf8(bytes: Uint8Array, high: readonly number[]): Uint8Array {
  let size = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    size += b < 0x80 ? 1 : utf8Length(high[b - 0x80]!);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    const cp = b < 0x80 ? b : high[b - 0x80]!;
    if (cp < 0x80) out[at++] = cp;
    else if (cp < 0x800) {
      out[at++] = 0xc0 | (cp >> 6);
      out[at++] = 0x80 | (cp & 0x3f);
    } else {
      out[at++] = 0xe0 | (cp >> 12);
      out[at++] = 0x80 | ((cp >> 6) & 0x3f);
      out[at++] = 0x80 | (cp & 0x3f);
    }
  }
  return out;
}

/** Bytes of Shift-JIS decoded at a time, so that no string is much larger than the text-pieces' ones. */
const SJIS_PIECE = 64 * 1024;

/** Transcodes a file in Windows-1252 ("latin-1") or a code page to UTF-8 (the copy DuckDB reads). */
export function eightBitToUtf8(bytes: Uint8Array, encoding: 'latin-1' | CodePage): Uint8Array {
  if (encoding !== 'shift_jis') return singleByteToUtf8(bytes, highTable(encoding));
  const decoder = new TextDecoder('shift_jis');
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += SJIS_PIECE) {
    parts.push(encoder.encode(decoder.decode(bytes.subarray(at, at + SJIS_PIECE), { stream: at + SJIS_PIECE < bytes.length })));
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
