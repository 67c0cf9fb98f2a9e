import { CODE_PAGES, decodeCodePage, highTable, type CodePage } from './code-pages.ts';

/**
 * Which 8-bit encoding a file that is not UTF-8 is in, from its words that hold bytes of 0x80 and
 * above. Each encoding reads those words its own way, and the wrong ones read as no language is
 * written: punctuation, box drawing or control codes inside words ("caf‚" is CP850's "café" read
 * as Windows-1252), capitals inside lowercase words ("cafÈ" is Windows-1252's read as Mac Roman),
 * Cyrillic or kana beside Latin letters ("Mьller"), or accented letters no one language uses
 * together (Windows-1250's "Łódź" read as Windows-1252 is "£ódŸ"; French read as Windows-1250 mixes
 * Czech, Slovak and Hungarian letters). Each encoding's reading is scored; Windows-1252, by far
 * the most common, is kept unless another reads clearly better (or the text is Hungarian, whose
 * readings tie: readsAsHungarian), and a close call is said.
 * Only files already found not to be UTF-8 are looked at.
 */

/** The encodings weighed: Windows-1252 ("latin-1", as TextEncoding names it) and the code pages. */
export type EightBit = 'latin-1' | CodePage;

/** Another encoding that reads the file about as well as the one chosen, and how it would read an example. */
export interface EncodingDoubt {
  /** An example word as read (in the encoding chosen). */
  read: string;
  /** The encodings that fit as well or better, each with the example as it would read it. */
  alternatives: { encoding: CodePage; example: string }[];
}

export interface EncodingGuess {
  encoding: EightBit;
  doubt?: EncodingDoubt;
}

/** Bytes looked at, from the line holding the first byte of 0x80 and above. */
const GUESS_BYTES = 256 * 1024;
/** Words holding such bytes looked at. */
const MAX_WORDS = 20_000;
/** Points another encoding must score to be chosen over Windows-1252, and to lead it and every other reading by. */
const MIN_EVIDENCE = 3;
const MARGIN = 2;

// What a character is to a word: BAD never appears in text (undefined bytes, control codes,
// private use), SPACE and DASH separate words, APOS joins them (l’été, Men’s), MARK is other
// punctuation or a symbol, LETTER a letter of a script.
const BAD = 0;
const SPACE = 1;
const DASH = 2;
const APOS = 3;
const MARK = 4;
const LETTER = 5;

const LATIN = 1;
const CYRILLIC = 2;
const GREEK = 3;
const JAPANESE = 4;

interface Char {
  kind: number;
  script: number;
  upper: boolean;
  lower: boolean;
  /** The letter in lowercase (for the alphabets). */
  key: string;
  /** Decoded from bytes of 0x80 and above. */
  high: boolean;
}

function classify(ch: string, high: boolean): Char {
  const cp = ch.codePointAt(0)!;
  const c = (kind: number, script = 0): Char => ({
    kind,
    script,
    upper: ch.toLowerCase() !== ch,
    lower: ch.toUpperCase() !== ch,
    key: ch.toLowerCase(),
    high,
  });
  if (cp === 0xfffd || (cp >= 0x80 && cp <= 0x9f) || (cp >= 0xe000 && cp <= 0xf8ff) || cp < 0x20) return c(BAD);
  if (/[\s\u00ad]/u.test(ch)) return c(SPACE);
  if (/\p{Pd}/u.test(ch)) return c(DASH);
  if (cp === 0x2019 || cp === 0x2018 || cp === 0x2bc) return c(APOS);
  // Full-width forms and the long-vowel marks ー ｰ belong to Japanese text.
  if ((cp >= 0xff21 && cp <= 0xff5a) || cp === 0x30fc || cp === 0xff70) return c(LETTER, JAPANESE);
  if (!/\p{L}/u.test(ch)) return c(MARK);
  if (/\p{Script=Latin}/u.test(ch)) return c(LETTER, LATIN);
  if (/\p{Script=Cyrillic}/u.test(ch)) return c(LETTER, CYRILLIC);
  if (/\p{Script=Greek}/u.test(ch)) return c(LETTER, GREEK);
  if (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(ch)) return c(LETTER, JAPANESE);
  return c(MARK);
}

const ASCII: Char[] = Array.from({ length: 0x80 }, (_, b) => {
  const ch = String.fromCharCode(b);
  return /[A-Za-z]/.test(ch) ? classify(ch, false) : { ...classify(' ', false), key: ch };
});

/** Each single-byte encoding's bytes 0x80-0xFF, classified once. */
const classified = new Map<string, Char[]>();
function highChars(encoding: Exclude<EightBit, 'shift_jis'>): Char[] {
  let chars = classified.get(encoding);
  if (!chars) {
    chars = highTable(encoding).map((cp) => classify(String.fromCharCode(cp), true));
    classified.set(encoding, chars);
  }
  return chars;
}

/**
 * The accented letters an encoding's languages are written with, weighed as one alphabet or as
 * several (the best fitting counts); `runs`: whether words may hold three or more in a row.
 */
interface Alphabets {
  letters: readonly string[];
  runs: boolean;
}

/**
 * Western European encodings' (Windows-1252, Mac Roman, CP850, CP437): one alphabet, as shops
 * mix their languages. Three accented letters in a row are no Western word's: they are most often
 * Cyrillic read as Latin ("Ìîñêâà").
 */
const WESTERN: Alphabets = { letters: ['àáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿßœ'], runs: false };
/** Windows-1250's: Polish ("żółć": runs), Czech and Slovak, Hungarian, Croatian and Slovene, Romanian; each with German's, written there too. */
const CENTRAL: Alphabets = { letters: ['ąćęłńóśźż', 'áčďéěíňóřšťúůýžäĺľôŕ', 'áéíóöőúüű', 'čćđšž', 'ăâîşţ'].map((a) => `${a}äöüßé`), runs: true };
/** No accented Latin letter is expected. */
const NONE: Alphabets = { letters: [], runs: true };

const ALPHABETS: Record<EightBit, Alphabets> = {
  'latin-1': WESTERN,
  'windows-1250': CENTRAL,
  'windows-1251': NONE,
  macintosh: WESTERN,
  cp850: WESTERN,
  cp437: WESTERN,
  shift_jis: NONE,
};

/** The decoded characters of the bytes [start, end) in an encoding. */
function charsOf(bytes: Uint8Array, start: number, end: number, encoding: EightBit): Char[] {
  if (encoding === 'shift_jis') {
    const text = decodeCodePage(bytes.subarray(start, end), 'shift_jis');
    return Array.from(text, (ch) => {
      const cp = ch.codePointAt(0)!;
      return cp < 0x80 ? ASCII[cp]! : classify(ch, true);
    });
  }
  const high = highChars(encoding);
  const out: Char[] = [];
  for (let i = start; i < end; i++) out.push(bytes[i]! < 0x80 ? ASCII[bytes[i]!]! : high[bytes[i]! - 0x80]!);
  return out;
}

/** A reading's points: from the words' shapes, and its accented Latin letters (counted by letter, weighed against the alphabets). */
interface Reading {
  shape: number;
  letters: Map<string, number>;
  /** Those of three or more in a row. */
  inRuns: Map<string, number>;
  /** Words holding "õ" not before an "e" (Hungarian's ő as Windows-1252 reads it), lower case. */
  oWords: Set<string>;
}

const isLetter = (c: Char | undefined): c is Char => c !== undefined && c.kind === LETTER;

/** Scores one word (no SPACE or DASH inside) into `r`. */
function scoreWord(word: Char[], r: Reading): void {
  let lo = 0;
  let hi = word.length - 1;
  // Punctuation and symbols around a word ("“CAFÉ”", "5€") are what they seem.
  while (lo <= hi && word[lo]!.kind !== LETTER && word[lo]!.kind !== BAD) lo++;
  while (hi >= lo && word[hi]!.kind !== LETTER && word[hi]!.kind !== BAD) hi--;
  if (lo > hi) return;
  // A letter alone (" à ", or "€" read as "Ç") tells nothing.
  if (lo === hi && word[lo]!.kind === LETTER) return;
  for (let i = lo; i <= hi; i++) {
    const c = word[i]!;
    if (!c.high) continue;
    const prev = i > lo ? word[i - 1] : undefined;
    const next = i < hi ? word[i + 1] : undefined;
    if (c.kind === BAD) r.shape -= 3;
    else if (c.kind === MARK) r.shape -= 2;
    else if (c.kind === APOS) r.shape += isLetter(prev) && isLetter(next) ? 2 : -2;
    else {
      // A capital inside a word beside a small letter ("MÅller"), or a small letter among capitals ("MüLLER").
      if (c.upper && isLetter(prev) && (prev.lower || next?.lower === true)) r.shape -= 2;
      else if (c.lower && !prev?.lower && !next?.lower && (prev?.upper || next?.upper)) r.shape -= 2;
      const near = [prev, next].filter(isLetter);
      // A word is written in one script; Japanese words may hold Latin letters ("Tシャツ"), not a lone kana or kanji among them.
      const mixed = near.some((n) => n.script !== c.script);
      if (mixed && (c.script !== JAPANESE || !near.some((n) => n.script === JAPANESE))) {
        r.shape -= 2;
        continue;
      }
      if (near.length === 0) continue;
      if (c.script !== LATIN) r.shape += 1;
      else {
        const tally = inHighRun(word, i, lo, hi) ? r.inRuns : r.letters;
        tally.set(c.key, (tally.get(c.key) ?? 0) + 1);
        if (c.key === 'õ' && next?.key !== 'e')
          r.oWords.add(
            word
              .slice(lo, hi + 1)
              .map((w) => w.key)
              .join(''),
          );
      }
    }
  }
}

/** Whether word[i] is one of three or more high Latin letters in a row. */
function inHighRun(word: Char[], i: number, lo: number, hi: number): boolean {
  const highLatin = (k: number) => k >= lo && k <= hi && word[k]!.high && word[k]!.kind === LETTER && word[k]!.script === LATIN;
  let a = i;
  let b = i;
  while (highLatin(a - 1)) a--;
  while (highLatin(b + 1)) b++;
  return b - a >= 2;
}

/** The points of the letters tallied: the best fitting alphabet's (+1 a letter in it, -1 one not); letters in runs count where runs are written. */
function letterPoints(r: Reading, { letters, runs }: Alphabets): number {
  const tallied = runs ? [...r.letters, ...r.inRuns] : [...r.letters];
  let best = letters.length > 0 ? Number.NEGATIVE_INFINITY : 0;
  for (const alphabet of letters) {
    let points = 0;
    for (const [key, n] of tallied) points += alphabet.includes(key) ? n : -n;
    best = Math.max(best, points);
  }
  if (letters.length === 0) for (const [, n] of tallied) best -= n;
  return best;
}

/** Words holding a byte of 0x80 and above: [start, end) of each maximal run of bytes from 0x40 up (a Shift-JIS character's second byte is one). */
function highWords(bytes: Uint8Array): [number, number][] {
  const words: [number, number][] = [];
  for (let i = 0; i < bytes.length && words.length < MAX_WORDS; i++) {
    if (bytes[i]! < 0x80) continue;
    let start = i;
    while (start > 0 && bytes[start - 1]! >= 0x40) start--;
    let end = i;
    while (end < bytes.length && bytes[end]! >= 0x40) end++;
    words.push([start, end]);
    i = end;
  }
  return words;
}

function read(bytes: Uint8Array, words: [number, number][], encoding: EightBit): Reading {
  const r: Reading = { shape: 0, letters: new Map(), inRuns: new Map(), oWords: new Set() };
  for (const [start, end] of words) {
    let word: Char[] = [];
    for (const c of charsOf(bytes, start, end, encoding)) {
      if (c.kind === SPACE || c.kind === DASH) {
        scoreWord(word, r);
        word = [];
      } else word.push(c);
    }
    scoreWord(word, r);
  }
  return r;
}

const score = (bytes: Uint8Array, words: [number, number][], encoding: EightBit) => {
  const r = read(bytes, words, encoding);
  return r.shape + letterPoints(r, ALPHABETS[encoding]);
};

/** The accented letters of Hungarian as Windows-1252 reads them: ő and ű as õ and û, the others alike. */
const HUNGARIAN_AS_1252 = 'áéíóöúüõû';

/**
 * Hungarian in Windows-1250 read as Windows-1252: its letters read as letters both ways ("Vevő" or
 * "Vevõ"), so the scores tie. But no Western text writes only these letters with õ in two words
 * or more, not before an "e": Portuguese writes õ in "-ões" and "-õe" (and ã, ç beside it),
 * Estonian without acute vowels and with ä, French û (not õ) beside è, à, ç.
 */
function readsAsHungarian(r: Reading): boolean {
  const tallied = [...r.letters, ...r.inRuns];
  return tallied.every(([key]) => HUNGARIAN_AS_1252.includes(key)) && tallied.some(([key]) => 'áéíóú'.includes(key)) && r.oWords.size >= 2;
}

/** Whether `encoding` reads every byte of 0x80 and above in `words` as Windows-1252 does. */
function readsAs1252(bytes: Uint8Array, words: [number, number][], encoding: EightBit): boolean {
  if (encoding === 'shift_jis') return false;
  const mine = highTable(encoding);
  const theirs = highTable('latin-1');
  for (const [start, end] of words)
    for (let i = start; i < end; i++) if (bytes[i]! >= 0x80 && mine[bytes[i]! - 0x80] !== theirs[bytes[i]! - 0x80]) return false;
  return true;
}

/** Whether two encodings read `words` alike. */
function readAlike(bytes: Uint8Array, words: [number, number][], a: EightBit, b: EightBit): boolean {
  return words.every(([start, end]) => decodeCodePage(bytes.subarray(start, end), a) === decodeCodePage(bytes.subarray(start, end), b));
}

/** The bytes looked at: GUESS_BYTES from the start of the line holding the first byte of 0x80 and above. */
function window(bytes: Uint8Array): Uint8Array {
  let first = bytes.findIndex((b) => b >= 0x80);
  if (first < 0) return bytes.subarray(0, 0);
  while (first > 0 && bytes[first - 1] !== 0x0a && bytes[first - 1] !== 0x0d) first--;
  return bytes.subarray(first, first + GUESS_BYTES);
}

/**
 * The encoding of text that is not UTF-8 (nor UTF-16): another code page when its reading scores
 * MIN_EVIDENCE or more and leads Windows-1252's and every other different reading by MARGIN;
 * else Windows-1252, with the other readings that score as well, or nearly, as a doubt.
 */
export function guessEightBit(all: Uint8Array): EncodingGuess {
  const bytes = window(all);
  const words = highWords(bytes);
  const western = read(bytes, words, 'latin-1');
  const base = western.shape + letterPoints(western, ALPHABETS['latin-1']);
  const others = CODE_PAGES.filter((e) => !readsAs1252(bytes, words, e)).map((encoding) => ({ encoding, points: score(bytes, words, encoding) }));
  others.sort((a, b) => b.points - a.points);
  if (readsAsHungarian(western) && others.some((o) => o.encoding === 'windows-1250' && o.points >= base)) return { encoding: 'windows-1250' };
  const best = others[0];
  if (best && best.points >= MIN_EVIDENCE && best.points - base >= MARGIN) {
    const rival = others.slice(1).find((o) => best.points - o.points < MARGIN && !readAlike(bytes, words, best.encoding, o.encoding));
    if (!rival) return { encoding: best.encoding };
  }
  // A reading of a single letter or two is a close call too: "Świeca" alone is "Œwieca" in Windows-1252.
  const close = others.filter((o) => o.points >= 1 && o.points >= base);
  if (close.length === 0) return { encoding: 'latin-1' };
  return {
    encoding: 'latin-1',
    doubt: doubtOf(
      bytes,
      words,
      close.map((o) => o.encoding),
    ),
  };
}

/** The first word the first alternative reads otherwise than Windows-1252, as each reads it. */
function doubtOf(bytes: Uint8Array, words: [number, number][], alternatives: CodePage[]): EncodingDoubt {
  const [start, end] =
    words.find(([s, e]) => decodeCodePage(bytes.subarray(s, e), 'latin-1') !== decodeCodePage(bytes.subarray(s, e), alternatives[0]!)) ?? words[0]!;
  const word = bytes.subarray(start, end);
  return { read: decodeCodePage(word, 'latin-1'), alternatives: alternatives.map((encoding) => ({ encoding, example: decodeCodePage(word, encoding) })) };
}
