/**
 * Month names of the languages whose exports we read (German, French, Spanish, Italian, Dutch,
 * Portuguese), in full and as their abbreviations (lower case, with and without accents), by
 * month number. English names are strptime's own (%b, %B); these are translated to them first.
 * Spanish and Portuguese write "8 de enero de 2024": the "de" is dropped with them (DE_WORD).
 */
const NAMES: readonly (readonly string[])[] = [
  ['januar', 'jänner', 'jän', 'janvier', 'janv', 'enero', 'ene', 'gennaio', 'gen', 'januari', 'janeiro'],
  ['februar', 'feber', 'février', 'fevrier', 'févr', 'fevr', 'febrero', 'febbraio', 'februari', 'fevereiro', 'fev'],
  ['märz', 'maerz', 'mär', 'mrz', 'mars', 'marzo', 'maart', 'mrt', 'março', 'marco'],
  ['avril', 'avr', 'abril', 'abr', 'aprile'],
  ['mai', 'mayo', 'maggio', 'mag', 'mei', 'maio'],
  ['juni', 'juin', 'junio', 'giugno', 'giu', 'junho'],
  ['juli', 'juillet', 'juil', 'julio', 'luglio', 'lug', 'julho'],
  ['août', 'aout', 'agosto', 'ago', 'augustus'],
  ['septembre', 'septiembre', 'setiembre', 'settembre', 'setembro', 'set'],
  ['oktober', 'okt', 'octobre', 'octubre', 'ottobre', 'ott', 'outubro', 'out'],
  ['novembre', 'noviembre', 'novembro'],
  ['dezember', 'dez', 'décembre', 'decembre', 'déc', 'diciembre', 'dic', 'dicembre', 'dezembro'],
];

/** The "de" of Spanish and Portuguese dates. */
export const DE_WORD = '\\s+de\\s+';

/** Each name, with its month (1-12). */
export const OTHER_MONTH_NAMES: readonly (readonly [name: string, month: number])[] = NAMES.flatMap((names, i) => names.map((n) => [n, i + 1] as const));

/** The names as a regular expression's alternatives, longest first (so "märz" is tried before "mär"). */
export const OTHER_MONTH_PATTERN = [...OTHER_MONTH_NAMES.map(([n]) => n)].sort((a, b) => b.length - a.length).join('|');

const OTHER = new Set(OTHER_MONTH_NAMES.map(([n]) => n));

/** Whether a date's text names its month in one of those languages. */
export function hasOtherMonthName(value: string): boolean {
  return value
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .some((w) => OTHER.has(w));
}
