/**
 * The whole job as plain SQL on native DuckDB (@duckdb/node-api), for bench/whole-job.ts to time:
 * the same steps as bench/peers/pandas_job.py.
 *
 *   node bin/run-ts.mjs bench/peers/duckdb_job.ts INPUT OUT_DIR
 *
 * INPUT is a CSV file or a folder of CSV files of one shape (read with one glob, DuckDB's own
 * type detection except for the invoice and customer ids, read as text). Standard cleaning: drop
 * lines without a customer, cancellations (invoice starting with "C"), non-positive quantity or
 * price, and exact duplicates. RFM with the snapshot the day after the last purchase; quintile
 * scores 1-5 by NTILE (recent is high). Writes OUT_DIR/customers.csv and prints one line of JSON.
 */
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

const [input, outDir] = process.argv.slice(2);
if (input === undefined || outDir === undefined) {
  process.stderr.write('usage: duckdb_job.ts INPUT OUT_DIR\n');
  process.exit(2);
}
const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
const files = statSync(input).isDirectory() ? path.join(input, '*.csv') : input;
mkdirSync(outDir, { recursive: true });

const db = await DuckDBInstance.create(':memory:', { autoload_known_extensions: 'false', autoinstall_known_extensions: 'false' });
const conn = await db.connect();
await conn.run(`CREATE TABLE lines AS SELECT * FROM read_csv(${lit(files)}, types = {'InvoiceNo': 'VARCHAR', 'CustomerID': 'VARCHAR'})`);
await conn.run(`CREATE TABLE kept AS SELECT DISTINCT * FROM lines
  WHERE CustomerID IS NOT NULL AND NOT starts_with(InvoiceNo, 'C') AND Quantity > 0 AND UnitPrice > 0`);
await conn.run(`CREATE TABLE rfm AS
  WITH snap AS (SELECT CAST(max(InvoiceDate) AS DATE) + 1 AS d FROM kept)
  SELECT CustomerID AS customer_id,
    date_diff('day', CAST(max(InvoiceDate) AS DATE), (SELECT d FROM snap)) AS recency_days,
    count(DISTINCT InvoiceNo) AS frequency,
    sum(Quantity * UnitPrice) AS monetary
  FROM kept GROUP BY CustomerID`);
await conn.run(`COPY (
  SELECT *,
    ntile(5) OVER (ORDER BY recency_days DESC, customer_id) AS r_score,
    ntile(5) OVER (ORDER BY frequency, customer_id) AS f_score,
    ntile(5) OVER (ORDER BY monetary, customer_id) AS m_score
  FROM rfm ORDER BY customer_id) TO ${lit(path.join(outDir, 'customers.csv'))} (HEADER)`);
const counts = (
  await conn.runAndReadAll(
    `SELECT (SELECT count(*) FROM rfm) AS customers, (SELECT count(*) FROM lines) AS rows_read, (SELECT count(*) FROM kept) AS rows_kept`,
  )
).getRowObjects()[0]!;
process.stdout.write(`${JSON.stringify(Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, Number(v)])))}\n`);
conn.closeSync();
