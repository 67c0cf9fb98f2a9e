/**
 * The import layout of email-marketing tools (Mailchimp, Klaviyo, Brevo and the like):
 * Email, First Name, Last Name, Phone, Tags (the segment), then custom properties.
 */
import { csvRow, type Cell, type ColumnKind, type CsvOptions } from './csv.ts';
import type { CustomerProfile } from './customer-profile.ts';

export const EMAIL_LAYOUT_COLUMNS = ['Email', 'First Name', 'Last Name', 'Phone', 'Tags'] as const;
/** The layout's columns' kinds, for the formula guard; custom properties are text. */
const EMAIL_LAYOUT_KINDS: readonly ColumnKind[] = ['email', 'text', 'text', 'phone', 'text'];

export interface EmailProperty {
  /** Column header, e.g. "rfm_code" or "next_best_product". */
  name: string;
  /** Value for customer `customerId` at position `index` of `customerIds`. */
  value: (customerId: string, index: number) => Cell;
}

export interface EmailLayoutExport {
  /** Customers to write, in this order (e.g. `rfm.customerIds`). */
  customerIds: readonly string[];
  /** Contact values (`profilesById(await customerProfiles(sql))`). */
  profiles: ReadonlyMap<string, CustomerProfile>;
  /** Segment per customer id: the Tags column. */
  segmentOf?: ReadonlyMap<string, string>;
  /** Keep only customers whose segment is one of these (needs `segmentOf`). */
  segments?: readonly string[];
  /** Extra columns after Tags. */
  properties?: readonly EmailProperty[];
  /** Write customers without an email too (default false: mailing tools reject them). */
  includeWithoutEmail?: boolean;
}

/**
 * First and last name for the layout: the mapped first/last names, else the full name split
 * at its first space (one word: first name only).
 */
export function splitName(p: CustomerProfile | undefined): { first: string | null; last: string | null } {
  if (p === undefined) return { first: null, last: null };
  if (p.firstName !== null || p.lastName !== null) return { first: p.firstName, last: p.lastName };
  if (p.name === null) return { first: null, last: null };
  const at = p.name.indexOf(' ');
  return at < 0 ? { first: p.name, last: null } : { first: p.name.slice(0, at), last: p.name.slice(at + 1) };
}

/** One row's cells, in EMAIL_LAYOUT_COLUMNS + property order. */
function emailRow(e: EmailLayoutExport, id: string, index: number): Cell[] {
  const p = e.profiles.get(id);
  const { first, last } = splitName(p);
  return [p?.email ?? null, first, last, p?.phone ?? null, e.segmentOf?.get(id) ?? null, ...(e.properties ?? []).map((prop) => prop.value(id, index))];
}

/** Indices into `customerIds` of the customers the layout writes. */
function selectedCustomers(e: EmailLayoutExport): number[] {
  const wanted = e.segments === undefined ? undefined : new Set(e.segments);
  const out: number[] = [];
  e.customerIds.forEach((id, i) => {
    if (e.includeWithoutEmail !== true && (e.profiles.get(id)?.email ?? null) === null) return;
    if (wanted !== undefined) {
      const segment = e.segmentOf?.get(id);
      if (segment === undefined || !wanted.has(segment)) return;
    }
    out.push(i);
  });
  return out;
}

/**
 * The email-marketing CSV: header Email, First Name, Last Name, Phone, Tags, then the
 * property names; one row per selected customer in `customerIds` order. Cells are quoted and
 * formula-neutralised like every export, Email and Phone by their kinds (a plain address or
 * phone number is kept as it is: csv.ts' SAFE_SHAPE). O(customers × columns).
 */
export function emailLayoutCsv(e: EmailLayoutExport, options: Omit<CsvOptions, 'kinds'> = {}): string {
  const d = options.delimiter ?? ',';
  const header = [...EMAIL_LAYOUT_COLUMNS, ...(e.properties ?? []).map((p) => p.name)];
  const lines = [csvRow(header, d)];
  for (const i of selectedCustomers(e)) lines.push(csvRow(emailRow(e, e.customerIds[i]!, i), d, EMAIL_LAYOUT_KINDS));
  return `${(options.bom ? '\ufeff' : '') + lines.join('\n')}\n`;
}
