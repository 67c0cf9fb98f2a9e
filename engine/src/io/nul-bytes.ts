/**
 * NUL bytes among a text file's bytes: a stray one from a till's or a database's C strings, or a
 * file patched by a tool. One such byte used to make the whole file "binary"; read as text, it
 * would sit inside a value (an invoice "\0017" matching no "17"). Where they are few beside the
 * text (at most 8, or 1 in 100 bytes of the sniffed sample) they are no text: left out, and said
 * by line. Many make a binary file, refused (sniff.ts); a run ending the file is padding, left out
 * with the blank rows (empty-rows.ts). Only the sniffed sample is looked at: a NUL past it is read
 * inside its value. UTF-16 text, whose every other byte is 0, is not looked at.
 */

/** The NULs left out: how many, and the first lines holding one (1-based, as the file counts them). */
export interface NulBytes {
  count: number;
  lines: number[];
  /** Lines holding one, beyond those listed. */
  moreLines: number;
}

const MAX_LINES = 5;
/** NULs always few enough to leave out, whatever the sample's length (a short file's one stray NUL). */
const FEW = 8;

/** Whether `sample` holds NULs before its end (a run ending it is padding), few enough to leave out. */
export function hasStrayNuls(sample: Uint8Array): boolean {
  let end = sample.length;
  while (end > 0 && sample[end - 1] === 0) end--;
  const first = sample.indexOf(0);
  if (first < 0 || first >= end) return false;
  let count = 0;
  for (let i = first; i < end; i++) if (sample[i] === 0) count++;
  return count <= Math.max(FEW, end / 100);
}

/** `bytes` without their NULs, with where they were. */
export function withoutNuls(bytes: Uint8Array): { bytes: Uint8Array; nuls: NulBytes } {
  const out = new Uint8Array(bytes.length);
  const lines: number[] = [];
  let line = 1;
  let last = 0;
  let moreLines = 0;
  let n = 0;
  let count = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 0) {
      count++;
      if (last !== line) {
        if (lines.length < MAX_LINES) lines.push(line);
        else moreLines++;
        last = line;
      }
      continue;
    }
    // A line is ended by LF, or by a CR not followed by LF (old Mac files).
    if (b === 0x0a || (b === 0x0d && bytes[i + 1] !== 0x0a)) line++;
    out[n++] = b;
  }
  return { bytes: out.subarray(0, n), nuls: { count, lines, moreLines } };
}

/** The words for them (inspect, the Data screen). */
export function nulByteNotes(sources: readonly { name: string; nulBytes?: NulBytes }[]): string[] {
  return sources.flatMap(({ name, nulBytes: z }) =>
    z
      ? [
          `${name}: ${z.count.toLocaleString('en-US')} NUL byte${z.count === 1 ? '' : 's'} (no text) left out, on line ${z.lines.join(', ')}${z.moreLines > 0 ? ` and ${z.moreLines.toLocaleString('en-US')} more` : ''}`,
        ]
      : [],
  );
}
