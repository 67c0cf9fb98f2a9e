/**
 * `npm run gen -- --rows N --out FILE [--seed S] [--truth FILE] [--customers N] [--products N]
 *  [--end YYYY-MM-DD] [--planted FILE] [--json]`: writes generated retail lines as CSV.
 */
import { closeSync, openSync, renameSync, writeFileSync, writeSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { EngineError } from '../src/index.ts';
import { planDataset, type GenerateOptions, type GenerationSummary } from '../src/gen/index.ts';
import { flag, numberFlag, parseArgs } from './args.ts';

const USAGE = `npm run gen -- --rows N --out FILE [--seed S] [--truth FILE] [--customers N] [--products N] [--end YYYY-MM-DD] [--planted FILE] [--contacts] [--json]

Writes N transaction lines in the UCI Online Retail layout, deterministic for a seed.
--truth FILE     customer_id,archetype for every customer
--planted FILE   the planted co-purchase groups (JSON)
--customers N    default rows / 25
--contacts       add Email, First Name, Last Name and Phone columns (the other columns unchanged)`;

/** Writes `text` to `file` through a temporary file and a rename. */
function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

/** Streams the generated CSV into `out` (atomically); returns the summary. */
export function generateToFile(options: GenerateOptions, out: string, truth?: string, planted?: string): GenerationSummary {
  const plan = planDataset(options);
  mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  const tmp = `${out}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  try {
    for (const chunk of plan.csvChunks()) writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, out);
  if (truth !== undefined) writeAtomically(truth, plan.truthCsv());
  if (planted !== undefined) writeAtomically(planted, `${JSON.stringify(plan.summary.planted, null, 2)}\n`);
  return plan.summary;
}

function optionalInt(args: ReturnType<typeof parseArgs>, name: string): number | undefined {
  if (flag(args, name) === undefined) return undefined;
  const n = numberFlag(args, name, 0);
  if (!Number.isInteger(n)) throw new EngineError('invalid_argument', `--${name} must be an integer`);
  return n;
}

async function run(argv: readonly string[]): Promise<number> {
  const args = parseArgs(['gen', ...argv]);
  if (flag(args, 'help')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const out = flag(args, 'out');
  const rows = optionalInt(args, 'rows');
  if (out === undefined || rows === undefined) throw new EngineError('invalid_argument', `--rows and --out are required\n${USAGE}`);
  const options: GenerateOptions = { rows };
  const seed = optionalInt(args, 'seed');
  const customers = optionalInt(args, 'customers');
  const products = optionalInt(args, 'products');
  const end = flag(args, 'end');
  if (seed !== undefined) options.seed = seed;
  if (customers !== undefined) options.customers = customers;
  if (products !== undefined) options.products = products;
  if (end !== undefined) options.endDate = end;
  if (flag(args, 'contacts') === 'true') options.contacts = true;
  const started = performance.now();
  const summary = generateToFile(options, out, flag(args, 'truth'), flag(args, 'planted'));
  const ms = performance.now() - started;
  if (flag(args, 'json')) process.stdout.write(`${JSON.stringify({ out, ms: Math.round(ms), ...summary }, null, 2)}\n`);
  else {
    process.stdout.write(
      `wrote ${summary.rows} lines, ${summary.customers} customers, ${summary.invoices} invoices, ${summary.products} products ` +
        `(${summary.dateFrom} to ${summary.dateTo}, seed ${summary.seed}) to ${out} in ${(ms / 1000).toFixed(1)} s\n`,
    );
  }
  return 0;
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isMain) {
  run(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`gen: ${e instanceof EngineError ? e.describe() : e instanceof Error ? e.message.split('\n')[0] : String(e)}\n`);
      process.exit(e instanceof EngineError ? 1 : 2);
    },
  );
}
