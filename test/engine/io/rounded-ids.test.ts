import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { keyedFigureWarnings, openDataset, tableRows, type SqlPort } from '../../../engine/src/index.ts';
import { unroundedSql } from '../../../engine/src/io/rounded-ids.ts';
import { literal } from '../../../engine/src/sql/quote.ts';
import { openDb, textSource } from '../../helpers/engine.ts';

let sql: SqlPort;
beforeAll(async () => {
  sql = await openDb();
});

/** Excel's way: 15 significant digits, the 16th rounding half up, zeros after. */
function spreadsheet(id: bigint): string {
  const s = id.toString();
  if (s.length <= 15) return s;
  const kept = BigInt(s.slice(0, 15)) + (s[15]! >= '5' ? 1n : 0n);
  return (kept * 10n ** BigInt(s.length - 15)).toString();
}

/** An integer's digits from JavaScript's number text ("4.0000001234567891e+17", "1234567890123456.0"). */
function integerText(text: string): string {
  const [, int, frac = '', exp] = /^(\d+)(?:\.(\d+))?(?:e\+(\d+))?$/.exec(text)!;
  if (exp === undefined) return int!;
  const length = int!.length + Number(exp);
  return (int! + frac).padEnd(length, '0').slice(0, length);
}

/** A program holding the id as a double, printed shortest (JavaScript, Python), to 17 digits (C's %.17g), or exactly. */
function doublePrints(id: bigint): string[] {
  const d = Number(id);
  return [integerText(String(d)), integerText(d.toPrecision(17)), BigInt(d).toString()];
}

async function unrounded(values: readonly string[]): Promise<boolean[]> {
  const rows = values.map((v, i) => `(${i}, ${literal(v)})`).join(', ');
  return tableRows(await sql.query(`SELECT ${unroundedSql('v')} AS u FROM (VALUES ${rows}) t(i, v) ORDER BY i`)).map((r) => r.u === true);
}

/** Ids of 16 to 21 digits. */
const longId = fc.bigInt({ min: 10n ** 15n, max: 10n ** 21n - 1n });

describe('ids a program may have rounded', () => {
  it('no value a rounding writer changes is taken for an id written in full (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(longId, { minLength: 1, maxLength: 20 }), async (ids) => {
        const written = ids.flatMap((id) => [spreadsheet(id), ...doublePrints(id)].filter((v) => v !== id.toString()));
        if (written.length === 0) return;
        expect(await unrounded(written)).toEqual(written.map(() => false));
      }),
    );
  });

  it('an id of more than 17 significant digits that no double holds is taken as written in full (property)', async () => {
    // Odd: at these sizes a double holds even integers only.
    const full = fc.bigInt({ min: 10n ** 17n, max: 10n ** 30n }).map((n) => n * 10n + 1n);
    await fc.assert(
      fc.asyncProperty(fc.array(full, { minLength: 1, maxLength: 20 }), async (ids) => {
        expect(await unrounded(ids.map(String))).toEqual(ids.map(() => true));
      }),
    );
  });

  const HEADER = 'Order Id,Customer,Date,SKU,Qty,Price';
  const rows = (ids: readonly string[], day: number) => ids.map((id, i) => `${id},C${i % 3},2025-03-${String(day).padStart(2, '0')} 10:00,SKU${i},1,5.00`);

  it("a file's long ids written in full are not flagged; a file of the same export a spreadsheet rounded is, with its count", async () => {
    // Toast's order ids: 18 digits, kept as text by the till's export.
    const ids = ['400000012345678901', '400000012345678917', '400000012345679023', '400000012345679101'];
    const full = `${HEADER}\n${rows(ids, 14).join('\n')}\n`;
    const rounded = `${HEADER}\n${rows(
      ids.map((id) => spreadsheet(BigInt(id) + 1000n)),
      15,
    ).join('\n')}\n`;
    const one = await openDataset(sql, [textSource('till.csv', full)]);
    expect(one.canonical.roundedIds ?? []).toEqual([]);
    expect(keyedFigureWarnings(one).filter((w) => w.key.startsWith('rounded-ids'))).toEqual([]);

    const both = await openDataset(sql, [textSource('day14.csv', full), textSource('day15.csv', rounded)]);
    expect(both.canonical.roundedIds).toEqual([
      {
        role: 'invoice',
        column: 'Order Id',
        count: 4,
        examples: [
          { file: 'day15.csv', row: 2, value: '400000012345680000' },
          { file: 'day15.csv', row: 3, value: '400000012345680000' },
          { file: 'day15.csv', row: 4, value: '400000012345680000' },
        ],
      },
    ]);
  });

  it('ids in scientific notation are flagged beside ids written in full', async () => {
    const text = `${HEADER}\n${rows(['400000012345678901', '4.00000012345679E+17', '400000012345679023'], 14).join('\n')}\n`;
    const ds = await openDataset(sql, [textSource('till.csv', text)]);
    expect(ds.canonical.roundedIds).toEqual([
      { role: 'invoice', column: 'Order Id', count: 1, examples: [{ file: 'till.csv', row: 3, value: '4.00000012345679E+17' }] },
    ]);
  });
});
