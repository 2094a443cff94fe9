import { newParams, param, qualifiedName } from './sql-fragments.js';
import type { SqlStatement } from './sql-statement.js';

/** The schema of the audit table and of the function that writes it (`odata-facade audit-install`). */
export const AUDIT_SCHEMA = 'odata_facade_audit';
export const AUDIT_TABLE = 'write_log';
export const AUDIT_FUNCTION = 'record';

/** What a successful write did, as one audit record names it. */
export type AuditOperation = 'create' | 'update' | 'upsert-create' | 'delete' | 'property' | 'reference';

/** One audit record: who, which request, what kind of write, to which entity, and the properties written. */
export interface AuditRecord {
  readonly principal: string;
  readonly requestId: string;
  readonly operation: AuditOperation;
  readonly entitySet: string;
  /** Key column → value as text, of the entity the write addressed. */
  readonly key: Readonly<Record<string, string>>;
  /** The names of the properties (and navigation properties) written; empty for a delete. */
  readonly changed: readonly string[];
}

/**
 * The call that records a write, in the write's own transaction. The function runs with its
 * owner's rights (SECURITY DEFINER), so a caller role with no grant on the table is audited too.
 * Every value is a parameter; the key and the names travel as JSON text.
 */
export function compileAudit(record: AuditRecord): SqlStatement {
  const params = newParams();
  const args = [
    param(params, record.principal),
    param(params, record.requestId),
    param(params, record.operation),
    param(params, record.entitySet),
    `${param(params, JSON.stringify(record.key))}::jsonb`,
    `array(select jsonb_array_elements_text(${param(params, JSON.stringify(record.changed))}::jsonb))`,
  ];
  return { text: `select ${qualifiedName(AUDIT_SCHEMA, AUDIT_FUNCTION)}(${args.join(', ')})`, values: params.values };
}
