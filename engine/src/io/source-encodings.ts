import type { SourceInfo } from './read-sources.ts';
import type { TextEncoding } from './sniff.ts';

/** Each text file's encoding, where the files were not all read in one (inspect, the Data screen; they name the first file's). */
export function encodingsByFile(sources: readonly Pick<SourceInfo, 'kind' | 'name' | 'format'>[]): Record<string, TextEncoding> | undefined {
  const text = sources.filter((s) => s.kind === 'csv');
  return new Set(text.map((s) => s.format.encoding)).size > 1 ? Object.fromEntries(text.map((s) => [s.name, s.format.encoding])) : undefined;
}
