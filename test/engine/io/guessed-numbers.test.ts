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
    const ds = await openDataset(sql, [textSource('ventas.csv', chilean(60))]);
    expect(ds.canonical.numberFormats.unit_price).toMatchObject({ decimal: '.' });
    // Read as decimals, as the warning says: 12.99, 4.5 ...
    expect(ds.report.revenue).toBeCloseTo(revenueOf(60, Number), 6);
    const ambiguous = Array.from({ length: 60 }, (_, i) => PRICES[i % PRICES.length]!).filter((p) => p.includes('.')).length;
    expect(ds.canonical.guessedNumbers).toEqual([
      {
        role: 'unit_price',
        column: 'Precio',
        count: ambiguous,
        examples: [
          { file: 'ventas.csv', row: 2, value: '12.990' },
          { file: 'ventas.csv', row: 4, value: '4.500' },
          { file: 'ventas.csv', row: 5, value: '1.290' },
        ],
      },
    ]);
    const warning = figureWarnings(ds).find((w) => w.includes('decimal mark'));
    expect(warning).toBe(
      `${ambiguous} values in Precio (unit_price) such as "12.990" (ventas.csv row 2) were read with "." as the decimal mark ("1.200" as 1.2): ` +
        'no value in the file shows whether "." marks decimals or groups thousands; if it groups thousands, choose the decimal mark ","',
    );
    expect(inspectText(ds)).toContain(`warning: ${warning}`);
    expect((inspectJson(ds).report as { guessed_numbers: unknown }).guessed_numbers).toEqual(ds.canonical.guessedNumbers);
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
    expect(neither.canonical.guessedNumbers?.[0]).toMatchObject({ role: 'unit_price', count: 8 + 6 });
    expect(neither.canonical.guessedNumbers?.[0]?.examples[0]).toEqual({ file: 'dia1.csv', row: 2, value: '12.990' });
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
