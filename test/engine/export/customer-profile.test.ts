import { beforeAll, describe, expect, it } from 'vitest';
import {
  ANOMALY_KINDS,
  createRng,
  customerProfiles,
  emptyColumnWarnings,
  emptyProfileColumns,
  defaultCleaningOptions,
  openDataset,
  planDataset,
  splitRecord,
  type CustomerProfile,
} from '../../../engine/src/index.ts';
import { openDb, textSource } from '../../helpers/engine.ts';

const FIRST = ['Ann', 'Bob', 'Cy', 'Dee', 'Eve'];
const LAST = ['Lee', 'Marsh', 'Odoi', 'Park'];
const CITIES = ['Leeds', 'York', 'Hull'];

interface Line {
  invoice: string;
  sku: string;
  description: string;
  quantity: number;
  ts: string;
  price: number;
  customer: string;
  country: string;
  email: string;
  first: string;
  last: string;
  full: string;
  phone: string;
  city: string;
  postcode: string;
  category: string;
}

/**
 * A generated export (no anomalies, so every line is kept) with contact columns added per
 * line: often empty, sometimes padded with spaces, changing over time, as CRM exports are.
 */
function contactExport(): { text: string; lines: Line[] } {
  const plan = planDataset({ rows: 6_000, customers: 150, seed: 17, anomalyRates: Object.fromEntries(ANOMALY_KINDS.map((k) => [k, 0])) });
  const rows = [...plan.csvChunks()].join('').split('\n').slice(1, -1);
  const rng = createRng(99);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rng.next() * xs.length)]!;
  const maybe = (p: number, v: () => string) => (rng.next() < p ? v() : '');
  const pad = (v: string) => (v !== '' && rng.next() < 0.2 ? ` ${v} ` : v);
  const lines: Line[] = [];
  // Headers renamed from the generator's UCI layout, as a shop's own CRM export would name them.
  const out = [
    'Order Number,Item Code,Item Name,Qty,Order Date,Price,Customer Number,Country,Email,First Name,Last Name,Full Name,Phone,City,Postcode,Category',
  ];
  for (const raw of rows) {
    const f = splitRecord(raw, ',');
    const customer = f[6]!;
    const extra = {
      email: maybe(0.6, () => `${pick(['old', 'new', 'work'])}.${customer}@example.com`),
      first: maybe(0.5, () => pick(FIRST)),
      last: maybe(0.5, () => pick(LAST)),
      full: maybe(0.3, () => `${pick(FIRST)} ${pick(LAST)}-${customer}`),
      phone: maybe(0.4, () => `+44 7700 ${String(Math.floor(rng.next() * 1e6)).padStart(6, '0')}`),
      city: maybe(0.5, () => pick(CITIES)),
      postcode: maybe(0.5, () => `LS${Math.floor(rng.next() * 30)} ${Math.floor(rng.next() * 10)}AB`),
      category: `Cat ${f[1]!.charCodeAt(f[1]!.length - 1) % 4}`,
    };
    const padded = [extra.email, extra.first, extra.last, extra.full, extra.phone, extra.city, extra.postcode].map(pad);
    out.push([raw, ...padded, extra.category].join(','));
    lines.push({
      invoice: f[0]!,
      sku: f[1]!,
      description: f[2]!,
      quantity: Number(f[3]),
      ts: f[4]!,
      price: Number(f[5]),
      customer,
      country: f[7]!,
      ...extra,
    });
  }
  return { text: `${out.join('\n')}\n`, lines };
}

/** The same profile computed line by line in plain TypeScript. */
function reference(lines: readonly Line[]): CustomerProfile[] {
  const byCustomer = new Map<string, Line[]>();
  for (const l of lines) byCustomer.set(l.customer, [...(byCustomer.get(l.customer) ?? []), l]);
  // Most frequent description per SKU over all lines, ties by the smaller text.
  const descCount = new Map<string, Map<string, number>>();
  for (const l of lines) {
    const m = descCount.get(l.sku) ?? new Map<string, number>();
    m.set(l.description, (m.get(l.description) ?? 0) + 1);
    descCount.set(l.sku, m);
  }
  const nameOf = (sku: string) => [...descCount.get(sku)!].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0];
  const best = (spend: Map<string, number>) => [...spend].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0];
  const ids = [...byCustomer.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return ids.map((customerId) => {
    const ls = byCustomer.get(customerId)!;
    // Stable sort by time: the last element with a value is the most recent (later line wins).
    const chrono = [...ls].sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0));
    const latest = (get: (l: Line) => string) => {
      let v: string | null = null;
      for (const l of chrono) if (get(l).trim() !== '') v = get(l).trim();
      return v;
    };
    const spendBy = (key: (l: Line) => string) => {
      const m = new Map<string, number>();
      for (const l of ls) m.set(key(l), (m.get(key(l)) ?? 0) + Math.round(l.price * 100) * l.quantity);
      return m;
    };
    const topProduct = best(spendBy((l) => l.sku));
    return {
      customerId,
      email: latest((l) => l.email),
      name: latest((l) => l.full.trim() || [l.first.trim(), l.last.trim()].filter((s) => s !== '').join(' ')),
      firstName: latest((l) => l.first),
      lastName: latest((l) => l.last),
      phone: latest((l) => l.phone),
      country: latest((l) => l.country),
      city: latest((l) => l.city),
      postcode: latest((l) => l.postcode),
      firstOrder: chrono[0]!.ts.slice(0, 10),
      lastOrder: chrono[chrono.length - 1]!.ts.slice(0, 10),
      orders: new Set(ls.map((l) => l.invoice)).size,
      topProduct,
      topProductName: nameOf(topProduct),
      topCategory: best(spendBy((l) => l.category)),
    };
  });
}

describe('customerProfiles', () => {
  let profiles: CustomerProfile[];
  let expected: CustomerProfile[];
  let sql: Awaited<ReturnType<typeof openDb>>;

  beforeAll(async () => {
    const { text, lines } = contactExport();
    expected = reference(lines);
    sql = await openDb();
    const ds = await openDataset(sql, [textSource('crm-export.csv', text)]);
    expect(ds.report.rows_kept).toBe(lines.length);
    expect(ds.canonical.mapping.mapping).toMatchObject({
      email: 'Email',
      first_name: 'First Name',
      last_name: 'Last Name',
      full_name: 'Full Name',
      phone: 'Phone',
      city: 'City',
      postcode: 'Postcode',
      category: 'Category',
    });
    profiles = await customerProfiles(sql);
  }, 60_000);

  it('equal a line-by-line computation for every customer and field', () => {
    expect(profiles.length).toBe(expected.length);
    expect(profiles.length).toBeGreaterThan(100);
    for (let i = 0; i < expected.length; i++) expect(profiles[i], expected[i]!.customerId).toEqual(expected[i]);
  });

  it('for a page of customers (a drill-down page), equal the line-by-line computation for those customers only', async () => {
    const page = [expected[7]!, expected[3]!, expected[120]!].map((p) => p.customerId);
    // Unknown ids (one with a quote) are simply absent; results come in customer order.
    const got = await customerProfiles(sql, [...page, "no'such", 'nobody']);
    expect(got).toEqual(expected.filter((p) => page.includes(p.customerId)));
    expect(await customerProfiles(sql, [])).toEqual([]);
  });

  it('cover the cases the data was made for: changed and missing contacts', () => {
    // Guard against a degenerate fixture: names come from both full and first/last names.
    expect(profiles.some((p) => p.name?.includes('-'))).toBe(true);
    expect(profiles.some((p) => p.name !== null && !p.name.includes('-'))).toBe(true);
    expect(profiles.every((p) => p.email === null || !/^\s|\s$/.test(p.email))).toBe(true);
    expect(profiles.filter((p) => p.orders > 1).length).toBeGreaterThan(50);
  });

  it('count orders without cancellations, and net a cancelled product out of the top spot', async () => {
    const csv = [
      'Invoice,Customer,Date,SKU,Description,Qty,Price,Email',
      '1,C1,2024-01-02 10:00,MUG1,Mug,4,5.00,first@example.com',
      '1,C1,2024-01-02 10:00,CUP1,Cup,1,6.00,',
      'C2,C1,2024-01-05 09:00,MUG1,Mug,-3,5.00,',
      '3,C1,2024-01-06 11:00,CUP1,Cup,1,6.00,last@example.com',
    ].join('\n');
    const sql = await openDb();
    await openDataset(sql, [textSource('net.csv', csv)], { cleaning: { ...defaultCleaningOptions(), returns: 'net' } });
    const [p] = await customerProfiles(sql);
    // Two invoices (the cancellation is not an order); mug 20 - 15 = 5 < cup 12.
    expect(p).toMatchObject({ customerId: 'C1', orders: 2, topProduct: 'CUP1', topProductName: 'Cup', email: 'last@example.com', lastOrder: '2024-01-06' });
  });
});

describe('profile columns the mapping leaves empty', () => {
  it('are those no mapped column feeds: a name from a full, first or last name; a top product from a sku or a description', () => {
    const all = ['customer_id', 'email', 'name', 'first_name', 'phone', 'country', 'top_product', 'top_product_name', 'top_category', 'orders'];
    expect(emptyProfileColumns(all, { customer: 'Id', sku: 'SKU' })).toEqual([
      'email',
      'name',
      'first_name',
      'phone',
      'country',
      'top_product_name',
      'top_category',
    ]);
    expect(emptyProfileColumns(all, { customer: 'Id', description: 'Item', last_name: 'Surname', country: 'Land' })).toEqual([
      'email',
      'first_name',
      'phone',
      'top_category',
    ]);
    expect(emptyColumnWarnings(['customer_id', 'email'], { customer: 'Id' })).toEqual([
      "the campaign list's email column is empty: no email column is mapped (--map email=COLUMN)",
    ]);
    expect(emptyColumnWarnings(['customer_id', 'email'], { customer: 'Id', email: 'Mail' })).toEqual([]);
  });
});
