import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildManifest, createRng, defaultCleaningOptions, fileDigest, preset, MANIFEST_FORMAT, type ManifestInput } from '../../../engine/src/index.ts';

const nodeSha = (content: Uint8Array | string) => createHash('sha256').update(content).digest('hex');

/** Bytes of every length around the SHA-256 block boundaries, and a few larger ones. */
function sampleContents(): (Uint8Array | string)[] {
  const rng = createRng(4);
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(rng.next() * 256));
  return ['', 'customer_id,segment\n12346,Champions\n', 'Čapek;Größe;€;日本;🙂\n', ...[1, 55, 56, 63, 64, 65, 119, 120, 128, 1000, 70_001].map(bytes)];
}

function input(overrides: Partial<ManifestInput> = {}): ManifestInput {
  const source = new TextEncoder().encode('InvoiceNo,StockCode\n536365,85123A\n');
  return {
    toolVersion: '0.1.0',
    time: '2026-12-01T14:30:00Z',
    sources: [fileDigest('online-retail.csv', source)],
    rows: { read: 541_909, kept: 392_692, removedByRule: { missing_customer: 135_080, duplicate: 5_225 } },
    mapping: { invoice: 'InvoiceNo', sku: 'StockCode', customer: 'CustomerID', email: 'Email' },
    cleaning: defaultCleaningOptions(),
    snapshot: '2011-12-10',
    scoring: { bins: 5, method: 'quantile' },
    segmentRules: preset('rfm6'),
    clustering: { k: 4, seed: 42, options: { standardize: true, log1p: true } },
    baskets: { by: 'invoice', item: 'sku', minSupport: 0.01, minConfidence: 0.5, minLift: 1.2, recommendationsPerCustomer: 3 },
    columns: ['customer_id', 'segment', 'email'],
    suppression: { groupBy: 'segment', minGroupSize: 10, groups: [{ name: 'New', customers: 7 }] },
    outputs: [
      { name: 'customers.csv', content: 'customer_id,segment,email\n12346,Champions,a@example.com\n' },
      { name: 'recommendations.csv', content: new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0x0a]) },
    ],
    ...overrides,
  };
}

describe('fileDigest', () => {
  it('equals node:crypto SHA-256 and the byte size for text and binary content', () => {
    for (const content of sampleContents()) {
      const d = fileDigest('f', content);
      expect(d.sha256).toBe(nodeSha(content));
      expect(d.size).toBe(typeof content === 'string' ? Buffer.byteLength(content, 'utf8') : content.length);
    }
  });
});

describe('buildManifest', () => {
  it('hashes every output as node:crypto does, and passes the sources through', () => {
    const i = input({ outputs: sampleContents().map((content, k) => ({ name: `out-${k}.bin`, content })) });
    const m = JSON.parse(buildManifest(i));
    expect(m.outputs).toHaveLength(i.outputs.length);
    i.outputs.forEach((o, k) => {
      expect(m.outputs[k]).toEqual({
        name: o.name,
        size: typeof o.content === 'string' ? Buffer.byteLength(o.content) : o.content.length,
        sha256: nodeSha(o.content),
      });
    });
    expect(m.sources).toEqual([{ name: 'online-retail.csv', size: 34, sha256: nodeSha('InvoiceNo,StockCode\n536365,85123A\n') }]);
  });

  it('records every setting in a fixed key order', () => {
    const text = buildManifest(input());
    const m = JSON.parse(text);
    expect(Object.keys(m)).toEqual([
      'format',
      'tool',
      'time',
      'sources',
      'rows',
      'mapping',
      'cleaning',
      'snapshot',
      'scoring',
      'segment_rules',
      'clustering',
      'baskets',
      'columns',
      'suppression',
      'outputs',
    ]);
    expect(m.format).toBe(MANIFEST_FORMAT);
    expect(m.tool).toEqual({ name: 'segment-studio', version: '0.1.0' });
    expect(m.rows).toEqual({ kept: 392_692, read: 541_909, removed_by_rule: { duplicate: 5_225, missing_customer: 135_080 } });
    expect(Object.keys(m.mapping)).toEqual(['customer', 'email', 'invoice', 'sku']);
    const cleaning = defaultCleaningOptions();
    expect(m.cleaning).toEqual({
      rules: cleaning.rules,
      returns: cleaning.returns,
      non_product_codes: cleaning.nonProductCodes,
      non_product_words: cleaning.nonProductWords,
      junk_words: cleaning.junkWords,
      implausible: { min_date: '1990-01-01', exclude: ['future_date', 'early_date', 'after_snapshot', 'zero_quantity', 'cancelled_order'] },
    });
    expect(m.segment_rules.segments.map((s: { name: string }) => s.name)).toEqual(preset('rfm6').segments.map((s) => s.name));
    expect(m.clustering).toEqual({ k: 4, options: { log1p: true, standardize: true }, seed: 42 });
    expect(m.baskets.minSupport).toBe(0.01);
    expect(m.suppression).toEqual({ group_by: 'segment', min_group_size: 10, groups: [{ name: 'New', customers: 7 }] });
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('gives the same bytes whatever the insertion order of the settings', () => {
    const a = input();
    const b = input({
      mapping: { email: 'Email', sku: 'StockCode', customer: 'CustomerID', invoice: 'InvoiceNo' },
      clustering: { seed: 42, options: { log1p: true, standardize: true }, k: 4 },
      baskets: { recommendationsPerCustomer: 3, minLift: 1.2, minConfidence: 0.5, minSupport: 0.01, item: 'sku', by: 'invoice' },
    });
    expect(buildManifest(b)).toBe(buildManifest(a));
    expect(buildManifest(input({ time: '2026-12-01T14:31:00Z' }))).not.toBe(buildManifest(a));
  });

  it('writes absent settings as null and non-finite numbers as text', () => {
    const m = JSON.parse(
      buildManifest(
        input({
          snapshot: undefined,
          scoring: undefined,
          segmentRules: undefined,
          clustering: undefined,
          suppression: undefined,
          baskets: { by: 'customer', item: 'description', minSupport: { count: 5 }, minConfidence: 0.2, maxLen: Infinity },
        }),
      ),
    );
    expect([m.snapshot, m.scoring, m.segment_rules, m.clustering, m.suppression]).toEqual([null, null, null, null, null]);
    expect(m.baskets).toEqual({ by: 'customer', item: 'description', maxLen: 'Infinity', minConfidence: 0.2, minSupport: { count: 5 } });
  });

  it('refuses a time that is not ISO 8601, a malformed digest and an output listed twice', () => {
    expect(() => buildManifest(input({ time: 'yesterday' }))).toThrow(/ISO 8601/);
    expect(() => buildManifest(input({ sources: [{ name: 'a.csv', size: 1, sha256: 'ABC' }] }))).toThrow(/sha256/);
    expect(() =>
      buildManifest(
        input({
          outputs: [
            { name: 'x.csv', content: '' },
            { name: 'x.csv', content: 'y' },
          ],
        }),
      ),
    ).toThrow(/twice/);
  });
});
