/**
 * Customers known by their phone number, written both in the national form and with the country
 * code: a till keys a walk-in customer as "07700 900123", the web shop writes "+44 7700 900123".
 * As digits ("07700900123", "447700900123") they are two customers, each with part of the
 * purchases: recency, frequency and monetary value split, silently.
 *
 * Where a number's digits less its leading zeros (the trunk "0") end another number's, and that
 * one is longer by a country code (one to three digits, and Italy's kept "0"), and by no other,
 * its lines take the longer form, and it is said with counts and an example. Only keys of
 * at least MIN_DIGITS digits less their zeros are looked at: two numbers that short agreeing on
 * every digit but a prefix could be two people. Run after padded-ids.ts, which has already made
 * "7700900123" and "07700900123" one.
 */
import type { SqlPort } from '../ports.ts';
import { firstRow, num, tableRows } from '../sql/rows.ts';
import { locateRow, type SourceInfo } from './read-sources.ts';

export interface PhoneForms {
  column: string;
  /** Numbers written in both forms. */
  numbers: number;
  /** Lines whose number was rewritten to its international form. */
  lines: number;
  /** The first such line: its number as read, the form it took, where it is. */
  example: { value: string; read: string; file: string; row: number } | undefined;
}

/** The shortest national number (less its zeros) compared: Denmark's, Norway's, Singapore's have 8 digits. */
const MIN_DIGITS = 8;
/** At most this many digits before the national number: a country code and a kept trunk "0" (+39 06…). */
const MAX_PREFIX = 4;

/** Rewrites `lines`' phone-number customers written in both forms (see above); what was merged. */
export async function mergePhoneForms(sql: SqlPort, sources: readonly SourceInfo[], column: string): Promise<PhoneForms | undefined> {
  await sql.exec(
    `CREATE OR REPLACE TEMP TABLE phone_forms AS
    WITH keys AS (
      SELECT DISTINCT customer AS k, ltrim(customer, '0') AS n FROM lines WHERE regexp_full_match(customer, '[0-9]+')
    ), pairs AS (
      SELECT s.k AS short, l.k AS long FROM keys s JOIN keys l ON right(l.n, ${MIN_DIGITS}) = right(s.n, ${MIN_DIGITS})
      WHERE length(s.n) >= ${MIN_DIGITS} AND length(l.n) - length(s.n) BETWEEN 1 AND ${MAX_PREFIX} AND ends_with(l.n, s.n)
    )
    -- A number that is itself the shorter of a pair is no international form; one that fits two is left.
    SELECT short, any_value(long) AS long FROM pairs WHERE long NOT IN (SELECT short FROM pairs) GROUP BY short HAVING count(*) = 1`,
  );
  const found = firstRow(await sql.query('SELECT count(*) AS numbers FROM phone_forms'));
  let merged: PhoneForms | undefined;
  if (num(found.numbers) > 0) {
    const first = tableRows(
      await sql.query(
        `SELECT l.row_id AS id, l.customer AS value, p.long AS read, count(*) OVER () AS n
        FROM lines l JOIN phone_forms p ON l.customer = p.short ORDER BY l.row_id LIMIT 1`,
      ),
    )[0]!;
    await sql.exec('UPDATE lines SET customer = p.long FROM phone_forms p WHERE lines.customer = p.short');
    const where = locateRow(sources, num(first.id));
    merged = {
      column,
      numbers: num(found.numbers),
      lines: num(first.n),
      example: where ? { value: String(first.value), read: String(first.read), ...where } : undefined,
    };
  }
  await sql.exec('DROP TABLE phone_forms');
  return merged;
}

/** What was merged, with counts and an example. */
export function phoneFormWarnings(found: PhoneForms | undefined): string[] {
  if (found === undefined) return [];
  const e = found.example;
  const example = e ? `, e.g. "${e.value}" at ${e.file} row ${e.row} read as "${e.read}"` : '';
  const n = found.numbers;
  return [
    `${n.toLocaleString('en-US')} customer phone ${n === 1 ? 'number is' : 'numbers are'} written both with and without the country code in "${found.column}" ` +
      `(${found.lines.toLocaleString('en-US')} ${found.lines === 1 ? 'line' : 'lines'}${example}): each is read with its country code, so that each customer counts once`,
  ];
}
