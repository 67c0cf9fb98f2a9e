// Stands in for @types/node where Node must not exist (engine/src): a dependency's
// `/// <reference types="node" />` (apache-arrow's builder.d.ts) resolves here instead, so
// `process`, `Buffer`, `performance` and timers do not compile in the engine.
export {};
