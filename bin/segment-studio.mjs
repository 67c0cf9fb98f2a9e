#!/usr/bin/env node
// The `segment-studio` command: the TypeScript CLI in engine/cli, run through tsx.
import { tsImport } from 'tsx/esm/api';

const { main } = await tsImport('../engine/cli/main.ts', import.meta.url);
process.exitCode = await main(process.argv.slice(2));
