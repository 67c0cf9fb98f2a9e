import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * A read-only export loads, run as a user who may not write it (the tests run as root, who
 * may write anything, so the runs go through runuser as nobody): through the native DuckDB of
 * the CLI (with --json on a clean stdout) and through DuckDB-WASM's Node runtime, which opens
 * files read-write unless the adapter opens sources itself.
 */

const ROOT = new URL('../../', import.meta.url).pathname;
const BIN = path.join(ROOT, 'bin/segment-studio.mjs');
const asRoot = process.getuid?.() === 0;
const canDrop = asRoot && existsSync('/usr/sbin/runuser');

/** Runs node as nobody when we are root (else as ourselves, already unprivileged). */
function nodeAsUser(args: string[]) {
  const [cmd, argv] = canDrop ? ['/usr/sbin/runuser', ['-u', 'nobody', '--', process.execPath, ...args]] : [process.execPath, args];
  return spawnSync(cmd, argv, { encoding: 'utf8', cwd: ROOT, env: { ...process.env, HOME: tmpdir() } });
}

// invoice, customer, quantity, price: 6 lines, 3 customers, 4 invoices.
const LINES: [string, string, number, number][] = [
  ['5001', 'c1', 2, 3.5],
  ['5001', 'c1', 1, 10],
  ['5002', 'c2', 4, 2.25],
  ['5003', 'c3', 1, 7],
  ['5004', 'c1', 3, 1.2],
  ['5004', 'c1', 1, 0.8],
];

function readOnlyExport(): { dir: string; file: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'ss-readonly-'));
  const file = path.join(dir, 'sales.csv');
  const rows = LINES.map(([inv, c, q, p], i) => `${inv},SKU${i},ITEM ${i},${q},2011-0${(i % 5) + 1}-10 10:00,${p.toFixed(2)},${c},UK`);
  writeFileSync(file, `InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n${rows.join('\n')}\n`);
  chmodSync(file, 0o444);
  chmodSync(dir, 0o777); // nobody writes its outputs beside it
  return { dir, file };
}

const expected = {
  rows: LINES.length,
  customers: new Set(LINES.map((l) => l[1])).size,
  invoices: new Set(LINES.map((l) => l[0])).size,
  revenue: Math.round(LINES.reduce((a, l) => a + l[2] * l[3], 0) * 100) / 100,
};

describe.runIf(!asRoot || canDrop)('a read-only input loads, run as a user who cannot write it', () => {
  it('the CLI (native DuckDB): inspect and segment --json print clean JSON with the exact figures', () => {
    const { dir, file } = readOnlyExport();
    const who = nodeAsUser(['-e', 'process.stdout.write(String(process.getuid()))']);
    expect(Number(who.stdout)).not.toBe(0);
    const r = nodeAsUser([BIN, 'inspect', file, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect([j.report.rows_read, j.report.rows_kept, j.report.customers, j.report.invoices, j.report.revenue]).toEqual([
      expected.rows,
      expected.rows,
      expected.customers,
      expected.invoices,
      expected.revenue,
    ]);
    const out = path.join(dir, 'out');
    const s = nodeAsUser([BIN, 'segment', file, '--out', out, '--json']);
    expect(s.status, s.stderr).toBe(0);
    expect(JSON.parse(s.stdout).customers).toBe(expected.customers);
  });

  it('DuckDB-WASM in Node: the adapter opens the source read-only, with the exact figures', () => {
    const { dir, file } = readOnlyExport();
    const script = path.join(dir, 'load.mts');
    writeFileSync(
      script,
      `import { openNodeDuckDb, NodeFileSource } from ${JSON.stringify(path.join(ROOT, 'engine/cli/node-duckdb.ts'))};
import { openDataset } from ${JSON.stringify(path.join(ROOT, 'engine/src/index.ts'))};
const ds = await openDataset(await openNodeDuckDb(), [new NodeFileSource(process.argv[2])]);
const r = ds.report;
process.stdout.write(JSON.stringify([r.rows_read, r.rows_kept, r.customers, r.invoices, r.revenue]));
`,
    );
    chmodSync(script, 0o444);
    const r = nodeAsUser(['--import', 'tsx', script, file]);
    expect(r.status, r.stderr + r.stdout).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([expected.rows, expected.rows, expected.customers, expected.invoices, expected.revenue]);
  });
});
