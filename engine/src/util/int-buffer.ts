/**
 * Append-only Int32 storage that doubles its capacity, so miners can emit results of
 * unknown size without boxing numbers in JS arrays.
 */
export class IntBuffer {
  data: Int32Array;
  length = 0;

  constructor(initialCapacity = 64) {
    this.data = new Int32Array(Math.max(16, initialCapacity));
  }

  /** Makes room for `extra` more values; amortised O(1) per value. */
  reserve(extra: number): void {
    const need = this.length + extra;
    if (need <= this.data.length) return;
    let cap = this.data.length * 2;
    while (cap < need) cap *= 2;
    const next = new Int32Array(cap);
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }

  push(value: number): void {
    if (this.length === this.data.length) this.reserve(1);
    this.data[this.length++] = value;
  }

  /** Exact-size copy of the filled part. */
  toInt32Array(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

/** Returns `arr` when it already holds `size` values, otherwise a larger zeroed array. */
export function ensureInt32(arr: Int32Array, size: number): Int32Array {
  if (arr.length >= size) return arr;
  let cap = Math.max(16, arr.length * 2);
  while (cap < size) cap *= 2;
  return new Int32Array(cap);
}
