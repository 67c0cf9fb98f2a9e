#!/usr/bin/env node
// Runs a TypeScript entry point (first argument) through tsx, passing the remaining arguments.
import { tsImport } from 'tsx/esm/api';
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const [entry, ...rest] = process.argv.slice(2);
process.argv = [process.argv[0], entry, ...rest];
await tsImport(pathToFileURL(path.resolve(entry)).href, import.meta.url);
