import { readFileSync } from 'node:fs';

/** The CDNOW 1/10 sample shipped with the `lifetimes` library (see ../shared/data/cdnow/README.md). */
export const CDNOW_DIR = new URL('../../../../shared/data/cdnow/', import.meta.url).pathname;

export interface PublishedRow {
  id: string;
  x: number;
  tx: number;
  T: number;
  zbar: number;
}

/** cdnow_customers_summary_with_transactions.csv: ID,x,t_x,T,zbar (weeks, calibration to 1997-09-30). */
export function publishedSummary(): PublishedRow[] {
  const lines = readFileSync(`${CDNOW_DIR}cdnow_customers_summary_with_transactions.csv`, 'utf8').trim().split('\n');
  return lines.slice(1).map((l) => {
    const [id, x, tx, T, zbar] = l.split(',');
    return { id: id!, x: Number(x), tx: Number(tx), T: Number(T), zbar: Number(zbar) };
  });
}

export interface Transaction {
  customer: string;
  /** YYYY-MM-DD */
  date: string;
  cds: number;
  value: number;
}

/** CDNOW_sample.txt: whitespace-separated original id, customer id, YYYYMMDD, CDs, dollars. */
export function rawTransactions(): Transaction[] {
  return readFileSync(`${CDNOW_DIR}CDNOW_sample.txt`, 'utf8')
    .trim()
    .split('\n')
    .map((l) => {
      const [, customer, d, cds, value] = l.trim().split(/\s+/);
      return { customer: String(Number(customer)), date: `${d!.slice(0, 4)}-${d!.slice(4, 6)}-${d!.slice(6, 8)}`, cds: Number(cds), value: Number(value) };
    });
}
