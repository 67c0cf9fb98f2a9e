import type { Table, Vector } from 'apache-arrow';

/** Converts a small Arrow result to plain rows; BigInt counts become numbers. For summaries only. */
export function tableRows(table: Table): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const row of table) {
    const obj = (row as { toJSON(): Record<string, unknown> }).toJSON();
    for (const [k, v] of Object.entries(obj)) if (typeof v === 'bigint') obj[k] = Number(v);
    out.push(obj);
  }
  return out;
}

export function firstRow(table: Table): Record<string, unknown> {
  return tableRows(table)[0] ?? {};
}

export function num(v: unknown): number {
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number') return v;
  if (v === null || v === undefined) return 0;
  return Number(v);
}

const UTF8 = new TextDecoder('utf-8');

/**
 * A text column of a result, null as null. Arrow's get() decodes each value on its own (5000
 * sampled rows of 8 columns: about 25 ms); here each chunk's bytes are decoded at once and cut
 * where its values start, counted in characters (UTF-16 units) from the bytes. Chunks of other
 * types go value by value, as String(get(i)).
 */
export function textValues(v: Vector): (string | null)[] {
  const out = new Array<string | null>(v.length);
  let i = 0;
  for (const d of v.data) {
    // A sliced chunk's offsets are sliced with it: value k runs from offsets[k] to offsets[k + 1].
    const offsets: unknown = d.valueOffsets;
    const bytes: unknown = d.values;
    const units = offsets instanceof Int32Array && bytes instanceof Uint8Array ? unitOffsets(bytes, offsets, d.length) : undefined;
    if (units) {
      const text = UTF8.decode((bytes as Uint8Array).subarray((offsets as Int32Array)[0], (offsets as Int32Array)[d.length]));
      if (text.length === units[d.length]) {
        const nulls = d.nullCount > 0;
        for (let k = 0; k < d.length; k++) out[i++] = nulls && !d.getValid(k) ? null : text.slice(units[k], units[k + 1]);
        continue;
      }
    }
    for (let k = 0; k < d.length; k++, i++) {
      const x: unknown = v.get(i);
      out[i] = x === null || x === undefined ? null : String(x);
    }
  }
  return out;
}

/** Where each of `n` UTF-8 values starts in its decoded text: a byte that starts a character is one unit, or two from four bytes. */
function unitOffsets(bytes: Uint8Array, offsets: Int32Array, n: number): Int32Array {
  const units = new Int32Array(n + 1);
  let count = 0;
  let b = offsets[0]!;
  for (let k = 1; k <= n; k++) {
    for (const stop = offsets[k]!; b < stop; b++) {
      const x = bytes[b]!;
      if (x < 0x80) count++;
      else if ((x & 0xc0) !== 0x80) count += x >= 0xf0 ? 2 : 1;
    }
    units[k] = count;
  }
  return units;
}
