import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandInputs, refuseOutputOverInputs } from '../../engine/cli/inputs.ts';
import { writeOutputs } from '../../engine/cli/write-file.ts';

/** Outputs never land on an input, nor where a later run would read them back as input. */

const BIN = new URL('../../bin/segment-studio.mjs', import.meta.url).pathname;
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });

const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';
/** A folder of daily exports; `lines` counts the data lines written. */
function exportsFolder() {
  const dir = mkdtempSync(path.join(tmpdir(), 'ss-out-'));
  const data = path.join(dir, 'exports');
  mkdirSync(data);
  let lines = 0;
  for (const [day, n] of [
    ['2011-01-03', 3],
    ['2011-01-04', 2],
  ] as const) {
    const rows = Array.from({ length: n }, (_, i) => `${day.replace(/-/g, '')}${i},A${i},MUG ${i},1,${day} 10:00,2.50,c${i},UK`);
    writeFileSync(path.join(data, `${day}.csv`), `${HEADER}\n${rows.join('\n')}\n`);
    lines += n;
  }
  return { dir, data, file: path.join(data, '2011-01-03.csv'), lines };
}

const refused = (out: string, inputs: string[]) => {
  try {
    refuseOutputOverInputs(out, inputs);
    return false;
  } catch (e) {
    return (e as Error).message;
  }
};

describe('--out and the inputs', () => {
  it('refuses an input file, an input folder and a folder the folder rule reads inside one; allows the rest', () => {
    const { dir, data, file } = exportsFolder();
    expect(refused(file, [file])).toMatch(/--out is one of the inputs/);
    expect(refused(data, [data])).toMatch(/--out is the input folder/);
    expect(refused(path.join(data, 'results'), [data])).toMatch(/inside the input folder .*read back/);
    expect(refused(`${data}/./`, [data])).toMatch(/the input folder/);
    symlinkSync(data, path.join(dir, 'alias'));
    expect(refused(path.join(dir, 'alias', 'results'), [data])).toMatch(/read back/); // through a link
    expect(refused(path.join(data, 'results', 'deeper'), [data])).toBe(false); // beyond the depth read
    expect(refused(path.join(data, '.results'), [data])).toBe(false); // hidden: never read
    expect(refused(path.join(dir, 'out'), [data])).toBe(false);
    expect(refused(data, [file])).toBe(false); // a file's own folder, not given as a folder
  });

  it('the CLI exits 1 with one line and leaves the input as it was', () => {
    const { data, file } = exportsFolder();
    const before = readFileSync(file);
    const r = run('segment', file, '--out', file, '--json');
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--out is one of the inputs/);
    expect(readFileSync(file)).toEqual(before);
    const f = run('segment', data, '--out', path.join(data, 'out'));
    expect(f.status).toBe(1);
    expect(f.stderr).toMatch(/read back as inputs/);
  });

  it('an output folder inside an input folder (left by an older run) is never read back', () => {
    const { data, lines } = exportsFolder();
    writeOutputs(path.join(data, 'last-month'), [{ name: 'customers.csv', text: `${HEADER}\nX1,A,MUG,1,2011-01-05 10:00,9.99,c9,UK\n` }]);
    expect(expandInputs([data]).map((s) => s.name)).toEqual(['2011-01-03.csv', '2011-01-04.csv']);
    const r = run('inspect', data, '--json');
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).report.rows_read).toBe(lines);
  });
});
