/** The text with LIKE's wildcards (`%`, `_`) and its escape character (`\\`) escaped. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
