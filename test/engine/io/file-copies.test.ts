import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { figureWarnings, keyedFigureWarnings, openDataset, type SqlPort } from '../../../engine/src/index.ts';
import { withoutCopies } from '../../../engine/src/io/file-copies.ts';
import { MemorySource, openDb, textSource } from '../../helpers/engine.ts';

let sql: SqlPort;
beforeAll(async () => {
  sql = await openDb();
});

/** A till's day without quantities: a line per scanned unit, a repeated line another unit sold. */
type Scan = [customer: number, cents: number];

const HEADER = 'Receipt,Customer,Time,Item,Price';

function tillDay(day: number, scans: Scan[]): string {
  const d = `2024-03-${String(day).padStart(2, '0')}`;
  // Scans of one receipt repeat on purpose: two lines alike are two units.
  const rows = scans.map(([c, cents], i) => `R${day}-${c},C${c},${d} 10:0${i % 10},ITEM${cents % 3},${(cents / 100).toFixed(2)}`);
  return `${HEADER}\n${rows.join('\n')}\n`;
}

const scans = fc.array(fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 100, max: 900 })), { minLength: 1, maxLength: 8 });

const cents = (days: Scan[][]) => days.flat().reduce((a, [, c]) => a + c, 0);

describe('a file read twice', () => {
  it('is left out as a copy, and every scan of the other files counts once (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(scans, { minLength: 1, maxLength: 4 }), fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), async (days, picks) => {
        const texts = days.map((s, i) => tillDay(i + 1, s));
        const originals = texts.map((t, i) => textSource(`day${i + 1}.csv`, t));
        // Copies of some days, named as a file manager names them, each after its original.
        const copied = [...new Set(picks.map((p) => p % days.length))];
        const files = originals.flatMap((o, i) => (copied.includes(i) ? [o, textSource(`day${i + 1} (1).csv`, texts[i]!)] : [o]));
        const ds = await openDataset(sql, files);
        expect(ds.sources.map((s) => s.name)).toEqual(originals.map((o) => o.name));
        expect(ds.copies ?? []).toEqual(
          copied.sort((a, b) => a - b).map((i) => ({ name: `day${i + 1} (1).csv`, of: `day${i + 1}.csv`, bytes: new TextEncoder().encode(texts[i]!).length })),
        );
        expect(ds.report.rows_kept).toBe(days.flat().length);
        expect(Math.round(ds.report.revenue * 100)).toBe(cents(days));
        const warning = keyedFigureWarnings(ds).find((w) => w.key === 'file-copies');
        expect(warning?.text).toContain(`${copied.length} ${copied.length === 1 ? 'file holds' : 'files hold'} the same bytes`);
      }),
      { numRuns: 15, seed: 20261205 },
    );
  });

  it('is told from a file of the same size whose bytes differ past its head, which is read', async () => {
    const body = 'x'.repeat(200 * 1024);
    const a = new TextEncoder().encode(`${body}A`);
    const b = new TextEncoder().encode(`${body}B`);
    const found = await withoutCopies([new MemorySource('a.csv', a), new MemorySource('b.csv', b), new MemorySource('c.csv', a.slice())]);
    expect(found.kept.map((s) => s.name)).toEqual(['a.csv', 'b.csv']);
    expect(found.copies).toEqual([{ name: 'c.csv', of: 'a.csv', bytes: a.length }]);
  });

  it('is never a header alone: months without sales (one header line, LF, CRLF or none) are no copies of each other', async () => {
    for (const end of ['\n', '\r\n', '']) {
      const header = `${HEADER}${end}`;
      const { kept, copies } = await withoutCopies([
        textSource('2024-11.csv', header),
        textSource('2024-12.csv', header),
        textSource('day.csv', tillDay(1, [[1, 250]])),
      ]);
      expect(copies).toEqual([]);
      expect(kept.map((k) => k.name)).toEqual(['2024-11.csv', '2024-12.csv', 'day.csv']);
    }
    // Two lines are a file's content: such a copy is still one.
    const day = tillDay(2, [[1, 300]]);
    expect((await withoutCopies([textSource('a.csv', day), textSource('a (1).csv', day)])).copies.map((c) => c.name)).toEqual(['a (1).csv']);
  });

  it('keeps the shortest name, and says which files were left out, three at most and how many more', async () => {
    const text = tillDay(1, [[1, 250]]);
    const names = ['day1 (1).csv', 'day1.csv', 'Copy of day1.csv', 'day1 - Copy.csv', 'day1 (2).csv'];
    const ds = await openDataset(
      sql,
      names.map((n) => textSource(n, text)),
    );
    expect(ds.sources.map((s) => s.name)).toEqual(['day1.csv']);
    expect(figureWarnings(ds)).toEqual([
      '4 files hold the same bytes as another file read and were left out, so that no line is counted twice: day1 (1).csv (a copy of day1.csv), Copy of day1.csv (a copy of day1.csv), day1 - Copy.csv (a copy of day1.csv) and 1 more',
    ]);
    expect(ds.report.revenue).toBe(2.5);
  });

  it('in a folder given to the CLI: segment leaves the copy out and warns', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ss-copies-'));
    const folder = path.join(dir, 'till');
    mkdirSync(folder);
    writeFileSync(
      path.join(folder, '2024-03-01.csv'),
      tillDay(1, [
        [1, 250],
        [1, 250],
        [2, 400],
      ]),
    );
    writeFileSync(path.join(folder, '2024-03-02.csv'), tillDay(2, [[1, 100]]));
    copyFileSync(path.join(folder, '2024-03-01.csv'), path.join(folder, '2024-03-01 (1).csv'));
    const out = path.join(dir, 'out');
    const bin = new URL('../../../bin/segment-studio.mjs', import.meta.url).pathname;
    const r = spawnSync(process.execPath, [bin, 'segment', folder, '--out', out, '--json'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.warnings).toContainEqual(expect.stringContaining('2024-03-01 (1).csv (a copy of 2024-03-01.csv)'));
    expect(j.rows_kept).toBe(4);
    const [header, ...rows] = readFileSync(path.join(out, 'customers.csv'), 'utf8').trim().split('\n');
    const at = header!.split(',').indexOf('monetary');
    const monetary = Object.fromEntries(rows.map((r) => [r.split(',')[0], Number(r.split(',')[at])]));
    // C1: two units of 2.50 on day 1 and one of 1.00 on day 2, each counted once.
    expect(monetary).toEqual({ C1: 6, C2: 4 });
    // The campaign export's manifest lists every file given, the copy marked.
    const lists = path.join(dir, 'lists');
    const e = spawnSync(process.execPath, [bin, 'export', folder, '--out', lists], { encoding: 'utf8' });
    expect(e.status, e.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(lists, 'manifest.json'), 'utf8'));
    expect(manifest.sources.map((s: { name: string; copy_of?: string }) => [s.name, s.copy_of])).toEqual([
      ['2024-03-01 (1).csv', '2024-03-01.csv'],
      ['2024-03-01.csv', undefined],
      ['2024-03-02.csv', undefined],
    ]);
  });
});

describe('a till day exported twice, once before closing', () => {
  /** A receipt: its customer and the prices of its scans (a price twice: two units). */
  type Receipt = [customer: number, cents: number[]];
  const receipts = fc.array(fc.tuple(fc.integer({ min: 1, max: 4 }), fc.array(fc.integer({ min: 100, max: 900 }), { minLength: 1, maxLength: 4 })), {
    minLength: 1,
    maxLength: 6,
  });
  const text = (day: number, rs: Receipt[]) =>
    `${HEADER}\n${rs
      .flatMap(([c, prices], i) =>
        prices.map(
          (p) => `R${day}-${i},C${c},2024-03-${String(day).padStart(2, '0')} ${String(9 + i).padStart(2, '0')}:00,ITEM${p % 3},${(p / 100).toFixed(2)}`,
        ),
      )
      .join('\n')}\n`;

  it('counts each receipt once, its repeated scans as units, whichever export comes first (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(receipts, { minLength: 1, maxLength: 3 }), fc.nat(), fc.boolean(), async (days, cut, earlyFirst) => {
        // The first day is also exported before closing: its first receipts only.
        const early = days[0]!.slice(0, cut % days[0]!.length);
        const files = days.map((rs, i) => textSource(`day${i + 1}.csv`, text(i + 1, rs)));
        const partial = textSource('day1 noon.csv', text(1, early));
        const ds = await openDataset(sql, earlyFirst ? [partial, ...files] : [...files, partial]);
        const scans = days.flatMap((rs) => rs.flatMap(([, prices]) => prices));
        expect(ds.report.rows_kept).toBe(scans.length);
        expect(Math.round(ds.report.revenue * 100)).toBe(scans.reduce((a, b) => a + b, 0));
        expect(ds.report.removed.duplicate).toBe(early.flatMap(([, prices]) => prices).length);
      }),
      { numRuns: 20, seed: 20261205 },
    );
  });
});
