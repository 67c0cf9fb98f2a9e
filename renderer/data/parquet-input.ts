/**
 * Parquet input in the app. DuckDB-WASM cannot load its parquet extension offline, so the port
 * gets the engine's `parquetToCsv` capability: the file's bytes go to the analytics worker
 * ('parquet/decode', hyparquet), never decoded on the UI thread, and come back as the CSV text
 * native DuckDB would read from it, registered in DuckDB-WASM; the engine reads that as it reads
 * any CSV, so everything after loading is unchanged. Progress and cancellation are the load's.
 */
import type { EngineClient } from '../engine-client/index.ts';
import { ownBytes } from './file-source.ts';
import type { DataSource, JobControl, SqlPort } from '../../engine/src/index.ts';

export function withParquetInput(port: SqlPort, client: Pick<EngineClient, 'run'>): void {
  port.parquetToCsv = async (alias: string, source: DataSource, control?: JobControl) => {
    control?.onProgress?.(0, `reading ${source.name}`);
    const bytes = await source.read(0, source.size);
    const signal = control?.signal instanceof AbortSignal ? control.signal : undefined;
    const decoded = await client.run(
      'parquet/decode',
      { name: source.name },
      // Transferred to the worker: not a view of bytes read ahead, which other reads share.
      { bytes: ownBytes(bytes) },
      { ...(signal ? { signal } : {}), ...(control?.onProgress ? { onProgress: control.onProgress } : {}) },
    );
    await port.registerBuffer(alias, decoded.csv);
    return decoded.columns;
  };
}
