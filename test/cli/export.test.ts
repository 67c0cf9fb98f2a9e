/**
 * `segment-studio export` on a generated shop with emails, names and phones: the campaign list,
 * the email layout, the per-segment files, recommendations.csv and manifest.json, each checked
 * against values computed here from the input text.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ANOMALY_KINDS, defaultAnalysis, planDataset, serialiseAnalysis } from '../../engine/src/index.ts';
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
    const cols = 'customer_id,segment,email,first_name,last_name,phone,next_best_product';
    const r = run('csv', '--format', 'csv', '--columns', cols);
    const root = path.join(dir, 'csv');
    expect(filesIn(root).sort()).toEqual(['campaign-segments.csv', 'recommendations.csv']);
    const list = table(path.join(root, 'campaign-segments.csv'));
    expect(Object.keys(list[0]!)).toEqual(cols.split(','));
    expect(list.map((x) => x.customer_id).sort()).toEqual([...customers].sort());
    expect(r.customers).toBe(customers.size);
    // A text starting with = or + is written with an apostrophe so spreadsheets never run it.
    const safe = (v: string) => (/^[=+\-@]/.test(v) ? `'${v}` : v);
    for (const x of list) {
      const c = expected.get(x.customer_id!)!;
      expect([x.email, x.first_name, x.last_name, x.phone], x.customer_id).toEqual([c.email, safe(c.first), c.last, safe(c.phone)]);
    }
    // The fixture covers what it was made for: changed addresses, missing ones, customers without a name or phone.
    expect(list.filter((x) => x.email!.includes('@old.')).length).toBeGreaterThan(0);
    expect(list.filter((x) => x.email!.includes('@example.com')).length).toBeGreaterThan(0);
    expect(list.filter((x) => x.first_name === '').length).toBeGreaterThan(0);
    expect(list.filter((x) => x.phone === '').length).toBeGreaterThan(0);
    const m = checkManifest(root);
    expect(m.columns).toEqual(cols.split(','));
    expect(m.suppression).toEqual({ group_by: 'segment', min_group_size: 0, groups: [] });
  }, 120_000);

  it('writes recommendations whose antecedents the customer bought and whose products they did not, first one = next_best_product', () => {
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
      if (rank === 1) expect(list.get(x.customer_id!)!.next_best_product).toBe(x.product_code);
      expect(rank).toBeLessThanOrEqual(3);
    }
    for (const [id, x] of list) if (!ranks.has(id)) expect(x.next_best_product).toBe('');
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
    const r = run('per', '--format', 'per-segment', '--columns', 'customer_id,segment', '--min-group-size', String(cut));
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

  it('refuses an unknown format or column with a one-line message', () => {
    const bad = cli('export', analysisFile, '--out', path.join(dir, 'bad'), '--format', 'xml');
    expect([bad.status, bad.stderr.trim()]).toEqual([1, 'segment-studio: --format must be one of csv, email, per-segment, per-cluster']);
    const col = cli('export', analysisFile, '--out', path.join(dir, 'bad'), '--columns', 'customer_id,shoe_size');
    expect(col.status).toBe(1);
    expect(col.stderr).toContain('--columns: unknown column "shoe_size"');
  });
});
