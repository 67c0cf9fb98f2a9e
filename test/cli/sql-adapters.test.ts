/**
 * The same engine pipeline (load, clean, RFM, scores, segments, baskets) through both SqlPort
 * adapters — DuckDB-WASM's Node bundle (the app's engine) and native DuckDB (the CLI's) — on the
 * bundled sample and on inputs that take the readers' other paths: Windows-1252 transcoding
 * (a registered buffer), decimal commas, gzip, XLSX (a sheet converted to CSV), many files,
 * a source held only in memory, and input errors. Results must be identical.
 */
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'fflate';
import { utils, write } from '@e965/xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EngineError,
  applyRules,
  computeRfm,
  loadBaskets,
  openDataset,
  preset,
  scoreRfm,
  tableRows,
  type DataSource,
  type Dataset,
  type SqlPort,
} from '../../engine/src/index.ts';
import { NodeFileSource, openNodeDuckDb } from '../../engine/cli/node-duckdb.ts';
import { openNativeDuckDb } from '../../engine/cli/native-duckdb.ts';
import { MemorySource, ONLINE_RETAIL_DIR } from '../helpers/engine.ts';

const SAMPLE = new URL('../../assets/sample/sample-transactions.csv', import.meta.url).pathname;
const dir = mkdtempSync(path.join(tmpdir(), 'ss-adapters-'));

type Port = SqlPort & { close(): void };
let wasm: Port;
let native: Port;
beforeAll(async () => {
  wasm = await openNodeDuckDb();
  native = await openNativeDuckDb();
});
afterAll(() => {
  wasm?.close();
  native?.close();
});

/** Fields of one line of the sample (descriptions may be quoted, holding commas). */
function fields(line: string): string[] {
  return [...line.matchAll(/(?:"((?:[^"]|"")*)"|([^,]*))(?:,|$)/g)].slice(0, 8).map((m) => (m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]!));
}

/** The sample's lines (header first); every n-th line keeps the WASM side quick. */
function sampleLines(every = 1): string[] {
  return readFileSync(SAMPLE, 'utf8')
    .trim()
    .split('\n')
    .filter((_, i) => i === 0 || i % every === 0);
}

function sampleRows(every = 1): string[][] {
  return sampleLines(every).map(fields);
}

/** Windows-1252 bytes of a string (the characters used below all exist there). */
function cp1252(text: string): Uint8Array {
  const extra: Record<string, number> = { '€': 0x80, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '–': 0x96 };
  return Uint8Array.from(text, (c) => extra[c] ?? c.charCodeAt(0) & 0xff);
}

/**
 * The sample rewritten as a German export: semicolons, decimal commas, dd.mm.yyyy HH:MM,
 * Windows-1252 with accented letters from the start and € / curly quotes (bytes 0x80-0x9F,
 * which DuckDB's Latin-1 reader refuses, so the file is transcoded and read from a buffer).
 */
function germanFixture(): string {
  const rows = sampleRows(5);
  const out = ['Rechnung;Artikel;Bezeichnung;Menge;Datum;Preis;Kunde;Land'];
  for (const [i, r] of rows.slice(1).entries()) {
    const [inv, sku, desc, qty, date, price, cust, country] = r as [string, string, string, string, string, string, string, string];
    const [d, t] = date.split(' ') as [string, string];
    const [y, m, day] = d.split('-');
    const name = i % 7 === 0 ? `Tasse “Müller” – ${desc} €` : i % 3 === 0 ? `Größe ${desc}` : desc;
    out.push(
      [inv, sku, name, qty, `${day}.${m}.${y} ${t.slice(0, 5)}`, price.replace('.', ','), cust, country === 'Germany' ? 'Deutschland' : country].join(';'),
    );
  }
  const file = path.join(dir, 'de-1252.csv');
  writeFileSync(file, cp1252(`${out.join('\r\n')}\r\n`));
  return file;
}

function gzipFixture(): string {
  const file = path.join(dir, 'sample.csv.gz');
  writeFileSync(file, gzipSync(readFileSync(SAMPLE)));
  return file;
}

function xlsxFixture(): string {
  const rows = sampleRows(4);
  const aoa = [rows[0]!, ...rows.slice(1).map((r) => [r[0], r[1], r[2], Number(r[3]), r[4], Number(r[5]), r[6], r[7]])];
  const wb = utils.book_new();
  utils.book_append_sheet(wb, utils.aoa_to_sheet(aoa), 'Orders');
  const file = path.join(dir, 'sample.xlsx');
  writeFileSync(file, new Uint8Array(write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer));
  return file;
}

/** The sample split into one file per month, as daily/monthly exports arrive. */
function folderFixture(): string[] {
  const [header, ...rest] = sampleLines();
  const byMonth = new Map<string, string[]>();
  for (const line of rest) {
    const k = fields(line)[4]!.slice(0, 7);
    byMonth.set(k, [...(byMonth.get(k) ?? []), line]);
  }
  const sub = path.join(dir, 'months');
  mkdirSync(sub, { recursive: true });
  return [...byMonth.entries()].sort().map(([k, lines]) => {
    const file = path.join(sub, `${k}.csv`);
    writeFileSync(file, `${header}\n${lines.join('\n')}\n`);
    return file;
  });
}

/** Everything the pipeline produces that a front end shows or writes, in plain values. */
async function pipeline(sql: SqlPort, sources: DataSource[]): Promise<Record<string, unknown>> {
  const ds: Dataset = await openDataset(sql, sources);
  // Every line, every column: hashed in blocks by DuckDB's own text form of each row (exact for
  // doubles), and the first lines through the adapter's Arrow conversion (timestamps included).
  const digest = tableRows(
    await sql.query(`SELECT row_id // 20000 AS block, count(*) AS n,
      md5(string_agg(CAST(l AS VARCHAR), chr(10) ORDER BY row_id)) AS h FROM lines l GROUP BY 1 ORDER BY 1`),
  );
  const head = tableRows(await sql.query('SELECT * FROM lines ORDER BY row_id LIMIT 300'));
  const rfm = await computeRfm(sql);
  const quantile = scoreRfm(rfm, { bins: 5, method: 'quantile' });
  const ntile = scoreRfm(rfm, { bins: 5, method: 'ntile' });
  const segments = applyRules(preset('rfm6'), quantile, rfm);
  const baskets = await loadBaskets(sql, { by: 'invoice', item: 'sku' });
  // A SKU sold under several descriptions is named by its most frequent one; when two are
  // equally frequent, loadBaskets' arg_max picks either (DuckDB does not order ties: DuckDB-WASM
  // and native DuckDB are different versions, and on several threads the pick varies from run to
  // run), so those names are left out here.
  const tied = new Set(
    tableRows(
      await sql.query(`SELECT sku FROM (SELECT sku, description, count(*) AS n FROM kept
      WHERE invoice IS NOT NULL AND sku IS NOT NULL GROUP BY sku, description QUALIFY rank() OVER (PARTITION BY sku ORDER BY n DESC) = 1)
    GROUP BY sku HAVING count(*) > 1`),
    ).map((r) => String(r.sku)),
  );
  const names = baskets.itemNames.map((n, i) => (tied.has(baskets.baskets.itemLabels[i]!) ? '(tie)' : n));
  return {
    dataset: ds,
    digest,
    head,
    rfm: {
      ...rfm,
      recencyDays: [...rfm.recencyDays],
      frequency: [...rfm.frequency],
      monetary: [...rfm.monetary],
      firstPurchase: [...rfm.firstPurchase],
      lastPurchase: [...rfm.lastPurchase],
      tenureDays: [...rfm.tenureDays],
      avgOrderValue: [...rfm.avgOrderValue],
    },
    quantile: [[...quantile.r], [...quantile.f], [...quantile.m]],
    ntile: [[...ntile.r], [...ntile.f], [...ntile.m]],
    segments: [...segments.codes],
    baskets: {
      keys: baskets.basketKeys,
      customers: baskets.basketCustomers,
      labels: baskets.baskets.itemLabels,
      names,
      tied: tied.size,
      offsets: [...baskets.baskets.basketOffsets],
      codes: [...baskets.baskets.items],
    },
  };
}

async function both(sources: () => DataSource[]): Promise<{ a: Record<string, unknown>; b: Record<string, unknown> }> {
  const a = await pipeline(wasm, sources());
  const b = await pipeline(native, sources());
  return { a, b };
}

/** Sanity of one side, so that two identical but empty results cannot pass. */
function expectSubstance(r: Record<string, unknown>, minCustomers: number): void {
  const ds = r.dataset as Dataset;
  expect(ds.report.rows_kept).toBeGreaterThan(0);
  expect((r.rfm as { customerIds: string[] }).customerIds.length).toBeGreaterThanOrEqual(minCustomers);
  expect((r.digest as { n: number }[]).reduce((t, d) => t + d.n, 0)).toBe(ds.report.rows_read);
}

function expectSame(b: Record<string, unknown>, a: Record<string, unknown>): void {
  expect(b).toEqual(a);
}

describe('DuckDB-WASM (Node) and native DuckDB give identical results', () => {
  it('the bundled sample', async () => {
    const { a, b } = await both(() => [new NodeFileSource(SAMPLE)]);
    expectSubstance(a, 100);
    expectSame(b, a);
  });

  it('Windows-1252 with €, semicolons, decimal commas and dd.mm.yyyy (transcoded buffer)', async () => {
    const file = germanFixture();
    const { a, b } = await both(() => [new NodeFileSource(file)]);
    expectSubstance(a, 50);
    const ds = a.dataset as Dataset;
    expect(ds.sources[0]!.format).toMatchObject({ encoding: 'latin-1', delimiter: ';' });
    expect((a.head as { description: string }[]).some((l) => l.description.includes('“Müller” –') && l.description.endsWith('€'))).toBe(true);
    expectSame(b, a);
  });

  it('times written with words, in the date column and in a column of their own (one list of rules, two regular-expression engines)', async () => {
    const words = ['às 16:10', 'a las 9:05', 'um 08.30 Uhr', '17:45 hs.', '11h20', '- 13:00', '1:10 p.\u00a0m.', 'at 7:15 AM'];
    const times = ['16:10', '09:05', '08:30', '17:45', '11:20', '13:00', '13:10', '07:15'];
    let latest = '';
    const inDate = ['Pedido;Data;Cliente;SKU;Quantidade;Preço'];
    const ownColumn = ['Pedido;Data;Hora;Cliente;SKU;Quantidade;Preço'];
    for (let i = 0; i < 120; i++) {
      const [d, m] = [String(1 + (i % 28)).padStart(2, '0'), `0${1 + (i % 9)}`];
      const day = `${d}/${m}/2025`;
      const at = `2025-${m}-${d} ${times[i % times.length]}:00`;
      if (at > latest) latest = at;
      const rest = `C${i % 11};P${i % 6};${1 + (i % 3)};${(3 + (i % 7)).toFixed(2).replace('.', ',')}`;
      inDate.push(`${5000 + i};${day} ${words[i % words.length]};${rest}`);
      ownColumn.push(`${5000 + i};${day};${words[i % words.length]!.replace(/^(às|a las|um|-|at) /, '')};${rest}`);
    }
    for (const [name, lines] of [
      ['in-date.csv', inDate],
      ['own-column.csv', ownColumn],
    ] as const) {
      const bytes = new TextEncoder().encode(`${lines.join('\n')}\n`);
      const { a, b } = await both(() => [new MemorySource(name, bytes)]);
      expectSubstance(a, 11);
      const ds = a.dataset as Dataset;
      expect(ds.canonical.parseIssues, name).toEqual([]);
      expect(ds.report.date_max, name).toBe(latest);
      expectSame(b, a);
    }
  });

  it('gzip', async () => {
    const file = gzipFixture();
    const { a, b } = await both(() => [new NodeFileSource(file)]);
    expectSubstance(a, 100);
    expect((a.dataset as Dataset).sources[0]!.format.compression).toBe('gzip');
    expectSame(b, a);
  });

  it('XLSX (sheet converted to CSV, registered as a buffer)', async () => {
    const file = xlsxFixture();
    const { a, b } = await both(() => [new NodeFileSource(file)]);
    expectSubstance(a, 50);
    expect((a.dataset as Dataset).sources[0]).toMatchObject({ kind: 'xlsx', sheet: 'Orders' });
    expectSame(b, a);
  });

  it('a folder of files, one given twice (left out as a copy), and a source held in memory under a name taken', async () => {
    const files = folderFixture();
    expect(files.length).toBeGreaterThan(3);
    // Another month's lines but its last, in memory, named as the second file.
    const text = readFileSync(files[2]!, 'utf8');
    const memory = new MemorySource(path.basename(files[1]!), new TextEncoder().encode(text.slice(0, text.lastIndexOf('\n', text.length - 2) + 1)));
    const { a, b } = await both(() => [...files.map((f) => new NodeFileSource(f)), new NodeFileSource(files[1]!), memory]);
    expectSubstance(a, 100);
    const ds = a.dataset as Dataset;
    expect(ds.sources.map((s) => s.name)).toEqual([...files.map((f) => path.basename(f)), `${path.basename(files[1]!)} (2)`]);
    expect(ds.copies).toEqual([{ name: path.basename(files[1]!), of: path.basename(files[1]!), bytes: readFileSync(files[1]!).length }]);
    expect((b.dataset as Dataset).copies).toEqual(ds.copies);
    expectSame(b, a);
  });

  it('monthly files whose columns differ: the first two without Country, one with its columns in another order', async () => {
    const files = folderFixture().map((f, i) => {
      const [header, ...lines] = readFileSync(f, 'utf8').trim().split('\n');
      const rows = [header!, ...lines].map(fields);
      const out = path.join(dir, `changed-${path.basename(f)}`);
      // The sample's columns: Country last. Month 3's reversed.
      const kept = rows.map((r) => (i < 2 ? r.slice(0, 7) : i === 2 ? [...r].reverse() : r));
      writeFileSync(out, `${kept.map((r) => r.map((v) => (/[",]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',')).join('\n')}\n`);
      return out;
    });
    const { a, b } = await both(() => files.map((f) => new NodeFileSource(f)));
    expectSubstance(a, 100);
    const ds = a.dataset as Dataset;
    expect(ds.sources.map((s) => s.missingColumns)).toEqual(files.map((_, i) => (i < 2 ? ['Country'] : undefined)));
    const byFile = tableRows(await native.query('SELECT source_file AS f, count(country) AS c, count(*) AS n FROM lines GROUP BY 1 ORDER BY 1'));
    expect(byFile.map((r) => Number(r.c) === 0)).toEqual(files.map((_, i) => i < 2));
    expectSame(b, a);
  });

  it('Online Retail, 305 daily files', async () => {
    const { readdirSync } = await import('node:fs');
    const files = readdirSync(ONLINE_RETAIL_DIR)
      .filter((f) => f.endsWith('.csv'))
      .sort();
    const { a, b } = await both(() => files.map((f) => new NodeFileSource(path.join(ONLINE_RETAIL_DIR, f), f)));
    expectSubstance(a, 4000);
    expectSame(b, a);
  });

  it('Parquet: native DuckDB reads it like the CSV it was written from; DuckDB-WASM refuses it by name', async () => {
    const file = path.join(dir, 'sample.parquet');
    await native.exec(`COPY (SELECT * FROM read_csv(${`'${SAMPLE.replace(/'/g, "''")}'`})) TO ${`'${file.replace(/'/g, "''")}'`} (FORMAT parquet)`);
    const fromCsv = await pipeline(wasm, [new NodeFileSource(SAMPLE, 'sample.parquet')]);
    const fromParquet = await pipeline(native, [new NodeFileSource(file)]);
    expectSubstance(fromParquet, 100);
    expect((fromParquet.dataset as Dataset).sources[0]!.kind).toBe('parquet');
    // Typed Parquet columns come back as the text the CSV held (ids, prices, timestamps).
    const { dataset: _a, ...restCsv } = fromCsv;
    const { dataset: _b, ...restParquet } = fromParquet;
    expect(restParquet).toEqual(restCsv);
    expect((fromParquet.dataset as Dataset).report).toEqual((fromCsv.dataset as Dataset).report);
    const err = await openDataset(wasm, [new NodeFileSource(file)]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).describe()).toMatch(/^sample\.parquet: Parquet files are read by the command line/);
  });

  it('input errors read the same, naming file and row', async () => {
    const cases: [string, string][] = [
      ['ragged.csv', 'a,b,c\n1,2,3\n4,5,6,7\n'],
      ['quote.csv', 'a,b,c\n1,"2,3\n4,5,6\n'],
      ['header-only.csv', 'invoice,customer,date\n'],
    ];
    for (const [name, text] of cases) {
      const file = path.join(dir, name);
      writeFileSync(file, text);
      const ea = await openDataset(wasm, [new NodeFileSource(file)]).catch((e: unknown) => e);
      const eb = await openDataset(native, [new NodeFileSource(file)]).catch((e: unknown) => e);
      expect(ea, name).toBeInstanceOf(EngineError);
      expect((ea as EngineError).describe()).toContain(name);
      expect(eb, name).toBeInstanceOf(EngineError);
      expect((eb as EngineError).describe(), name).toBe((ea as EngineError).describe());
    }
  });
});

describe('native DuckDB adapter', () => {
  it('returns the Arrow types DuckDB-WASM returns', async () => {
    const q = `SELECT 1::TINYINT a, 2::SMALLINT b, 3::INTEGER c, 4::BIGINT d, 5::UINTEGER e, 1.5::FLOAT f, 2.25::DOUBLE g,
      'héllo' h, NULL::VARCHAR h2, DATE '2011-12-09' i, TIMESTAMP '2011-12-09 12:50:00.123456' j, 12.34::DECIMAL(10,2) k,
      -7::HUGEINT l, true m, NULL::BOOLEAN m2, NULL::INTEGER n FROM range(3)`;
    const ta = await wasm.query(q);
    const tb = await native.query(q);
    expect(tb.schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual(ta.schema.fields.map((f) => `${f.name}:${f.type}`));
    expect(tb.numRows).toBe(3);
    const plain = (t: typeof ta) => tableRows(t).map((r) => ({ ...r, k: String(r.k), l: String(r.l) }));
    expect(plain(tb)).toEqual(plain(ta));
    expect(String(tb.getChild('k')!.get(0))).toBe(String(ta.getChild('k')!.get(0)));
    expect(String(tb.getChild('l')!.get(0))).toBe('-7');
    expect(tb.getChild('c')!.toArray()).toEqual(ta.getChild('c')!.toArray());
  });

  it('runs on one thread by default, keeps spill files out of the working directory, loads no extensions', async () => {
    const t = tableRows(
      await native.query(`SELECT current_setting('threads') AS t, current_setting('temp_directory') AS d, current_setting('autoload_known_extensions') AS x`),
    )[0]!;
    expect(Number(t.t)).toBe(1);
    expect(path.isAbsolute(String(t.d))).toBe(true);
    expect(String(t.d).startsWith(process.cwd())).toBe(false);
    expect(t.x).toBe(false);
  });

  it('on several threads, sums of doubles may differ in their last bits only', async () => {
    const multi = await openNativeDuckDb({ threads: 2 });
    try {
      const { readdirSync } = await import('node:fs');
      const files = readdirSync(ONLINE_RETAIL_DIR)
        .filter((f) => f.endsWith('.csv'))
        .sort();
      const sources = () => files.map((f) => new NodeFileSource(path.join(ONLINE_RETAIL_DIR, f), f));
      await openDataset(native, sources());
      const one = await computeRfm(native);
      await openDataset(multi, sources());
      const two = await computeRfm(multi);
      expect(two.customerIds).toEqual(one.customerIds);
      expect([...two.frequency]).toEqual([...one.frequency]);
      expect([...two.recencyDays]).toEqual([...one.recencyDays]);
      const worst = one.monetary.reduce((w, x, i) => Math.max(w, Math.abs(x - two.monetary[i]!) / Math.max(1, Math.abs(x))), 0);
      expect(worst).toBeLessThan(1e-12);
    } finally {
      multi.close();
    }
  });
});
