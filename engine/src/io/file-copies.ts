/**
 * Files read twice: a daily export saved again as "day1 (1).csv", a folder holding a copy of
 * another's files, or the same path given twice. Where a repeated line is another unit sold (a
 * till's lines without quantities) the duplicates rule cannot catch such a copy, so every scan
 * would count twice; elsewhere the copy's lines would all be "duplicates". A file whose bytes
 * equal an earlier file's is left out, and said (copyWarnings).
 *
 * Only files of equal size are compared, first by their heads, then piece by piece: a folder of
 * daily exports rarely holds two files of one size, and their first lines (dates) differ.
 */
import { throwIfCancelled } from '../errors.ts';
import type { CancelToken, DataSource } from '../ports.ts';

/** A file left out because its bytes are another's. */
export interface FileCopy {
  name: string;
  /** The file it copies (read in its place). */
  of: string;
  bytes: number;
}

const HEAD_BYTES = 64 * 1024;
const PIECE_BYTES = 8 * 1024 * 1024;

/** The sources without copies (in the given order), and the copies left out, each with the file read in its place. */
export async function withoutCopies(sources: readonly DataSource[], signal?: CancelToken): Promise<{ kept: DataSource[]; copies: FileCopy[] }> {
  const bySize = new Map<number, number[]>();
  sources.forEach((s, i) => {
    if (s.size > 0) bySize.set(s.size, [...(bySize.get(s.size) ?? []), i]);
  });
  const copyOf = new Map<number, number>();
  for (const group of bySize.values()) {
    if (group.length < 2) continue;
    const heads = new Map<number, Uint8Array>();
    const head = async (i: number) => {
      let h = heads.get(i);
      if (!h) heads.set(i, (h = await sources[i]!.read(0, Math.min(sources[i]!.size, HEAD_BYTES))));
      return h;
    };
    const originals: number[] = [];
    // The shortest name is kept: "day1.csv", not "day1 (1).csv" or "Copy of day1.csv", which sort first.
    for (const i of [...group].sort((a, b) => sources[a]!.name.length - sources[b]!.name.length || a - b)) {
      // A header and nothing else (a month without sales) holds no line to count twice.
      if (sources[i]!.size <= HEAD_BYTES && oneLine(await head(i))) continue;
      let original: number | undefined;
      for (const o of originals) {
        throwIfCancelled(signal);
        if (sameBytes(await head(o), await head(i)) && (await sameRest(sources[o]!, sources[i]!, signal))) {
          original = o;
          break;
        }
      }
      if (original === undefined) originals.push(i);
      else copyOf.set(i, original);
    }
  }
  return {
    kept: sources.filter((_, i) => !copyOf.has(i)),
    copies: [...copyOf].sort(([a], [b]) => a - b).map(([i, o]) => ({ name: sources[i]!.name, of: sources[o]!.name, bytes: sources[i]!.size })),
  };
}

/** Whether two files of one size, whose heads are equal, are equal past their heads. */
async function sameRest(a: DataSource, b: DataSource, signal?: CancelToken): Promise<boolean> {
  for (let start = HEAD_BYTES; start < a.size; start += PIECE_BYTES) {
    throwIfCancelled(signal);
    const end = Math.min(a.size, start + PIECE_BYTES);
    const [x, y] = await Promise.all([a.read(start, end), b.read(start, end)]);
    if (!sameBytes(x, y)) return false;
  }
  return true;
}

/** Text of one line at most: no line break but at its end. */
function oneLine(bytes: Uint8Array): boolean {
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] === 0x0a || bytes[end - 1] === 0x0d)) end--;
  for (let k = 0; k < end; k++) if (bytes[k] === 0x0a || bytes[k] === 0x0d) return false;
  return true;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** What the figures' readers must know: which files were left out as copies. */
export function copyWarnings(copies: readonly FileCopy[] | undefined): string[] {
  if (!copies?.length) return [];
  const shown = copies.slice(0, 3).map((c) => `${c.name} (a copy of ${c.of})`);
  const more = copies.length > shown.length ? ` and ${copies.length - shown.length} more` : '';
  const one = copies.length === 1;
  return [
    `${copies.length} ${one ? 'file holds' : 'files hold'} the same bytes as another file read and ${one ? 'was' : 'were'} left out, so that no line is counted twice: ${shown.join(', ')}${more}`,
  ];
}
