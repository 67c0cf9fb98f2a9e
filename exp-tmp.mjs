import { DuckDBInstance } from '@duckdb/node-api';
const hdr = ['InvoiceNo','StockCode','Description','Quantity','InvoiceDate','UnitPrice','CustomerID','Country'];
const cols = hdr.map(h=>`'${h}': 'VARCHAR'`).join(', ');
const base = `header = true, delim = ',', quote = '"', escape = '"', encoding = 'utf-8', compression = 'none', null_padding = true, max_line_size = 20000000, buffer_size = 20000000, auto_detect = false, columns = {${cols}}`;
const variants = {
  current: `CREATE OR REPLACE TABLE raw AS SELECT * EXCLUDE (filename), CASE filename WHEN '/tmp/gen1m.csv' THEN 'gen1m.csv' END AS "__source" FROM (SELECT * FROM read_csv(['/tmp/gen1m.csv'], ${base}, filename = true))`,
  nofile: `CREATE OR REPLACE TABLE raw AS SELECT *, 'gen1m.csv' AS "__source" FROM (SELECT * FROM read_csv(['/tmp/gen1m.csv'], ${base}))`,
  countonly: `SELECT count(*) FROM read_csv(['/tmp/gen1m.csv'], ${base}, filename = true)`,
  typed: `CREATE OR REPLACE TABLE t AS SELECT * FROM read_csv('/tmp/gen1m.csv', types = {'InvoiceNo': 'VARCHAR', 'CustomerID': 'VARCHAR'})`,
};
const inst = await DuckDBInstance.create(':memory:', { threads: '2' });
const c = await inst.connect();
const res = {};
for (let r = 0; r < 4; r++) for (const [k, s] of Object.entries(variants)) {
  await c.run('DROP TABLE IF EXISTS raw; DROP TABLE IF EXISTS t');
  const t0 = performance.now(); await c.run(s); const dt = performance.now() - t0;
  (res[k] ??= []).push(Math.round(dt));
}
console.log(res);
