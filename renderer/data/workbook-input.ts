/**
 * Workbooks in the app: the port gets the engine's `workbookTables` capability, so a sheet's
 * conversion to CSV (unzip, sheet XML scan: seconds of CPU for a large sheet) runs in the
 * analytics worker ('workbook/tables'), never on the UI thread. The file's bytes go there
 * transferred and each sheet's cells come back transferred, with its data rows as Arrow record
 * batches built there (sheetArrowBatches), which the engine hands to DuckDB (SqlPort.insertArrow)
 * with only the schema and source written in front, instead of the CSV; the tables are those of the in-process conversion (the CLI's). Progress and cancellation
 * are the load's; the worker's errors keep the engine's code and location (file, row, column).
 */
import type { EngineClient } from '../engine-client/index.ts';
import { ownBytes } from './file-source.ts';
import type { JobControl, SqlPort } from '../../engine/src/index.ts';

export function withWorkbookInput(port: SqlPort, client: Pick<EngineClient, 'run'>): void {
  port.workbookTables = (name: string, bytes: Uint8Array, sheet: string | undefined, control?: JobControl) => {
    const signal = control?.signal instanceof AbortSignal ? control.signal : undefined;
    return client.run(
      'workbook/tables',
      sheet !== undefined ? { name, sheet } : { name },
      // Transferred to the worker: not a view of bytes read ahead, which other reads share.
      { bytes: ownBytes(bytes) },
      { ...(signal ? { signal } : {}), ...(control?.onProgress ? { onProgress: control.onProgress } : {}) },
    );
  };
}
