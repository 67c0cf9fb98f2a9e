/**
 * Issue 8 through the command line: sources are never written to, exports neutralise formulas
 * and can be pseudonymised, bad inputs and failed writes give one line and a non-zero exit, and
 * the CLI keeps working afterwards. One real process run; the rest call main() in-process.
 */
import { spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../../engine/cli/main.ts';
import { BAD_INPUTS_DIR, goodCsv, writeBadInputs } from '../../fixtures/make-bad-inputs.ts';

const BIN = new URL('../../../bin/segment-studio.mjs', import.meta.url).pathname;
const DANGEROUS = /^[=+\-@\t\r]/;
const SALT = 'a secret of the shop';
const CUSTOMERS = ['=2+5', '+1-1', '-1+1', '@A1', '\tTAB', 'plain'];

let files: Record<string, string>;
beforeAll(() => {
  files = writeBadInputs(path.join(BAD_INPUTS_DIR, 'cli'), [
    'formulas.csv',
    'empty.csv',
    'header-only.csv',
    'ragged-long.csv',
    'unclosed-quote.csv',
    'wide-10k.csv',
    'no-sheets.xlsx',
  ]);
});

const tmp = () => mkdtempSync(path.join(tmpdir(), 'ss-hostile-'));

/** Runs the CLI in this process; returns exit code, stdout and stderr. */
async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  try {
    return { code: await main(argv), out, err };
  } finally {
    vi.restoreAllMocks();
  }
}
afterEach(() => vi.restoreAllMocks());

/** The cells of a CSV export without quoted line breaks (as ours are here). */
function cells(csv: string): string[][] {
  return csv
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const out: string[] = [];
      for (const m of line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)) {
        const v = m[1]!;
        out.push(v.startsWith('"') ? v.slice(1, -1).replace(/""/g, '"') : v);
      }
      return out;
    });
}

describe('the CLI with hostile inputs', () => {
  it('a full segment run leaves the source byte-for-byte and its mtime untouched; --pseudonymise hashes the ids', () => {
    const dir = tmp();
    const source = path.join(dir, 'formulas.csv');
    writeFileSync(source, readFileSync(files['formulas.csv']!));
    chmodSync(source, 0o444); // read-only, as a user's export may be
    const before = statSync(source);
    const bytes = readFileSync(source);
    const r = spawnSync(process.execPath, [BIN, 'segment', source, '--out', path.join(dir, 'out'), '--pseudonymise', SALT, '--json'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const after = statSync(source);
    expect(readFileSync(source).equals(bytes)).toBe(true);
    expect(after.mtimeMs).toBe(before.mtimeMs);
    expect(after.size).toBe(before.size);
    const ids = cells(readFileSync(path.join(dir, 'out', 'customers.csv'), 'utf8')).map((c) => c[0]);
    expect(ids.sort()).toEqual(CUSTOMERS.map((c) => createHmac('sha256', SALT).update(c).digest('hex').slice(0, 16)).sort());
  });

  it('segment without --pseudonymise exports the formula-like ids neutralised', async () => {
    const out = tmp();
    const r = await cli('segment', files['formulas.csv']!, '--out', out);
    expect(r.code, r.err).toBe(0);
    const rows = cells(readFileSync(path.join(out, 'customers.csv'), 'utf8'));
    expect(rows.map((c) => c[0]).sort()).toEqual(CUSTOMERS.map((c) => (DANGEROUS.test(c) ? `'${c}` : c)).sort());
    for (const row of rows) for (const c of row) expect(c).not.toMatch(DANGEROUS);
  });

  it('baskets writes rules.csv and itemsets.csv with formula-like items neutralised', async () => {
    const out = tmp();
    const r = await cli('baskets', files['formulas.csv']!, '--out', out, '--min-support', '0.1', '--min-confidence', '0.1');
    expect(r.code, r.err).toBe(0);
    const rules = cells(readFileSync(path.join(out, 'rules.csv'), 'utf8'));
    expect(rules.length).toBeGreaterThan(0);
    expect(rules.map((c) => c[0]).sort()).toEqual(["'=1+1", "'@SUM(A1:A9)"]);
    expect(rules.flatMap((c) => [c[2], c[3]]).sort()).toEqual([
      "'+cmd|' /C calc'!A0",
      "'+cmd|' /C calc'!A0",
      '\'=HYPERLINK("http://evil.invalid","click")',
      '\'=HYPERLINK("http://evil.invalid","click")',
    ]);
    for (const file of ['rules.csv', 'itemsets.csv'])
      for (const row of cells(readFileSync(path.join(out, file), 'utf8'))) for (const c of row) expect(c).not.toMatch(DANGEROUS);
  });

  it.each([
    ['empty.csv', /^segment-studio: empty\.csv: the file is empty\n$/],
    ['header-only.csv', /^segment-studio: header-only\.csv: the file has no data lines below the header\n$/],
    ['ragged-long.csv', /^segment-studio: ragged-long\.csv, row 4: /],
    ['unclosed-quote.csv', /^segment-studio: unclosed-quote\.csv, row 3, column Description: .*never closed/],
    ['wide-10k.csv', /^segment-studio: wide-10k\.csv, row 1: the header has 10,000 columns/],
    ['no-sheets.xlsx', /^segment-studio: no-sheets\.xlsx: the workbook has no sheets/],
    // (every case of the corpus is checked against the engine in corpus.test.ts)
  ])('inspect %s: one line naming the file, exit 1', async (name, message) => {
    const r = await cli('inspect', files[name]!);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(message);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });

  it('a short salt is refused', async () => {
    const r = await cli('segment', files['formulas.csv']!, '--out', tmp(), '--pseudonymise', 'abc');
    expect(r.code).toBe(1);
    expect(r.err).toBe('segment-studio: the pseudonymisation salt must have at least 8 characters; keep it secret\n');
  });

  it('an export that cannot be written fails in one line and leaves the previous file', async () => {
    const dir = tmp();
    const blocker = path.join(dir, 'out');
    writeFileSync(blocker, 'not a folder');
    const r = await cli('segment', files['formulas.csv']!, '--out', blocker);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^segment-studio: .*out: this is a file; --out names the folder to write into\n$/);
    expect(readFileSync(blocker, 'utf8')).toBe('not a folder');
  });

  it('and after all that, the CLI still works', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'good.csv'), goodCsv(5));
    const r = await cli('inspect', path.join(dir, 'good.csv'), '--json');
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).report.rows_kept).toBe(5);
  });
});
