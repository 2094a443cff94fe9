/**
 * Names for the statements prepared on each server connection. Compiled SQL carries every value as
 * a bind parameter, so its text is the query's shape: a shape met again on the same connection
 * skips Postgres's parse and analysis (and may use a cached generic plan, as Postgres decides).
 * Each connection keeps at most `limit` of them; the least recently used is deallocated.
 */
export class PreparedStatements {
  readonly #byConnection = new WeakMap<object, Map<string, string>>();
  #next = 0;

  constructor(private readonly limit: number) {}

  /** The name to run `text` under on `connection`, and the name to deallocate first, if any. */
  nameFor(connection: object, text: string): { readonly name: string; readonly evicted: string | undefined } {
    let names = this.#byConnection.get(connection);
    if (names === undefined) {
      names = new Map();
      this.#byConnection.set(connection, names);
    }
    const known = names.get(text);
    if (known !== undefined) {
      names.delete(text);
      names.set(text, known);
      return { name: known, evicted: undefined };
    }
    const name = `odata_facade_${(this.#next++).toString(36)}`;
    names.set(text, name);
    if (names.size <= this.limit) return { name, evicted: undefined };
    const [oldestText, oldestName] = names.entries().next().value as [string, string];
    names.delete(oldestText);
    return { name, evicted: oldestName };
  }
}
