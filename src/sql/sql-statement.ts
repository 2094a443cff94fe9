/** A compiled statement: SQL text with `$n` placeholders and the values bound to them. */
export interface SqlStatement {
  readonly text: string;
  readonly values: readonly unknown[];
}
