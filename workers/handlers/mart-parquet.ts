/** The analytics worker's 'mart/parquet' job: the data mart's tables written as Parquet by the engine's writer, the files transferred back. */
import { martParquetFiles } from '../engine-api.ts';
import type { Handler } from '../host.ts';

export const martParquet: Handler<'mart/parquet'> = (params, input) => {
  const files = martParquetFiles(input.tables, params.createdBy);
  return { result: { files }, transfer: files.map((f) => f.content.buffer as ArrayBuffer) };
};
