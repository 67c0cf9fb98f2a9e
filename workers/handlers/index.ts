/** Every analytics job's handler; the worker entry and the in-process fallback both use this. */
import type { HandlerRegistry } from '../host.ts';
import { assocAudience, assocLoad, assocMine, assocRecommend, assocRecommendations } from './assoc-mine.ts';
import { clusterElbow } from './cluster-elbow.ts';
import { clusterFit } from './cluster-fit.ts';
import { clvFit } from './clv-fit.ts';
import { martParquet } from './mart-parquet.ts';
import { parquetDecode } from './parquet-decode.ts';
import { workbookTablesJob } from './workbook-tables.ts';

export const analyticsHandlers: HandlerRegistry = {
  'cluster/elbow': clusterElbow,
  'cluster/fit': clusterFit,
  'assoc/load': assocLoad,
  'assoc/mine': assocMine,
  'assoc/recommend': assocRecommend,
  'assoc/recommendations': assocRecommendations,
  'assoc/audience': assocAudience,
  'clv/fit': clvFit,
  'parquet/decode': parquetDecode,
  'mart/parquet': martParquet,
  'workbook/tables': workbookTablesJob,
};
