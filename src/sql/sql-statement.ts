/** A compiled statement: SQL text with `$n` placeholders and the values bound to them. */
export interface SqlStatement {
  readonly text: string;
  readonly values: readonly unknown[];
  /**
   * Planned for its values every time, never as a prepared statement's generic plan: its best plan
   * depends on them (how many changes a delta window holds).
   */
  readonly planEachTime?: true;
}
