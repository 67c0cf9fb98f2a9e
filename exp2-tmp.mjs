import { DuckDBInstance } from '@duckdb/node-api';
const hdr = ['InvoiceNo','StockCode','Description','Quantity','InvoiceDate','UnitPrice','CustomerID','Country'];
const cols = hdr.map(h=>`'${h}': 'VARCHAR'`).join(', ');
const base = `header = true, delim = ',', quote = '"', escape = '"', encoding = 'utf-8', compression = 'none', null_padding = true, max_line_size = 20000000, buffer_size = 20000000, auto_detect = false, columns = {${cols}}`;
const s = `CREATE OR REPLACE TABLE raw AS SELECT * EXCLUDE (filename), CASE filename WHEN '/tmp/gen1m.csv' THEN 'gen1m.csv' END AS "__source" FROM (SELECT * FROM read_csv(['/tmp/gen1m.csv'], ${base}, filename = true))`;
const opts = { threads: '2' };
if (process.argv[2]) Object.assign(opts, JSON.parse(process.argv[2]));
const inst = await DuckDBInstance.create(':memory:', opts);
const c = await inst.connect();
const out = [];
for (let r = 0; r < 3; r++) { await c.run('DROP TABLE IF EXISTS raw'); const t0 = performance.now(); await c.run(s); out.push(Math.round(performance.now() - t0)); }
const ru = process.resourceUsage();
console.log(out.join(' '), 'user', Math.round(ru.userCPUTime/1000), 'sys', Math.round(ru.systemCPUTime/1000), 'maxrss', ru.maxRSS);
