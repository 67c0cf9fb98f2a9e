/** The engine as the workers see it: engine/src/index.ts is the only import path. */
export * from '../engine/src/index.ts';
