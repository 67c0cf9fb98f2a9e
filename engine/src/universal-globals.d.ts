/**
 * The only globals the engine may use: those every runtime it runs in provides alike (browser,
 * web worker, Node): WHATWG text encoding and structuredClone. Node's and the DOM's own
 * globals (process, Buffer, performance, timers, window) are not declared here, so they do not
 * compile in engine/src (engine/tsconfig.json has no DOM lib and no Node types).
 */
declare class TextEncoder {
  readonly encoding: string;
  encode(input?: string): Uint8Array;
  encodeInto(source: string, destination: Uint8Array): { read: number; written: number };
}

declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  readonly encoding: string;
  decode(input?: ArrayBufferView | ArrayBuffer, options?: { stream?: boolean }): string;
}

declare function structuredClone<T>(value: T): T;
