/** A file's name at a message's start ("merged2.csv: …", "2024/06.csv is …"), whose case is its own. */
const FILE_NAME_FIRST = /^[^\s:]+\.[A-Za-z][A-Za-z0-9]{0,4}(?=[\s:,]|$)/;

/**
 * A message as a sentence: its first letter capitalised, unless the message starts with a file's
 * name, and a full stop after it (warnings are written lower-case for the CLI's "warning: …").
 */
export function sentence(text: string): string {
  const first = FILE_NAME_FIRST.test(text) ? text.charAt(0) : text.charAt(0).toUpperCase();
  return `${first}${text.slice(1)}.`;
}
