/**
 * A plain-TypeScript, pandas-style restatement of the Overview figures over rows pulled out of
 * `kept`: group-bys with Maps and Sets, sharing no code or SQL with engine/src/overview.
 */
export interface KeptRow {
  customer: string | null;
  invoice: string | null;
  /** "YYYY-MM-DD HH:MM:SS" */
  ts: string;
  amount: number;
  quantity: number;
  sku: string | null;
  description: string | null;
  country: string | null;
  cancellation: boolean;
}

export const day = (r: KeptRow) => r.ts.slice(0, 10);
export const month = (r: KeptRow) => r.ts.slice(0, 7);

function groupBy<K, V>(rows: readonly V[], key: (v: V) => K): Map<K, V[]> {
  const m = new Map<K, V[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}

const sum = (rows: readonly KeptRow[], f: (r: KeptRow) => number) => rows.reduce((a, r) => a + f(r), 0);
const distinct = <T>(values: Iterable<T | null>) => new Set([...values].filter((v): v is T => v !== null)).size;
const orders = (rows: readonly KeptRow[]) => distinct(rows.filter((r) => !r.cancellation).map((r) => r.invoice));

/** df.groupby(month).agg(revenue=sum, orders=nunique(invoice), customers=nunique(customer)) */
export function monthly(rows: readonly KeptRow[]): { month: string; revenue: number; orders: number; customers: number }[] {
  return [...groupBy(rows, month)]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([m, g]) => ({
      month: m,
      revenue: sum(g, (r) => r.amount),
      orders: orders(g),
      customers: distinct(g.map((r) => r.customer)),
    }));
}

/** Each customer's first month (over all their rows). */
export function firstMonths(rows: readonly KeptRow[]): Map<string, string> {
  const first = new Map<string, string>();
  for (const r of rows) {
    if (r.customer === null) continue;
    const m = month(r);
    const f = first.get(r.customer);
    if (f === undefined || m < f) first.set(r.customer, m);
  }
  return first;
}

export function newVsReturning(
  rows: readonly KeptRow[],
): { month: string; newCustomers: number; returningCustomers: number; newRevenue: number; returningRevenue: number }[] {
  const first = firstMonths(rows);
  return [
    ...groupBy(
      rows.filter((r) => r.customer !== null),
      month,
    ),
  ]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([m, g]) => {
      const isNew = (r: KeptRow) => first.get(r.customer!) === m;
      return {
        month: m,
        newCustomers: distinct(g.filter(isNew).map((r) => r.customer)),
        returningCustomers: distinct(g.filter((r) => !isNew(r)).map((r) => r.customer)),
        newRevenue: sum(g.filter(isNew), (r) => r.amount),
        returningRevenue: sum(
          g.filter((r) => !isNew(r)),
          (r) => r.amount,
        ),
      };
    });
}

export interface ProductTotals {
  product: string;
  revenue: number;
  quantity: number;
  customers: number;
}

export function productTotals(rows: readonly KeptRow[]): ProductTotals[] {
  const out: ProductTotals[] = [];
  for (const [p, g] of groupBy(rows, (r) => r.sku ?? r.description)) {
    if (p === null) continue;
    out.push({ product: p, revenue: sum(g, (r) => r.amount), quantity: sum(g, (r) => r.quantity), customers: distinct(g.map((r) => r.customer)) });
  }
  return out;
}

/** The n largest by `measure`, ties by product key (byte order, as ASCII keys compare alike everywhere). */
export function top(products: readonly ProductTotals[], measure: 'revenue' | 'quantity' | 'customers', n: number): ProductTotals[] {
  return [...products].sort((a, b) => b[measure] - a[measure] || (a.product < b.product ? -1 : a.product > b.product ? 1 : 0)).slice(0, n);
}

export function countries(rows: readonly KeptRow[]): Map<string | null, { revenue: number; orders: number; customers: number }> {
  const out = new Map<string | null, { revenue: number; orders: number; customers: number }>();
  for (const [c, g] of groupBy(rows, (r) => r.country)) {
    out.set(c, { revenue: sum(g, (r) => r.amount), orders: orders(g), customers: distinct(g.map((r) => r.customer)) });
  }
  return out;
}

function monthIndex(m: string): number {
  return Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
}

/** cohort -> size, and per months-since-first: active customers and revenue. */
export function cohorts(rows: readonly KeptRow[]): Map<string, { size: number; active: Map<number, Set<string>>; revenue: Map<number, number> }> {
  const first = firstMonths(rows);
  const out = new Map<string, { size: number; active: Map<number, Set<string>>; revenue: Map<number, number> }>();
  for (const f of first.values()) {
    const c = out.get(f) ?? { size: 0, active: new Map(), revenue: new Map() };
    c.size++;
    out.set(f, c);
  }
  for (const r of rows) {
    if (r.customer === null) continue;
    const f = first.get(r.customer)!;
    const c = out.get(f)!;
    const k = monthIndex(month(r)) - monthIndex(f);
    const set = c.active.get(k) ?? new Set<string>();
    set.add(r.customer);
    c.active.set(k, set);
    c.revenue.set(k, (c.revenue.get(k) ?? 0) + r.amount);
  }
  return out;
}

const DAY_MS = 86_400_000;
const dayNo = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;

/**
 * For each month from the first to the last: at its last day (or the data's last day), the
 * customers seen so far and those whose latest purchase is more than n days before.
 */
export function churn(rows: readonly KeptRow[], n: number): { month: string; customers: number; churned: number }[] {
  const days = new Map<string, number[]>();
  let lastData = '';
  let firstData = '9999';
  for (const r of rows) {
    const d = day(r);
    if (d > lastData) lastData = d;
    if (d < firstData) firstData = d;
    if (r.customer === null) continue;
    const list = days.get(r.customer) ?? [];
    list.push(dayNo(d));
    days.set(r.customer, list);
  }
  const out: { month: string; customers: number; churned: number }[] = [];
  for (let mi = monthIndex(firstData.slice(0, 7)); mi <= monthIndex(lastData.slice(0, 7)); mi++) {
    const y = Math.floor(mi / 12);
    const m0 = mi % 12;
    const monthEnd = Date.UTC(y, m0 + 1, 1) / DAY_MS - 1;
    const end = Math.min(monthEnd, dayNo(lastData));
    let customers = 0;
    let churned = 0;
    for (const list of days.values()) {
      let last = -Infinity;
      for (const d of list) if (d <= end && d > last) last = d;
      if (last === -Infinity) continue;
      customers++;
      if (end - last > n) churned++;
    }
    out.push({ month: `${y}-${String(m0 + 1).padStart(2, '0')}`, customers, churned });
  }
  return out;
}

/** Orders (distinct non-cancellation invoices, at their first line) by ISO weekday (0 = Monday) and hour. */
export function weekdayHour(rows: readonly KeptRow[]): number[][] {
  const firstTs = new Map<string, string>();
  for (const r of rows) {
    if (r.cancellation || r.invoice === null) continue;
    const key = `${r.invoice}\u0001${r.customer}`;
    const f = firstTs.get(key);
    if (f === undefined || r.ts < f) firstTs.set(key, r.ts);
  }
  const cells = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => new Set<string>()));
  for (const [key, ts] of firstTs) {
    const weekday = (new Date(`${ts.slice(0, 10)}T00:00:00Z`).getUTCDay() + 6) % 7;
    cells[weekday]![Number(ts.slice(11, 13))]!.add(key.split('\u0001')[0]!);
  }
  return cells.map((row) => row.map((s) => s.size));
}
