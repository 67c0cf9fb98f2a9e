import type { DataSource } from '../../engine/src/index.ts';

/** A user-picked File (or Blob) as an engine DataSource: slices read on demand, never copied whole. */
export class BrowserFileSource implements DataSource {
  readonly name: string;
  readonly size: number;
  readonly file: Blob;

  constructor(file: Blob, name: string) {
    this.file = file;
    this.name = name;
    this.size = file.size;
  }

  async read(start: number, end: number): Promise<Uint8Array> {
    return new Uint8Array(await this.file.slice(start, end).arrayBuffer());
  }
}

/** Bytes already in memory (e.g. a file read by the Electron main process). */
export class BytesSource implements DataSource {
  readonly name: string;
  readonly size: number;
  readonly bytes: Uint8Array;

  constructor(bytes: Uint8Array, name: string) {
    this.bytes = bytes;
    this.name = name;
    this.size = bytes.byteLength;
  }

  async read(start: number, end: number): Promise<Uint8Array> {
    return this.bytes.subarray(start, end);
  }
}
