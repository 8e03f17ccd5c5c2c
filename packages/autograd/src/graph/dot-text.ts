/** Text as Graphviz DOT reads it. */

/** Text inside a double-quoted DOT string: backslashes and quotes escaped, line breaks as \n. */
export function escapeDot(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n');
}
