/**
 * The app's SqlPort.insertArrow (renderer/data/duckdb.ts): present when DuckDB-WASM's connection
 * takes Arrow IPC streams, sent after every registration before it has been answered (as a
 * statement is), the stream handed over as it is (transferred, not copied) with the table's name
 * and whether to create it; absent otherwise, so the engine reads workbook sheets as CSV.
 */
import { describe, expect, it } from 'vitest';
import { duckDbPort, type DuckDbConnection, type DuckDbFiles } from '../../renderer/data/duckdb.ts';

function fakeDuckDb(arrow: boolean) {
  const posted: string[] = [];
  const streams: Uint8Array[] = [];
  const reply = <T>(value: T, what: string) =>
    new Promise<T>((resolve) =>
      setTimeout(() => {
        posted.push(`answered ${what}`);
        resolve(value);
      }, 0),
    );
  const db = {
    registerFileBuffer: async (name: string) => {
      posted.push(`buffer ${name}`);
      return reply(undefined, name);
    },
    dropFile: async () => reply(null, 'drop'),
  } as unknown as DuckDbFiles;
  const conn = {
    query: async (sql: string) => {
      posted.push(`sql ${sql}`);
      return reply({ numRows: 0 }, sql);
    },
    ...(arrow
      ? {
          insertArrowFromIPCStream: async (buffer: Uint8Array, options: { name: string; create: boolean }) => {
            posted.push(`arrow ${options.name} create=${options.create} ${buffer.length} bytes`);
            streams.push(buffer);
            return reply(undefined, `arrow ${options.name}`);
          },
        }
      : {}),
  } as unknown as DuckDbConnection;
  return { db, conn, posted, streams };
}

describe("the app port's Arrow insert", () => {
  it('sends the stream itself after the registrations before it are answered, with the table and create flag', async () => {
    const w = fakeDuckDb(true);
    const port = duckDbPort(w.db, w.conn);
    expect(port.insertArrow).toBeTypeOf('function');
    await port.registerBuffer('src_0.csv', new Uint8Array([1, 2, 3]));
    const ipc = new Uint8Array([9, 8, 7, 6]);
    await port.insertArrow!('raw', ipc, { create: true });
    await port.insertArrow!('raw', new Uint8Array(2), { create: false });
    expect(w.posted).toEqual([
      'buffer src_0.csv',
      'answered src_0.csv',
      'arrow raw create=true 4 bytes',
      'answered arrow raw',
      'arrow raw create=false 2 bytes',
      'answered arrow raw',
    ]);
    expect(w.streams[0]).toBe(ipc);
  });

  it('is absent when the connection takes no Arrow streams', () => {
    const w = fakeDuckDb(false);
    expect(duckDbPort(w.db, w.conn).insertArrow).toBeUndefined();
  });
});
