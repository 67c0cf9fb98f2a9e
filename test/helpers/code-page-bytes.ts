import { highTable, type CodePage } from '../../engine/src/io/code-pages.ts';

/**
 * Text encoded in an 8-bit code page, for tests: each character's bytes found by decoding every
 * byte (and Shift-JIS byte pair) once. Throws on a character the code page lacks.
 */
const encoders = new Map<string, Map<string, number[]>>();

function encoder(encoding: 'latin-1' | CodePage): Map<string, number[]> {
  let map = encoders.get(encoding);
  if (map) return map;
  map = new Map();
  if (encoding === 'shift_jis') {
    const decoder = new TextDecoder('shift_jis');
    for (let b = 0xa1; b <= 0xdf; b++) map.set(decoder.decode(Uint8Array.of(b)), [b]);
    for (let lead = 0x81; lead <= 0xfc; lead++)
      for (let trail = 0x40; trail <= 0xfc; trail++) {
        const ch = decoder.decode(Uint8Array.of(lead, trail));
        if ([...ch].length === 1 && ch !== '\ufffd' && !map.has(ch)) map.set(ch, [lead, trail]);
      }
  } else highTable(encoding).forEach((cp, i) => map!.set(String.fromCharCode(cp), [0x80 + i]));
  encoders.set(encoding, map);
  return map;
}

export function encodeIn(text: string, encoding: 'latin-1' | CodePage): Uint8Array {
  const map = encoder(encoding);
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) out.push(cp);
    else {
      const bytes = map.get(ch);
      if (!bytes) throw new Error(`${ch} is not in ${encoding}`);
      out.push(...bytes);
    }
  }
  return Uint8Array.from(out);
}

/** Whether `encoding` can write every character of `text`. */
export function writable(text: string, encoding: 'latin-1' | CodePage): boolean {
  const map = encoder(encoding);
  return [...text].every((ch) => ch.charCodeAt(0) < 0x80 || map.has(ch));
}
