export { prepareFeatures, FEATURE_NAMES } from './features.ts';
export type { RfmColumns, FeatureOptions, PreparedFeatures } from './features.ts';
export { kmeans, meanVariance } from './kmeans.ts';
export type { KMeansOptions, KMeansResult } from './kmeans.ts';
export { assignToCentroids } from './assign.ts';
export { inertiaOf } from './hamerly.ts';
