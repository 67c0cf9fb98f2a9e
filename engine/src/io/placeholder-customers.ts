/**
 * Customer values that name nobody: a till's "Walk-in Customer", a shop's "Guest", an ERP's
 * "Cash Sale" or "Consumidor final", R's "NA", the "no@email.com" or "0000000000" a cashier
 * types. Read as a customer, every sale to an unknown buyer becomes one customer, the best of all
 * (a till's walk-in sales are often most of its lines), ranked a Champion and put on campaign
 * lists. Found in the sample (whole values, in the languages shops write), their lines are read as
 * lines without a customer (missing_customer), as a blank customer is. Said with their lines;
 * mapped by hand, the column is read as it is.
 */
import type { SqlPort } from '../ports.ts';
import { literal } from '../sql/quote.ts';
import { firstColumnHolding, statusKey, statusKeySql } from './order-status.ts';
import { locateRow, type SourceInfo } from './read-sources.ts';

/** Whole values naming no customer, as statusKey compares them ("Walk-in Customer" = "walk in customer"). */
const PLACEHOLDERS = [
  // Missing values as programs write them (R's NA, pandas' nan).
  '-',
  '?',
  'na',
  'n/a',
  'n.a.',
  'nan',
  'null',
  'none',
  'unknown',
  'unknown customer',
  'no customer',
  'not specified',
  'anonymous',
  'anonymous customer',
  'walk in',
  'walkin',
  'walk in customer',
  'walkin customer',
  'walk in client',
  'guest',
  'guest customer',
  'guest checkout',
  'guest user',
  'cash',
  'cash customer',
  'cash sale',
  'cash sales',
  'counter sale',
  'counter sales',
  'retail customer',
  'default customer',
  'general customer',
  'generic customer',
  'one time customer',
  'passing trade',
  'laufkunde',
  'laufkundschaft',
  'barverkauf',
  'barkunde',
  'gast',
  'gastkunde',
  'kein kunde',
  'unbekannt',
  'anonym',
  'diverse kunden',
  'client de passage',
  'client comptoir',
  'vente comptoir',
  'client divers',
  'clients divers',
  'client anonyme',
  'anonyme',
  'client invité',
  'invité',
  'inconnu',
  'cliente contado',
  'cliente de contado',
  'consumidor final',
  'cliente mostrador',
  'cliente de mostrador',
  'cliente genérico',
  'cliente generico',
  'público en general',
  'publico en general',
  'cliente ocasional',
  'cliente anónimo',
  'cliente anonimo',
  'clientes varios',
  'cliente varios',
  'invitado',
  'desconocido',
  'anónimo',
  'anonimo',
  'cliente occasionale',
  'cliente al banco',
  'clienti vari',
  'ospite',
  'sconosciuto',
  'kassaklant',
  'passant',
  'losse verkoop',
  'losse klant',
  'onbekend',
  'anoniem',
  'anonieme klant',
  'cliente final',
  'cliente balcão',
  'cliente balcao',
  'cliente avulso',
  'convidado',
  'klient detaliczny',
  'klient anonimowy',
  'gość',
  'anonymní zákazník',
];
const KEYS = new Set(PLACEHOLDERS.map(statusKey));

/** An email's name before the "@" that names nobody: the address a till's cashier types when the buyer gives none ("no@email.com", "noemail@shop.com"). */
const NO_EMAIL = new Set([
  'no',
  'none',
  'noemail',
  'nomail',
  'no.email',
  'no-email',
  'no_email',
  'noreply',
  'no-reply',
  'donotreply',
  'na',
  'n/a',
  'nobody',
  'guest',
  'unknown',
  'anonymous',
  'walkin',
  'walk-in',
  'cash',
  'test',
  'kein',
  'keine',
  'keinemail',
  'aucun',
  'ninguno',
  'sinemail',
  'sincorreo',
]);

/** A parsed email (`parsed`, trimmed text) as a contact: none where it names nobody ("no@email.com"), so campaign lists take the customer's real one or none. */
export function contactEmailSql(parsed: string): string {
  return `CASE WHEN lower(split_part(${parsed}, '@', 1)) IN (${[...NO_EMAIL].map(literal).join(', ')}) AND contains(${parsed}, '@') THEN NULL ELSE ${parsed} END`;
}

/** A number typed for a buyer who gives none: one digit seven times or more ("0000000000", "999-999-9999"), or a run ("1234567890"). */
function typedForNobody(v: string): boolean {
  const digits = v.replace(/[\s().+-]/g, '');
  return /^(\d)\1{6,}$/.test(digits) || (/^\d{9,}$/.test(digits) && '01234567890'.includes(digits));
}

/** Whether a trimmed value names no customer: a placeholder, an email whose name is one, or a number typed for nobody. */
function namesNobody(v: string): boolean {
  const at = v.indexOf('@');
  return at > 0 ? NO_EMAIL.has(v.slice(0, at).toLowerCase()) : KEYS.has(statusKey(v)) || typedForNobody(v);
}

/** The placeholder values a customer column holds: each as written, its lines and its first line. */
export interface PlaceholderCustomers {
  column: string;
  values: { value: string; lines: number; first: { file: string; row: number } | undefined }[];
  /** Lines read, of which the values' lines are a share. */
  of: number;
}

/** The customer key `key` of `column`, NULL for the placeholders found (the column's statusKey among theirs). */
export function withoutPlaceholdersSql(key: string, found: PlaceholderCustomers): string {
  const keys = [...new Set(found.values.map((v) => statusKey(v.value)))].map(literal).join(', ');
  return `CASE WHEN ${statusKeySql(found.column)} IN (${keys}) THEN NULL ELSE ${key} END`;
}

/**
 * The placeholders `column` holds, where its sampled values (`sample`) show one: counted over
 * every line. None in the sample: undefined, at no cost to the read.
 */
export async function findPlaceholderCustomers(
  sql: SqlPort,
  sources: readonly SourceInfo[],
  column: string,
  sample: readonly (string | null)[],
): Promise<PlaceholderCustomers | undefined> {
  const seen = new Set(sample.flatMap((v) => (v !== null && namesNobody(v.trim()) ? [v.trim()] : [])));
  if (seen.size === 0) return undefined;
  const found = await firstColumnHolding(sql, [column], [...seen]);
  if (found === undefined) return undefined;
  const values = found.held
    .map((v) => ({ value: v.value, lines: v.lines, first: locateRow(sources, v.first) }))
    .sort((a, b) => b.lines - a.lines || (a.value < b.value ? -1 : 1));
  return { column, values, of: sources.reduce((a, s) => a + s.rows, 0) };
}

/** The words for the placeholders read as no customer (the CLI's warnings, the Data screen's notice); none without. */
export function placeholderCustomerWarnings(p: PlaceholderCustomers | undefined): string[] {
  if (p === undefined) return [];
  const count = (n: number) => `${n.toLocaleString('en-US')} line${n === 1 ? '' : 's'}`;
  const at = (v: PlaceholderCustomers['values'][number]) => (v.first ? `e.g. ${v.first.file} row ${v.first.row}` : undefined);
  const lines = p.values.reduce((a, v) => a + v.lines, 0);
  const share = p.of > 0 ? `${Math.round((100 * lines) / p.of)}% of those read` : undefined;
  const one = p.values.length === 1;
  const named = one ? `"${p.values[0]!.value}"` : p.values.map((v) => `"${v.value}" (${[count(v.lines), at(v)].filter(Boolean).join(', ')})`).join(', ');
  const about = [share, one ? at(p.values[0]!) : undefined].filter(Boolean).join(', ');
  return [
    `${named} in "${p.column}" name${one ? 's' : ''} no customer but a walk-in, guest or unknown buyer: ${one ? 'its' : 'their'} ${count(lines)}${
      about ? ` (${about})` : ''
    } are read as lines without a customer (missing_customer), never counted in RFM, segments or campaign lists (map customer to "${p.column}" by hand to count ${
      one ? 'it' : 'each'
    } as one customer)`,
  ];
}
