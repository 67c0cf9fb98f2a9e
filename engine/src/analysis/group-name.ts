/**
 * A segment or cluster named by a person (`--segment`, a saved analysis' selection or basket
 * restriction) resolved to the group's own name, one way for every command: a typo or another
 * case never silently selects nobody.
 */
import { EngineError } from '../errors.ts';

export type GroupKind = 'segment' | 'cluster';

const fold = (s: string) => s.trim().toLowerCase();

/**
 * The group `given` means among `names`: the name itself; else the one name equal to it
 * ignoring case and surrounding spaces; else, for clusters, the cluster of that number ("7",
 * "cluster 7"; `names[i]` is cluster i + 1, as clusterNumber counts). Anything else (no such
 * group, or several that differ only in case) throws, naming the groups there are; `context`
 * starts the message (the flag or setting it came from). A group with no customers is still a
 * group: who has none is for the caller to say.
 */
export function resolveGroupName(given: string, names: readonly string[], kind: GroupKind, context: string): string {
  if (names.includes(given)) return given;
  const same = names.filter((n) => fold(n) === fold(given));
  if (same.length === 1) return same[0]!;
  if (same.length > 1)
    throw new EngineError(
      'invalid_argument',
      `${context}: "${given}" matches ${same.map((n) => `"${n}"`).join(' and ')}, which differ only in case; give one exactly`,
    );
  const number = kind === 'cluster' ? /^(?:cluster\s*)?(\d+)$/i.exec(given.trim()) : null;
  if (number) {
    const n = Number(number[1]);
    if (n >= 1 && n <= names.length) return names[n - 1]!;
  }
  const numbers = kind === 'cluster' ? ` (or their numbers, 1 to ${names.length})` : '';
  throw new EngineError('invalid_argument', `${context}: no ${kind} "${given}"; the ${kind}s are ${names.map((n) => `"${n}"`).join(', ')}${numbers}`);
}
