import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  loadData,
  openDataset,
  parseAnalysis,
  figureWarnings,
  serialiseAnalysis,
  defaultAnalysis,
  tableRows,
  type SqlPort,
} from '../../../engine/src/index.ts';
import { inspectJson, inspectText } from '../../../engine/cli/inspect.ts';
import { analysisFromFlags } from '../../../engine/cli/analysis-flags.ts';
import { openDb, textSource } from '../../helpers/engine.ts';

let sql: SqlPort;
beforeAll(async () => {
  sql = await openDb();
});

const HEADER = 'Pedido,Cliente,Fecha,Producto,Cantidad,Precio';
/** A Chilean shop's lines: whole pesos, thousands grouped with "." ("12.990"), nothing telling which mark is decimal. */
const PRICES = ['12.990', '990', '4.500', '1.290', '25.000', '350'];
const line = (i: number, price: string) =>
  `${1000 + Math.floor(i / 2)},C${i % 7},2024-03-${String(1 + (i % 28)).padStart(2, '0')},P${i % 5},${1 + (i % 3)},${price}`;
const chilean = (n: number, price: (i: number) => string = (i) => PRICES[i % PRICES.length]!) =>
  `${[HEADER, ...Array.from({ length: n }, (_, i) => line(i, price(i)))].join('\n')}\n`;

/** The revenue of `chilean(n)` with each price read by `value`: the reference, from the text. */
const revenueOf = (n: number, value: (p: string) => number) =>
  Array.from({ length: n }, (_, i) => (1 + (i % 3)) * value(PRICES[i % PRICES.length]!)).reduce((a, b) => a + b, 0);

describe('numbers read under a decimal mark no value showed', () => {
  it('are counted, with examples by file and row, when "1.200"-like values were read as decimals', async () => {
    // No whole price under 1,000: nothing in the values' shape says "." groups.
    const grouped = PRICES.filter((p) => p.includes('.'));
    const ds = await openDataset(sql, [
      textSource(
        'ventas.csv',
        chilean(60, (i) => grouped[i % grouped.length]!),
      ),
    ]);
    expect(ds.canonical.numberFormats.unit_price).toMatchObject({ decimal: '.' });
    // Read as decimals, as the warning says: 12.99, 4.5 ...
    const revenue = Array.from({ length: 60 }, (_, i) => (1 + (i % 3)) * Number(grouped[i % grouped.length])).reduce((a, b) => a + b, 0);
    expect(ds.report.revenue).toBeCloseTo(revenue, 6);
    expect(ds.canonical.guessedNumbers).toEqual([
      {
        role: 'unit_price',
        column: 'Precio',
        mark: '.',
        readAs: 'decimal',
        basis: 'unshown',
        count: 60,
        examples: [
          { file: 'ventas.csv', row: 2, value: '12.990' },
          { file: 'ventas.csv', row: 3, value: '4.500' },
          { file: 'ventas.csv', row: 4, value: '1.290' },
        ],
      },
    ]);
    const warning = figureWarnings(ds).find((w) => w.includes('decimal mark'));
    expect(warning).toBe(
      '60 values in Precio (unit_price) such as "12.990" (ventas.csv row 2) were read with "." as the decimal mark ("1.200" as 1.2): ' +
        'no value in the file shows whether "." marks decimals or groups thousands; if it groups thousands, choose the decimal mark ","',
    );
    expect(inspectText(ds)).toContain(`warning: ${warning}`);
    expect((inspectJson(ds).report as { guessed_numbers: unknown }).guessed_numbers).toEqual(ds.canonical.guessedNumbers);
  });

  it('reads "." as grouping where every dotted value has three digits after it and the whole ones are under 1,000, and says why', async () => {
    const ds = await openDataset(sql, [textSource('ventas.csv', chilean(60))]);
    expect(ds.canonical.numberFormats.unit_price).toMatchObject({ decimal: ',', thousands: '.' });
    expect(ds.report.revenue).toBe(revenueOf(60, (p) => Number(p.replace('.', ''))));
    const ambiguous = Array.from({ length: 60 }, (_, i) => PRICES[i % PRICES.length]!).filter((p) => p.includes('.')).length;
    expect(ds.canonical.guessedNumbers).toMatchObject([{ mark: '.', readAs: 'thousands', basis: 'shape', count: ambiguous }]);
    expect(figureWarnings(ds)).toContain(
      `${ambiguous} values in Precio (unit_price) such as "12.990" (ventas.csv row 2) were read with "." grouping thousands ("1.200" as 1200): ` +
        'every value with "." has three digits after it and the values without are whole numbers under 1,000, as where "." groups thousands, ' +
        'but no value shows a decimal mark; if it marks decimals, choose the decimal mark "."',
    );
    // A whole price of 1,000 or more written without the mark is no grouping writer's: "." stays decimal.
    const large = await openDataset(sql, [
      textSource(
        'ventas.csv',
        chilean(60, (i) => (i === 59 ? '1290' : PRICES[i % PRICES.length]!)),
      ),
    ]);
    expect(large.canonical.numberFormats.unit_price).toMatchObject({ decimal: '.' });
    expect(large.canonical.guessedNumbers).toMatchObject([{ mark: '.', readAs: 'decimal', basis: 'unshown' }]);
  });

  it('reads "2,829" as 2829 when no value shows the decimal mark, and tells of it; a "12,34" anywhere in the file makes it 2.829', async () => {
    const yen = ['2,829', '427', '12,500', '3,751', '980'];
    // Quoted, as a "," delimited file writes them.
    const text = (price: (i: number) => string) => chilean(60, (i) => `"${price(i)}"`);
    const ds = await openDataset(sql, [
      textSource(
        'ventas.csv',
        text((i) => yen[i % yen.length]!),
      ),
    ]);
    expect(ds.canonical.numberFormats.unit_price).toMatchObject({ decimal: '.', thousands: ',' });
    const whole = Array.from({ length: 60 }, (_, i) => (1 + (i % 3)) * Number(yen[i % yen.length]!.replace(',', ''))).reduce((a, b) => a + b, 0);
    expect(ds.report.revenue).toBe(whole);
    expect(ds.canonical.guessedNumbers).toMatchObject([{ mark: ',', readAs: 'thousands', basis: 'shape', count: 36 }]);
    // Without whole values under 1,000 it is no less the likelier reading, but only a guess.
    const grouped = await openDataset(sql, [
      textSource(
        'ventas.csv',
        text((i) => (i % 2 ? '2,829' : '3,751')),
      ),
    ]);
    expect(grouped.canonical.guessedNumbers).toMatchObject([{ mark: ',', readAs: 'thousands', basis: 'unshown', count: 60 }]);
    expect(figureWarnings(grouped)).toContain(
      '60 values in Precio (unit_price) such as "3,751" (ventas.csv row 2) were read with "," grouping thousands ("1,200" as 1200): ' +
        'no value in the file shows whether "," marks decimals or groups thousands; if it marks decimals, choose the decimal mark ","',
    );
    // 10,001 lines: the sample takes every third; the one "12,34" (the second line, rowid 1) is not among them.
    const comma = await openDataset(sql, [
      textSource(
        'ventas.csv',
        chilean(10_001, (i) => `"${i === 1 ? '12,34' : yen[i % yen.length]!}"`),
      ),
    ]);
    expect(comma.canonical.numberFormats.unit_price).toMatchObject({ decimal: ',', thousands: '.' });
    expect(comma.canonical.guessedNumbers).toBeUndefined();
    expect(tableRows(await sql.query(`SELECT unit_price FROM lines WHERE invoice = '1000' ORDER BY unit_price`)).map((r) => r.unit_price)).toEqual([
      2.829, 12.34,
    ]);
  });

  it('reads whole amounts grouped by "," or "." (Excel\'s #,##0) as those amounts, and counts every grouped one (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(',', '.'), fc.array(fc.integer({ min: 1, max: 999_999 }), { minLength: 2, maxLength: 30 }), async (mark, amounts) => {
        // Some amount under 1,000 and some over, as whole prices run.
        const all = [...amounts, 427, 2829];
        const written = all.map((a) => String(a).replace(/\B(?=(\d{3})+$)/g, mark));
        const ds = await openDataset(sql, [
          textSource(
            'p.csv',
            chilean(all.length, (i) => `"${written[i]!}"`),
          ),
        ]);
        expect(ds.report.revenue).toBe(all.reduce((s, a, i) => s + (1 + (i % 3)) * a, 0));
        // "1,234,567" shows the mark groups: only one group is a guess, and every such value is told of.
        const single = written.filter((w) => w.split(mark).length === 2).length;
        const multi = written.some((w) => w.split(mark).length > 2);
        expect(ds.canonical.guessedNumbers?.[0]?.count ?? 0).toBe(multi ? 0 : single);
      }),
      { numRuns: 12 },
    );
  });

  it('reads them as whole pesos with the decimal mark "," chosen, and warns no more', async () => {
    const ds = await openDataset(sql, [textSource('ventas.csv', chilean(60))], { decimalMark: ',' });
    expect(ds.canonical.numberFormats.unit_price).toMatchObject({ decimal: ',', thousands: '.' });
    expect(ds.canonical.guessedNumbers).toBeUndefined();
    expect(ds.report.revenue).toBe(revenueOf(60, (p) => Number(p.replace('.', ''))));
    const prices = tableRows(await sql.query('SELECT DISTINCT unit_price FROM lines ORDER BY 1')).map((r) => r.unit_price);
    expect(prices).toEqual([350, 990, 1290, 4500, 12990, 25000]);
  });

  it('takes the chosen "." over a detected decimal comma: "1,200" groups, "12,5" fails to parse and is flagged', async () => {
    const text = `${HEADER}\n1,C1,2024-03-01,P1,1,"1,200"\n2,C2,2024-03-02,P2,1,"12,5"\n3,C3,2024-03-03,P3,1,"7,25"\n`;
    const detected = await openDataset(sql, [textSource('v.csv', text)]);
    expect(detected.canonical.numberFormats.unit_price).toMatchObject({ decimal: ',' });
    const ds = await openDataset(sql, [textSource('v.csv', text)], { decimalMark: '.' });
    expect(ds.canonical.numberFormats.unit_price).toMatchObject({ decimal: '.', thousands: ',' });
    expect(tableRows(await sql.query('SELECT unit_price FROM lines ORDER BY invoice')).map((r) => r.unit_price)).toEqual([1200, null, null]);
    expect(ds.canonical.parseIssues).toEqual([{ role: 'unit_price', column: 'Precio', count: 2, example: { file: 'v.csv', row: 3, value: '12,5' } }]);
  });

  it('says nothing when a value beyond the detection sample shows the decimal point', async () => {
    // 10,001 lines: the sample takes every third; the one "2.50" (the second line, rowid 1) is not among them.
    const ds = await openDataset(sql, [
      textSource(
        'ventas.csv',
        chilean(10_001, (i) => (i === 1 ? '2.50' : PRICES[i % PRICES.length]!)),
      ),
    ]);
    expect(ds.canonical.numberFormats.unit_price).toMatchObject({ decimal: '.' });
    expect(ds.canonical.guessedNumbers).toBeUndefined();
    const without = await openDataset(sql, [textSource('ventas.csv', chilean(10_001))]);
    expect(without.canonical.guessedNumbers?.[0]?.count).toBe(Math.ceil((10_001 * 4) / 6));
  });

  it('counts refunds written "(4.500)" or "4.500-" among them, and takes "(2.50)" as showing the decimal point', async () => {
    const refunds = await openDataset(sql, [
      textSource(
        'a.csv',
        chilean(6, (i) => (i === 2 ? '(4.500)' : i === 3 ? '1.290-' : PRICES[i]!)),
      ),
    ]);
    expect(refunds.canonical.guessedNumbers?.[0]).toMatchObject({
      count: 4,
      examples: [{ row: 2 }, { row: 4, value: '(4.500)' }, { row: 5, value: '1.290-' }],
    });
    const shown = await openDataset(sql, [
      textSource(
        'b.csv',
        chilean(6, (i) => (i === 5 ? '(2.50)' : PRICES[i]!)),
      ),
    ]);
    expect(shown.canonical.guessedNumbers).toBeUndefined();
  });

  it('says nothing when the values show the convention, or hold no "1.200"', async () => {
    const shown = await openDataset(sql, [
      textSource(
        'a.csv',
        chilean(6, (i) => (i === 5 ? '12.50' : PRICES[i]!)),
      ),
    ]);
    expect(shown.canonical.guessedNumbers).toBeUndefined();
    const whole = await openDataset(sql, [
      textSource(
        'b.csv',
        chilean(6, (i) => String(10 + i)),
      ),
    ]);
    expect(whole.canonical.guessedNumbers).toBeUndefined();
  });

  it('in a folder, counts only the files whose convention no file showed', async () => {
    const shownByOther = await openDataset(sql, [
      textSource('dia1.csv', chilean(12)),
      textSource(
        'dia2.csv',
        chilean(6, (i) => `${i + 1}.99`),
      ),
    ]);
    // The folder's other day shows the decimal point: the whole-peso day reads as the shop's other days.
    expect(shownByOther.canonical.guessedNumbers).toBeUndefined();
    const neither = await openDataset(sql, [
      textSource('dia1.csv', chilean(12)),
      textSource(
        'dia2.csv',
        chilean(6, () => '7.990'),
      ),
    ]);
    // Each file by its own values: the first day's shape says "." groups, the second's nothing.
    expect(neither.canonical.guessedNumbers).toMatchObject([
      { role: 'unit_price', mark: '.', readAs: 'thousands', basis: 'shape', count: 8, examples: [{ file: 'dia1.csv', row: 2, value: '12.990' }, {}, {}] },
      { role: 'unit_price', mark: '.', readAs: 'decimal', basis: 'unshown', count: 6, examples: [{ file: 'dia2.csv', row: 2, value: '7.990' }, {}, {}] },
    ]);
  });

  it('is a choice of the analysis document and of --decimal-mark, which the pipeline reads with; so is the date order', async () => {
    const a = analysisFromFlags({ command: 'segment', inputs: [], flags: new Map([['decimal-mark', [',']]]) });
    expect(a.sources.decimalMark).toBe(',');
    expect(parseAnalysis(JSON.parse(serialiseAnalysis(a))).sources.decimalMark).toBe(',');
    expect(analysisFromFlags({ command: 'segment', inputs: [], flags: new Map([['decimal-mark', ['auto']]]) }, a).sources.decimalMark).toBeUndefined();
    expect(() => parseAnalysis({ ...defaultAnalysis(), sources: { paths: [], decimalMark: ';' } })).toThrow(/decimalMark/);
    const ds = await loadData(sql, [textSource('ventas.csv', chilean(60))], a, { today: '2024-12-01' });
    expect(ds.report.revenue).toBe(revenueOf(60, (p) => Number(p.replace('.', ''))));

    const us = analysisFromFlags({ command: 'segment', inputs: [], flags: new Map([['date-order', ['mdy']]]) });
    expect(parseAnalysis(JSON.parse(serialiseAnalysis(us))).sources.dateOrder).toBe('mdy');
    expect(() => parseAnalysis({ ...defaultAnalysis(), sources: { paths: [], dateOrder: 'ymd' } })).toThrow(/dateOrder/);
    const text = `${HEADER}\n1,C1,03/04/2024,P1,1,10\n`;
    expect((await loadData(sql, [textSource('v.csv', text)], us, { today: '2024-12-01' })).report.date_min).toBe('2024-03-04 00:00:00');
    expect((await loadData(sql, [textSource('v.csv', text)], defaultAnalysis(), { today: '2024-12-01' })).report.date_min).toBe('2024-04-03 00:00:00');
  });
});
