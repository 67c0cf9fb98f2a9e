import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultAnalysis, parseAnalysis, parseCsv, serialiseAnalysis } from '../../engine/src/index.ts';
import { ONLINE_RETAIL_DIR } from '../helpers/engine.ts';

const BIN = new URL('../../bin/segment-studio.mjs', import.meta.url).pathname;
const SAMPLE = new URL('../../assets/sample/sample-transactions.csv', import.meta.url).pathname;
const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
const tmp = () => mkdtempSync(path.join(tmpdir(), 'ss-run-'));

/** customer_id -> segment from a customers.csv. */
function segmentsOf(file: string): Map<string, string> {
  const rows = parseCsv(readFileSync(file, 'utf8'));
  const id = rows[0]!.indexOf('customer_id'),
    seg = rows[0]!.indexOf('segment');
  return new Map(rows.slice(1).map((r) => [r[id]!, r[seg]!]));
}

describe('segment-studio run', () => {
  it('runs a saved analysis: every output it asks for, the same customers as `segment` with the same settings', () => {
    const dir = tmp();
    const a = defaultAnalysis();
    a.sources.paths = [path.relative(dir, SAMPLE)];
    a.segments = JSON.parse(JSON.stringify(a.segments));
    a.clustering.k = 3;
    a.baskets.minSupport = 0.02;
    writeFileSync(path.join(dir, 'analysis.json'), serialiseAnalysis(a));
    const r = cli('run', path.join(dir, 'analysis.json'), '--out', path.join(dir, 'out'), '--json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readdirSync(path.join(dir, 'out')).sort()).toEqual([
      '.segment-studio-output', // the output folder's marker: never read back as input
      'analysis.json',
      'campaign-segments.csv',
      'clusters.csv',
      'customers.csv',
      'itemsets.csv',
      'manifest.json',
      'recommendations.csv',
      'rules.csv',
      'segments.csv',
    ]);
    // The manifest: every output's and the source's SHA-256, checked against node:crypto.
    const manifest = JSON.parse(readFileSync(path.join(dir, 'out', 'manifest.json'), 'utf8'));
    const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
    expect(manifest.sources).toEqual([{ name: 'sample-transactions.csv', size: readFileSync(SAMPLE).length, sha256: sha(SAMPLE) }]);
    expect(manifest.outputs.map((o: { name: string }) => o.name).sort()).toEqual(
      readdirSync(path.join(dir, 'out'))
        .filter((f) => f !== 'manifest.json' && !f.startsWith('.'))
        .sort(),
    );
    for (const o of manifest.outputs as { name: string; sha256: string }[]) expect(o.sha256).toBe(sha(path.join(dir, 'out', o.name)));
    expect(manifest.clustering).toMatchObject({ k: 3, seed: 42 });
    expect(manifest.rows.read).toBeGreaterThan(manifest.rows.kept);
    const seg = cli('segment', SAMPLE, '--out', path.join(dir, 'seg'), '--k', '3');
    expect(seg.status).toBe(0);
    for (const f of ['customers.csv', 'segments.csv', 'clusters.csv']) {
      expect(readFileSync(path.join(dir, 'out', f), 'utf8')).toBe(readFileSync(path.join(dir, 'seg', f), 'utf8'));
    }
    const bas = cli('baskets', SAMPLE, '--out', path.join(dir, 'bas'), '--min-support', '0.02');
    expect(bas.status).toBe(0);
    for (const f of ['rules.csv', 'itemsets.csv']) expect(readFileSync(path.join(dir, 'out', f), 'utf8')).toBe(readFileSync(path.join(dir, 'bas', f), 'utf8'));
    // The analysis as run is written beside the outputs, with absolute sources: it re-runs as is.
    const again = cli('run', path.join(dir, 'out', 'analysis.json'), '--out', path.join(dir, 'again'));
    expect(again.status).toBe(0);
    expect(readFileSync(path.join(dir, 'again', 'customers.csv'), 'utf8')).toBe(readFileSync(path.join(dir, 'out', 'customers.csv'), 'utf8'));
  });

  it('a contactable campaign list: contact columns from the export, next-best products with their rules as evidence', () => {
    const dir = tmp();
    // The sample with an email and a name per customer, known in advance.
    const [header, ...rows] = parseCsv(readFileSync(SAMPLE, 'utf8')).filter((r) => r.length > 1);
    const cust = header!.indexOf('CustomerID'),
      sku = header!.indexOf('StockCode');
    const email = (id: string) => (id ? `c${id}@example.com` : '');
    const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    writeFileSync(
      path.join(dir, 'shop.csv'),
      `${[[...header!, 'Email', 'Customer Name'], ...rows.map((r) => [...r, email(r[cust]!), r[cust] ? `Customer ${r[cust]}` : ''])]
        .map((r) => r.map(cell).join(','))
        .join('\n')}\n`,
    );
    const history = new Map<string, Set<string>>();
    for (const r of rows) {
      if (!history.has(r[cust]!)) history.set(r[cust]!, new Set());
      history.get(r[cust]!)!.add(r[sku]!);
    }
    const a = defaultAnalysis();
    a.clustering.enabled = false;
    a.baskets.minSupport = 0.01;
    a.export.columns = ['customer_id', 'email', 'name', 'orders', 'segment', 'next_best_product'];
    writeFileSync(path.join(dir, 'analysis.json'), serialiseAnalysis(a));
    const r = cli('run', path.join(dir, 'analysis.json'), path.join(dir, 'shop.csv'), '--out', path.join(dir, 'out'));
    expect(r.stderr).toBe('');
    const campaign = parseCsv(readFileSync(path.join(dir, 'out', 'campaign-segments.csv'), 'utf8'));
    expect(campaign[0]).toEqual(['customer_id', 'email', 'name', 'orders', 'segment', 'next_best_product']);
    const customers = segmentsOf(path.join(dir, 'out', 'customers.csv'));
    expect(campaign.length - 1).toBe(customers.size);
    for (const row of campaign.slice(1)) {
      expect(row[1]).toBe(email(row[0]!));
      expect(row[2]).toBe(`Customer ${row[0]}`);
      expect(row[4]).toBe(customers.get(row[0]!));
    }
    const recs = parseCsv(readFileSync(path.join(dir, 'out', 'recommendations.csv'), 'utf8'));
    expect(recs[0]).toEqual([
      'customer_id',
      'segment',
      'rank',
      'product_code',
      'product_name',
      'antecedent_codes',
      'antecedent_names',
      'support',
      'confidence',
      'lift',
      'score',
    ]);
    expect(recs.length).toBeGreaterThan(100);
    const best = new Map(campaign.slice(1).map((row) => [row[0]!, row[5]!]));
    for (const rec of recs.slice(1)) {
      const bought = history.get(rec[0]!)!;
      for (const item of rec[5]!.split(' | ')) expect(bought.has(item)).toBe(true); // the evidence is in the customer's history
      expect(Number(rec[2])).toBeGreaterThanOrEqual(1);
      expect(Number(rec[10])).toBeCloseTo(Number(rec[8]) * Number(rec[9]), 10);
      if (rec[2] === '1') expect(best.get(rec[0]!)).toBe(rec[3]);
      expect(rec[1]).toBe(customers.get(rec[0]!));
    }
    // Shared pseudonymised: personal columns are refused, not written.
    const p = cli('run', path.join(dir, 'analysis.json'), path.join(dir, 'shop.csv'), '--out', path.join(dir, 'anon'), '--pseudonymise', 'a-long-secret-salt');
    expect(p.status).toBe(1);
    expect(p.stderr).toMatch(/never carry personal columns; remove email, name/);
  });

  it('a mapped column renamed in the new export: the role is detected afresh and said, never blamed on a --map not passed', () => {
    const dir = tmp();
    const header = 'InvoiceNo,InvoiceDate,UnitPrice,Quantity,StockCode,CustomerID,EMAIL';
    const lines = ['1,2025-10-01,2.50,2,P1,C1,ann@example.org', '2,2025-10-02,4.00,1,P2,C2,bob@example.org', '3,2025-10-03,1.50,3,P1,C3,cy@example.org'];
    writeFileSync(path.join(dir, 'nov.csv'), [header.replace('EMAIL', 'E-mail Address'), ...lines].join('\n'));
    const a = defaultAnalysis();
    a.mapping = { email: 'Email', customer: 'CustomerID' };
    a.clustering.enabled = false;
    a.baskets.enabled = false;
    a.export.columns = ['email'];
    writeFileSync(path.join(dir, 'a.json'), serialiseAnalysis(a));
    const r = cli('run', path.join(dir, 'a.json'), path.join(dir, 'nov.csv'), '--out', path.join(dir, 'out'));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(
      'warning: the analysis maps email to "Email", which these files do not have: email was detected afresh, and is read from "E-mail Address"',
    );
    const list = parseCsv(readFileSync(path.join(dir, 'out', 'campaign-segments.csv'), 'utf8'));
    const email = list[0]!.indexOf('email');
    expect(
      list
        .slice(1)
        .map((row) => row[email])
        .sort(),
    ).toEqual(['ann@example.org', 'bob@example.org', 'cy@example.org']);
    // The analysis as run pins the roles still set by hand, not the saved column these files lack
    // (the app's analysis after such a re-run): the next run detects email again, and says nothing.
    const asRun = parseAnalysis(JSON.parse(readFileSync(path.join(dir, 'out', 'analysis.json'), 'utf8')));
    expect(asRun.mapping).toEqual({ customer: 'CustomerID' });
    const next = cli('run', path.join(dir, 'out', 'analysis.json'), path.join(dir, 'nov.csv'), '--out', path.join(dir, 'next'));
    expect(next.status, next.stderr).toBe(0);
    expect(next.stdout).not.toContain('detected afresh');
    expect(readFileSync(path.join(dir, 'next', 'campaign-segments.csv'), 'utf8')).toBe(readFileSync(path.join(dir, 'out', 'campaign-segments.csv'), 'utf8'));
    // export shares the pipeline; a role then needed and found nowhere stops with the saved column and the file's columns.
    writeFileSync(
      path.join(dir, 'anon.csv'),
      [header.replace('CustomerID', 'Zz').replace(',EMAIL', ''), ...lines.map((l) => l.replace(/,[^,]*$/, ''))].join('\n'),
    );
    const e = cli('export', path.join(dir, 'a.json'), path.join(dir, 'anon.csv'), '--out', path.join(dir, 'out2'));
    expect(e.status).toBe(1);
    expect(e.stderr.trim()).toBe(
      'segment-studio: RFM needs customer; the analysis maps customer to "CustomerID", which these files do not have, and no other column was found: map it to one of their columns (InvoiceNo, InvoiceDate, UnitPrice, Quantity, StockCode, Zz)',
    );
    // --map given on the command line names a column of these files: still refused, naming the flag.
    const m = cli('run', path.join(dir, 'a.json'), path.join(dir, 'nov.csv'), '--out', path.join(dir, 'out3'), '--map', 'email=Email');
    expect(m.status).toBe(1);
    expect(m.stderr).toMatch(/--map email=Email: no such column/);
  });

  it('few baskets: run and baskets say the minimum support is under two baskets and that the output was capped; --compare does not list the rules as changes', () => {
    const dir = tmp();
    // Three days of the sample: 81 baskets, so 1% of them is under one basket.
    const sample = readFileSync(SAMPLE, 'utf8').split('\n');
    writeFileSync(path.join(dir, 'days.csv'), [sample[0], ...sample.filter((l) => /,2024-12-0[1-3] /.test(l))].join('\n'));
    const a = defaultAnalysis();
    a.clustering.enabled = false;
    writeFileSync(path.join(dir, 'a.json'), serialiseAnalysis(a));
    const floor =
      'minimum support 0.01 of 81 baskets is 0.81 baskets: an itemset bought together in a single basket counts as frequent, so a rule can rest on one purchase; a minimum support of 0.024 (2 baskets) or more keeps only itemsets seen at least twice';
    const first = cli('run', path.join(dir, 'a.json'), path.join(dir, 'days.csv'), '--out', path.join(dir, 'prev'), '--json');
    expect(first.status).toBe(0);
    const j = JSON.parse(first.stdout);
    expect(j.warnings).toContain(floor);
    expect(j.baskets).toBe(81);
    expect({ rules: j.rules, truncated: j.truncated }).toEqual({ rules: 5000, truncated: true });
    const again = cli('run', path.join(dir, 'a.json'), path.join(dir, 'days.csv'), '--out', path.join(dir, 'now'), '--compare', path.join(dir, 'prev'));
    expect(again.status).toBe(0);
    expect(again.stdout).toContain(`warning: ${floor}`);
    expect(again.stdout).toContain('81 baskets, ');
    expect(again.stdout).toContain(' 5000 rules (output capped: raise minSupport)');
    expect(again.stdout).toContain(
      "rules not compared: this run's rules were capped at 5,000 and rest on single baskets (minimum support under 2 baskets), and the previous run's rules were capped at 5,000 and rest on single baskets",
    );
    expect(again.stdout).not.toMatch(/rules: \d+ new/);
    expect(readdirSync(path.join(dir, 'now'))).not.toContain('rule-changes.csv');
    // At a support of two baskets and more the runs' rules are compared (the same data: nothing new or lost).
    a.baskets.minSupport = 0.05;
    writeFileSync(path.join(dir, 'a5.json'), serialiseAnalysis(a));
    cli('run', path.join(dir, 'a5.json'), path.join(dir, 'days.csv'), '--out', path.join(dir, 'prev5'));
    const sound = cli('run', path.join(dir, 'a5.json'), path.join(dir, 'days.csv'), '--out', path.join(dir, 'now5'), '--compare', path.join(dir, 'prev5'));
    expect(sound.stdout).not.toContain('minimum support 0.05');
    expect(sound.stdout).toContain('rules: 0 new, 0 lost');
    // `baskets` says it too.
    const b = cli('baskets', path.join(dir, 'days.csv'), '--out', path.join(dir, 'b'));
    expect(b.status).toBe(0);
    expect(b.stdout).toContain(`warning: ${floor}`);
  });

  it('exits non-zero with one line naming the file and the field on a bad analysis', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ version: 1, clustering: { k: 'many' } }));
    const r = cli('run', path.join(dir, 'bad.json'), SAMPLE, '--out', dir);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/bad\.json: invalid analysis: clustering\.k/);
  });

  it('on Online Retail split into two periods, reports the segment migration and rule changes between them', () => {
    const dir = tmp();
    const files = readdirSync(ONLINE_RETAIL_DIR)
      .filter((f) => f.endsWith('.csv'))
      .sort();
    const first = files.filter((f) => f < '2011-06-01').map((f) => path.join(ONLINE_RETAIL_DIR, f));
    const second = files.filter((f) => f >= '2011-06-01').map((f) => path.join(ONLINE_RETAIL_DIR, f));
    const a = defaultAnalysis();
    a.clustering.enabled = false;
    writeFileSync(path.join(dir, 'analysis.json'), serialiseAnalysis(a));
    const p1 = cli('run', path.join(dir, 'analysis.json'), ...first, '--out', path.join(dir, 'h1'));
    expect(p1.stderr).toBe('');
    const p2 = cli('run', path.join(dir, 'analysis.json'), ...second, '--out', path.join(dir, 'h2'), '--compare', path.join(dir, 'h1'), '--json');
    expect(p2.stderr).toBe('');
    const c = JSON.parse(p2.stdout).comparison;
    // Independent: the two customers.csv files, customer by customer.
    const before = segmentsOf(path.join(dir, 'h1', 'customers.csv'));
    const after = segmentsOf(path.join(dir, 'h2', 'customers.csv'));
    let stayed = 0,
      moved = 0,
      added = 0;
    for (const [id, s] of after) {
      const b = before.get(id);
      if (b === undefined) added++;
      else if (b === s) stayed++;
      else moved++;
    }
    const gone = [...before.keys()].filter((id) => !after.has(id)).length;
    expect({ stayed: c.stayed, moved: c.moved, new: c.new, gone: c.gone }).toEqual({ stayed, moved, new: added, gone });
    expect(stayed + moved).toBeGreaterThan(1000);
    const total = (c.matrix.counts as number[][]).flat().reduce((x, y) => x + y, 0);
    expect(total).toBe(after.size + gone);
    const champions = c.matrix.before.indexOf('Champions'),
      atRisk = c.matrix.after.indexOf('At Risk');
    const expected = [...after].filter(([id, s]) => s === 'At Risk' && before.get(id) === 'Champions').length;
    expect(c.matrix.counts[champions][atRisk]).toBe(expected);
    const migration = parseCsv(readFileSync(path.join(dir, 'h2', 'migration.csv'), 'utf8'));
    expect(migration[0]).toEqual(['before \\ after', ...c.matrix.after]);
    expect(c.rules_new + c.rules_kept).toBe(parseCsv(readFileSync(path.join(dir, 'h2', 'rules.csv'), 'utf8')).length - 1);
    expect(
      readFileSync(path.join(dir, 'h2', 'rule-changes.csv'), 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('new,')).length,
    ).toBe(c.rules_new);
  });
});
