import { beforeAll, describe, expect, it } from 'vitest';
import {
  applyRules,
  computeRfm,
  loadBaskets,
  mineAssociationRules,
  openDataset,
  planDataset,
  preset,
  ruleAntecedent,
  scoreRfm,
  type Archetype,
  type GenerationSummary,
  type SqlPort,
} from '../../../engine/src/index.ts';
import { openDb, textSource } from '../../helpers/engine.ts';

/** End-to-end on generated data: the planted structure must come out of the engine. */
describe('generated data with known archetypes and planted co-purchases', () => {
  let sql: SqlPort;
  let summary: GenerationSummary;
  let archetypeOf: Map<string, Archetype>;

  beforeAll(async () => {
    const plan = planDataset({ rows: 60_000, customers: 2_500, seed: 11 });
    summary = plan.summary;
    archetypeOf = new Map(plan.truth().map((t) => [String(t.customerId), t.archetype]));
    sql = await openDb();
    await openDataset(sql, [textSource('generated.csv', [...plan.csvChunks()].join(''))]);
  });

  it('sorts archetypes into the rfm6 segments they describe', async () => {
    const rfm = await computeRfm(sql);
    const a = applyRules(preset('rfm6'), scoreRfm(rfm), rfm);
    const share = (archetype: Archetype, segment: string) => {
      const ids = rfm.customerIds.map((id, i) => [archetypeOf.get(id), a.names[a.codes[i]!]] as const).filter(([arch]) => arch === archetype);
      return ids.filter(([, seg]) => seg === segment).length / ids.length;
    };
    expect(share('champion', 'Champions')).toBeGreaterThan(0.9);
    expect(share('new', 'New Customers')).toBeGreaterThan(0.8);
    expect(share('at_risk', 'At Risk')).toBeGreaterThan(0.7);
    expect(share('hibernating', 'Needs Attention')).toBeGreaterThan(0.8);
  });

  it('finds every planted co-purchase pair as a rule with lift above 1', async () => {
    const loaded = await loadBaskets(sql, { by: 'invoice', item: 'sku' });
    const { rules } = mineAssociationRules(loaded.baskets, { minSupport: 0.002, minConfidence: 0.1 });
    const labels = loaded.baskets.itemLabels;
    expect(summary.planted.length).toBeGreaterThan(0);
    for (const group of summary.planted) {
      const [x, y] = group.skus;
      const found = Array.from({ length: rules.nRules }, (_, r) => r).filter((r) => {
        const ante = Array.from(ruleAntecedent(rules, r), (c) => labels[c]);
        return ante.length === 1 && ante[0] === x && labels[rules.consequents[r]!] === y;
      });
      expect(found, `${x} => ${y}`).toHaveLength(1);
      expect(rules.lift[found[0]!]!).toBeGreaterThan(1);
    }
  });
});
