import { EngineError, figureWarnings, loadData, setRawInflater, type Analysis, type Dataset, type SqlPort } from '../src/index.ts';
import { analysisFromFlags } from './analysis-flags.ts';
import { flag, parseArgs, type ParsedArgs } from './args.ts';
import { expandInputs, refuseOutputOverInputs } from './inputs.ts';
import { inspectJson, inspectText } from './inspect.ts';
import { openNativeDuckDb } from './native-duckdb.ts';
import { nodeRawInflater } from './node-inflate.ts';
import { clusterThread } from './cluster-thread.ts';
import { runSegment, segmentText } from './segment.ts';
import { basketsText, runBaskets } from './baskets.ts';
import { runCommand, runText } from './run.ts';
import { exportCommand, exportText } from './export.ts';
import { overviewCommands } from './overview.ts';
import { clv } from './clv.ts';
import { sqlCommand } from './sql.ts';
import { migrateCommand } from './migrate.ts';
import { afterLoad } from './remembered-mappings.ts';
import { cliLoadHost, loadBeside } from './load.ts';
import { reportText, runReport } from './report.ts';

const USAGE = `segment-studio — RFM segments, clusters and market baskets from retail exports

Usage:
  segment-studio inspect FILE|FOLDER... [--map role=Column ...] [--sheet NAME|all] [--layout auto|table|baskets|matrix] [--encoding auto|ENCODING] [--decimal-mark auto|.|,] [--date-order auto|dmy|mdy] [--order-numbers auto|unique|daily] [--clean default|none|rule,...] [--returns drop|net] [--json]
  segment-studio segment FILE|FOLDER... --out DIR [--preset rfm6|sum5|rfm11|value3 | --rules rules.json] [--snapshot YYYY-MM-DD] [--k N|auto]
                 [--pseudonymise SALT] [--json]
  segment-studio baskets FILE|FOLDER... --out DIR [--min-support S] [--min-confidence C] [--min-lift L] [--max-len N]
                 [--item sku|description|category] [--by invoice|customer] [--min-items 1|2] [--prune] [--segment NAME [--preset P]] [--json]

  segment-studio run ANALYSIS.json [FILE|FOLDER...] --out DIR [--compare PREVIOUS_OUT_DIR] [--json]
                 runs a saved analysis (from the app's File > Save analysis) and writes every output it asks for;
                 files given replace the analysis' sources; --compare reports segment migration and rule changes
  segment-studio export FILE|FOLDER... [--analysis A.json] --out DIR [--format csv|email|parquet|duckdb] [--to postgres://USER@HOST/DB|postgres]
                 [--per segment|cluster] [--columns a,b,...] [--segment NAME ...] [--min-group-size N] [--recommend N] [--append] [--schema NAME] [--json]
                 csv|email: the campaign list(s) and recommendations.csv; parquet|duckdb: the BI data mart's tables
                 (docs/data-mart.md) as Parquet files or data-mart.duckdb; --to: the tables into PostgreSQL in one transaction
                 (postgres: the URL from $SEGMENT_STUDIO_PG_URL), --append for monthly runs; always manifest.json (same pipeline as run;
                 the analysis may also come first: export A.json [FILE|FOLDER...])
  segment-studio overview FILE|FOLDER... [--segment NAME [--preset P]] [--grain month|week|day] [--top N] [--churn-days 90] [--kpi-days 30 | --from D --to D] [--json]
  segment-studio backtest FILE|FOLDER... [--as-of YYYY-MM-DD] [--window 90] [--churn-days 90] [--preset NAME | --rules rules.json] [--json]
  segment-studio migrate FILE|FOLDER... [--from YYYY-MM-DD] [--to YYYY-MM-DD] --out DIR [--preset NAME | --rules rules.json | --analysis A.json] [--json]
                 segments at both dates, the before × after matrix of customers and revenue, and a campaign list per cell
  segment-studio report FILE|FOLDER... --out report.html [--as-of YYYY-MM-DD] [--compare YYYY-MM-DD] [--analysis A.json] [--json]
                 one self-contained HTML file: overview, segments, back-test, migration, clusters, top rules, provenance
  segment-studio clv FILE|FOLDER... --out DIR [--horizon 12] [--discount 0.01] [--holdout-from YYYY-MM-DD] [--unit week|day] [--json]
  segment-studio sql ANALYSIS.json --dialect duckdb|postgres [--table transactions] [--columns a,b,...] [--today YYYY-MM-DD] [--out FILE]
                 the analysis' cleaning, RFM, scores and segments as one SQL query over a transactions table
                 (columns: invoice,customer,date,sku,description,quantity,price by default; amount for a line total;
                 cancelled for cancelled orders' lines; without invoice each line is one order)

FILE: CSV, TSV or TXT (gzip'd or not), XLSX, XLS, XLSB or ODS, Parquet, or a zip archive of them (read as the folder it packs).
FOLDER: its data files and those of its subfolders one level down, in path order.

Every command takes --progress (load steps with their times on stderr; on by default in a terminal),
--map role=Column (roles: invoice, customer, date, sku, description, quantity,
unit_price, line_total, country, email, category, first_name, last_name, full_name, phone, city,
postcode), --sheet NAME|all for workbooks (default: the sheet whose columns name the most of
invoice, customer, date and amount, the first of equals (a summary or pivot before it is passed
over), or every sheet named by period such as "Year 2009-2010", "Year 2010-2011"), --layout for text
files and sheets (auto, the default, detects it; table; baskets: one basket per line, every field an
item, as arules' Groceries; matrix: a column per item and a row per basket, each cell yes or
no, as mlxtend's one-hot tables), --encoding for text files without a byte-order mark (auto, the
default, detects it per file; utf-8, latin-1 (read as Windows-1252), windows-1250 (Central
European), windows-1251 (Cyrillic), macintosh (Mac Roman), cp850, cp437 or shift_jis: where a file
reads garbled, as Hungarian text read as Windows-1252), --decimal-mark for every numeric column (auto, the default, detects
it per file and column; "." or ",": the other mark then only groups thousands, "1.200" is twelve
hundred with --decimal-mark ,), --date-order for numeric dates (auto, the default, decides day/month
order per file from values past 12 and assumes day-first when none is; dmy or mdy reads every
file so), --order-numbers (auto, the default, reads them as restarting when numbers recur on other
days with other customers, as a till's receipts numbered from 1 each day; daily: an order is a
number on one day; unique: each number is one order), and --clean.

Remembered mappings: --save-mapping remembers the roles set with --map for files with the
same columns (in any order); later runs on such files apply them (--map still wins) and say so;
--forget-mapping forgets them. They are kept in mappings.json in $SEGMENT_STUDIO_CONFIG_DIR, else
in the user's config folder (~/.config/segment-studio, %APPDATA%\\segment-studio,
~/Library/Application Support/segment-studio).

--clean default applies every rule: missing_customer, cancellation, return, non_positive_price,
non_product, duplicate, junk_description. --returns net keeps cancellations and returns and
nets them against purchases instead of dropping them.

Implausible lines are reported with counts and examples and excluded unless kept:
future_date (after --today, default the machine's date), early_date (before --min-date,
default 1990-01-01), after_snapshot (after --snapshot: a negative recency), zero_quantity
(voids) and cancelled_order (orders a shop's export marks cancelled or refunded in full, as
Shopify's "Cancelled at" and "Financial Status"). --keep-implausible all|none|kind,... keeps those kinds (still
warned about).

--pseudonymise SALT replaces each customer id in customers.csv by the first 16 hex digits of
HMAC-SHA-256(SALT, id): the same SALT gives the same ids, so keep it secret (8+ characters).`;

/** Loads the inputs named on the command line with the analysis their flags describe. */
export async function loadFromArgs(args: ParsedArgs, sql: SqlPort, analysis: Analysis = analysisFromFlags(args)): Promise<Dataset> {
  const host = cliLoadHost(args);
  const ds = await loadData(sql, expandInputs(args.inputs), analysis, host);
  afterLoad(args, ds, host.remembered);
  return ds;
}

/**
 * loadFromArgs for the commands whose output has no place for what may be wrong in the figures
 * read (overview, backtest, migrate, report, clv): each warning on stderr, so JSON on stdout stays whole.
 */
export async function loadSaying(args: ParsedArgs, sql: SqlPort, analysis?: Analysis): Promise<Dataset> {
  const ds = await loadFromArgs(args, sql, analysis);
  for (const w of figureWarnings(ds)) process.stderr.write(`warning: ${w}\n`);
  return ds;
}

async function inspect(args: ParsedArgs): Promise<void> {
  const ds = await loadFromArgs(args, await openNativeDuckDb());
  process.stdout.write(`${flag(args, 'json') ? JSON.stringify(inspectJson(ds), null, 2) : inspectText(ds)}\n`);
}

async function segment(args: ParsedArgs): Promise<void> {
  const analysis = analysisFromFlags(args);
  // The clustering thread starts first: its start-up then runs beside this thread's (loading
  // DuckDB, sniffing the files), not beside the scoring's SQL.
  const cluster = analysis.clustering.enabled ? clusterThread(analysis.clustering) : null;
  const sql = await openNativeDuckDb();
  const result = await runSegment(sql, await loadBeside(args, sql, analysis), analysis, args, cluster);
  process.stdout.write(`${flag(args, 'json') ? JSON.stringify(result, null, 2) : segmentText(result)}\n`);
}

async function baskets(args: ParsedArgs): Promise<void> {
  const sql = await openNativeDuckDb();
  const analysis = analysisFromFlags(args);
  const result = await runBaskets(sql, await loadFromArgs(args, sql, analysis), analysis, args);
  process.stdout.write(`${flag(args, 'json') ? JSON.stringify(result, null, 2) : basketsText(result)}\n`);
}

async function exportLists(args: ParsedArgs): Promise<void> {
  const result = await exportCommand(await openNativeDuckDb(), args);
  process.stdout.write(`${flag(args, 'json') ? JSON.stringify(result, null, 2) : exportText(result)}\n`);
}

async function run(args: ParsedArgs): Promise<void> {
  const result = await runCommand(await openNativeDuckDb(), args);
  process.stdout.write(`${flag(args, 'json') ? JSON.stringify(result, null, 2) : runText(result)}\n`);
}

async function report(args: ParsedArgs): Promise<void> {
  const result = await runReport(await openNativeDuckDb(), args, loadSaying);
  process.stdout.write(`${flag(args, 'json') ? JSON.stringify(result, null, 2) : reportText(result)}\n`);
}

/** `mart` became `export --format parquet|duckdb` and `export --to postgres…`: one export command. */
async function mart(): Promise<void> {
  throw new EngineError(
    'invalid_argument',
    'mart is now part of export: segment-studio export FILE|FOLDER [--analysis A.json] --out DIR --format parquet|duckdb, or --to postgres://… (docs/data-mart.md)',
  );
}

const COMMANDS: Record<string, (args: ParsedArgs) => Promise<void>> = {
  inspect,
  segment,
  baskets,
  run,
  export: exportLists,
  ...overviewCommands({ open: openNativeDuckDb, load: loadSaying }),
  clv,
  sql: sqlCommand,
  mart,
  migrate: migrateCommand({ open: openNativeDuckDb, load: loadSaying }),
  report,
};

/** CLI entry: returns the exit code; never lets a stack trace reach the user. */
export async function main(argv: readonly string[]): Promise<number> {
  // Workbooks are inflated by Node's zlib (faster than the engine's fallbacks, raw-inflate.ts).
  setRawInflater(nodeRawInflater);
  try {
    const args = parseArgs(argv);
    const run = COMMANDS[args.command];
    if (!run || flag(args, 'help')) {
      process.stdout.write(`${USAGE}\n`);
      return run || args.command === 'help' || args.command === '--help' ? 0 : 2;
    }
    // Before anything is read: outputs never land on an input, nor where they would be read back.
    refuseOutputOverInputs(flag(args, 'out'), args.inputs);
    await run(args);
    return 0;
  } catch (e) {
    if (e instanceof EngineError) {
      process.stderr.write(`segment-studio: ${e.describe()}\n`);
      return 1;
    }
    const sys = systemError(e);
    if (sys !== undefined) {
      process.stderr.write(`segment-studio: ${sys}\n`);
      return 1;
    }
    process.stderr.write(`segment-studio: unexpected error: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}\n`);
    return 2;
  }
}

/**
 * A file-system failure (disk full, permission denied) is the machine's state, not a bug: one
 * line naming the path. Exports are atomic, so a failed write leaves the previous file in place.
 */
function systemError(e: unknown): string | undefined {
  if (!(e instanceof Error)) return undefined;
  const { code, syscall, path: file } = e as NodeJS.ErrnoException;
  if (typeof code !== 'string' || typeof syscall !== 'string') return undefined;
  const reason = e.message.replace(/^[A-Z]+:\s*/, '').replace(/,\s*\w+ '.*'$/, '');
  return `${file ?? ''}${file ? ': ' : ''}cannot ${syscall} (${reason})`;
}
