import type { ReadPlan } from '../plan/read-plan.js';
import type { JsonFormat } from '../response/odata-response.js';
import type { SqlStatement } from '../sql/sql-statement.js';
import type { HttpInput } from './http-input.js';

/** A read request parsed, planned and compiled: all that the same request needs again. */
export interface CompiledRead {
  readonly plan: ReadPlan;
  readonly format: JsonFormat;
  readonly statement: SqlStatement;
  /** The entity set the path starts with, for the caller's allowed sets; null for other resources. */
  readonly entitySet: string | null;
}

/** Requests with a longer key (long `or` chains of keys, say) are not kept, so the cache stays small. */
const MAX_KEY_LENGTH = 2048;

/**
 * What the parse, plan and sql stages read from a request: the caller's role (which picks the model
 * it is planned against; null, the connection's own role), the resource path and query as sent, and the headers that choose the
 * format (`Accept`) and the page size (`Prefer`). Requests with the same key compile to the same
 * plan and statement; the models and configuration are fixed for the life of the service.
 */
export function compiledReadKey(input: HttpInput, role: string | null = null): string {
  // JSON text of the role has no line break, so no role name runs into the path.
  return `${JSON.stringify(role)}\n${input.path}?${input.query}\n${input.headers['accept'] ?? ''}\n${input.headers['prefer'] ?? ''}`;
}

/**
 * Compiled reads by request key, the least recently used dropped beyond `capacity`. Clients ask
 * the same questions again and again (a grid's first page, a lookup by key, a sync poll): they
 * then go straight to the database. Only requests that compiled without error are kept.
 */
export class CompiledReads {
  private readonly entries = new Map<string, CompiledRead>();

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string): CompiledRead | undefined {
    const found = this.entries.get(key);
    if (found !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, found);
    }
    return found;
  }

  set(key: string, read: CompiledRead): void {
    if (this.capacity === 0 || key.length > MAX_KEY_LENGTH) return;
    this.entries.delete(key);
    this.entries.set(key, read);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
  }
}
