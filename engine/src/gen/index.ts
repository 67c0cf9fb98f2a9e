/** Seeded generator of realistic retail data: the public surface for the CLI, tests and benchmarks. */
export {
  planDataset,
  generateCsv,
  ANOMALY_KINDS,
  CSV_HEADER,
  DEFAULT_SEED,
  DEFAULT_END_DATE,
  DEFAULT_ANOMALY_RATE,
  type AnomalyKind,
  type GenerateOptions,
  type GenerationPlan,
  type GenerationSummary,
  type PlantedGroup,
} from './generate.ts';
export { ARCHETYPES, ARCHETYPE_PROFILES, type Archetype, type ArchetypeProfile } from './archetypes.ts';
export { syntheticBaskets, syntheticBasketLines, type SyntheticBasketOptions, type SyntheticBasketLines } from './baskets.ts';
