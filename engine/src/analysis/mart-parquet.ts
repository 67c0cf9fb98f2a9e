/**
 * The data mart's tables as Parquet files, one writer for every host (the CLI's `export --format
 * parquet` and the app, where DuckDB-WASM cannot load its parquet extension offline), so the
 * same tables give byte-identical files: hyparquet-writer (pure JS) with an explicit schema per
 * table, the documented column types (docs/data-mart.md) — text as UTF-8 strings, integer as
 * signed INT64, double as DOUBLE, date as DATE (INT32 days since 1970-01-01) — every column nullable.
 */
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { MartTable, MartType, MartValue } from './mart.ts';

type SchemaElement = NonNullable<Parameters<typeof parquetWriteBuffer>[0]['schema']>[number];
type ColumnData = Parameters<typeof parquetWriteBuffer>[0]['columnData'][number]['data'];

/** Integers carry the INT_64 annotation (as DuckDB writes BIGINT), not the logical INTEGER type: hyparquet-writer 0.17.0 writes its bit width so that native DuckDB cannot read the footer. */
const PHYSICAL: Record<MartType, Omit<SchemaElement, 'name'>> = {
  text: { type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' } },
  integer: { type: 'INT64', converted_type: 'INT_64' },
  double: { type: 'DOUBLE' },
  date: { type: 'INT32', converted_type: 'DATE', logical_type: { type: 'DATE' } },
};

const DAY_MS = 86_400_000;

/** 'YYYY-MM-DD' as days since 1970-01-01 (Parquet's DATE). */
function epochDay(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new Error(`data mart: "${iso}" is not a YYYY-MM-DD date`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS;
}

/** One column's values in the writer's form for its type; a value of the wrong kind is a bug upstream, named here. */
function columnValues(t: MartTable, j: number): ColumnData {
  const { name, type } = t.columns[j]!;
  const bad = (v: MartValue, i: number) => new Error(`data mart: ${t.name}.${name} row ${i + 1} holds ${JSON.stringify(v)} where the type is ${type}`);
  return t.rows.map((r, i) => {
    const v = r[j] ?? null;
    if (v === null) return null;
    if (type === 'text') return String(v);
    if (type === 'date') {
      if (typeof v !== 'string') throw bad(v, i);
      return epochDay(v);
    }
    if (typeof v !== 'number') throw bad(v, i);
    if (type === 'integer') {
      if (!Number.isSafeInteger(v)) throw bad(v, i);
      return BigInt(v);
    }
    return v;
  });
}

/** A table as the bytes of one Parquet file; `createdBy` (e.g. "segment-studio 0.1.0") goes into its footer. */
export function martTableParquet(t: MartTable, createdBy: string): Uint8Array {
  const schema: SchemaElement[] = [
    { name: 'root', num_children: t.columns.length },
    ...t.columns.map((c) => ({ name: c.name, repetition_type: 'OPTIONAL' as const, ...PHYSICAL[c.type] })),
  ];
  const columnData = t.columns.map((c, j) => ({ name: c.name, data: columnValues(t, j) }));
  return new Uint8Array(parquetWriteBuffer({ columnData, schema, createdBy }));
}

/** Every table as `<name>.parquet`, in the tables' order. */
export function martParquetFiles(tables: readonly MartTable[], createdBy: string): { name: string; content: Uint8Array }[] {
  return tables.map((t) => ({ name: `${t.name}.parquet`, content: martTableParquet(t, createdBy) }));
}
