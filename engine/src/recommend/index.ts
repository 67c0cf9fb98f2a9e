/** Next-best products per customer from association rules, and recommendations.csv. */
export { customerHistories, historyItems, type CustomerHistories } from './histories.ts';
export { recommendationOrder, recommendationScore } from './rule-rank.ts';
export { recommendProducts, DEFAULT_RECOMMENDATIONS_PER_CUSTOMER, type RecommendOptions, type Recommendations } from './recommend.ts';
export {
  recommendationRows,
  recommendationsCsv,
  segmentLookup,
  nextBestProducts,
  RECOMMENDATION_COLUMNS,
  type NextBest,
  type RecommendationExport,
} from './recommendations-csv.ts';
export { selectHistories, crossSellAudience, ruleAudience, productAudience } from './audience.ts';
