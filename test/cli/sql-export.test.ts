/**
 * The SQL export (`segment-studio sql`) run where data lives — native DuckDB and a real
 * PostgreSQL server — against the engine's own pipeline on the same lines, customer by
 * customer: RFM values, the three scores and the segment. On a generated dataset (every
 * cleaning rule's anomalies planted) and on a small fixture full of ties, awkward ids (byte
 * order differs from a language's order; "17850.0" is "17850") and every cleaning path.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { DEFAULT_TRANSACTION_COLUMNS, analysisSql } from '../../engine/src/analysis/sql-export.ts';
import { defaultAnalysis, firstRow, generateCsv, loadData, preset, scoreCustomers, tableRows, type Analysis, type SqlPort } from '../../engine/src/index.ts';
import { DUCKDB, POSTGRES } from '../../engine/src/sql/dialect.ts';
import { NodeFileSource } from '../../engine/cli/node-duckdb.ts';
import { openNativeDuckDb } from '../../engine/cli/native-duckdb.ts';
import { main } from '../../engine/cli/main.ts';
import { PG_SKIP_REASON, connectPg, freshSchema, insertRows } from '../helpers/postgres.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'ss-sql-export-'));

/** Ties everywhere: frequencies 1-3, spends 20 and 35 shared, last orders on shared days. */
const TIES_CSV = `InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
1001,A1,RED MUG,2,2024-06-01 10:00:00,5.00,10,UK
1002,A2,BLUE MUG,1,2024-06-10 11:00:00,10.00,10,UK
1003,A1,RED MUG,4,2024-06-10 12:00:00,5.00,9,UK
0999,A1,RED MUG,1,1985-01-01 09:00:00,5.00,9,UK
1004,A3,GREEN MUG,1,2024-05-01 09:30:00,20.00,B2,UK
1005,A3,GREEN MUG,1,2024-06-10 09:30:00,15.00,B2,UK
1006,A1,RED MUG,2,2024-03-15 14:00:00,5.00,C3,FR
1006,A2,BLUE MUG,1,2024-03-15 14:00:00,10.00,C3,FR
C1006,A1,RED MUG,2,2024-03-16 10:00:00,5.00,C3,FR
C1006,A2,BLUE MUG,-1,2024-03-16 10:00:00,10.00,C3,FR
C2001,A4,YELLOW MUG,1,2024-04-20 10:00:00,15.00,C3,FR
1007,A1,RED MUG,4,2024-06-10 16:00:00,5.00,a1,UK
1007,A1,RED MUG,4,2024-06-10 16:00:00,5.00,a1,UK
1007,POST,POSTAGE,1,2024-06-10 16:00:00,18.00,a1,UK
1007,FRT,Frais de pórt,1,2024-06-10 16:00:00,7.00,a1,UK
1016,A1,RED MUG,0,2024-06-11 16:00:00,5.00,a1,UK
1008,A1,RED MUG,7,2024-04-20 08:00:00,5.00,b10,DE
1009,A5,wet damaged,1,2024-05-20 08:00:00,3.00,b10,DE
1009,A6,?,1,2024-05-20 08:00:00,3.00,b10,DE
1010,A1,RED MUG,-1,2024-05-21 08:00:00,5.00,b10,DE
1017,A6,GIFT BOX,1,2024-05-22 08:00:00,0,b10,DE
1011,A2,BLUE MUG,1,2024-04-20 13:00:00,35.00,é5,ES
1012,A1,RED MUG,4,2024-05-01 13:00:00,5.00,é5,ES
1013,A1,RED MUG,1,2024-06-01 10:00:00,5.00,17850,UK
1014,A2,BLUE MUG,1,2024-06-01 10:00:00,15.00,17850.0,UK
1015,A2,BLUE MUG,3,2024-06-12 10:00:00,10.00,,UK
1018,A3,GREEN MUG,1,2024-06-01 10:00:00,20.00,Zed,UK
1019,A3,GREEN MUG,1,2024-06-10 10:00:00,35.00,zed,UK
1020,A1,RED MUG,7,2024-06-10 10:00:00,5.00,ABC,UK
`;

interface CustomerRow {
  customer_id: string;
  recency_days: number;
  frequency: number;
  monetary: number;
  r_score: number;
  f_score: number;
  m_score: number;
  rfm_code: string;
  segment: string;
  first_purchase: string;
  last_purchase: string;
}

/** A DATE as YYYY-MM-DD: DuckDB's Arrow gives milliseconds since 1970, PostgreSQL (connectPg) the text. */
const day = (v: unknown) => (typeof v === 'number' ? new Date(v).toISOString().slice(0, 10) : String(v));

/** Rows of either database as plain values (BIGINT and numeric text become numbers). */
function normalise(rows: Record<string, unknown>[]): CustomerRow[] {
  return rows.map((r) => ({
    customer_id: String(r.customer_id),
    recency_days: Number(r.recency_days),
    frequency: Number(r.frequency),
    monetary: Number(r.monetary),
    r_score: Number(r.r_score),
    f_score: Number(r.f_score),
    m_score: Number(r.m_score),
    rfm_code: String(r.rfm_code),
    segment: String(r.segment),
    first_purchase: day(r.first_purchase),
    last_purchase: day(r.last_purchase),
  }));
}

/** The engine's own result for the CSV file: the pipeline the CLI and the app run. */
async function engineResult(file: string, a: Analysis): Promise<CustomerRow[]> {
  const sql = await openNativeDuckDb();
  try {
    await loadData(sql, [new NodeFileSource(file)], a, { today: null });
    const s = await scoreCustomers(sql, a);
    const iso = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);
    return s.rfm.customerIds.map((id, i) => ({
      customer_id: id,
      recency_days: s.rfm.recencyDays[i]!,
      frequency: s.rfm.frequency[i]!,
      monetary: s.rfm.monetary[i]!,
      r_score: s.scores.r[i]!,
      f_score: s.scores.f[i]!,
      m_score: s.scores.m[i]!,
      rfm_code: `${s.scores.r[i]}${s.scores.f[i]}${s.scores.m[i]}`,
      segment: s.segments.names[s.segments.codes[i]!]!,
      first_purchase: iso(s.rfm.firstPurchase[i]!),
      last_purchase: iso(s.rfm.lastPurchase[i]!),
    }));
  } finally {
    sql.close();
  }
}

/** The transactions table, typed, from the CSV as a warehouse would hold it (ids as text, as exported). */
const TRANSACTIONS_FROM_CSV = (file: string) => `CREATE OR REPLACE TABLE transactions AS
  SELECT InvoiceNo AS invoice, CustomerID AS customer, CAST(InvoiceDate AS TIMESTAMP) AS date, StockCode AS sku,
         Description AS description, CAST(Quantity AS DOUBLE) AS quantity, CAST(UnitPrice AS DOUBLE) AS price, Country AS country
  FROM read_csv('${file}', all_varchar = true, header = true)`;

/** The export run on native DuckDB over `transactions`. */
async function duckdbResult(file: string, a: Analysis): Promise<CustomerRow[]> {
  const sql: SqlPort & { close(): void } = await openNativeDuckDb();
  try {
    await sql.exec(TRANSACTIONS_FROM_CSV(file));
    return normalise(tableRows(await sql.query(analysisSql(a, { dialect: DUCKDB }))));
  } finally {
    sql.close();
  }
}

/**
 * The CSV's lines as PostgreSQL rows, parsed here (quoted fields with "" inside; empty is NULL;
 * numbers by Number, which rounds as DuckDB's CAST does): invoice, customer, date, sku,
 * description, quantity, price, country.
 */
function csvLines(fileOrText: string): unknown[][] {
  const [, ...lines] = (fileOrText.includes('\n') ? fileOrText : readFileSync(fileOrText, 'utf8')).trimEnd().split('\n');
  return lines.map((line) => {
    const f = [...line.matchAll(/(?:"((?:[^"]|"")*)"|([^,]*))(?:,|$)/g)].slice(0, 8).map((m) => (m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]!));
    const [invoice, sku, description, quantity, date, price, customer, country] = f.map((v) => (v === '' ? null : v));
    return [invoice, customer, date, sku, description, quantity === null ? null : Number(quantity), price === null ? null : Number(price), country];
  });
}

/**
 * The lines with the date and its time of day in two columns ("Date","Time"), as a till writes
 * them: the engine reads them as one timestamp (its `time` role), the SQL export from a table with
 * a `time` column. `extra` lines are added as they are (in the 8-column layout of the ties fixture).
 */
function withTimeColumn(fileOrText: string, extra = ''): string {
  const text = fileOrText.includes('\n') ? fileOrText : readFileSync(fileOrText, 'utf8');
  const quoted = (v: unknown) => (v === null ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  const rows = csvLines(`${text.trimEnd()}\n${extra}`).map(([invoice, customer, date, sku, description, quantity, price, country]) => {
    const [day, time] = typeof date === 'string' ? date.split(' ') : [null, null];
    return [invoice, sku, description, quantity, day, time, price, customer, country].map(quoted).join(',');
  });
  return `InvoiceNo,StockCode,Description,Quantity,Date,Time,UnitPrice,CustomerID,Country\n${rows.join('\n')}\n`;
}

/** One order's two lines alike but for their time of day: no duplicate, in the engine and in the export. */
const SAME_BUT_TIME = '1021,A1,RED MUG,2,2024-06-10 09:00:00,5.00,T1,UK\n1021,A1,RED MUG,2,2024-06-10 17:30:00,5.00,T1,UK\n';

/** The columns of a transactions table with the date and its time of day apart. */
const TIME_COLUMNS = ['invoice', 'customer', 'date', 'time', 'sku', 'description', 'quantity', 'price'] as const;

/** The export over the date and time columns on native DuckDB; `columns` without time reads the date's day only. */
async function duckdbTimeResult(file: string, a: Analysis, columns: readonly string[] = TIME_COLUMNS): Promise<CustomerRow[]> {
  const sql: SqlPort & { close(): void } = await openNativeDuckDb();
  try {
    await sql.exec(`CREATE OR REPLACE TABLE transactions AS
      SELECT InvoiceNo AS invoice, CustomerID AS customer, CAST("Date" AS DATE) AS date, CAST("Time" AS TIME) AS time, StockCode AS sku,
        Description AS description, CAST(Quantity AS DOUBLE) AS quantity, CAST(UnitPrice AS DOUBLE) AS price, Country AS country
      FROM read_csv('${file}', all_varchar = true, header = true)`);
    return normalise(tableRows(await sql.query(analysisSql(a, { dialect: DUCKDB, columns }))));
  } finally {
    sql.close();
  }
}

/**
 * Customer by customer, field by field: the first differences as text (empty: equal). Monetary
 * is compared to 1e-9 relative as a guard; the engine rounds it to 6 decimals, so it is equal.
 */
function differences(actual: CustomerRow[], expected: CustomerRow[]): string[] {
  const out: string[] = [];
  if (actual.length !== expected.length) out.push(`${actual.length} customers, expected ${expected.length}`);
  const same = (k: keyof CustomerRow, a: CustomerRow, e: CustomerRow) =>
    k === 'monetary' ? Math.abs(a.monetary - e.monetary) <= 1e-9 * Math.max(1, Math.abs(e.monetary)) : a[k] === e[k];
  for (let i = 0; i < Math.min(actual.length, expected.length) && out.length < 10; i++) {
    const [a, e] = [actual[i]!, expected[i]!];
    for (const k of Object.keys(e) as (keyof CustomerRow)[]) if (!same(k, a, e)) out.push(`${e.customer_id} ${k}: ${a[k]}, expected ${e[k]}`);
  }
  return out;
}

/** Scores recomputed from the returned values by the definition: 1 + floor(bins × strictly worse / n). */
function quantileByDefinition(rows: CustomerRow[], bins: number, key: 'recency_days' | 'frequency' | 'monetary', higherIsBetter: boolean): number[] {
  return rows.map((row) => {
    const worse = rows.filter((o) => (higherIsBetter ? o[key] < row[key] : o[key] > row[key])).length;
    return Math.min(bins, 1 + Math.floor((bins * worse) / rows.length));
  });
}

function withOptions(change: (a: Analysis) => void): Analysis {
  const a = defaultAnalysis();
  change(a);
  return a;
}

/** Every rule form: fm, sum, between, ==, !=, raw values. */
const MIXED_RULES = {
  name: 'mixed',
  segments: [
    { name: 'Top', all: [{ field: 'sum' as const, op: '>=' as const, value: 10 }] },
    { name: 'Half', all: [{ field: 'fm' as const, op: '==' as const, value: 2.5 }] },
    {
      name: 'Mid band',
      all: [
        { field: 'r' as const, op: 'between' as const, value: [2, 3] as [number, number] },
        { field: 'f' as const, op: '!=' as const, value: 1 },
      ],
    },
    { name: 'Big spend', all: [{ field: 'monetary' as const, op: '>' as const, value: 30 }] },
    {
      name: 'Recent one-timers',
      all: [
        { field: 'recency_days' as const, op: '<=' as const, value: 25 },
        { field: 'frequency' as const, op: '<' as const, value: 2 },
      ],
    },
  ],
  fallback: 'Rest',
};

const CASES: { name: string; analysis: Analysis }[] = [
  { name: 'defaults (quantile, 5 bins, rfm6)', analysis: defaultAnalysis() },
  {
    name: 'ntile, 4 bins, snapshot, netted returns, mixed rules',
    analysis: withOptions((a) => {
      a.scoring = { bins: 4, method: 'ntile' };
      a.snapshot = '2025-12-01';
      a.cleaning.returns = 'net';
      a.segments = MIXED_RULES;
    }),
  },
  {
    name: 'rfm11, some rules off, zero quantities kept',
    analysis: withOptions((a) => {
      a.segments = preset('rfm11');
      a.cleaning.rules = ['missing_customer', 'cancellation', 'return', 'non_positive_price'];
      a.cleaning.implausible.exclude = ['early_date'];
    }),
  },
];

/** The generated lines as an order table without invoice numbers (R rfm's input): customer, date and the line's amount. */
const ORDERS_COLUMNS = ['customer', 'date', 'amount'] as const;
function orderLines(file: string): unknown[][] {
  return csvLines(file).map(([, customer, date, , , quantity, price]) => {
    const amount = (quantity as number) * (price as number);
    return [customer, date, Number.isFinite(amount) ? amount : null];
  });
}

/** The export over an order table on native DuckDB, its columns named (`columns`). */
async function duckdbOrdersResult(file: string, a: Analysis): Promise<CustomerRow[]> {
  const sql: SqlPort & { close(): void } = await openNativeDuckDb();
  try {
    await sql.exec(`CREATE OR REPLACE TABLE transactions AS SELECT customer_id AS customer, CAST(order_date AS TIMESTAMP) AS date,
      CAST(revenue AS DOUBLE) AS amount FROM read_csv('${file}', all_varchar = true, header = true)`);
    return normalise(tableRows(await sql.query(analysisSql(a, { dialect: DUCKDB, columns: ORDERS_COLUMNS }))));
  } finally {
    sql.close();
  }
}

/** A till's lines: no quantity column, each line one unit at its price (amount.ts). */
const TILL_COLUMNS = ['invoice', 'customer', 'date', 'sku', 'description', 'price'] as const;

/** The export over the till's lines on native DuckDB. */
async function duckdbTillResult(file: string, a: Analysis): Promise<CustomerRow[]> {
  const sql: SqlPort & { close(): void } = await openNativeDuckDb();
  try {
    await sql.exec(`CREATE OR REPLACE TABLE transactions AS SELECT invoice, customer, CAST(date AS TIMESTAMP) AS date, sku, description,
      CAST(price AS DOUBLE) AS price FROM read_csv('${file}', all_varchar = true, header = true)`);
    return normalise(tableRows(await sql.query(analysisSql(a, { dialect: DUCKDB, columns: TILL_COLUMNS }))));
  } finally {
    sql.close();
  }
}

/** The generated lines without their invoice numbers: lines of items, each visit (a customer's day) one order. */
const ITEM_LINES_COLUMNS = ['customer', 'date', 'sku', 'description', 'quantity', 'price'] as const;

/** The export over lines of items without invoices on native DuckDB. */
async function duckdbItemLinesResult(file: string, a: Analysis): Promise<CustomerRow[]> {
  const sql: SqlPort & { close(): void } = await openNativeDuckDb();
  try {
    await sql.exec(TRANSACTIONS_FROM_CSV(file));
    return normalise(tableRows(await sql.query(analysisSql(a, { dialect: DUCKDB, columns: ITEM_LINES_COLUMNS }))));
  } finally {
    sql.close();
  }
}

let generatedFile: string;
let tiesFile: string;
let ordersFile: string;
let itemLinesFile: string;
let tillFile: string;
let restartFile: string;
let tiesTimeFile: string;
let generatedTimeFile: string;
beforeAll(() => {
  generatedFile = path.join(dir, 'generated.csv');
  const chunks: string[] = [];
  generateCsv({ rows: 30_000, seed: 7 }, (c) => chunks.push(c));
  writeFileSync(generatedFile, chunks.join(''));
  tiesFile = path.join(dir, 'ties.csv');
  writeFileSync(tiesFile, TIES_CSV);
  ordersFile = path.join(dir, 'orders.csv');
  const cell = (v: unknown) => (v === null ? '' : String(v));
  writeFileSync(
    ordersFile,
    `customer_id,order_date,revenue\n${orderLines(generatedFile)
      .map((l) => l.map(cell).join(','))
      .join('\n')}\n`,
  );
  // The same lines without the invoice column (the first): read by the engine by their names.
  itemLinesFile = path.join(dir, 'item-lines.csv');
  writeFileSync(itemLinesFile, readFileSync(generatedFile, 'utf8').replace(/^[^,\n]*,/gm, ''));
  // The same lines as a till writes them: without quantities, each line one unit at its price.
  tillFile = path.join(dir, 'till.csv');
  const quoted = (v: unknown) => (v === null ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  writeFileSync(
    tillFile,
    `invoice,customer,date,sku,description,price\n${csvLines(generatedFile)
      .map(([invoice, customer, date, sku, description, , price]) => [invoice, customer, date, sku, description, price].map(quoted).join(','))
      .join('\n')}\n`,
  );
  // The same lines as a till numbering its receipts from 1 every day (a cancellation keeps its "C").
  restartFile = path.join(dir, 'restart.csv');
  writeFileSync(restartFile, restartingNumbers(readFileSync(generatedFile, 'utf8')));
  tiesTimeFile = path.join(dir, 'ties-time.csv');
  writeFileSync(tiesTimeFile, withTimeColumn(TIES_CSV, SAME_BUT_TIME));
  generatedTimeFile = path.join(dir, 'generated-time.csv');
  writeFileSync(generatedTimeFile, withTimeColumn(generatedFile));
});

/** The CSV's invoice numbers (first column) renumbered from 1 on each day, in order of appearance (lines without a date keep theirs). */
function restartingNumbers(csv: string): string {
  const [header, ...lines] = csv.trimEnd().split('\n');
  const perDay = new Map<string, Map<string, number>>();
  const renumbered = csvLines(csv).map(([invoice, customer, date, sku, description, quantity, price, country], i) => {
    const day = typeof date === 'string' ? date.slice(0, 10) : undefined;
    if (day === undefined || typeof invoice !== 'string') return lines[i]!;
    const numbers = perDay.get(day) ?? new Map<string, number>();
    perDay.set(day, numbers);
    const digits = invoice.replace(/^C/, '');
    if (!numbers.has(digits)) numbers.set(digits, numbers.size + 1);
    const quoted = (v: unknown) => (v === null ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
    return [`${invoice.startsWith('C') ? 'C' : ''}${numbers.get(digits)}`, sku, description, quantity, date, price, customer, country].map(quoted).join(',');
  });
  return `${header}\n${renumbered.join('\n')}\n`;
}

const results = new Map<string, { engine: CustomerRow[]; duckdb: CustomerRow[] }>();
async function both(file: string, c: (typeof CASES)[number]) {
  const key = `${file}|${c.name}`;
  if (!results.has(key)) {
    const [engine, duckdb] = await Promise.all([engineResult(file, c.analysis), duckdbResult(file, c.analysis)]);
    results.set(key, { engine, duckdb });
  }
  return results.get(key)!;
}

describe('SQL export on native DuckDB equals the engine, customer by customer', () => {
  for (const c of CASES) {
    it(`generated 30,000 lines: ${c.name}`, async () => {
      const { engine, duckdb } = await both(generatedFile, c);
      expect(engine.length).toBeGreaterThan(1000);
      expect(differences(duckdb, engine)).toEqual([]);
    }, 60_000);
    it(`ties fixture: ${c.name}`, async () => {
      const { engine, duckdb } = await both(tiesFile, c);
      expect(differences(duckdb, engine)).toEqual([]);
    }, 60_000);
  }

  for (const c of CASES) {
    it(`an order table without invoice numbers (customer, date, amount): ${c.name}`, async () => {
      const engine = await engineResult(ordersFile, c.analysis);
      expect(engine.length).toBeGreaterThan(1000);
      // Each line is one order: the engine's frequency counts lines.
      expect(engine.reduce((n, r) => n + r.frequency, 0)).toBeGreaterThan(engine.length);
      expect(differences(await duckdbOrdersResult(ordersFile, c.analysis), engine)).toEqual([]);
    }, 60_000);
  }

  for (const c of CASES) {
    it(`lines of items without invoice numbers, each visit one order: ${c.name}`, async () => {
      const engine = await engineResult(itemLinesFile, c.analysis);
      expect(engine.length).toBeGreaterThan(1000);
      // The query reads the full table, its invoice column left aside.
      expect(differences(await duckdbItemLinesResult(generatedFile, c.analysis), engine)).toEqual([]);
    }, 60_000);
  }

  for (const c of CASES) {
    it(`a till's lines without quantities, each one unit at its price: ${c.name}`, async () => {
      const engine = await engineResult(tillFile, c.analysis);
      expect(engine.length).toBeGreaterThan(1000);
      expect(differences(await duckdbTillResult(tillFile, c.analysis), engine)).toEqual([]);
    }, 60_000);
  }

  for (const c of CASES) {
    it(`the date and its time of day in two columns (a time column): ${c.name}`, async () => {
      const engine = await engineResult(tiesTimeFile, c.analysis);
      expect(differences(await duckdbTimeResult(tiesTimeFile, c.analysis), engine)).toEqual([]);
      // T1's two lines of one order differ only in their time: both count, as the engine reads them.
      expect(engine.find((r) => r.customer_id === 'T1')).toMatchObject({ frequency: 1, monetary: 20 });
      // Read at their day only, they would be one line and its duplicate (removed where the rule is on).
      const byDay = await duckdbTimeResult(tiesTimeFile, c.analysis, DEFAULT_TRANSACTION_COLUMNS);
      expect(byDay.find((r) => r.customer_id === 'T1')).toMatchObject({ monetary: c.analysis.cleaning.rules.includes('duplicate') ? 10 : 20 });
    }, 60_000);
  }

  it('the date and its time of day in two columns: generated 30,000 lines', async () => {
    const engine = await engineResult(generatedTimeFile, CASES[0]!.analysis);
    expect(engine.length).toBeGreaterThan(1000);
    // The same customers and figures as with the timestamp in one column.
    expect(differences(engine, (await both(generatedFile, CASES[0]!)).engine)).toEqual([]);
    expect(differences(await duckdbTimeResult(generatedTimeFile, CASES[0]!.analysis), engine)).toEqual([]);
  }, 60_000);

  it('refuses columns it does not know, and a table RFM cannot run on', () => {
    expect(() => analysisSql(defaultAnalysis(), { dialect: DUCKDB, columns: ['customer', 'date', 'revenue'] })).toThrow(
      '--columns: unknown column "revenue"; columns are invoice, customer, date, time, sku, description, quantity, price, amount, cancelled',
    );
    expect(() => analysisSql(defaultAnalysis(), { dialect: DUCKDB, columns: ['customer', 'quantity'] })).toThrow(
      '--columns: RFM needs date, price (with quantity where a line holds several units), or amount',
    );
  });

  it('leaves out the lines of cancelled orders (a cancelled column) as if they were not in the table, unless kept', async () => {
    const sql: SqlPort & { close(): void } = await openNativeDuckDb();
    try {
      // Every invoice ending in 7 (not a C-invoice) is a cancelled order.
      await sql.exec(TRANSACTIONS_FROM_CSV(generatedFile));
      await sql.exec(
        `ALTER TABLE transactions ADD COLUMN cancelled BOOLEAN; UPDATE transactions SET cancelled = (invoice LIKE '%7' AND invoice NOT LIKE 'C%')`,
      );
      const flagged = Number(firstRow(await sql.query('SELECT count(*) FILTER (WHERE cancelled) AS n FROM transactions')).n);
      expect(flagged).toBeGreaterThan(1000);
      const columns = [...DEFAULT_TRANSACTION_COLUMNS, 'cancelled'];
      const run = async (a: Analysis, cols?: string[]) =>
        normalise(tableRows(await sql.query(analysisSql(a, { dialect: DUCKDB, ...(cols ? { columns: cols } : {}) }))));
      const kept = withOptions((a) => {
        a.cleaning.implausible.exclude = a.cleaning.implausible.exclude.filter((k) => k !== 'cancelled_order');
      });
      const [withFlag, keptWithFlag, whole] = [await run(defaultAnalysis(), columns), await run(kept, columns), await run(defaultAnalysis())];
      expect(differences(keptWithFlag, whole)).toEqual([]);
      await sql.exec('DELETE FROM transactions WHERE cancelled');
      const without = await run(defaultAnalysis());
      expect(differences(withFlag, without)).toEqual([]);
      expect(differences(withFlag, whole)).not.toEqual([]);
    } finally {
      sql.close();
    }
  }, 60_000);

  for (const c of CASES) {
    it(`a till's receipts numbered from 1 every day, read as a number on one day: ${c.name}`, async () => {
      const daily: Analysis = { ...c.analysis, sources: { ...c.analysis.sources, orderNumbers: 'daily' } };
      const engine = await engineResult(restartFile, daily);
      expect(engine.length).toBeGreaterThan(1000);
      // Found on the data as well, and the orders are the original file's.
      expect(differences(await engineResult(restartFile, c.analysis), engine)).toEqual([]);
      expect(differences(engine, (await both(generatedFile, c)).engine)).toEqual([]);
      expect(differences(await duckdbResult(restartFile, daily), engine)).toEqual([]);
      // Taken as they are, the numbers merge orders: fewer of them.
      const unique = await duckdbResult(restartFile, c.analysis);
      expect(unique.reduce((n, r) => n + r.frequency, 0)).toBeLessThan(engine.reduce((n, r) => n + r.frequency, 0));
    }, 60_000);
  }

  it('ties fixture, by hand: cleaning, ids and the quantile definition', async () => {
    const { duckdb } = await both(tiesFile, CASES[0]!);
    // Byte order of ids; "17850.0" is "17850"; "Zed" and "zed" are two customers; the guest is none.
    expect(duckdb.map((r) => r.customer_id)).toEqual(['10', '17850', '9', 'ABC', 'B2', 'C3', 'Zed', 'a1', 'b10', 'zed', 'é5']);
    const byId = new Map(duckdb.map((r) => [r.customer_id, r]));
    // The last kept line is 2024-06-10 (the guest's 06-12 and a1's zero-quantity 06-11 are removed): snapshot 2024-06-11.
    expect(byId.get('10')).toMatchObject({ recency_days: 1, frequency: 2, monetary: 20 });
    // 1985 line excluded (early_date).
    expect(byId.get('9')).toMatchObject({ recency_days: 1, frequency: 1, monetary: 20, first_purchase: '2024-06-10' });
    // C1006 cancels (one line matching the original, one negative); C2001 matches no original: a sale.
    expect(byId.get('C3')).toMatchObject({ frequency: 2, monetary: 35, last_purchase: '2024-04-20' });
    // The duplicate, POSTAGE and "Frais de pórt" removed.
    expect(byId.get('a1')).toMatchObject({ frequency: 1, monetary: 20 });
    // Junk descriptions, the return and the zero price removed.
    expect(byId.get('b10')).toMatchObject({ frequency: 1, monetary: 35, recency_days: 52 });
    expect(byId.get('17850')).toMatchObject({ frequency: 2, monetary: 20 });
    for (const [key, higher, score] of [
      ['recency_days', false, 'r_score'],
      ['frequency', true, 'f_score'],
      ['monetary', true, 'm_score'],
    ] as const) {
      expect(duckdb.map((r) => r[score])).toEqual(quantileByDefinition(duckdb, 5, key, higher));
    }
  }, 60_000);
});

describe('segment-studio sql', () => {
  it('writes the query of the analysis file, and refuses an unknown dialect by name', async () => {
    const file = path.join(dir, 'analysis.json');
    writeFileSync(file, JSON.stringify({ ...CASES[1]!.analysis, sources: { paths: ['ties.csv'] } }));
    const out = path.join(dir, 'export.sql');
    expect(await main(['sql', file, '--dialect', 'postgres', '--table', 'sales.order_lines', '--out', out])).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(analysisSql(CASES[1]!.analysis, { dialect: POSTGRES, table: 'sales.order_lines' }));
    const errors: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => errors.push(String(chunk)) > 0) as typeof process.stderr.write;
    try {
      expect(await main(['sql', file, '--dialect', 'oracle'])).toBe(1);
      expect(await main(['sql', file, '--dialect', 'duckdb', '--table', 'x; DROP TABLE y'])).toBe(1);
    } finally {
      process.stderr.write = write;
    }
    expect(errors.join('')).toContain('--dialect must be one of duckdb, postgres, got "oracle"');
    expect(errors.join('')).toContain('--table: "x; DROP TABLE y" is not a table name');
  });
});

describe.skipIf(PG_SKIP_REASON !== undefined)(
  `SQL export on PostgreSQL equals the engine, customer by customer${PG_SKIP_REASON ? ` (skipped: ${PG_SKIP_REASON})` : ''}`,
  () => {
    let client: pg.Client;
    let schema: { name: string; drop: () => Promise<void> };
    beforeAll(async () => {
      client = await connectPg();
      schema = await freshSchema(client, 'ss_sql_export');
    });
    afterAll(async () => {
      await schema?.drop();
      await client?.end();
    });

    /** The lines into a PostgreSQL table; ids in a language's collation, so only COLLATE "C" gives byte order. */
    async function load(table: string, lines: unknown[][]) {
      const icu = (await client.query(`SELECT 1 FROM pg_collation WHERE collname = 'und-x-icu'`)).rowCount === 1;
      await client.query(`CREATE TABLE ${table} (invoice text, customer text ${icu ? 'COLLATE "und-x-icu"' : ''}, date timestamp, sku text,
      description text, quantity double precision, price double precision, country text)`);
      await insertRows(client, table, ['invoice', 'customer', 'date', 'sku', 'description', 'quantity', 'price', 'country'], lines);
    }

    async function pgResult(table: string, a: Analysis): Promise<CustomerRow[]> {
      return normalise((await client.query(analysisSql(a, { dialect: POSTGRES, table }))).rows);
    }

    for (const [i, c] of CASES.entries()) {
      it(`an order table without invoice numbers (customer, date, amount): ${c.name}`, async () => {
        const engine = await engineResult(ordersFile, c.analysis);
        const table = `${schema.name}.orders`;
        if (i === 0) {
          await client.query(`CREATE TABLE ${table} (customer text, date timestamp, amount double precision)`);
          await insertRows(client, table, [...ORDERS_COLUMNS], orderLines(generatedFile));
        }
        const rows = (await client.query(analysisSql(c.analysis, { dialect: POSTGRES, table, columns: ORDERS_COLUMNS }))).rows;
        expect(differences(normalise(rows), engine)).toEqual([]);
      }, 120_000);
    }

    for (const [i, c] of CASES.entries()) {
      it(`lines of items without invoice numbers, each visit one order: ${c.name}`, async () => {
        const engine = await engineResult(itemLinesFile, c.analysis);
        const table = `${schema.name}.item_lines`;
        if (i === 0) await load(table, csvLines(generatedFile));
        const rows = (await client.query(analysisSql(c.analysis, { dialect: POSTGRES, table, columns: ITEM_LINES_COLUMNS }))).rows;
        expect(differences(normalise(rows), engine)).toEqual([]);
      }, 120_000);
    }

    for (const [i, c] of CASES.entries()) {
      it(`a till's receipts numbered from 1 every day, read as a number on one day: ${c.name}`, async () => {
        const daily: Analysis = { ...c.analysis, sources: { ...c.analysis.sources, orderNumbers: 'daily' } };
        const engine = await engineResult(restartFile, daily);
        const table = `${schema.name}.restart`;
        if (i === 0) await load(table, csvLines(restartFile));
        expect(differences(await pgResult(table, daily), engine)).toEqual([]);
      }, 120_000);
    }

    for (const [i, c] of CASES.entries()) {
      it(`the date and its time of day in two columns (a time column): ${c.name}`, async () => {
        const engine = await engineResult(tiesTimeFile, c.analysis);
        const table = `${schema.name}.ties_time`;
        if (i === 0) {
          await client.query(`CREATE TABLE ${table} (invoice text, customer text, date date, time time, sku text, description text,
            quantity double precision, price double precision)`);
          const rows = csvLines(`${TIES_CSV}${SAME_BUT_TIME}`).map(([invoice, customer, date, sku, description, quantity, price]) => {
            const [day, time] = typeof date === 'string' ? date.split(' ') : [null, null];
            return [invoice, customer, day, time, sku, description, quantity, price];
          });
          await insertRows(client, table, [...TIME_COLUMNS], rows);
        }
        const rows = (await client.query(analysisSql(c.analysis, { dialect: POSTGRES, table, columns: TIME_COLUMNS }))).rows;
        expect(differences(normalise(rows), engine)).toEqual([]);
      }, 120_000);
    }

    for (const [label, fileOf] of [
      ['generated 30,000 lines', () => generatedFile],
      ['ties fixture', () => tiesFile],
    ] as const) {
      for (const [i, c] of CASES.entries()) {
        it(`${label}: ${c.name}`, async () => {
          const { engine } = await both(fileOf(), c);
          const table = `${schema.name}.${label.startsWith('ties') ? 'ties' : 'generated'}`;
          if (i === 0) await load(table, csvLines(fileOf()));
          expect(differences(await pgResult(table, c.analysis), engine)).toEqual([]);
        }, 120_000);
      }
    }
  },
);
