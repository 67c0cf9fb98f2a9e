import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { guessEightBit, type EightBit } from '../../../engine/src/io/code-page-guess.ts';
import { decodePieces, decodeSample, detectEncoding } from '../../../engine/src/io/sniff.ts';
import { PIECE_BYTES } from '../../../engine/src/io/text-pieces.ts';
import { encodeIn, writable } from '../../helpers/code-page-bytes.ts';

/** Words of the languages each code page is written in (with accents, as shops' names and products have them). */
const WESTERN = [
  'Müller',
  'Größe',
  'Schäfer',
  'Straße',
  'Bäckerei',
  'Käse',
  'Brötchen',
  'Zürich',
  'Crème',
  'brûlée',
  'café',
  'Français',
  'élève',
  'château',
  'pâté',
  'Noël',
  'crêpe',
  'façade',
  'Genève',
  'señor',
  'niño',
  'año',
  'mañana',
  'jalapeño',
  'Málaga',
  'Córdoba',
  'São',
  'coração',
  'ação',
  'perché',
  'città',
  'più',
  'Göteborg',
  'Malmö',
  'blåbær',
  'smørrebrød',
  'Ærø',
  'Ålesund',
  'ÉCOLE',
  'CAFÉ',
  'MÜLLER',
];
const POLISH = [
  'Łódź',
  'Żółć',
  'Gdańsk',
  'Kraków',
  'łyżka',
  'ściereczka',
  'zażółć',
  'gęślą',
  'jaźń',
  'Wrocław',
  'Poznań',
  'Częstochowa',
  'Świętokrzyskie',
  'miód',
];
/** Hungarian: "ő" and "ű" are Windows-1252's "õ" and "û" (letters of Portuguese and French). */
const HUNGARIAN = ['Győr', 'Kőszeg', 'fűszer', 'bögre', 'tányér', 'Szűcs', 'ősz', 'Ötös', 'gyümölcs', 'kenyér', 'sajt', 'Pécs'];
const CZECH = ['Příliš', 'žluťoučký', 'kůň', 'úpěl', 'ďábelské', 'Plzeň', 'České', 'Budějovice', 'hrnek', 'čaj', 'sýr', 'chléb', 'řízek', 'Dvořák'];
const CYRILLIC = ['Москва', 'Россия', 'Чашка', 'большая', 'Кофе', 'Иванов', 'Петров', 'Санкт-Петербург', 'Київ', 'Україна', 'чай', 'сахар', 'молоко', 'хлеб'];
const JAPANESE = [
  '東京',
  '大阪',
  'コーヒー',
  'カップ',
  'お茶',
  '山田',
  '田中',
  '日本',
  '京都',
  '紅茶',
  '緑茶',
  'マグカップ',
  'タオル',
  '鈴木',
  'Tシャツ',
  'ｺｰﾋｰ',
];
/** Texts tried for each code page. */
const RUNS = 200;

const ASCII = ['Tea', 'Mug', 'Large', 'red', 'Box', 'Set', 'Gift', 'card', 'Blue', 'SALE', 'Lamp', 'glass'];

/** Lines of a CSV whose text fields hold words of `words` (one at least a line) among ASCII ones. */
const csvText = (words: readonly string[]) =>
  fc
    .array(fc.tuple(fc.constantFrom(...words), fc.array(fc.constantFrom(...ASCII, ...words), { maxLength: 3 }), fc.integer({ min: 1, max: 9999 })), {
      minLength: 3,
      maxLength: 25,
    })
    .map((rows) => `id;name;description;price\n${rows.map(([w, more, n], i) => `${i + 1};${w};${[...more, w].join(' ')};${n / 100}\n`).join('')}`);

describe('8-bit code pages told apart by their words', () => {
  it('the known words come back as written, from bytes written out here by the code pages’ charts', () => {
    // CP850 and CP437: ü 0x81, ö 0x94, ß 0xE1, é 0x82, è 0x8A; Mac Roman: ü 0x9F, ö 0x9A, é 0x8E, è 0x8F, û 0x9E;
    // Windows-1250: Ł 0xA3, ó 0xF3, ź 0x9F, Ż 0xAF, ł 0xB3, ć 0xE6; Windows-1251: М 0xCC, о 0xEE, с 0xF1, к 0xEA, в 0xE2, а 0xE0;
    // Shift-JIS: 東 0x93 0x8C, 京 0x8B 0x9E.
    const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));
    const cases: [string, number[], EightBit[]][] = [
      ['Müller Kaffeetasse Größe', [...ascii('M'), 0x81, ...ascii('ller Kaffeetasse Gr'), 0x94, 0xe1, ...ascii('e')], ['cp850', 'cp437']],
      ['Crème café', [...ascii('Cr'), 0x8a, ...ascii('me caf'), 0x82], ['cp850', 'cp437']],
      [
        'Müller Größe Crème brûlée',
        [...ascii('M'), 0x9f, ...ascii('ller Gr'), 0x9a, 0xa7, ...ascii('e Cr'), 0x8f, ...ascii('me br'), 0x9e, ...ascii('l'), 0x8e, ...ascii('e')],
        ['macintosh'],
      ],
      ['Łódź Żółć', [0xa3, 0xf3, ...ascii('d'), 0x9f, ...ascii(' '), 0xaf, 0xf3, 0xb3, 0xe6], ['windows-1250']],
      ['Москва', [0xcc, 0xee, 0xf1, 0xea, 0xe2, 0xe0], ['windows-1251']],
      ['東京', [0x93, 0x8c, 0x8b, 0x9e], ['shift_jis']],
    ];
    for (const [text, bytes, encodings] of cases) {
      const line = Uint8Array.from([...ascii('1;'), ...bytes, ...ascii(';'), ...bytes, ...ascii(';2\n')]);
      const file = Uint8Array.from([...line, ...line, ...line]);
      const { encoding } = detectEncoding('f.csv', file);
      expect(encodings).toContain(encoding);
      expect(decodeSample(file, encoding, false).split('\n')[0]).toBe(`1;${text};${text};2`);
    }
  });

  it('text of typical Western European words in Windows-1252 stays Windows-1252', () => {
    const extras = ['Men’s', 'don’t', 'l’été', '“Special”', '€5', '– SALE', '10 kg • 2 pcs', '…'];
    fc.assert(
      fc.property(csvText([...WESTERN, ...extras]), (text) => {
        expect(guessEightBit(encodeIn(text, 'latin-1')).encoding).toBe('latin-1');
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ['macintosh', WESTERN, 0.75],
    ['cp850', WESTERN, 0.75],
    ['cp437', WESTERN, 0.75],
    ['windows-1250', POLISH, 0.75],
    ['windows-1250', CZECH, 0.75],
    ['windows-1250', HUNGARIAN, 0.6],
    ['windows-1251', CYRILLIC, 0.75],
    ['shift_jis', JAPANESE, 0.75],
  ] as const)('text of words written in %s is read right', (encoding, all, share) => {
    const words = all.filter((w) => writable(w, encoding));
    let decided = 0;
    fc.assert(
      fc.property(csvText(words), (text) => {
        const bytes = encodeIn(text, encoding);
        const guess = guessEightBit(bytes);
        const right = (e: EightBit) => decodeSample(bytes, e, false) === text;
        // Read right; or, where the words fit another reading as well, kept as Windows-1252 and said so.
        if (right(guess.encoding)) decided++;
        else expect(guess.encoding === 'latin-1' && guess.doubt?.alternatives.some((a) => right(a.encoding))).toBe(true);
      }),
      { numRuns: RUNS },
    );
    // Most such texts hold letters enough to be decided (the rest are few words, shared with
    // Windows-1252's letters; Hungarian needs two words with "ő" to be told from Windows-1252).
    expect(decided).toBeGreaterThanOrEqual(RUNS * share);
  });

  it('says so where two code pages read the words equally well, and keeps Windows-1252', () => {
    // "Gęś" (goose) in Windows-1250 reads "Gêœ" in Windows-1252: letters both, of Polish and of French.
    const guess = guessEightBit(encodeIn('id;name\n1;Gęś\n2;Gęś\n', 'windows-1250'));
    expect(guess).toEqual({ encoding: 'latin-1', doubt: { read: 'Gêœ', alternatives: [{ encoding: 'windows-1250', example: 'Gęś' }] } });
  });

  it('says so where a single letter is all there is to go by', () => {
    // "Świeca" (candle) alone reads "Œwieca" in Windows-1252, "Čaj" (tea) "Èaj": a letter each way.
    // "Źle" holds a byte Windows-1252 leaves undefined, read as a control code.
    for (const [word, read] of [
      ['Świeca', 'Œwieca'],
      ['Čaj', 'Èaj'],
      ['Źle', '\u008fle'],
    ]) {
      const guess = guessEightBit(encodeIn(`id;name\n1;${word}\n2;Tea\n`, 'windows-1250'));
      expect(guess.encoding).toBe('latin-1');
      expect(guess.doubt?.read).toBe(read);
      expect(guess.doubt?.alternatives).toContainEqual({ encoding: 'windows-1250', example: word });
    }
  });

  it.each([
    ['latin-1', WESTERN],
    ['macintosh', WESTERN],
    ['cp850', WESTERN],
    ['cp437', WESTERN],
    ['windows-1250', [...POLISH, ...CZECH, ...HUNGARIAN]],
    ['windows-1251', CYRILLIC],
    ['shift_jis', JAPANESE],
  ] as const)('text written in %s, read in it when chosen, comes back as written whatever the guess', (encoding, all) => {
    const words = all.filter((w) => writable(w, encoding));
    fc.assert(
      fc.property(csvText(words), (text) => {
        const read = decodePieces('f.csv', encodeIn(text, encoding), PIECE_BYTES, encoding);
        expect(read).toMatchObject({ encoding, bom: false, invalidUtf8: false });
        expect(read.pieces.join('')).toBe(text);
        expect(read.doubt).toBeUndefined();
      }),
      { numRuns: RUNS },
    );
  });

  it('Hungarian, whose letters Windows-1252 reads as letters too ("Vevõ"), is read as Windows-1250 once two words hold "ő"', () => {
    const hungarian = 'Rendelés;Vevő;Termék\n1;Kőszegi Győző;Bögre\n2;Szűcs Örs;Tányér\n';
    expect(guessEightBit(encodeIn(hungarian, 'windows-1250'))).toEqual({ encoding: 'windows-1250' });
    // One such word is a close call, said.
    expect(guessEightBit(encodeIn('Vevő;Termék\nSzabó;Bögre\n', 'windows-1250')).doubt?.alternatives).toEqual([{ encoding: 'windows-1250', example: 'Vevő' }]);
    // Portuguese writes õ before e, beside ã and ç; Estonian writes õ beside ä, without acute vowels; French û beside è.
    for (const western of [
      'Produto;Preço\nLimões;2\nMelões;3\nCafé;1\nPõe;2\n',
      'Nimi;Toode\nTõnu Mägi;Õun\nPõld;Sõbra\n',
      'Produit\nBûche;Flûte;Croûte;Crème brûlée;Café\n',
    ])
      expect(guessEightBit(encodeIn(western, 'latin-1')).encoding).toBe('latin-1');
  });

  it('a few euro signs and curly quotes are no evidence of another code page', () => {
    expect(guessEightBit(encodeIn('id;name\n1;€5\n2;“Gift” – €10\n', 'latin-1'))).toEqual({ encoding: 'latin-1' });
  });
});
