/**
 * Seeded generator of retail transaction lines in the UCI "Online Retail" layout, with known
 * customer archetypes, planted co-purchase groups and planted anomalies.
 *
 * How it works: a plan is drawn first (customers, their invoices with a time and a number of
 * lines, the anomaly lines attached to them) in typed arrays; the lines of each invoice are
 * then derived from a seed of its own while the CSV is written, so 5M lines never exist as 5M
 * objects, and a cancellation can re-derive the lines of the invoice it cancels.
 *
 * Anomalies are planted disjointly, one per line, so that each cleaning rule removes exactly
 * the planted count whatever the rule order: no-customer lines are ordinary guest invoices,
 * cancellations ("C" invoices) and returns carry a customer and a positive price, and so on.
 */
import { EngineError } from '../errors.ts';
import type { Rng } from '../ports.ts';
import { createRng, randomInt } from '../util/rng.ts';
import { CLEANING_RULES, type CleaningRule } from '../clean/rules.ts';
import { IntBuffer } from '../util/int-buffer.ts';
import { ARCHETYPES, ARCHETYPE_PROFILES, type Archetype } from './archetypes.ts';
import { buildCatalogue, drawProduct, gaussian, type Catalogue } from './catalogue.ts';
import { formatDay, formatMinute, parseDay, weekday } from '../util/calendar.ts';
import { CONTACT_HEADER, contactCells, customerContact, type CustomerContact } from './contacts.ts';

/** Planted anomalies, named after the cleaning rule that should remove each. */
export const ANOMALY_KINDS = CLEANING_RULES;

export type AnomalyKind = CleaningRule;

export const CSV_HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';

export const DEFAULT_SEED = 20251130;
export const DEFAULT_END_DATE = '2025-11-30';
export const DEFAULT_ANOMALY_RATE = 0.01;

export interface GenerateOptions {
  /** Exact number of data lines (the header not counted). */
  rows: number;
  /** Number of customers; default rows / 25. */
  customers?: number;
  seed?: number;
  /** Catalogue size; default grows with rows, 200 to 4000. */
  products?: number;
  /** Last day of the range, "YYYY-MM-DD". */
  endDate?: string;
  /** Length of the range in days (default 365). */
  days?: number;
  /** Share of lines per anomaly (default 0.01 each). */
  anomalyRates?: Partial<Record<AnomalyKind, number>>;
  /** Approximate size of each emitted chunk in characters (default 1 MiB). */
  chunkChars?: number;
  /** Add Email, First Name, Last Name and Phone columns (./contacts.ts); the other columns are unchanged. */
  contacts?: boolean;
}

/** A group of products planted to be bought together. */
export interface PlantedGroup {
  skus: string[];
  descriptions: string[];
  /** Share of baskets (with room for it) that receive the group. */
  probability: number;
}

export interface GenerationSummary {
  rows: number;
  seed: number;
  customers: number;
  invoices: number;
  products: number;
  /** First and last day of the range. */
  dateFrom: string;
  dateTo: string;
  /** Lines planted per anomaly. */
  anomalies: Record<AnomalyKind, number>;
  /** Customers per archetype. */
  archetypes: Record<Archetype, number>;
  planted: PlantedGroup[];
}

export interface GenerationPlan {
  readonly summary: GenerationSummary;
  /** The CSV, header first, in chunks of about `chunkChars` characters. */
  csvChunks(): Generator<string, void, undefined>;
  /** `customer_id,archetype` lines, header first. */
  truthCsv(): string;
  /** Customer ids and their archetypes, in id order. */
  truth(): { customerId: number; archetype: Archetype }[];
}

const KIND_NORMAL = 0;
const KIND_GUEST = 1;
const KIND_CANCEL = 2;
const KIND_RETURN = 3;

const FIRST_CUSTOMER_ID = 12346;
const FIRST_INVOICE_NO = 540001;

const COUNTRIES: readonly (readonly [string, number])[] = [
  ['United Kingdom', 0.88],
  ['Germany', 0.025],
  ['France', 0.022],
  ['EIRE', 0.015],
  ['Spain', 0.008],
  ['Netherlands', 0.007],
  ['Belgium', 0.007],
  ['Switzerland', 0.006],
  ['Portugal', 0.006],
  ['Australia', 0.004],
  ['Norway', 0.004],
  ['Italy', 0.004],
  ['Channel Islands', 0.003],
  ['Finland', 0.003],
  ['Sweden', 0.003],
  ['Denmark', 0.002],
  ['Japan', 0.001],
];

/** Opening hours 08-19, busiest around noon. */
const HOUR_WEIGHTS = [3, 6, 9, 11, 12, 11, 9, 7, 4, 2, 1, 0.5];

const NON_PRODUCT: readonly (readonly [string, number, string, number])[] = [
  // code, share, description, typical price
  ['POST', 0.4, 'POSTAGE', 18],
  ['DOT', 0.15, 'DOTCOM POSTAGE', 120],
  ['M', 0.15, 'Manual', 2.5],
  ['C2', 0.1, 'CARRIAGE', 50],
  ['BANK CHARGES', 0.1, 'Bank Charges', 15],
  ['AMAZONFEE', 0.05, 'AMAZON FEE', 1500],
  ['PADS', 0.05, 'PADS TO MATCH ALL CUSHIONS', 0.001],
];

/** Descriptions every default junk rule recognises. */
const JUNK = ['?', '??', 'lost', 'damaged', 'missing', 'wet/damaged', 'Damaged', 'thrown away', 'smashed', 'crushed'];

const QTY_CHEAP = [1, 2, 6, 12, 12, 24, 24, 48];
const QTY_LOW = [1, 2, 3, 4, 6, 6, 12, 12];
const QTY_MID = [1, 1, 2, 2, 3, 4, 6];
const QTY_HIGH = [1, 1, 1, 2, 2, 4];

/** murmur3's finaliser over (seed, i): independent per-invoice streams. */
function mix(seed: number, i: number, salt = 0): number {
  let h = (Math.imul(seed ^ salt, 0x9e3779b1) + Math.imul(i + 1, 0x85ebca77)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function uniformInt(rng: Rng, lo: number, hi: number): number {
  return lo + randomInt(rng, hi - lo + 1);
}

function pickWeighted<T>(rng: Rng, items: readonly (readonly [T, number, ...unknown[]])[]): number {
  let total = 0;
  for (const it of items) total += it[1];
  let u = rng.next() * total;
  for (let i = 0; i < items.length; i++) {
    u -= items[i]![1];
    if (u < 0) return i;
  }
  return items.length - 1;
}

/** Largest-remainder split of n into shares. */
function apportion(n: number, shares: readonly number[]): number[] {
  const total = shares.reduce((a, b) => a + b, 0);
  const exact = shares.map((s) => (s / total) * n);
  const out = exact.map(Math.floor);
  let left = n - out.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k++, left--) out[order[k % order.length]![1]]! += 1;
  return out;
}

function defaultProducts(rows: number): number {
  return Math.max(200, Math.min(4000, Math.round(Math.sqrt(rows) * 8)));
}

/**
 * Draws the plan of a generated dataset: deterministic for the same options. Throws
 * EngineError('invalid_argument') for impossible options (e.g. more invoices than lines).
 */
export function planDataset(options: GenerateOptions): GenerationPlan {
  const rows = options.rows;
  if (!Number.isInteger(rows) || rows < 20) throw new EngineError('invalid_argument', `--rows must be an integer of at least 20, got ${rows}`);
  const seed = (options.seed ?? DEFAULT_SEED) >>> 0;
  const nCustomers = options.customers ?? Math.max(1, Math.round(rows / 25));
  if (!Number.isInteger(nCustomers) || nCustomers < 1) throw new EngineError('invalid_argument', `--customers must be a positive integer, got ${nCustomers}`);
  const nProducts = options.products ?? defaultProducts(rows);
  if (!Number.isInteger(nProducts) || nProducts < 40) throw new EngineError('invalid_argument', `products must be an integer of at least 40, got ${nProducts}`);
  const days = options.days ?? 365;
  if (!Number.isInteger(days) || days < 30) throw new EngineError('invalid_argument', `days must be an integer of at least 30, got ${days}`);
  const endDay = parseDay(options.endDate ?? DEFAULT_END_DATE);
  if (endDay === undefined) throw new EngineError('invalid_argument', `end date must be YYYY-MM-DD, got "${options.endDate}"`);
  const startDay = endDay - days + 1;
  const chunkChars = Math.max(1024, options.chunkChars ?? 1 << 20);

  const rng = createRng(seed);
  const cat = buildCatalogue(createRng(mix(seed, 0, 0xca7a)), nProducts);
  const maxBasket = Math.max(2, Math.min(600, Math.floor(nProducts / 4)));

  // Calendar: weekday and season weights; day strings; minute strings.
  const dayWeight = new Float64Array(days);
  const dayText: string[] = [];
  for (let d = 0; d < days; d++) {
    const abs = startDay + d;
    const wd = weekday(abs);
    const text = formatDay(abs);
    const month = Number(text.slice(5, 7));
    const season = month === 11 ? 1.6 : month === 12 || month === 10 ? 1.3 : month <= 2 ? 0.8 : 1;
    dayWeight[d] = (wd === 5 ? 0.15 : wd === 6 ? 0.6 : 1) * season;
    dayText.push(text);
  }
  const maxWeight = Math.max(...dayWeight);
  const minuteText: string[] = [];
  for (let m = 0; m < 1440; m++) minuteText.push(formatMinute(m));
  /** A day index whose distance from the end lies in [loAgo, hiAgo], weighted by calendar. */
  const pickDay = (r: Rng, loAgo: number, hiAgo: number): number => {
    const lo = Math.max(0, Math.min(days - 1, loAgo));
    const hi = Math.max(lo, Math.min(days - 1, hiAgo));
    for (let tries = 0; tries < 64; tries++) {
      const d = days - 1 - uniformInt(r, lo, hi);
      if (r.next() * maxWeight < dayWeight[d]!) return d;
    }
    return days - 1 - uniformInt(r, lo, hi);
  };
  const hourTable = HOUR_WEIGHTS.map((w) => [0, w] as const);
  const pickMinute = (r: Rng): number => (8 + pickWeighted(r, hourTable)) * 60 + randomInt(r, 60);

  // Customers: exact archetype counts, shuffled; a country each.
  const archCounts = apportion(
    nCustomers,
    ARCHETYPES.map((a) => ARCHETYPE_PROFILES[a].share),
  );
  const custArch = new Uint8Array(nCustomers);
  for (let a = 0, c = 0; a < ARCHETYPES.length; a++) for (let k = 0; k < archCounts[a]!; k++) custArch[c++] = a;
  for (let i = nCustomers - 1; i > 0; i--) {
    const j = randomInt(rng, i + 1);
    const t = custArch[i]!;
    custArch[i] = custArch[j]!;
    custArch[j] = t;
  }
  const custCountry = new Uint8Array(nCustomers);
  for (let c = 0; c < nCustomers; c++) custCountry[c] = pickWeighted(rng, COUNTRIES);

  // Invoices of customers: a time and a raw number of lines each.
  const invCust = new IntBuffer();
  const invTime = new IntBuffer();
  const invSize = new IntBuffer();
  for (let c = 0; c < nCustomers; c++) {
    const p = ARCHETYPE_PROFILES[ARCHETYPES[custArch[c]!]!];
    const orders = uniformInt(rng, p.orders[0], p.orders[1]);
    const lastDay = pickDay(rng, p.lastAgo[0], p.lastAgo[1]);
    const lastAgo = days - 1 - lastDay;
    const firstDay = orders === 1 ? lastDay : pickDay(rng, lastAgo + p.span[0], lastAgo + p.span[1]);
    for (let o = 0; o < orders; o++) {
      const day = o === 0 ? lastDay : o === 1 ? firstDay : pickDay(rng, lastAgo, days - 1 - firstDay);
      invCust.push(c);
      invTime.push(day * 1440 + pickMinute(rng));
      const wholesale = rng.next() < 0.002 ? 8 : 1;
      invSize.push(Math.max(1, Math.min(maxBasket, Math.round(p.basket * wholesale * Math.exp(0.75 * gaussian(rng) - 0.28)))));
    }
  }
  const nNormal = invCust.length;

  // Anomaly counts and the product lines left for customers' invoices.
  const anomalies = {} as Record<AnomalyKind, number>;
  for (const k of ANOMALY_KINDS) {
    const rate = options.anomalyRates?.[k] ?? DEFAULT_ANOMALY_RATE;
    if (!(rate >= 0 && rate < 0.2)) throw new EngineError('invalid_argument', `anomaly rate for ${k} must be in [0, 0.2), got ${rate}`);
    anomalies[k] = Math.round(rate * rows);
  }
  const anomalyTotal = ANOMALY_KINDS.reduce((s, k) => s + anomalies[k], 0);
  const productLines = rows - anomalyTotal;
  if (productLines < nNormal) {
    throw new EngineError(
      'invalid_argument',
      `${rows} lines are too few for ${nCustomers} customers (they place ${nNormal} orders); give more --rows or fewer --customers`,
    );
  }
  // Scale sizes to the exact number of product lines (stochastic rounding, then +-1 fixes).
  let raw = 0;
  for (let i = 0; i < nNormal; i++) raw += invSize.data[i]!;
  const factor = productLines / raw;
  let total = 0;
  for (let i = 0; i < nNormal; i++) {
    const x = invSize.data[i]! * factor;
    const v = Math.max(1, Math.min(nProducts, Math.floor(x + rng.next())));
    invSize.data[i] = v;
    total += v;
  }
  const sizeCap = Math.max(maxBasket, Math.ceil((productLines / nNormal) * 4));
  while (total < productLines) {
    const i = randomInt(rng, nNormal);
    if (invSize.data[i]! < Math.min(sizeCap, nProducts)) {
      invSize.data[i]!++;
      total++;
    }
  }
  while (total > productLines) {
    const i = randomInt(rng, nNormal);
    if (invSize.data[i]! > 1) {
      invSize.data[i]!--;
      total--;
    }
  }

  const invKind = new IntBuffer();
  const invRef = new IntBuffer();
  for (let i = 0; i < nNormal; i++) {
    invKind.push(KIND_NORMAL);
    invRef.push(-1);
  }
  // Guest invoices: no customer id.
  for (let left = anomalies.missing_customer; left > 0; ) {
    const n = Math.min(left, Math.max(1, Math.round(8 * Math.exp(0.75 * gaussian(rng) - 0.28))), maxBasket);
    invCust.push(-1);
    invTime.push(pickDay(rng, 0, days - 1) * 1440 + pickMinute(rng));
    invSize.push(n);
    invKind.push(KIND_GUEST);
    invRef.push(-1);
    left -= n;
  }
  // Cancellations and returns: some lines of an earlier invoice of the same customer.
  for (const [kind, count] of [
    [KIND_CANCEL, anomalies.cancellation],
    [KIND_RETURN, anomalies.return],
  ] as const) {
    for (let left = count; left > 0; ) {
      const ref = randomInt(rng, nNormal);
      const n = Math.min(left, invSize.data[ref]!, 1 + Math.floor(-Math.log(1 - rng.next()) * 1.5));
      const refTime = invTime.data[ref]!;
      const day = Math.min(days - 1, Math.floor(refTime / 1440) + randomInt(rng, 21));
      invCust.push(invCust.data[ref]!);
      invTime.push(Math.max(refTime + 1, day * 1440 + pickMinute(rng)));
      invSize.push(n);
      invKind.push(kind);
      invRef.push(ref);
      left -= n;
    }
  }
  const nInvoices = invCust.length;

  // Lines attached to customers' invoices: non-product, zero price, junk, duplicates.
  const attach = (count: number, ok: (i: number, have: number) => boolean): Uint16Array => {
    const per = new Uint16Array(nNormal);
    for (let left = count; left > 0; ) {
      const i = randomInt(rng, nNormal);
      if (per[i]! < 60000 && ok(i, per[i]!)) {
        per[i]!++;
        left--;
      }
    }
    return per;
  };
  const nonProduct = attach(anomalies.non_product, () => true);
  const zeroPrice = attach(anomalies.non_positive_price, () => true);
  const junk = attach(anomalies.junk_description, () => true);
  const dups = attach(anomalies.duplicate, (i, have) => have < invSize.data[i]!);

  // Planted co-purchase groups among moderately popular products.
  const groupSizes = [2, 2, 3, 2, 3, 2, 2, 2];
  const groupProbs = [0.05, 0.04, 0.03, 0.025, 0.02, 0.015, 0.012, 0.01];
  const lo = Math.min(30, Math.floor(nProducts / 4));
  const span = Math.min(nProducts, 400) - lo;
  const used = new Set<number>();
  const groups: Int32Array[] = groupSizes.map((size) => {
    const g = new Int32Array(size);
    for (let k = 0; k < size; k++) {
      let p: number;
      do p = lo + randomInt(rng, span);
      while (used.has(p));
      used.add(p);
      g[k] = p;
    }
    return g;
  });

  // Emission order: by time, then by plan index; invoice numbers follow it.
  const order = new Uint32Array(nInvoices);
  for (let i = 0; i < nInvoices; i++) order[i] = i;
  const times = invTime.data;
  order.sort((a, b) => times[a]! - times[b]! || a - b);

  const archCountRecord = Object.fromEntries(ARCHETYPES.map((a, i) => [a, archCounts[i]!])) as Record<Archetype, number>;
  const summary: GenerationSummary = {
    rows,
    seed,
    customers: nCustomers,
    invoices: nInvoices,
    products: nProducts,
    dateFrom: formatDay(startDay),
    dateTo: formatDay(endDay),
    anomalies,
    archetypes: archCountRecord,
    planted: groups.map((g, i) => ({
      skus: Array.from(g, (p) => cat.codes[p]!),
      descriptions: Array.from(g, (p) => cat.descriptions[p]!),
      probability: groupProbs[i]!,
    })),
  };

  const derive = new InvoiceLines(cat, groups, groupProbs, seed);
  const custMult = ARCHETYPES.map((a) => ARCHETYPE_PROFILES[a].quantity);

  const contacts: (CustomerContact | undefined)[] = [];
  /** The contact cells of invoice i (customer c, at minute t); empty for guests. */
  const contactTail = (c: number, i: number, t: number): string => {
    if (!options.contacts) return '';
    if (c < 0) return ',,,,';
    contacts[c] ??= customerContact(seed, c, String(FIRST_CUSTOMER_ID + c), days * 1440);
    return contactCells(contacts[c]!, seed, i, t);
  };

  function* csvChunks(): Generator<string, void, undefined> {
    let buf = `${CSV_HEADER}${options.contacts ? CONTACT_HEADER : ''}\n`;
    const dupMark = new Int32Array(nProducts);
    let dupStamp = 0;
    const kinds = invKind.data;
    const sizes = invSize.data;
    const custs = invCust.data;
    const refs = invRef.data;
    for (let j = 0; j < nInvoices; j++) {
      const i = order[j]!;
      const kind = kinds[i]!;
      const no = String(FIRST_INVOICE_NO + j);
      const inv = kind === KIND_CANCEL ? `C${no}` : no;
      const t = times[i]!;
      const ts = `${dayText[Math.floor(t / 1440)]!} ${minuteText[t % 1440]!}`;
      const c = custs[i]!;
      const cust = c < 0 ? '' : String(FIRST_CUSTOMER_ID + c);
      const country = COUNTRIES[c < 0 ? pickWeighted(createRng(mix(seed, i, 0xc0)), COUNTRIES) : custCountry[c]!]![0];
      const tail = `,${ts},`;
      const end = `,${cust},${country}${contactTail(c, i, t)}\n`;
      if (kind === KIND_NORMAL || kind === KIND_GUEST) {
        const n = derive.derive(i, sizes[i]!, c < 0 ? 1 : custMult[custArch[c]!]!);
        const d = kind === KIND_NORMAL ? dups[i]! : 0;
        const r = createRng(mix(seed, i, 0x5bd1e995));
        if (d > 0) {
          // d distinct positions, spread over the invoice from a random offset.
          const off = randomInt(r, n);
          dupStamp++;
          for (let t = 0; t < d; t++) dupMark[(Math.floor((t * n) / d) + off) % n] = dupStamp;
        }
        for (let k = 0; k < n; k++) {
          const p = derive.products[k]!;
          const line = `${inv},${cat.codes[p]!},${cat.descriptionsCsv[p]!},${derive.quantities[k]!}${tail}${cat.priceText[p]!}${end}`;
          buf += line;
          if (d > 0 && dupMark[k] === dupStamp) buf += line;
        }
        if (kind === KIND_NORMAL) {
          for (let k = 0; k < nonProduct[i]!; k++) {
            const [code, , desc, price] = NON_PRODUCT[pickWeighted(r, NON_PRODUCT)]!;
            const value = code === 'PADS' ? 0.001 : price * Math.exp(0.5 * gaussian(r));
            buf += `${inv},${code},${desc},${1 + k}${tail}${code === 'PADS' ? '0.001' : value.toFixed(2)}${end}`;
          }
          for (let k = 0; k < zeroPrice[i]!; k++) {
            const p = drawProduct(cat, r.next());
            buf += `${inv},${cat.codes[p]!},${cat.descriptionsCsv[p]!},${1 + k}${tail}0.00${end}`;
          }
          for (let k = 0; k < junk[i]!; k++) {
            const p = drawProduct(cat, r.next());
            buf += `${inv},${cat.codes[p]!},${JUNK[randomInt(r, JUNK.length)]!},${1 + k}${tail}${cat.priceText[p]!}${end}`;
          }
        }
      } else {
        // Cancellation or return: lines of the referenced invoice, quantities negated.
        const ref = refs[i]!;
        const m = derive.derive(ref, sizes[ref]!, custMult[custArch[c]!]!);
        const n = sizes[i]!;
        const r = createRng(mix(seed, i, 0x7f4a7c15));
        const start = randomInt(r, m);
        for (let k = 0; k < n; k++) {
          const idx = (start + k) % m;
          const p = derive.products[idx]!;
          const q = derive.quantities[idx]!;
          const neg = kind === KIND_CANCEL && r.next() < 0.8 ? q : 1 + randomInt(r, q);
          buf += `${inv},${cat.codes[p]!},${cat.descriptionsCsv[p]!},-${neg}${tail}${cat.priceText[p]!}${end}`;
        }
      }
      if (buf.length >= chunkChars) {
        yield buf;
        buf = '';
      }
    }
    if (buf.length > 0) yield buf;
  }

  function truth(): { customerId: number; archetype: Archetype }[] {
    return Array.from(custArch, (a, c) => ({ customerId: FIRST_CUSTOMER_ID + c, archetype: ARCHETYPES[a]! }));
  }

  function truthCsv(): string {
    let s = 'customer_id,archetype\n';
    for (let c = 0; c < nCustomers; c++) s += `${FIRST_CUSTOMER_ID + c},${ARCHETYPES[custArch[c]!]!}\n`;
    return s;
  }

  return { summary, csvChunks, truthCsv, truth };
}

/** Derives the product lines of one invoice from the invoice's own seed, into reused buffers. */
class InvoiceLines {
  readonly products: Int32Array;
  readonly quantities: Int32Array;
  private readonly mark: Int32Array;
  private stamp = 0;

  constructor(
    private readonly cat: Catalogue,
    private readonly groups: readonly Int32Array[],
    private readonly probs: readonly number[],
    private readonly seed: number,
  ) {
    this.products = new Int32Array(cat.size);
    this.quantities = new Int32Array(cat.size);
    this.mark = new Int32Array(cat.size);
  }

  /** Fills `products` and `quantities` with n distinct lines; returns n. */
  derive(invoice: number, n: number, quantityMult: number): number {
    const r = createRng(mix(this.seed, invoice));
    const stamp = ++this.stamp;
    const { cat, products, mark } = this;
    let count = 0;
    if (n >= 2) {
      for (let g = 0; g < this.groups.length; g++) {
        if (r.next() >= this.probs[g]!) continue;
        const group = this.groups[g]!;
        // Sometimes only part of the group, so that confidence stays below 1.
        const take = r.next() < 0.15 ? group.length - 1 : group.length;
        if (count + take > n) continue;
        for (let k = 0; k < take; k++) {
          const p = group[k]!;
          if (mark[p] !== stamp) {
            mark[p] = stamp;
            products[count++] = p;
          }
        }
      }
    }
    let misses = 0;
    while (count < n) {
      const p = misses > 20 * n ? randomInt(r, cat.size) : drawProduct(cat, r.next());
      if (mark[p] === stamp) {
        misses++;
        continue;
      }
      mark[p] = stamp;
      products[count++] = p;
    }
    for (let k = 0; k < n; k++) {
      const price = cat.prices[products[k]!]!;
      const tier = price < 1 ? QTY_CHEAP : price < 3 ? QTY_LOW : price < 8 ? QTY_MID : QTY_HIGH;
      let q = tier[randomInt(r, tier.length)]!;
      if (quantityMult > 1 && r.next() < 0.5) q *= 2;
      else if (quantityMult < 1) q = Math.max(1, Math.min(q, 1 + randomInt(r, 3)));
      this.quantities[k] = q;
    }
    return n;
  }
}

/**
 * Generates a dataset and hands its CSV to `write` chunk by chunk; returns what was planted.
 * The truth file is available from `planDataset(...).truthCsv()`.
 */
export function generateCsv(options: GenerateOptions, write: (chunk: string) => void): GenerationSummary {
  const plan = planDataset(options);
  for (const chunk of plan.csvChunks()) write(chunk);
  return plan.summary;
}
