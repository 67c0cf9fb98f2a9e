/**
 * Windows-1252, the "Latin-1" of real exports: bytes 0x80-0x9F are € ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž
 * ' ' " " • – — ˜ ™ š › œ ž Ÿ rather than control codes. DuckDB's latin-1 reader refuses those
 * bytes, so a file holding them is transcoded to UTF-8 before DuckDB reads it (code-pages.ts).
 */

/** Code points of bytes 0x80-0x9F; the five unassigned bytes keep their C1 code point (as browsers do). */
const HIGH = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c,
  0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
];

/** Code points of bytes 0x80-0xFF (the table code-pages.ts transcodes by). */
export const WINDOWS_1252_HIGH: readonly number[] = [...HIGH, ...Array.from({ length: 0x60 }, (_, i) => 0xa0 + i)];
