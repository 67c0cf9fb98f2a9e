/**
 * `segment-studio export` on a generated shop with emails, names and phones: the campaign list,
 * the email layout, the per-segment files, recommendations.csv and manifest.json, each checked
 * against values computed here from the input text.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ANOMALY_KINDS, defaultAnalysis, planDataset, serialiseAnalysis } from '../../engine/src/index.ts';
import { main } from '../../engine/cli/main.ts';
import { csvTable, parseCsv } from '../helpers/csv.ts';

const BIN = new URL('../../bin/segment-studio.mjs', import.meta.url).pathname;
const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Rows as objects by header. */
const table = (file: string) => csvTable(readFileSync(file, 'utf8'));

interface Contact {
  email: string;
  first: string;
  last: string;
  phone: string;
}

describe('segment-studio export', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ss-export-'));
  const data = path.join(dir, 'shop.csv');
  const analysisFile = path.join(dir, 'analysis.json');
  /** Expected contact per customer: the values on the customer's latest line with a value (by invoice time). */
  const expected = new Map<string, Contact>();
  const bought = new Map<string, Set<string>>();
  const customers = new Set<string>();

  beforeAll(() => {
    // The generator's contact columns: names and phones per customer, an email per invoice that some customers changed and some invoices lack.
    const plan = planDataset({ rows: 24_000, customers: 800, seed: 11, contacts: true, anomalyRates: Object.fromEntries(ANOMALY_KINDS.map((k) => [k, 0])) });
    const text = [...plan.csvChunks()].join('');
    const [header, ...rows] = parseCsv(text);
    const at = (h: string) => header!.indexOf(h);
    const latest = new Map<string, { email?: string; when?: string }>();
    for (const f of rows) {
      const [sku, when, id, email] = [f[at('StockCode')]!, f[at('InvoiceDate')]!, f[at('CustomerID')]!, f[at('Email')]!];
      customers.add(id);
      const skus = bought.get(id) ?? new Set<string>();
      skus.add(sku);
      bought.set(id, skus);
      // The most recent non-empty email; on equal times the later line.
      const l = latest.get(id) ?? {};
      if (email !== '' && (l.when === undefined || when >= l.when)) Object.assign(l, { email, when });
      latest.set(id, l);
      expected.set(id, { email: l.email ?? '', first: f[at('First Name')]!, last: f[at('Last Name')]!, phone: f[at('Phone')]! });
    }
    const out = [text.trimEnd()];
    writeFileSync(data, `${out.join('\n')}\n`);
    const a = defaultAnalysis();
    a.sources.paths = ['shop.csv'];
    a.clustering.enabled = false;
    a.baskets.minSupport = 0.002;
    a.baskets.minConfidence = 0.1;
    writeFileSync(analysisFile, serialiseAnalysis(a));
  });

  const run = (out: string, ...flags: string[]) => {
    const r = cli('export', analysisFile, '--out', path.join(dir, out), '--json', ...flags);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    return JSON.parse(r.stdout) as { customers: number; suppressed: { name: string; customers: number }[]; files: string[] };
  };

  /** Every file of an export folder (recursively), '/'-separated; manifest.json and hidden marker files excluded. */
  const filesIn = (root: string, sub = ''): string[] =>
    readdirSync(path.join(root, sub), { withFileTypes: true }).flatMap((e) =>
      e.name.startsWith('.')
        ? []
        : e.isDirectory()
          ? filesIn(root, path.posix.join(sub, e.name))
          : e.name === 'manifest.json' && sub === ''
            ? []
            : [path.posix.join(sub, e.name)],
    );

  /** The manifest lists exactly the files written, with their SHA-256 and size, and the source's. */
  const checkManifest = (root: string) => {
    const m = JSON.parse(readFileSync(path.join(root, 'manifest.json'), 'utf8'));
    expect(m.sources).toEqual([{ name: 'shop.csv', size: readFileSync(data).length, sha256: sha(data) }]);
    expect(m.outputs.map((o: { name: string }) => o.name).sort()).toEqual(filesIn(root).sort());
    for (const o of m.outputs as { name: string; sha256: string; size: number }[]) {
      expect(o.sha256).toBe(sha(path.join(root, o.name)));
      expect(o.size).toBe(readFileSync(path.join(root, o.name)).length);
    }
    return m;
  };

  it('writes the campaign list with the contact values of the input, formula-safe, and a manifest of its hashes', () => {
    const cols = 'customer_id,segment,email,first_name,last_name,phone,next_best_product,next_best_product_name';
    const r = run('csv', '--format', 'csv', '--columns', cols);
    const root = path.join(dir, 'csv');
    expect(filesIn(root).sort()).toEqual(['campaign-segments.csv', 'recommendations.csv']);
    const list = table(path.join(root, 'campaign-segments.csv'));
    expect(Object.keys(list[0]!)).toEqual(cols.split(','));
    expect(list.map((x) => x.customer_id).sort()).toEqual([...customers].sort());
    expect(r.customers).toBe(customers.size);
    // A text starting with = or + is written with an apostrophe so spreadsheets never run it; a
    // phone number is not such a text (the generator's are "+44 7700 9…"), as in the email layout.
    const safe = (v: string) => (/^[=+\-@]/.test(v) ? `'${v}` : v);
    for (const x of list) {
      const c = expected.get(x.customer_id!)!;
      expect([x.email, x.first_name, x.last_name, x.phone], x.customer_id).toEqual([c.email, safe(c.first), c.last, c.phone]);
    }
    expect(list.filter((x) => x.phone!.startsWith('+44 ')).length).toBeGreaterThan(0);
    // The fixture covers what it was made for: changed addresses, missing ones, customers without a name or phone.
    expect(list.filter((x) => x.email!.includes('@old.')).length).toBeGreaterThan(0);
    expect(list.filter((x) => x.email!.includes('@example.com')).length).toBeGreaterThan(0);
    expect(list.filter((x) => x.first_name === '').length).toBeGreaterThan(0);
    expect(list.filter((x) => x.phone === '').length).toBeGreaterThan(0);
    const m = checkManifest(root);
    expect(m.columns).toEqual(cols.split(','));
    expect(m.suppression).toEqual({ group_by: 'segment', min_group_size: 0, groups: [] });
  }, 120_000);

  it('writes recommendations whose antecedents the customer bought and whose products they did not, first one = next_best_product and its name', () => {
    const root = path.join(dir, 'csv');
    const recs = table(path.join(root, 'recommendations.csv'));
    expect(recs.length).toBeGreaterThan(500);
    const list = new Map(table(path.join(root, 'campaign-segments.csv')).map((x) => [x.customer_id!, x]));
    const ranks = new Map<string, number>();
    for (const x of recs) {
      const has = bought.get(x.customer_id!)!;
      for (const a of x.antecedent_codes!.split(' | ')) expect(has.has(a), `${x.customer_id} bought ${a}`).toBe(true);
      expect(has.has(x.product_code!), `${x.customer_id} has not bought ${x.product_code}`).toBe(false);
      expect(x.segment).toBe(list.get(x.customer_id!)!.segment);
      const rank = Number(x.rank);
      expect(rank).toBe((ranks.get(x.customer_id!) ?? 0) + 1);
      ranks.set(x.customer_id!, rank);
      if (rank === 1) {
        expect(list.get(x.customer_id!)!.next_best_product).toBe(x.product_code);
        expect(list.get(x.customer_id!)!.next_best_product_name).toBe(x.product_name);
      }
      expect(rank).toBeLessThanOrEqual(3);
    }
    for (const [id, x] of list) if (!ranks.has(id)) expect([x.next_best_product, x.next_best_product_name]).toEqual(['', '']);
  });

  it('writes the email-marketing layout: only customers with an email, Tags = segment, Phone as a plain number', () => {
    run('email', '--format', 'email', '--columns', 'customer_id,rfm_code,email');
    const root = path.join(dir, 'email');
    const segments = new Map(table(path.join(dir, 'csv', 'campaign-segments.csv')).map((x) => [x.customer_id!, x.segment!]));
    const rows = table(path.join(root, 'campaign-segments.csv'));
    expect(Object.keys(rows[0]!)).toEqual(['Email', 'First Name', 'Last Name', 'Phone', 'Tags', 'customer_id', 'rfm_code']);
    const withEmail = [...expected].filter(([, c]) => c.email !== '').map(([id]) => id);
    expect(rows.map((x) => x.customer_id).sort()).toEqual(withEmail.sort());
    for (const x of rows) {
      const c = expected.get(x.customer_id!)!;
      expect([x.Email, x['First Name'], x['Last Name'], x.Phone, x.Tags]).toEqual([c.email, c.first, c.last, c.phone, segments.get(x.customer_id!)]);
    }
    checkManifest(root);
  });

  it('writes one file per segment holding exactly that segment, and suppresses segments under --min-group-size', () => {
    const segments = new Map(table(path.join(dir, 'csv', 'campaign-segments.csv')).map((x) => [x.customer_id!, x.segment!]));
    const sizes = new Map<string, number>();
    for (const s of segments.values()) sizes.set(s, (sizes.get(s) ?? 0) + 1);
    const smallest = Math.min(...sizes.values());
    const cut = smallest + 1;
    const small = [...sizes].filter(([, n]) => n < cut).map(([s]) => s);
    expect(small.length).toBeGreaterThan(0);
    expect(small.length).toBeLessThan(sizes.size);
    const r = run('per', '--per', 'segment', '--columns', 'customer_id,segment', '--min-group-size', String(cut));
    const root = path.join(dir, 'per');
    const slug = (s: string) =>
      s
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '');
    const kept = [...sizes.keys()].filter((s) => !small.includes(s));
    expect(filesIn(root).sort()).toEqual([...kept.map((s) => `campaign-segments/${slug(s)}.csv`), 'recommendations.csv'].sort());
    for (const s of kept) {
      const rows = table(path.join(root, 'campaign-segments', `${slug(s)}.csv`));
      expect(rows.map((x) => x.customer_id).sort()).toEqual(
        [...segments]
          .filter(([, g]) => g === s)
          .map(([id]) => id)
          .sort(),
      );
      expect(new Set(rows.map((x) => x.segment))).toEqual(new Set([s]));
    }
    const suppressed = small.map((name) => ({ name, customers: sizes.get(name) }));
    expect(r.suppressed).toEqual(suppressed);
    const recs = table(path.join(root, 'recommendations.csv'));
    expect(recs.filter((x) => small.includes(x.segment!))).toEqual([]);
    expect(recs.length).toBeGreaterThan(0);
    expect(checkManifest(root).suppression).toEqual({ group_by: 'segment', min_group_size: cut, groups: suppressed });
  }, 120_000);

  it('takes FILE|FOLDER with --analysis as it takes the analysis first: the same files, byte for byte', () => {
    const a = run('positional', '--columns', 'customer_id,segment,email');
    const r = cli('export', data, '--analysis', analysisFile, '--out', path.join(dir, 'named'), '--columns', 'customer_id,segment,email', '--json');
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(JSON.parse(r.stdout).customers).toBe(a.customers);
    for (const f of ['campaign-segments.csv', 'recommendations.csv']) expect(sha(path.join(dir, 'named', f))).toBe(sha(path.join(dir, 'positional', f)));
    // The manifests differ only in their time.
    const manifest = (d: string) => ({ ...JSON.parse(readFileSync(path.join(dir, d, 'manifest.json'), 'utf8')), time: null });
    expect(manifest('named')).toEqual(manifest('positional'));
  }, 120_000);

  it('takes FILE|FOLDER alone, with the default analysis and the flags on top', () => {
    const r = cli('export', data, '--out', path.join(dir, 'plain'), '--min-support', '0.002', '--min-confidence', '0.1', '--json');
    expect([r.status, r.stderr]).toEqual([0, '']);
    const list = table(path.join(dir, 'plain', 'campaign-segments.csv'));
    expect(list.map((x) => x.customer_id).sort()).toEqual([...customers].sort());
    const m = checkManifest(path.join(dir, 'plain'));
    expect(m.sources.map((s: { name: string }) => s.name)).toEqual(['shop.csv']);
  }, 120_000);

  it('says which chosen columns the data has nothing for: written empty', () => {
    // The sample has no contact columns: no email, no phone (its country is mapped).
    const sample = new URL('../../assets/sample/sample-transactions.csv', import.meta.url).pathname;
    const out = path.join(dir, 'no-contacts');
    const r = cli('export', sample, '--out', out, '--columns', 'customer_id,segment,email,country,phone', '--json');
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).warnings).toContain(
      "the campaign list's email, phone columns are empty: no email or phone column is mapped (--map email=COLUMN)",
    );
    const list = table(path.join(out, 'campaign-segments.csv'));
    expect(list.every((x) => x.email === '' && x.phone === '' && x.country !== '')).toBe(true);
    // The shop with contacts: nothing said.
    const full = cli('export', data, '--out', path.join(dir, 'contacts'), '--columns', 'customer_id,email,phone', '--json');
    expect(JSON.parse(full.stdout).warnings ?? []).not.toContainEqual(expect.stringContaining('columns are empty'));
  }, 120_000);

  it('--segment: a segment in any case or spacing selects it; an unknown segment or cluster stops, naming those there are', () => {
    const sizes = new Map<string, number>();
    for (const x of table(path.join(dir, 'csv', 'campaign-segments.csv'))) sizes.set(x.segment!, (sizes.get(x.segment!) ?? 0) + 1);
    const [name, size] = [...sizes].find(([n]) => n.includes(' '))!;
    const exact = run('seg-exact', '--columns', 'customer_id,segment', '--segment', name);
    const loose = run('seg-loose', '--columns', 'customer_id,segment', '--segment', `  ${name.toLowerCase()} `);
    expect([exact.customers, loose.customers]).toEqual([size, size]);
    expect(sha(path.join(dir, 'seg-loose', 'campaign-segments.csv'))).toBe(sha(path.join(dir, 'seg-exact', 'campaign-segments.csv')));
    const bad = cli('export', analysisFile, '--out', path.join(dir, 'seg-bad'), '--segment', name.slice(0, -1));
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain(`no segment "${name.slice(0, -1)}"; the segments are `);
    for (const n of sizes.keys()) expect(bad.stderr).toContain(`"${n}"`);
    const cluster = cli('export', analysisFile, '--out', path.join(dir, 'seg-bad'), '--per', 'cluster', '--k', '3', '--segment', '7');
    expect(cluster.status).toBe(1);
    expect(cluster.stderr).toMatch(/no cluster "7"; the clusters are "Cluster 1[^"]*", "Cluster 2[^"]*", "Cluster 3[^"]*" \(or their numbers, 1 to 3\)/);
    expect(existsSync(path.join(dir, 'seg-bad'))).toBe(false);
  }, 120_000);

  it('--segment naming a segment with no customers writes no one and says so', () => {
    // Three customers: rfm6 leaves Champions empty.
    const tiny = path.join(dir, 'tiny.csv');
    writeFileSync(
      tiny,
      [
        'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country',
        '1001,A1,RED MUG,2,2025-03-01 10:00,5.00,C1,UK',
        '1002,A2,BLUE MUG,1,2025-03-05 11:00,6.00,C2,UK',
        '1003,A1,RED MUG,1,2025-04-10 12:00,5.00,C1,UK',
        '1004,A3,GREEN MUG,3,2025-05-20 09:00,4.00,C3,UK',
        '',
      ].join('\n'),
    );
    const segment = (...flags: string[]) => cli('segment', tiny, '--out', path.join(dir, 'tiny-seg'), '--json', ...flags);
    const counts = JSON.parse(segment().stdout).segments as { segment: string; customers: number }[];
    const champions = counts.find((s) => s.segment === 'Champions')!;
    expect(champions.customers).toBe(0);
    const r = cli('export', tiny, '--out', path.join(dir, 'tiny-export'), '--per', 'segment', '--segment', 'champions', '--segment', 'At Risk', '--json');
    expect([r.status, r.stderr]).toEqual([0, '']);
    const j = JSON.parse(r.stdout);
    expect(j.notes).toEqual(['segment "Champions" has no customers: the campaign list has nobody from it']);
    expect(j.customers).toBe(counts.find((s) => s.segment === 'At Risk')!.customers);
    expect(j.customers).toBeGreaterThan(0);
    expect(filesIn(path.join(dir, 'tiny-export')).filter((f) => f.startsWith('campaign-'))).toEqual(['campaign-segments/at-risk.csv']);
    const text = cli('export', tiny, '--out', path.join(dir, 'tiny-text'), '--segment', 'Champions');
    expect(text.stdout).toContain('0 customers exported');
    expect(text.stdout).toContain('segment "Champions" has no customers');
  }, 120_000);

  it('refuses bad flags with a one-line message, before reading any data', async () => {
    // In this process (main, stderr captured): a dozen spawned CLIs would take a minute.
    const refused = async (...flags: string[]) => {
      const err: string[] = [];
      const write = process.stderr.write.bind(process.stderr);
      process.stderr.write = ((chunk: string) => err.push(String(chunk)) > 0) as typeof process.stderr.write;
      try {
        expect(await main(['export', analysisFile, '--out', path.join(dir, 'bad'), ...flags]), flags.join(' ')).toBe(1);
      } finally {
        process.stderr.write = write;
      }
      expect(err.join('').split('\n').filter(Boolean)).toHaveLength(1);
      return err.join('').trim();
    };
    expect(await refused('--format', 'xml')).toBe(
      'segment-studio: --format must be one of csv, email, parquet, duckdb (one file per group: --per segment|cluster)',
    );
    expect(await refused('--columns', 'customer_id,shoe_size')).toContain('--columns: unknown column "shoe_size"');
    expect(await refused('--per', 'country')).toBe('segment-studio: --per must be segment or cluster');
    expect(await refused('--format', 'parquet', '--columns', 'customer_id,email')).toBe(
      "segment-studio: --columns is for the csv and email formats; the data mart's tables have fixed columns and customer ids as they are (docs/data-mart.md)",
    );
    expect(await refused('--format', 'duckdb', '--pseudonymise', 'a-long-salt')).toContain('--pseudonymise is for the csv and email formats');
    expect(await refused('--format', 'csv', '--append')).toBe(
      'segment-studio: --append adds to a database: use it with --format duckdb or --to postgres (Parquet: one folder per month)',
    );
    expect(await refused('--format', 'parquet', '--schema', 'bi')).toBe('segment-studio: --schema names the PostgreSQL schema: use it with --to postgres');
    expect(await refused('--to', 'mysql://bi:s3cret@db.example/shop')).toBe(
      'segment-studio: --to takes postgres://USER@HOST/DB, or postgres with $SEGMENT_STUDIO_PG_URL; got "mysql://bi@db.example/shop" (files go to --out with --format parquet or duckdb)',
    );
    expect(await refused('--to', 'postgres://bi@db.example/shop', '--format', 'email')).toBe(
      'segment-studio: --to writes the data mart; give --format parquet or duckdb for files beside it, or no --format',
    );
    const saved = process.env.SEGMENT_STUDIO_PG_URL;
    process.env.SEGMENT_STUDIO_PG_URL = '';
    try {
      expect(await refused('--to', 'postgres')).toBe('segment-studio: --to postgres takes the connection string from $SEGMENT_STUDIO_PG_URL, which is not set');
    } finally {
      if (saved === undefined) delete process.env.SEGMENT_STUDIO_PG_URL;
      else process.env.SEGMENT_STUDIO_PG_URL = saved;
    }
    // Through the command itself: no --out; the old mart command points to export.
    const noOut = cli('export', analysisFile);
    expect([noOut.status, noOut.stderr.trim()]).toEqual([1, 'segment-studio: export needs --out DIR (the files and manifest.json go there)']);
    const mart = cli('mart', analysisFile, '--to', 'parquet:x');
    expect(mart.status).toBe(1);
    expect(mart.stderr).toContain('mart is now part of export');
    expect(existsSync(path.join(dir, 'bad'))).toBe(false);
  }, 120_000);
});
