/**
 * What may be wrong in the figures read is said by every command: `segment`, `run`, `export` and
 * `inspect` in their output, the others (`baskets` in its output too) on stderr, so their JSON
 * stays whole. Here a till's receipts numbered from 1 every day, with anonymous sales.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const BIN = new URL('../../bin/segment-studio.mjs', import.meta.url).pathname;
const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });

let dir: string;
let till: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ss-command-warnings-'));
  till = path.join(dir, 'till.csv');
  // 12 days, receipts 1-4 each day: every fourth receipt anonymous, the others by customers c0-c5.
  const rows = ['Receipt,Date,Customer,Item,Qty,Price'];
  for (let day = 1; day <= 12; day++)
    for (let r = 1; r <= 4; r++) {
      const n = day * 4 + r;
      const customer = r === 4 ? '' : `c${n % 6}`;
      for (const item of ['Tea', n % 2 ? 'Scone' : 'Bun']) rows.push(`${r},2024-03-${String(day).padStart(2, '0')} 1${r}:00,${customer},${item},1,2.50`);
    }
  writeFileSync(till, `${rows.join('\n')}\n`);
});

const RESTART = /order numbers are used on several days, not by one customer .*: the numbers restart/;

describe('figure warnings in every command', () => {
  it('baskets says so in its output, and that anonymous lines feed no basket while missing_customer is on', () => {
    const r = cli('baskets', till, '--out', path.join(dir, 'b'), '--json');
    expect(r.status, r.stderr).toBe(0);
    const warnings: string[] = JSON.parse(r.stdout).warnings;
    expect(warnings.some((w) => RESTART.test(w))).toBe(true);
    // 12 of the 48 receipts, 24 of 96 lines.
    expect(warnings).toContain(
      '24 lines (25.0%) have no customer and are left out of the baskets by the missing_customer rule; RFM never counts them, so with the rule off their baskets are mined too',
    );
    const off = cli('baskets', till, '--out', path.join(dir, 'b-off'), '--clean', 'cancellation,return', '--json');
    expect(JSON.parse(off.stdout).baskets).toBe(48);
    expect((JSON.parse(off.stdout).warnings as string[]).some((w) => w.includes('no customer'))).toBe(false);
  });

  it('overview, backtest, migrate, clv and report say so on stderr', () => {
    for (const args of [
      ['overview', till, '--json'],
      ['backtest', till, '--json'],
      ['migrate', till, '--out', path.join(dir, 'm'), '--json'],
      ['clv', till, '--out', path.join(dir, 'c'), '--json'],
      ['report', till, '--out', path.join(dir, 'r.html'), '--json'],
    ]) {
      const r = cli(...args);
      expect(r.status, `${args[0]}: ${r.stderr}`).toBe(0);
      expect(r.stderr, args[0]).toMatch(new RegExp(`^warning: [0-9]+ ${RESTART.source}`, 'm'));
      expect(() => JSON.parse(r.stdout), args[0]).not.toThrow();
    }
  });

  it("inspect says a Square export's line discounts are not taken off, and the --map it names reads the lines after them", () => {
    const square = path.join(dir, 'items.csv');
    writeFileSync(
      square,
      'Date,Time,Category,Item,Qty,SKU,Gross Sales,Discounts,Net Sales,Transaction ID,Customer ID\n2024-03-01,10:00:00,Cups,Mug,2,M1,$9.00,-$1.00,$8.00,T1,C1\n2024-03-02,11:00:00,Cups,Mug,1,M1,$4.50,-$0.50,$4.00,T2,C2\n',
    );
    const gross = cli('inspect', square);
    expect(gross.stdout).toContain('warning: discounts of 1.50 on 2 lines ("Discounts") are not taken off');
    expect(gross.stdout).toContain('revenue 13.50');
    const flag = /\(--map (line_total="Net Sales")\)/.exec(gross.stdout)![1]!;
    const net = cli('inspect', square, '--map', flag.replace(/"/g, ''));
    expect(net.stdout).not.toContain('discounts of');
    expect(net.stdout).toContain('revenue 12.00');
  });

  it("inspect and export say when the non_product rule removes a shop's products coded as fees", () => {
    const shop = path.join(dir, 'coded.csv');
    const rows = Array.from(
      { length: 60 },
      (_, i) => `${1000 + i},2024-03-${String(1 + (i % 28)).padStart(2, '0')},C${i % 9},${i % 10 === 0 ? 'B' : `P${i % 4}`},1,2.50`,
    );
    writeFileSync(shop, `Invoice,Date,Customer,SKU,Qty,Price\n${rows.join('\n')}\n`);
    const said =
      'the non_product rule removed 6 lines (10.0% of those read), most by "B" 6: if one is a product, take it out of the non-product codes or words';
    expect(cli('inspect', shop).stdout).toContain(`warning: ${said}`);
    const exported = cli('export', shop, '--out', path.join(dir, 'x'), '--json');
    expect(exported.status, exported.stderr).toBe(0);
    expect(JSON.parse(exported.stdout).warnings).toContain(said);
  });
});
