import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  computeRfm,
  defaultAnalysis,
  figureWarnings,
  loadData,
  openDataset,
  parseAnalysis,
  serialiseAnalysis,
  type SqlPort,
} from '../../../engine/src/index.ts';
import { analysisFromFlags } from '../../../engine/cli/analysis-flags.ts';
import { sampleShowsReuse } from '../../../engine/src/io/restarting-numbers.ts';
import { openDb, textSource } from '../../helpers/engine.ts';

let sql: SqlPort;
beforeAll(async () => {
  sql = await openDb();
});

const HEADER = 'Receipt,Date,Customer,Item,Qty,Price';

/** A receipt: its day (1-based), its number, its customer (0: anonymous), its items. */
interface Receipt {
  day: number;
  number: number;
  customer: number;
  items: number[];
}

const date = (day: number, minute: number) => `2024-03-${String(day).padStart(2, '0')} 10:${String(minute % 60).padStart(2, '0')}`;

function till(receipts: readonly Receipt[]): string {
  const rows = receipts.flatMap((r) => r.items.map((item, i) => `${r.number},${date(r.day, r.number + i)},${r.customer || ''},Item ${item},1,2.50`));
  return `${HEADER}\n${rows.join('\n')}\n`;
}

/** Days of receipts numbered from 1 each day, bought by customers 1-6 or anonymously (0). */
const restartingTill = fc
  .array(
    fc.array(fc.record({ customer: fc.integer({ min: 0, max: 6 }), items: fc.uniqueArray(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 3 }) }), {
      minLength: 1,
      maxLength: 5,
    }),
    {
      minLength: 1,
      maxLength: 4,
    },
  )
  // The first receipt has a customer: RFM needs one.
  .map((days) => days.flatMap((receipts, d) => receipts.map((r, i): Receipt => ({ day: d + 1, number: i + 1, ...r, customer: d + i === 0 ? 1 : r.customer }))));

/** The reference: per customer, the distinct (day, number) pairs, or the distinct numbers. */
function ordersPerCustomer(receipts: readonly Receipt[], daily: boolean): Map<string, number> {
  const keys = new Map<string, Set<string>>();
  for (const r of receipts) {
    if (r.customer === 0) continue;
    const set = keys.get(String(r.customer)) ?? new Set<string>();
    set.add(daily ? `${r.day} ${r.number}` : String(r.number));
    keys.set(String(r.customer), set);
  }
  return new Map([...keys].map(([c, s]) => [c, s.size]));
}

/** The reference for a reading decided on the data: numbers on several days not all one known customer's. */
function restarts(receipts: readonly Receipt[]): { reused: number; daily: boolean } {
  const byNumber = new Map<number, Receipt[]>();
  for (const r of receipts) byNumber.set(r.number, [...(byNumber.get(r.number) ?? []), r]);
  let several = 0;
  let reused = 0;
  for (const rs of byNumber.values()) {
    if (new Set(rs.map((r) => r.day)).size < 2) continue;
    several++;
    const oneKnown = new Set(rs.map((r) => r.customer)).size === 1 && rs[0]!.customer !== 0;
    if (!oneKnown) reused++;
  }
  return { reused, daily: reused >= 2 && reused * 2 >= several };
}

async function frequencies(): Promise<Map<string, number>> {
  const rfm = await computeRfm(sql);
  return new Map(rfm.customerIds.map((c, i) => [c, rfm.frequency[i]!]));
}

describe('order numbers that restart every day', () => {
  it('are read as a number on one day when the data shows it, and as numbers otherwise (property)', async () => {
    const readings = new Set<boolean>();
    await fc.assert(
      fc.asyncProperty(restartingTill, async (receipts) => {
        const ds = await openDataset(sql, [textSource('till.csv', till(receipts))]);
        const expected = restarts(receipts);
        readings.add(expected.daily);
        expect(ds.canonical.reusedNumbers?.numbers ?? 0).toBe(expected.reused);
        expect(ds.canonical.reusedNumbers?.daily ?? false).toBe(expected.daily);
        expect(await frequencies()).toEqual(ordersPerCustomer(receipts, expected.daily));
        // Baskets are orders too: every receipt's lines (anonymous ones included) are one basket.
        const baskets = await sql.query('SELECT count(DISTINCT invoice) AS n FROM lines');
        expect(Number(baskets.getChild('n')!.get(0))).toBe(new Set(receipts.map((r) => (expected.daily ? `${r.day} ${r.number}` : r.number))).size);
      }),
      { numRuns: 25, seed: 20261205 },
    );
    // Both readings were met.
    expect([...readings].sort()).toEqual([false, true]);
  });

  it('are read as the user chose: daily or unique, whatever the data shows (property)', async () => {
    await fc.assert(
      fc.asyncProperty(restartingTill, fc.constantFrom('daily' as const, 'unique' as const), async (receipts, orderNumbers) => {
        const ds = await openDataset(sql, [textSource('till.csv', till(receipts))], { orderNumbers });
        expect(await frequencies()).toEqual(ordersPerCustomer(receipts, orderNumbers === 'daily'));
        if (ds.canonical.reusedNumbers) expect(ds.canonical.reusedNumbers.chosen).toBe(true);
      }),
      { numRuns: 20, seed: 7 },
    );
  });

  it('says how many numbers, on how many lines, with the first one on its first two days', async () => {
    const receipts: Receipt[] = [
      { day: 1, number: 1, customer: 1, items: [1, 2] },
      { day: 1, number: 2, customer: 2, items: [3] },
      { day: 2, number: 1, customer: 2, items: [1] },
      { day: 2, number: 2, customer: 0, items: [4] },
      { day: 3, number: 1, customer: 1, items: [5] },
    ];
    const ds = await openDataset(sql, [textSource('till.csv', till(receipts))]);
    expect(figureWarnings(ds)).toEqual([
      '2 order numbers are used on several days, not by one customer (e.g. "1" on 2024-03-01 at till.csv row 2 and on 2024-03-02 at till.csv row 5), on 6 lines: the numbers restart, so an order is read as a number on one day; if each number is one order, choose the order numbers unique',
    ]);
    // Customer 1 bought twice (receipt 1 of day 1 and of day 3), customer 2 twice.
    expect(await frequencies()).toEqual(
      new Map([
        ['1', 2],
        ['2', 2],
      ]),
    );

    const unique = await openDataset(sql, [textSource('till.csv', till(receipts))], { orderNumbers: 'unique' });
    expect(figureWarnings(unique)).toEqual([
      '2 order numbers are used on several days, not by one customer (e.g. "1" on 2024-03-01 at till.csv row 2 and on 2024-03-02 at till.csv row 5), on 6 lines: each number is read as one order (as chosen), its lines on different days together; if the numbers restart (a till\'s receipts), choose the order numbers daily',
    ]);
    expect(await frequencies()).toEqual(
      new Map([
        ['1', 1],
        ['2', 2],
      ]),
    );
  });

  it('leaves an order whose lines carry several days, all one customer’s, as one order', async () => {
    // Orders of unique numbers whose lines are dated as shipped: each order is one customer's.
    const text = [
      HEADER,
      '1001,2024-03-01,7,Item 1,1,2.50',
      '1001,2024-03-04,7,Item 2,1,2.50',
      '1002,2024-03-02,8,Item 1,1,2.50',
      '1002,2024-03-05,8,Item 3,1,2.50',
    ].join('\n');
    const ds = await openDataset(sql, [textSource('orders.csv', `${text}\n`)]);
    expect(ds.canonical.reusedNumbers).toBeUndefined();
    expect(figureWarnings(ds)).toEqual([]);
    expect(await frequencies()).toEqual(
      new Map([
        ['7', 1],
        ['8', 1],
      ]),
    );
  });

  it('a daily reading chosen for numbers that never repeat is said, and changes no order', async () => {
    const text = [HEADER, '1001,2024-03-01,7,Item 1,1,2.50', '1002,2024-03-02,7,Item 2,1,2.50'].join('\n');
    const ds = await openDataset(sql, [textSource('orders.csv', `${text}\n`)], { orderNumbers: 'daily' });
    expect(figureWarnings(ds)).toEqual(['order numbers are read as restarting, as chosen: an order is a number on one day']);
    expect(await frequencies()).toEqual(new Map([['7', 2]]));
  });
});

describe('the choice of how order numbers are read', () => {
  it('is the analysis document’s and --order-numbers’, which the pipeline reads with', async () => {
    const a = analysisFromFlags({ command: 'segment', inputs: [], flags: new Map([['order-numbers', ['unique']]]) });
    expect(a.sources.orderNumbers).toBe('unique');
    expect(parseAnalysis(JSON.parse(serialiseAnalysis(a))).sources.orderNumbers).toBe('unique');
    expect(analysisFromFlags({ command: 'segment', inputs: [], flags: new Map([['order-numbers', ['auto']]]) }, a).sources.orderNumbers).toBeUndefined();
    expect(() => parseAnalysis({ ...defaultAnalysis(), sources: { paths: [], orderNumbers: 'weekly' } })).toThrow(/orderNumbers/);
    const receipts: Receipt[] = [
      { day: 1, number: 1, customer: 1, items: [1] },
      { day: 2, number: 1, customer: 2, items: [1] },
      { day: 3, number: 1, customer: 1, items: [2] },
    ];
    const ds = await loadData(sql, [textSource('till.csv', till(receipts))], a, { today: '2024-12-01' });
    expect(ds.canonical.reusedNumbers).toMatchObject({ numbers: 1, daily: false, chosen: true });
    expect(await frequencies()).toEqual(
      new Map([
        ['1', 1],
        ['2', 1],
      ]),
    );
    await loadData(sql, [textSource('till.csv', till(receipts))], defaultAnalysis(), { today: '2024-12-01' });
    // One number used again is not enough to decide on the data.
    expect(await frequencies()).toEqual(
      new Map([
        ['1', 1],
        ['2', 1],
      ]),
    );
    const daily = { ...defaultAnalysis(), sources: { paths: [], orderNumbers: 'daily' as const } };
    await loadData(sql, [textSource('till.csv', till(receipts))], daily, { today: '2024-12-01' });
    expect(await frequencies()).toEqual(
      new Map([
        ['1', 2],
        ['2', 1],
      ]),
    );
  });
});

describe('the sample’s look for numbers used again', () => {
  it('sets times of day aside: one order’s lines minutes apart are one day', () => {
    expect(sampleShowsReuse(['1', '1'], ['2011-02-16 15:55:00', '2011-02-16 15:56:00'], undefined)).toBe(false);
    expect(sampleShowsReuse(['1', '1'], ['12/1/2010 8:26', '12/1/2010 8:28 AM'], ['a', 'a'])).toBe(false);
    expect(sampleShowsReuse(['1', '1'], ['2024-03-01T10:00:00Z', '2024-03-01T11:00:00Z'], ['a', 'a'])).toBe(false);
    expect(sampleShowsReuse(['1', '1'], ['2024-03-01', '2024-03-02'], ['a', 'a'])).toBe(true);
    expect(sampleShowsReuse(['1', '1'], ['2024-03-01', '2024-03-01'], ['a', 'b'])).toBe(true);
    expect(sampleShowsReuse(['1', '1'], ['2024-03-01', '2024-03-01'], ['a', null])).toBe(false);
  });

  it('never fires on unique numbers, each on one day and with one customer (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            day: fc.integer({ min: 1, max: 28 }),
            customer: fc.option(fc.integer({ min: 1, max: 9 })),
            lines: fc.integer({ min: 1, max: 4 }),
            minute: fc.integer({ min: 0, max: 59 }),
          }),
          {
            maxLength: 30,
          },
        ),
        (orders) => {
          const rows = orders.flatMap((o, i) =>
            Array.from({ length: o.lines }, (_, k) => ({
              inv: String(1000 + i),
              date: `2024-03-${String(o.day).padStart(2, '0')} 9:${String((o.minute + k) % 60).padStart(2, '0')}`,
              customer: o.customer === null ? null : String(o.customer),
            })),
          );
          return !sampleShowsReuse(
            rows.map((r) => r.inv),
            rows.map((r) => r.date),
            rows.map((r) => r.customer),
          );
        },
      ),
    );
  });
});

describe('orders holding several customers’ lines', () => {
  it('two shops’ exports numbering alike, dated by day: both read (not one order exported twice), said with counts and an example', async () => {
    const shop = (rows: [string, string, string][]) => `${HEADER}\n${rows.map(([n, c, item]) => `${n},2024-03-01,${c},${item},1,2.50`).join('\n')}\n`;
    const ds = await openDataset(sql, [
      textSource(
        'north.csv',
        shop([
          ['1001', 'C1', 'Tea'],
          ['1001', 'C1', 'Mug'],
          ['1002', 'C2', 'Tea'],
        ]),
      ),
      textSource(
        'south.csv',
        shop([
          ['1001', 'C7', 'Jam'],
          ['1002', 'C2', 'Tea'],
          ['1003', 'C8', 'Jam'],
        ]),
      ),
    ]);
    expect(ds.canonical.sharedOrders).toEqual({
      orders: 1,
      lines: 3,
      example: {
        invoice: '1001',
        date: '2024-03-01',
        customers: [
          { customer: 'C1', file: 'north.csv', row: 2 },
          { customer: 'C7', file: 'south.csv', row: 2 },
        ],
      },
    });
    expect(figureWarnings(ds)).toContain(
      '1 order holds lines of several customers on one day (e.g. "1001" on 2024-03-01: "C1" at north.csv row 2 and "C7" at south.csv row 2), on 3 lines: each is read as one order, as numbered (as when two tills or two shops number alike), so orders are undercounted and baskets by invoice join their customers\' items; baskets by visit (a customer\'s day) keep them apart',
    );
    // Each customer's own figures are right; order 1002, C2's in both files, is one order exported twice.
    expect(await frequencies()).toEqual(
      new Map([
        ['C1', 1],
        ['C2', 1],
        ['C7', 1],
        ['C8', 1],
      ]),
    );
    expect(ds.canonical.overlappingFiles).toMatchObject({ orders: 1, lines: 1, example: { invoice: '1002', files: ['north.csv', 'south.csv'] } });
  });

  it('two tills numbering from 1 each day: orders of one number and day with two customers or more, counted (property)', async () => {
    const twoTills = fc
      .tuple(restartingTill, restartingTill)
      // The second till's customers are others (7-12), anonymous ones aside.
      .map(([a, b]) => [...a, ...b.map((r) => ({ ...r, customer: r.customer && r.customer + 6 }))].sort((x, y) => x.day - y.day));
    await fc.assert(
      fc.asyncProperty(twoTills, async (receipts) => {
        const ds = await openDataset(sql, [textSource('tills.csv', till(receipts))]);
        const daily = ds.canonical.reusedNumbers?.daily ?? false;
        // The reference: orders as read (a number, or a number on one day) on one day with two known customers or more.
        const orders = new Map<string, Receipt[]>();
        for (const r of receipts) {
          const key = daily ? `${r.day} ${r.number}` : String(r.number);
          orders.set(key, [...(orders.get(key) ?? []), r]);
        }
        const shared = [...orders.values()].filter(
          (rs) => new Set(rs.map((r) => r.day)).size === 1 && new Set(rs.map((r) => r.customer).filter((c) => c !== 0)).size > 1,
        );
        expect(ds.canonical.sharedOrders?.orders ?? 0).toBe(shared.length);
        expect(ds.canonical.sharedOrders?.lines ?? 0).toBe(shared.flat().reduce((n, r) => n + r.items.length, 0));
      }),
      { numRuns: 25, seed: 20261206 },
    );
  });

  it('a till of one customer per receipt, restarting each day, shares none', async () => {
    await fc.assert(
      fc.asyncProperty(restartingTill, async (receipts) => {
        const ds = await openDataset(sql, [textSource('till.csv', till(receipts))]);
        expect(ds.canonical.sharedOrders).toBeUndefined();
      }),
      { numRuns: 15, seed: 3 },
    );
  });
});
