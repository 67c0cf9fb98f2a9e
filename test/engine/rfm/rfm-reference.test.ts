import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  computeRfm,
  defaultCleaningOptions,
  openDataset,
  dayToIso,
  planDataset,
  type CleaningRule,
  type RfmTable,
  type SqlPort,
} from '../../../engine/src/index.ts';
import { NodeFileSource } from '../../../engine/cli/node-duckdb.ts';
import { openNativeDuckDb } from '../../../engine/cli/native-duckdb.ts';
import { ONLINE_RETAIL_DIR, openDb, textSource } from '../../helpers/engine.ts';

const DAY = 86_400_000;
const dayOf = (ts: string) => Math.floor(Date.parse(`${ts.slice(0, 10)}T00:00:00Z`) / DAY);

interface Ref {
  recency: number;
  frequency: number;
  monetary: number;
  first: number;
  last: number;
}

/** pandas-style RFM, restated: filter, group by customer, snapshot = last date + 1 day. */
function referenceRfm(lines: { customer: string; invoice: string; ts: string; qty: number; price: number }[], snapshot?: number) {
  const by = new Map<string, { invoices: Set<string>; monetary: number; first: number; last: number }>();
  let maxDay = -Infinity;
  for (const l of lines) {
    const d = dayOf(l.ts);
    maxDay = Math.max(maxDay, d);
    const c = by.get(l.customer) ?? { invoices: new Set<string>(), monetary: 0, first: Infinity, last: -Infinity };
    c.invoices.add(l.invoice);
    c.monetary += l.qty * l.price;
    c.first = Math.min(c.first, d);
    c.last = Math.max(c.last, d);
    by.set(l.customer, c);
  }
  const snap = snapshot ?? maxDay + 1;
  const out = new Map<string, Ref>();
  for (const [id, c] of by) out.set(id, { recency: snap - c.last, frequency: c.invoices.size, monetary: c.monetary, first: c.first, last: c.last });
  return { out, snap };
}

function expectEqualRfm(t: RfmTable, ref: Map<string, Ref>) {
  expect(t.customerIds.length).toBe(ref.size);
  t.customerIds.forEach((id, i) => {
    const r = ref.get(id)!;
    expect(r, id).toBeDefined();
    expect(t.recencyDays[i]).toBe(r.recency);
    expect(t.frequency[i]).toBe(r.frequency);
    expect(t.monetary[i]).toBeCloseTo(r.monetary, 6);
    expect(t.firstPurchase[i]).toBe(r.first);
    expect(t.lastPurchase[i]).toBe(r.last);
    expect(t.avgOrderValue[i]).toBeCloseTo(r.monetary / r.frequency, 6);
  });
}

let sql: SqlPort;
beforeAll(async () => {
  sql = await openDb();
});

describe('RFM equals a straightforward reference', () => {
  it('on a small fixture, by hand', async () => {
    const csv = `invoice,customer,date,sku,quantity,price
1,a,2023-01-01 10:00,x,2,5
1,a,2023-01-01 10:00,y,1,1
2,a,2023-01-10 23:59,x,1,5
3,b,2023-01-05 08:00,x,4,5
C4,b,2023-01-06 08:00,x,-1,5
5,b,2023-01-20 00:01,y,1,1
`;
    await openDataset(sql, [textSource('f.csv', csv)]);
    const t = await computeRfm(sql);
    expect(t.snapshot).toBe('2023-01-21');
    expect(t.customerIds).toEqual(['a', 'b']);
    expect([...t.recencyDays]).toEqual([11, 1]);
    expect([...t.frequency]).toEqual([2, 2]);
    expect([...t.monetary]).toEqual([16, 21]);
    expect([...t.tenureDays]).toEqual([20, 16]);
    expect(dayToIso(t.firstPurchase[0]!)).toBe('2023-01-01');
    const later = await computeRfm(sql, { snapshot: '2023-02-01' });
    expect([...later.recencyDays]).toEqual([22, 12]);
    await expect(computeRfm(sql, { snapshot: '1/2/2023' })).rejects.toThrow(/YYYY-MM-DD/);
  });

  it('refuses to score without a kept line that has a customer, unless the snapshot is given', async () => {
    await openDataset(sql, [textSource('f.csv', 'invoice,customer,date,sku,quantity,price\n1,,2023-01-01 10:00,x,2,5\n2,,2023-01-02 10:00,y,1,1\n')]);
    await expect(computeRfm(sql)).rejects.toThrow(/nothing to score/);
    const t = await computeRfm(sql, { snapshot: '2023-02-01' });
    expect(t.customerIds).toEqual([]);
    expect(t.snapshot).toBe('2023-02-01');
  });

  it('gives every customer id as written, in byte order, ASCII or not, on both DuckDB adapters', async () => {
    // Enough customers for several result chunks; a few ids outside ASCII land in chunks of their own or mixed ones.
    const ids = [...Array.from({ length: 5000 }, (_, i) => `c${i}`), 'Zoë', 'ß', '顧客1', 'é"q', "O'Brien"];
    const csv = ['invoice,customer,date,sku,quantity,price', ...ids.map((id, i) => `${i},"${id.replace(/"/g, '""')}",2023-01-01 10:00,x,1,2`)].join('\n');
    const byBytes = [...ids].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    const native = await openNativeDuckDb();
    try {
      for (const db of [sql, native]) {
        await openDataset(db, [textSource('ids.csv', csv)]);
        const t = await computeRfm(db);
        expect(t.customerIds).toEqual(byBytes);
        expect([...t.monetary]).toEqual(ids.map(() => 2));
      }
    } finally {
      native.close();
    }
  });

  it('on generated data, against pandas-style filtering of the generated CSV', async () => {
    const csv = [...planDataset({ rows: 40_000, customers: 1_500, seed: 5 }).csvChunks()].join('');
    const lines: { customer: string; invoice: string; ts: string; qty: number; price: number }[] = [];
    for (const row of csv.split('\n').slice(1)) {
      if (row === '') continue;
      const cells = row.split(',');
      const customer = cells[cells.length - 2]!;
      const price = Number(cells[cells.length - 3]);
      const qty = Number(cells[cells.length - 5]);
      if (customer === '' || cells[0]!.startsWith('C') || qty <= 0 || price <= 0) continue;
      lines.push({ customer, invoice: cells[0]!, ts: cells[cells.length - 4]!, qty, price });
    }
    const rules = ['missing_customer', 'cancellation', 'return', 'non_positive_price'] as CleaningRule[];
    await openDataset(sql, [textSource('generated.csv', csv)], { cleaning: { ...defaultCleaningOptions(), rules } });
    const t = await computeRfm(sql);
    expectEqualRfm(t, referenceRfm(lines).out);
  });

  it('on 60 days of Online Retail, against pandas-style filtering', async () => {
    const files = readdirSync(ONLINE_RETAIL_DIR)
      .filter((f) => f.endsWith('.csv'))
      .sort()
      .slice(0, 60);
    const lines: { customer: string; invoice: string; ts: string; qty: number; price: number }[] = [];
    for (const f of files) {
      for (const row of readFileSync(path.join(ONLINE_RETAIL_DIR, f), 'utf8').split('\n').slice(1)) {
        if (row === '') continue;
        // Descriptions may hold quoted commas; the fields used here sit at fixed offsets from the ends.
        const cells = row.split(',');
        const [invoice] = cells;
        const customer = cells[cells.length - 2]!;
        const price = Number(cells[cells.length - 3]);
        const ts = cells[cells.length - 4]!;
        const qty = Number(cells[cells.length - 5]);
        if (customer === '' || invoice!.startsWith('C') || qty <= 0 || price <= 0) continue;
        lines.push({ customer: customer.replace(/\.0$/, ''), invoice: invoice!, ts, qty, price });
      }
    }
    const cleaning = { ...defaultCleaningOptions(), rules: ['missing_customer', 'cancellation', 'return', 'non_positive_price'] as const };
    await openDataset(
      sql,
      files.map((f) => new NodeFileSource(path.join(ONLINE_RETAIL_DIR, f))),
      { cleaning: { ...cleaning, rules: [...cleaning.rules] } },
    );
    const t = await computeRfm(sql);
    const { out, snap } = referenceRfm(lines);
    expect(t.snapshot).toBe(new Date(snap * DAY).toISOString().slice(0, 10));
    expectEqualRfm(t, out);
  });
});
