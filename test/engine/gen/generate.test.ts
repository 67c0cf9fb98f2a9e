import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDataset, splitRecord, type SqlPort } from '../../../engine/src/index.ts';
import {
  ANOMALY_KINDS,
  ARCHETYPES,
  CSV_HEADER,
  planDataset,
  type AnomalyKind,
  type Archetype,
  type GenerateOptions,
  type GenerationSummary,
} from '../../../engine/src/gen/index.ts';
import { openDb, textSource } from '../../helpers/engine.ts';

function csvOf(options: GenerateOptions): { text: string; summary: GenerationSummary; truth: string } {
  const plan = planDataset(options);
  let text = '';
  for (const chunk of plan.csvChunks()) text += chunk;
  return { text, summary: plan.summary, truth: plan.truthCsv() };
}

interface Line {
  raw: string;
  invoice: string;
  sku: string;
  description: string;
  quantity: number;
  date: string;
  price: number;
  customer: string;
  country: string;
}

function parse(text: string): Line[] {
  const rows = text.split('\n');
  expect(rows[0]).toBe(CSV_HEADER);
  expect(rows[rows.length - 1]).toBe('');
  return rows.slice(1, -1).map((raw) => {
    const f = splitRecord(raw, ',');
    expect(f).toHaveLength(8);
    return {
      raw,
      invoice: f[0]!,
      sku: f[1]!,
      description: f[2]!,
      quantity: Number(f[3]),
      date: f[4]!,
      price: Number(f[5]),
      customer: f[6]!,
      country: f[7]!,
    };
  });
}

const NON_PRODUCT = new Set(['POST', 'DOT', 'M', 'C2', 'BANK CHARGES', 'AMAZONFEE', 'PADS']);
const JUNK = /^[?]+$|\b(lost|damaged|missing|wet|smashed|crushed|thrown away)\b/i;

/** Classifies each line by first principles, in the cleaning rules' order. */
function classify(lines: readonly Line[]): Record<AnomalyKind, number> & { clean: number } {
  const counts = { clean: 0, ...Object.fromEntries(ANOMALY_KINDS.map((k) => [k, 0])) } as Record<AnomalyKind, number> & { clean: number };
  const seen = new Set<string>();
  for (const l of lines) {
    const dup = seen.has(l.raw);
    seen.add(l.raw);
    if (l.customer === '') counts.missing_customer++;
    else if (/^C\d/.test(l.invoice)) counts.cancellation++;
    else if (l.quantity < 0) counts.return++;
    else if (l.price <= 0) counts.non_positive_price++;
    else if (NON_PRODUCT.has(l.sku)) counts.non_product++;
    else if (dup) counts.duplicate++;
    else if (JUNK.test(l.description)) counts.junk_description++;
    else counts.clean++;
  }
  return counts;
}

const END = Date.UTC(2025, 10, 30);
const daysAgo = (date: string): number => Math.round((END - Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10))) / 86400000);

describe('generator', () => {
  const base = csvOf({ rows: 30_000, seed: 7 });
  const lines = parse(base.text);

  it('is deterministic under a seed and differs across seeds', () => {
    const again = csvOf({ rows: 30_000, seed: 7, chunkChars: 4096 });
    const hash = (s: string) => createHash('sha256').update(s).digest('hex');
    expect(hash(again.text)).toBe(hash(base.text));
    expect(again.truth).toBe(base.truth);
    expect(csvOf({ rows: 30_000, seed: 8 }).text).not.toBe(base.text);
    // The default seed is fixed too.
    expect(csvOf({ rows: 2_000 }).text).toBe(csvOf({ rows: 2_000 }).text);
  });

  it('writes exactly the number of rows asked for', () => {
    expect(lines).toHaveLength(30_000);
    for (const rows of [20, 137, 1_000, 4_321, 12_345]) {
      const { text, summary } = csvOf({ rows, seed: rows });
      expect(text.split('\n').length - 2).toBe(rows);
      expect(summary.rows).toBe(rows);
    }
  });

  it('streams in chunks of about the requested size', () => {
    const chunks = [...planDataset({ rows: 20_000, seed: 3, chunkChars: 50_000 }).csvChunks()];
    expect(chunks.length).toBeGreaterThan(20);
    for (const c of chunks.slice(0, -1)) expect(c.length).toBeLessThan(60_000);
  });

  it('plants each anomaly on about 1% of the lines, disjointly', () => {
    const counts = classify(lines);
    for (const k of ANOMALY_KINDS) {
      expect(counts[k], k).toBe(base.summary.anomalies[k]);
      expect(counts[k] / lines.length, k).toBeGreaterThan(0.008);
      expect(counts[k] / lines.length, k).toBeLessThan(0.012);
    }
    const codes = lines.filter((l) => NON_PRODUCT.has(l.sku)).map((l) => l.sku);
    expect(new Set(codes).size).toBe(NON_PRODUCT.size);
    expect(codes.filter((c) => c === 'POST').length / codes.length).toBeGreaterThan(0.25);
    expect(counts.clean).toBe(30_000 - ANOMALY_KINDS.reduce((s, k) => s + counts[k], 0));
    // Custom rates are honoured.
    const none = csvOf({ rows: 5_000, seed: 1, anomalyRates: Object.fromEntries(ANOMALY_KINDS.map((k) => [k, 0])) });
    expect(classify(parse(none.text)).clean).toBe(5_000);
  });

  it('writes well-formed values: dates in range and format, prices, quantities', () => {
    for (const l of lines) {
      expect(l.date).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
      expect(l.date >= '2024-12-01' && l.date <= '2025-11-30 23:59:59').toBe(true);
      expect(Number.isFinite(l.price) && Number.isInteger(l.quantity) && l.quantity !== 0).toBe(true);
    }
    const products = lines.filter((l) => !NON_PRODUCT.has(l.sku) && l.price > 0);
    const cheap = products.filter((l) => l.price >= 0.19 && l.price <= 15).length;
    expect(cheap / products.length).toBeGreaterThan(0.95);
    expect(products.some((l) => l.price > 15)).toBe(true);
    expect(new Set(products.map((l) => l.description)).has('"')).toBe(false);
  });

  it('writes a truth file naming every customer once with a known archetype', () => {
    const truth = base.truth.trim().split('\n');
    expect(truth[0]).toBe('customer_id,archetype');
    const map = new Map<string, Archetype>();
    for (const row of truth.slice(1)) {
      const [id, arch] = row.split(',') as [string, Archetype];
      expect(ARCHETYPES).toContain(arch);
      expect(map.has(id)).toBe(false);
      map.set(id, arch);
    }
    expect(map.size).toBe(base.summary.customers);
    expect(base.summary.customers).toBe(30_000 / 25);
    const inData = new Set(lines.filter((l) => l.customer !== '').map((l) => l.customer));
    expect([...inData].sort()).toEqual([...map.keys()].sort());
    const perArch = Object.fromEntries(ARCHETYPES.map((a) => [a, 0]));
    for (const a of map.values()) perArch[a]!++;
    expect(perArch).toEqual(base.summary.archetypes);
  });

  it('gives each archetype the purchase pattern that defines it', () => {
    const truth = new Map(
      base.truth
        .trim()
        .split('\n')
        .slice(1)
        .map((r) => r.split(',') as [string, Archetype]),
    );
    const kept = lines.filter((l) => l.customer !== '' && !/^C/.test(l.invoice) && l.quantity > 0 && l.price > 0 && !NON_PRODUCT.has(l.sku));
    const per = new Map<string, { invoices: Set<string>; first: string; last: string; money: number }>();
    for (const l of kept) {
      const c = per.get(l.customer) ?? { invoices: new Set<string>(), first: l.date, last: l.date, money: 0 };
      c.invoices.add(l.invoice);
      if (l.date < c.first) c.first = l.date;
      if (l.date > c.last) c.last = l.date;
      c.money += l.quantity * l.price;
      per.set(l.customer, c);
    }
    const stats = (a: Archetype) => {
      const cs = [...per.entries()].filter(([id]) => truth.get(id) === a).map(([, c]) => c);
      const mean = (f: (c: (typeof cs)[number]) => number) => cs.reduce((s, c) => s + f(c), 0) / cs.length;
      return {
        cs,
        recency: mean((c) => daysAgo(c.last)),
        frequency: mean((c) => c.invoices.size),
        monetary: mean((c) => c.money),
      };
    };
    const s = Object.fromEntries(ARCHETYPES.map((a) => [a, stats(a)])) as Record<Archetype, ReturnType<typeof stats>>;
    for (const c of s.champion.cs) expect(daysAgo(c.last)).toBeLessThanOrEqual(14);
    for (const c of s.new.cs) {
      expect(daysAgo(c.first)).toBeLessThanOrEqual(30);
      expect(c.invoices.size).toBeLessThanOrEqual(2);
    }
    for (const c of s.at_risk.cs) {
      expect(daysAgo(c.last)).toBeGreaterThanOrEqual(120);
      expect(daysAgo(c.last)).toBeLessThanOrEqual(240);
      expect(c.invoices.size).toBeGreaterThanOrEqual(4);
    }
    for (const c of s.hibernating.cs) {
      expect(daysAgo(c.last)).toBeGreaterThanOrEqual(180);
      expect(c.invoices.size).toBeLessThanOrEqual(2);
    }
    // Champions spend and buy the most; occasional customers spend the least.
    for (const a of ARCHETYPES) {
      if (a !== 'champion') {
        expect(s.champion.frequency).toBeGreaterThan(s[a].frequency);
        expect(s.champion.monetary).toBeGreaterThan(s[a].monetary);
      }
    }
    expect(s.occasional.monetary).toBeLessThan(s.loyal.monetary);
    expect(s.occasional.monetary).toBeLessThan(s.at_risk.monetary);
  });

  it('plants co-purchase groups that come out with lift well above 1', () => {
    const baskets = new Map<string, Set<string>>();
    for (const l of lines) {
      if (/^C/.test(l.invoice) || l.quantity < 0) continue;
      let b = baskets.get(l.invoice);
      if (!b) baskets.set(l.invoice, (b = new Set()));
      b.add(l.sku);
    }
    const n = baskets.size;
    const support = (items: string[]) => [...baskets.values()].filter((b) => items.every((i) => b.has(i))).length / n;
    expect(base.summary.planted.length).toBeGreaterThanOrEqual(5);
    for (const g of base.summary.planted) {
      const [a, ...rest] = g.skus as [string, ...string[]];
      const lift = support(g.skus) / (support([a]) * support(rest));
      expect(lift, g.skus.join('+')).toBeGreaterThan(3);
      expect(support(g.skus)).toBeGreaterThan(g.probability * 0.3);
    }
  });

  it('rejects impossible options with an engine error', () => {
    expect(() => planDataset({ rows: 5 })).toThrow(/at least 20/);
    expect(() => planDataset({ rows: 1_000, customers: 5_000 })).toThrow(/too few/);
    expect(() => planDataset({ rows: 1_000, endDate: '2025-02-30' })).toThrow(/YYYY-MM-DD/);
  });
});

describe('generator and the engine', () => {
  let sql: SqlPort;
  beforeAll(async () => {
    sql = await openDb();
  });

  it('the engine removes exactly the planted anomalies, rule by rule', async () => {
    const { text, summary } = csvOf({ rows: 20_000, seed: 11 });
    const ds = await openDataset(sql, [textSource('gen.csv', text)]);
    expect(ds.report.rows_read).toBe(20_000);
    for (const k of ANOMALY_KINDS) expect(ds.report.removed[k], k).toBe(summary.anomalies[k]);
    expect(ds.report.customers).toBe(summary.customers);
    expect(ds.canonical.mapping.mapping).toMatchObject({
      invoice: 'InvoiceNo',
      sku: 'StockCode',
      description: 'Description',
      quantity: 'Quantity',
      date: 'InvoiceDate',
      unit_price: 'UnitPrice',
      customer: 'CustomerID',
      country: 'Country',
    });
  });
});

describe('generator contact columns', () => {
  it('adds Email, First Name, Last Name and Phone without changing any other column', () => {
    const options = { rows: 3_000, customers: 120, seed: 9 };
    const plain = [...planDataset(options).csvChunks()].join('').split('\n');
    const withContacts = [...planDataset({ ...options, contacts: true }).csvChunks()].join('').split('\n');
    expect(withContacts[0]).toBe(`${plain[0]},Email,First Name,Last Name,Phone`);
    expect(withContacts.length).toBe(plain.length);
    const perCustomer = new Map<string, { names: Set<string>; phones: Set<string>; emails: Set<string> }>();
    for (let i = 1; i < plain.length - 1; i++) {
      expect(withContacts[i]!.startsWith(`${plain[i]},`)).toBe(true);
      const f = splitRecord(withContacts[i]!, ',');
      const [customer, email, first, last, phone] = [f[6]!, f[8]!, f[9]!, f[10]!, f[11]!];
      if (customer === '') {
        expect([email, first, last, phone]).toEqual(['', '', '', '']);
        continue;
      }
      const c = perCustomer.get(customer) ?? { names: new Set(), phones: new Set(), emails: new Set() };
      c.names.add(`${first}|${last}`);
      c.phones.add(phone);
      if (email !== '') c.emails.add(email);
      perCustomer.set(customer, c);
      if (email !== '') expect(email).toMatch(new RegExp(`\\.${customer}@(old\\.)?example\\.(com|org)$`));
      if (phone !== '') expect(phone).toMatch(/^\+44 7700 9\d{5}$/);
    }
    // A name and a phone per customer; some changed their email during the range, some have no name.
    for (const c of perCustomer.values()) expect([c.names.size, c.phones.size]).toEqual([1, 1]);
    expect([...perCustomer.values()].filter((c) => c.emails.size === 2).length).toBeGreaterThan(5);
    expect([...perCustomer.values()].filter((c) => c.names.has('|')).length).toBeGreaterThan(3);
  });
});
