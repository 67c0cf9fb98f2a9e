/** A message as a sentence: its first letter capitalised and a full stop after it (warnings are written lower-case for the CLI's "warning: …"). */
export function sentence(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}
