/** Statements as a script to keep and to apply by hand: the heading as comments, then each statement ended by `;`. */
export function sqlScript(statements: readonly string[], heading: readonly string[]): string {
  return `${heading.map((line) => `-- ${line}`).join('\n')}\n\n${statements.map((statement) => `${statement};`).join('\n\n')}\n`;
}
