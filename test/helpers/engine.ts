import { expect } from 'vitest';
import type { DataSource, Dataset } from '../../engine/src/index.ts';
import { openNodeDuckDb } from '../../engine/cli/node-duckdb.ts';

/** An in-memory file for tests. */
export class MemorySource implements DataSource {
  readonly size: number;
  constructor(
    readonly name: string,
    readonly bytes: Uint8Array,
  ) {
    this.size = bytes.length;
  }
  async read(start: number, end: number): Promise<Uint8Array> {
    return this.bytes.subarray(start, end);
  }
}

export function textSource(name: string, text: string): MemorySource {
  return new MemorySource(name, new TextEncoder().encode(text));
}

export function latin1Source(name: string, text: string): MemorySource {
  return new MemorySource(
    name,
    Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff),
  );
}

export function utf16Source(name: string, text: string): MemorySource {
  const out = new Uint8Array(2 + text.length * 2);
  out[0] = 0xff;
  out[1] = 0xfe;
  for (let i = 0; i < text.length; i++) {
    out[2 + 2 * i] = text.charCodeAt(i) & 0xff;
    out[3 + 2 * i] = text.charCodeAt(i) >> 8;
  }
  return new MemorySource(name, out);
}

export const openDb = openNodeDuckDb;

export const ONLINE_RETAIL_DIR = new URL('../../../shared/data/online-retail/by-day/', import.meta.url).pathname;
export const GROCERIES_CSV = new URL('../../../shared/data/groceries/groceries.csv', import.meta.url).pathname;

/** The five baskets of mlxtend's apriori user guide ("Onion" twice in the last, as published). */
export const MLXTEND_BASKETS: readonly (readonly string[])[] = [
  ['Milk', 'Onion', 'Nutmeg', 'Kidney Beans', 'Eggs', 'Yogurt'],
  ['Dill', 'Onion', 'Nutmeg', 'Kidney Beans', 'Eggs', 'Yogurt'],
  ['Milk', 'Apple', 'Kidney Beans', 'Eggs'],
  ['Milk', 'Unicorn', 'Corn', 'Kidney Beans', 'Yogurt'],
  ['Corn', 'Onion', 'Onion', 'Kidney Beans', 'Ice cream', 'Eggs'],
];

/** The figures two loads of the same sales give alike: lines read and kept, removals, revenue, customers. */
export function expectSameFigures(a: Dataset, b: Dataset): void {
  expect(a.report.rows_read).toBe(b.report.rows_read);
  expect(a.report.rows_kept).toBe(b.report.rows_kept);
  expect(a.report.removed).toEqual(b.report.removed);
  expect(a.report.revenue).toBe(b.report.revenue);
  expect(a.report.customers).toBe(b.report.customers);
}
