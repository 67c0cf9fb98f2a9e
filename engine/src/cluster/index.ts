/**
 * Customer clustering on RFM features: feature preparation, k-means (k-means++ seeding,
 * kd-tree accelerated Lloyd), elbow with silhouettes and a suggested k, 2-D PCA for plots,
 * cluster profiles with descriptive names, and a cluster × segment crosstab.
 * All functions are pure, deterministic under their seed, and run in any JS host.
 */
export { prepareFeatures, FEATURE_NAMES } from './features.ts';
export type { RfmColumns, FeatureOptions, PreparedFeatures } from './features.ts';
export { kmeans, meanVariance } from './kmeans.ts';
export type { KMeansOptions, KMeansResult } from './kmeans.ts';
export { assignToCentroids, inertiaOf } from './assign.ts';
export { silhouette, SILHOUETTE_EXACT_LIMIT } from './silhouette.ts';
export type { SilhouetteOptions, SilhouetteResult } from './silhouette.ts';
export { elbow, suggestK } from './elbow.ts';
export type { ElbowOptions, ElbowEntry, ElbowResult, SuggestKOptions } from './elbow.ts';
export { pca2d } from './pca.ts';
export type { Pca2d } from './pca.ts';
export { jacobiEigen } from './jacobi.ts';
export type { SymmetricEigen } from './jacobi.ts';
export { profileClusters, permuteCentroids } from './profiles.ts';
export type { ClusterProfile, ClusterProfiles, Summary } from './profiles.ts';
export { clusterTraits, traitName } from './naming.ts';
export type { ClusterTraits, NamingReference } from './naming.ts';
export { crosstab } from './crosstab.ts';
export { sampleIndices } from './sample.ts';
export type { Crosstab } from './crosstab.ts';
