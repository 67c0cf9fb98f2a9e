import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { zipSync } from 'fflate';
import { defaultAnalysis, headerSignature, serialiseAnalysis } from '../../engine/src/index.ts';
import { GROCERIES_CSV, MLXTEND_BASKETS, ONLINE_RETAIL_DIR } from '../helpers/engine.ts';
import { CDNOW_DIR } from '../engine/clv/cdnow.ts';

const BIN = new URL('../../bin/segment-studio.mjs', import.meta.url).pathname;
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
const tmp = () => mkdtempSync(path.join(tmpdir(), 'ss-cli-'));

describe('segment-studio CLI', () => {
  it('inspect --json prints format, mapping, confidence and report', () => {
    const file = path.join(ONLINE_RETAIL_DIR, '2010-12-01.csv');
    // A config folder of its own: no mapping remembered from elsewhere.
    const out = execFileSync(process.execPath, [BIN, 'inspect', file, '--json', '--clean', 'missing_customer,duplicate'], {
      encoding: 'utf8',
      env: { ...process.env, SEGMENT_STUDIO_CONFIG_DIR: tmp() },
    });
    const j = JSON.parse(out);
    expect(Object.keys(j)).toEqual(['format', 'mapping', 'confidence', 'remembered_mapping', 'layout_signature', 'report']);
    expect(j.remembered_mapping).toBeNull();
    expect(j.layout_signature).toBe(headerSignature(readFileSync(file, 'utf8').split('\n')[0]!.trim().split(',')));
    expect(j.format).toMatchObject({ encoding: 'utf-8', delimiter: ',', decimal_separator: '.' });
    expect(j.mapping.customer).toBe('CustomerID');
    expect(j.report.rules).toEqual(['missing_customer', 'duplicate']);
    expect(j.report.rows_read).toBe(3108);
    expect(j.report.rows_kept + Object.values(j.report.removed as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(3108);
    for (const k of ['customers', 'invoices', 'products', 'revenue', 'date_min', 'date_max']) expect(j.report).toHaveProperty(k);
  });

  it('segment writes customers.csv and segments.csv with the documented columns', () => {
    const dir = tmp();
    const r = run(
      'segment',
      path.join(ONLINE_RETAIL_DIR, '2010-12-01.csv'),
      path.join(ONLINE_RETAIL_DIR, '2010-12-02.csv'),
      '--out',
      dir,
      '--preset',
      'sum5',
      '--k',
      '3',
      '--json',
    );
    expect(r.status, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);
    const customers = readFileSync(path.join(dir, 'customers.csv'), 'utf8').trim().split('\n');
    expect(customers[0]).toBe('customer_id,recency_days,frequency,monetary,first_purchase,last_purchase,r_score,f_score,m_score,rfm_code,segment,cluster');
    expect(customers.length - 1).toBe(summary.customers);
    const segments = readFileSync(path.join(dir, 'segments.csv'), 'utf8').trim().split('\n');
    expect(segments[0]).toMatch(/^segment,customers,share,revenue/);
    expect(segments.slice(1).map((l) => l.split(',')[0])).toEqual(['Champions', 'Loyal', 'Potential Loyalists', 'At Risk', 'Dormant']);
  });

  it('segment and run on one customer: RFM and segments written, clustering skipped and said, no clusters.csv', () => {
    const dir = tmp();
    const one = path.join(dir, 'one.csv');
    writeFileSync(one, 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n1001,A1,RED MUG,2,2025-03-01 10:00,5.00,C1,UK\n');
    const skipped = 'clustering skipped: k-means needs at least 2 customers and the data has 1, so there are no clusters';
    for (const k of [[], ['--k', '1'], ['--k', 'auto']]) {
      const out = path.join(dir, `segment${k.join('')}`);
      const r = run('segment', one, '--out', out, '--json', ...k);
      expect(r.status, r.stderr).toBe(0);
      const j = JSON.parse(r.stdout);
      expect([j.customers, j.clusters, j.warnings.at(-1)]).toEqual([1, undefined, skipped]);
      expect(
        readdirSync(out)
          .filter((f) => !f.startsWith('.'))
          .sort(),
      ).toEqual(['customers.csv', 'segments.csv']);
      const rows = readFileSync(path.join(out, 'customers.csv'), 'utf8').trim().split('\n');
      expect(rows).toHaveLength(2);
      // The cluster column is there, empty, as with clustering off.
      expect(rows[1]!.startsWith('C1,') && rows[1]!.endsWith(',')).toBe(true);
    }
    // run with an analysis asking for clusters: the same customers.csv, the same words.
    const analysis = defaultAnalysis();
    analysis.clustering = { ...analysis.clustering, enabled: true, k: 3 };
    writeFileSync(path.join(dir, 'a.json'), serialiseAnalysis(analysis));
    const r = run('run', path.join(dir, 'a.json'), one, '--out', path.join(dir, 'run'), '--json');
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).warnings).toContain(skipped);
    expect(readdirSync(path.join(dir, 'run'))).not.toContain('clusters.csv');
    expect(readFileSync(path.join(dir, 'run', 'customers.csv'), 'utf8')).toBe(readFileSync(path.join(dir, 'segment', 'customers.csv'), 'utf8'));
    // A campaign list per cluster cannot be: said with the reason.
    const e = run('export', one, '--out', path.join(dir, 'export'), '--per', 'cluster');
    expect([e.status, e.stderr.trim()]).toEqual([1, `segment-studio: grouping by cluster is not possible: ${skipped}`]);
  });

  it('segment reads a zip archive of daily files as those files: the same outputs byte for byte', () => {
    const days = ['2010-12-01.csv', '2010-12-02.csv', '2010-12-03.csv'];
    const dir = tmp();
    const archive = path.join(dir, 'december.zip');
    // Zipped as a file manager does: in a folder, deflated, in another order than their names'.
    writeFileSync(archive, zipSync(Object.fromEntries([...days].reverse().map((d) => [`december/${d}`, readFileSync(path.join(ONLINE_RETAIL_DIR, d))]))));
    const zipped = run('segment', archive, '--out', path.join(dir, 'zipped'), '--k', '3');
    expect(zipped.status, zipped.stderr).toBe(0);
    const files = run('segment', ...days.map((d) => path.join(ONLINE_RETAIL_DIR, d)), '--out', path.join(dir, 'files'), '--k', '3');
    expect(files.status, files.stderr).toBe(0);
    for (const out of ['customers.csv', 'segments.csv', 'clusters.csv']) {
      expect(readFileSync(path.join(dir, 'zipped', out), 'utf8')).toBe(readFileSync(path.join(dir, 'files', out), 'utf8'));
    }
    const inspect = run('inspect', archive, '--json');
    expect(JSON.parse(inspect.stdout).report.per_file.map((f: { file: string }) => f.file)).toEqual(days.map((d) => `december.zip/december/${d}`));
  });

  it('baskets writes rules.csv and itemsets.csv', () => {
    const dir = tmp();
    const r = run('baskets', ONLINE_RETAIL_DIR, '--out', dir, '--min-support', '0.03', '--min-confidence', '0.3', '--json');
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    const rules = readFileSync(path.join(dir, 'rules.csv'), 'utf8').trim().split('\n');
    expect(rules[0]).toBe('antecedent,consequent,antecedent_names,consequent_names,support,confidence,lift,leverage,conviction,count');
    expect(rules.length - 1).toBe(j.rules);
    const itemsets = readFileSync(path.join(dir, 'itemsets.csv'), 'utf8').trim().split('\n');
    expect(itemsets[0]).toBe('items,support,count,length');
    expect(itemsets.length - 1).toBe(j.itemsets);
  });

  it('baskets --segment takes the segment in any case, and stops naming the segments for one that is none of them', () => {
    const day = path.join(ONLINE_RETAIL_DIR, '2010-12-01.csv');
    const r = run('baskets', day, '--out', tmp(), '--min-support', '0.05', '--segment', 'at risk', '--json');
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).segment).toBe('At Risk');
    const bad = run('baskets', day, '--out', tmp(), '--segment', 'Atrisk');
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim()).toMatch(/^segment-studio: --segment: no segment "Atrisk"; the segments are "Champions", .*"At Risk"/);
  });

  it('baskets needs only a basket id and an item column', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'two.csv'), 'order,product\n1,apple\n1,pear\n2,apple\n2,pear\n3,apple\n3,milk\n4,pear\n4,apple\n');
    const r = run('baskets', path.join(dir, 'two.csv'), '--out', dir, '--min-support', '0.5', '--min-confidence', '0.8', '--json');
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ baskets: 4, itemsets: 3, rules: 1 });
    expect(readFileSync(path.join(dir, 'rules.csv'), 'utf8')).toBe(
      'antecedent,consequent,antecedent_names,consequent_names,support,confidence,lift,leverage,conviction,count\npear,apple,pear,apple,0.75,1,1,0,inf,3\n',
    );
  });

  it('groups baskets by visit (a customer’s purchases on one day) when there is no invoice column', () => {
    const dir = tmp();
    const file = path.join(dir, 'members.csv');
    writeFileSync(
      file,
      'Member_number,Date,itemDescription\n7,01-03-2015,soda\n7,01-03-2015,yogurt\n8,02-03-2015,soda\n8,02-03-2015,yogurt\n7,05-03-2015,soda\n',
    );
    expect(run('inspect', file).stdout).toContain("no invoice column: each visit, a customer's purchases on one day, counts as one order and is one basket");
    const r = run('baskets', file, '--out', dir, '--min-support', '0.5', '--min-confidence', '0.6', '--json');
    expect(r.status, r.stderr).toBe(0);
    // Visits: 7 on the 1st (soda, yogurt), 8 on the 2nd (soda, yogurt), 7 on the 5th (soda).
    expect(JSON.parse(r.stdout)).toMatchObject({ baskets: 3, by: 'visit', itemsets: 3, rules: 2 });
  });

  it('scores an order table without invoice numbers (R rfm’s input), each line one order', () => {
    const dir = tmp();
    const file = path.join(dir, 'orders.csv');
    writeFileSync(file, 'customer_id,order_date,revenue\nA,2024-01-02,10\nA,2024-01-02,5\nB,2024-01-03,7\n');
    const r = run('segment', file, '--out', dir, '--json');
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(path.join(dir, 'customers.csv'), 'utf8')).toMatch(/^customer_id,recency_days,frequency,monetary,.*\nA,2,2,15,.*\nB,1,1,7,/s);
    const o = run('overview', file);
    expect(o.stdout).toMatch(/\n {2}orders +3 /);
    // No quantity column: no items per order (not 0).
    expect(o.stdout).not.toContain('items per order');
    // Without a header, amounts guessed from values are named: CDNOW's dollars, growing with the CDs, a line's total.
    const cdnow = run('segment', path.join(CDNOW_DIR, 'CDNOW_sample.txt'), '--map', 'customer=column1', '--out', dir);
    expect(cdnow.stdout).toContain('warning: revenue comes from columns guessed from their values alone: line_total <- "column4" (confidence 30%)');
  });

  it('reads a file of one basket per line (arules’ Groceries) as published: 410 rules as in arules', () => {
    const dir = tmp();
    const inspect = run('inspect', GROCERIES_CSV);
    expect(inspect.status, inspect.stderr).toBe(0);
    expect(inspect.stdout).toContain('Files: 1 (9,835 baskets, 43,367 items)');
    expect(inspect.stdout).toContain('one basket per line, items separated by commas');
    const r = run('baskets', GROCERIES_CSV, '--out', dir, '--min-support', '0.001', '--min-confidence', '0.8', '--max-len', '10');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('9835 baskets by invoice, items by description, minSupport 0.001, minConfidence 0.8, up to 10 items per rule');
    expect(r.stdout).toContain('13492 frequent itemsets, 410 rules\n  {liquor | red/blush wine} => {bottled beer}  support 0.0019 confidence 0.905 lift 11.24');
    expect(readFileSync(path.join(dir, 'rules.csv'), 'utf8').trim().split('\n')).toHaveLength(411);
    // Kaggle's copy: a header "Item(s),Item 1,...", each line's item count first, padded with empty fields.
    const lines = readFileSync(GROCERIES_CSV, 'utf8').split('\n').filter(Boolean);
    const counted = path.join(dir, 'groceries-kaggle.csv');
    writeFileSync(counted, `Item(s),Item 1,Item 2\n${lines.map((l) => `${l.split(',').length},${l},`).join('\n')}\n`);
    const k = run('baskets', counted, '--out', path.join(dir, 'k'), '--min-support', '0.001', '--min-confidence', '0.8', '--max-len', '10');
    expect(k.stdout).toContain('13492 frequent itemsets, 410 rules');
    expect(run('inspect', counted).stdout).toContain(`one basket per line, items separated by commas, each line's item count first (left out)`);
    // RFM cannot run on baskets alone: the roles it needs are named.
    const seg = run('segment', GROCERIES_CSV, '--out', dir);
    expect(seg.stderr).toContain('RFM needs date, customer, unit_price (with quantity where a line holds several units), or line_total');
  });

  it('reads baskets in the layout chosen (--layout): mlxtend’s five tutorial baskets as lines and as its one-hot table', () => {
    const dir = tmp();
    const baskets = MLXTEND_BASKETS;
    const lines = path.join(dir, 'dataset.csv');
    writeFileSync(lines, `${baskets.map((b) => b.join(',')).join('\n')}\n`);
    const items = [...new Set(baskets.flat())].sort();
    const onehot = path.join(dir, 'onehot.csv');
    writeFileSync(onehot, `,${items.join(',')}\n${baskets.map((b, i) => [i, ...items.map((x) => (b.includes(x) ? 'True' : 'False'))].join(',')).join('\n')}\n`);
    // Five lines cannot show they are baskets: read as a table, and the way to read them is named.
    const detected = run('baskets', lines, '--out', dir);
    expect(detected.status).not.toBe(0);
    expect(detected.stderr).toContain('if each line of the file is a basket, read it with --layout baskets');
    const flags = ['--min-support', '0.6', '--min-confidence', '0.7'];
    const r = run('baskets', lines, '--layout', 'baskets', '--out', path.join(dir, 'l'), ...flags);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('5 baskets by invoice');
    expect(r.stdout).toContain('11 frequent itemsets, 10 rules');
    const m = run('baskets', onehot, '--out', path.join(dir, 'm'), ...flags);
    expect(m.status, m.stderr).toBe(0);
    expect(readFileSync(path.join(dir, 'm', 'rules.csv'), 'utf8')).toBe(readFileSync(path.join(dir, 'l', 'rules.csv'), 'utf8'));
    expect(run('inspect', onehot).stdout).toContain('an item matrix: a column per item, a row per basket named by the first column, each cell yes or no');
    expect(run('inspect', lines, '--layout', 'rows').stderr).toContain('--layout must be one of auto, table, baskets, matrix');
  });

  it('reads text files in the encoding chosen (--encoding), and run keeps it from the analysis', () => {
    const dir = tmp();
    // Hungarian in Windows-1250 ("ő" is 0xF5) with one word holding "ő", which detection reads as Windows-1252 ("õ").
    const rows = ['Kőszegi;Bögre;Eger', 'Szűcs;Tányér;Pécs', 'Tóth;Ötös csomag;Szeged'];
    const text = `Invoice;Customer;Date;SKU;Description;Quantity;Price;City\n${rows
      .map((r, i) => {
        const [customer, description, city] = r.split(';');
        return `${100 + i};${customer};2024-03-0${i + 1};S${i};${description};2;3,50;${city}`;
      })
      .join('\n')}\n`;
    const file = path.join(dir, 'hu.csv');
    writeFileSync(file, Buffer.from([...text].map((c) => ({ ő: 0xf5, ű: 0xfb, ö: 0xf6, Ö: 0xd6, á: 0xe1, é: 0xe9, ó: 0xf3 })[c] ?? c.charCodeAt(0))));
    expect(run('inspect', file).stdout).toContain('Format: csv, Windows-1252 (Latin-1)');
    const chosen = run('inspect', file, '--encoding', 'windows-1250');
    expect(chosen.stdout).toContain('Format: csv, Windows-1250 (Central European)');
    const seg = run('segment', file, '--encoding', 'windows-1250', '--out', path.join(dir, 'out'));
    expect(seg.status, seg.stderr).toBe(0);
    const ids = readFileSync(path.join(dir, 'out', 'customers.csv'), 'utf8')
      .split('\n')
      .slice(1, 4)
      .map((l) => l.split(',')[0])
      .sort();
    expect(ids).toEqual(['Kőszegi', 'Szűcs', 'Tóth']);
    const analysis = defaultAnalysis();
    analysis.sources = { paths: [file], encoding: 'windows-1250' };
    writeFileSync(path.join(dir, 'a.json'), serialiseAnalysis(analysis));
    const again = run('run', path.join(dir, 'a.json'), '--out', path.join(dir, 'again'));
    expect(again.status, again.stderr).toBe(0);
    expect(readFileSync(path.join(dir, 'again', 'customers.csv'), 'utf8')).toBe(readFileSync(path.join(dir, 'out', 'customers.csv'), 'utf8'));
    expect(run('inspect', file, '--encoding', 'utf-16').stderr).toContain(
      '--encoding must be one of auto, utf-8, latin-1, windows-1250, windows-1251, macintosh, cp850, cp437, shift_jis',
    );
  });

  it.each([
    [['inspect', '/nonexistent/file.csv'], /^segment-studio: \/nonexistent\/file.csv: no such file or folder\n$/],
    [['inspect', 'EMPTY'], /empty\.csv: the file is empty/],
    [['inspect', 'PNG'], /pic\.csv: this is a PNG image/],
    [['inspect', 'RAGGED'], /ragged\.csv/],
    [['inspect', 'X', '--clean', 'bogus'], /--clean: unknown rule "bogus"/],
    [['segment', 'OK', '--out', 'DIR', '--rules', 'RULES'], /rules\.json: .*unknown field "q"/],
  ])('fails with one line and a non-zero exit: %j', (argv, message) => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'empty.csv'), '');
    writeFileSync(path.join(dir, 'pic.csv'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]));
    writeFileSync(path.join(dir, 'ragged.csv'), 'a,b\n1,2\n3,4,5,6\n');
    writeFileSync(path.join(dir, 'rules.json'), JSON.stringify({ segments: [{ name: 'A', all: [{ field: 'q', op: '>', value: 1 }] }], fallback: 'B' }));
    const map: Record<string, string> = {
      EMPTY: path.join(dir, 'empty.csv'),
      PNG: path.join(dir, 'pic.csv'),
      RAGGED: path.join(dir, 'ragged.csv'),
      X: path.join(ONLINE_RETAIL_DIR, '2010-12-01.csv'),
      OK: path.join(ONLINE_RETAIL_DIR, '2010-12-01.csv'),
      DIR: dir,
      RULES: path.join(dir, 'rules.json'),
    };
    const r = run(...argv.map((a) => map[a] ?? a));
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
