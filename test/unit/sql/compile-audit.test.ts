import { describe, expect, it } from 'vitest';
import { compileAudit, type AuditRecord } from '../../../src/sql/compile-audit.js';

const record: AuditRecord = {
  principal: 'key:writer-1',
  requestId: 'req-7',
  operation: 'update',
  entitySet: 'Products',
  key: { id: '5e0f…' },
  changed: ['name', 'price'],
};

describe('compileAudit', () => {
  it('calls the audit function with every value as a parameter, the key and the names as JSON', () => {
    const statement = compileAudit(record);
    expect(statement.text).toBe(
      'select "odata_facade_audit"."record"($1, $2, $3, $4, $5::jsonb, array(select jsonb_array_elements_text($6::jsonb)))',
    );
    expect(statement.values).toEqual(['key:writer-1', 'req-7', 'update', 'Products', '{"id":"5e0f…"}', '["name","price"]']);
  });

  it('keeps hostile names and keys out of the SQL text', () => {
    const hostile = "x'); drop table products; --";
    const statement = compileAudit({ ...record, principal: hostile, entitySet: hostile, key: { [hostile]: hostile }, changed: [hostile] });
    expect(statement.text).not.toContain('drop');
    expect(statement.values).toContain(hostile);
    expect(JSON.parse(String(statement.values[4]))).toEqual({ [hostile]: hostile });
  });

  it('records an empty list of names for a delete', () => {
    expect(compileAudit({ ...record, operation: 'delete', changed: [] }).values.slice(2)).toEqual(['delete', 'Products', '{"id":"5e0f…"}', '[]']);
  });
});
