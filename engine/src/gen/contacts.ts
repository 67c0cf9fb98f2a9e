/**
 * Contact columns for generated data (the `contacts` option): a name and phone per customer,
 * and an email per invoice as CRM exports carry them — some customers changed address part
 * way through the range, some invoices have none. Drawn from their own seeded streams, so the
 * other columns are the same with or without them.
 */
import { createRng, randomInt } from '../util/rng.ts';

export const CONTACT_HEADER = ',Email,First Name,Last Name,Phone';

const FIRST = ['Ann', 'Bob', 'Chloé', 'Dmitri', 'Eve', 'Farid', 'Greta', 'Hiro', 'Ines', 'Jonas', 'Kemi', 'Luca', 'Mia', 'Noah', 'Zoë'];
const LAST = ['Lee', 'Marsh', "O'Brien", 'Odoi', 'Park', 'Schmidt', 'Nowak', 'Dubois', 'Rossi', 'Tanaka', 'Silva', 'Van der Berg'];

/** Per customer: names, phone, the old and new email and the minute the address changed (Infinity: never). */
export interface CustomerContact {
  first: string;
  last: string;
  phone: string;
  oldEmail: string;
  email: string;
  changedAt: number;
}

const plain = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();

/**
 * Customer `c` (id `id`) of a range of `minutes`: one in eight never gave a name, one in four
 * no phone, one in four changed email at a random minute. Deterministic in (seed, c).
 */
export function customerContact(seed: number, c: number, id: string, minutes: number): CustomerContact {
  const r = createRng((Math.imul(seed ^ 0x5eed, 0x9e3779b1) + Math.imul(c + 1, 0x85ebca6b)) >>> 0);
  const named = r.next() >= 0.125;
  const first = named ? FIRST[randomInt(r, FIRST.length)]! : '';
  const last = named ? LAST[randomInt(r, LAST.length)]! : '';
  const phone = r.next() < 0.25 ? '' : `+44 7700 9${String(randomInt(r, 100_000)).padStart(5, '0')}`;
  const local = named ? `${plain(first)}.${plain(last)}` : 'customer';
  const changed = r.next() < 0.25;
  return {
    first,
    last,
    phone,
    oldEmail: `${local}.${id}@old.example.org`,
    email: `${local}.${id}@example.com`,
    changedAt: changed ? randomInt(r, minutes) : Infinity,
  };
}

/** The contact cells of one invoice line (leading comma): no email on one invoice in six. */
export function contactCells(contact: CustomerContact, seed: number, invoice: number, minute: number): string {
  const r = createRng((Math.imul(seed ^ 0xe3a1, 0x2545f491) + Math.imul(invoice + 1, 0x27d4eb2f)) >>> 0);
  const email = r.next() < 1 / 6 ? '' : minute < contact.changedAt ? contact.oldEmail : contact.email;
  const q = (s: string) => (s.includes(',') || s.includes('"') ? `"${s.replace(/"/g, '""')}"` : s);
  return `,${email},${q(contact.first)},${q(contact.last)},${contact.phone}`;
}
