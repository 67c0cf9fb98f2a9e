/**
 * The app's Parquet writer for the data mart is the engine's (engine/src/analysis/mart-parquet.ts:
 * hyparquet-writer, as DuckDB-WASM cannot write Parquet offline), the one `segment-studio export
 * --format parquet` uses, so the same tables give byte-identical files from both.
 */
export { martParquetFiles, martTableParquet } from '../../engine-client/index.ts';
