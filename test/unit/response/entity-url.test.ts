import { describe, expect, it } from 'vitest';
import { findEntitySet } from '../../../src/model/find-in-model.js';
import { parseRequest } from '../../../src/parse/parse-request.js';
import { entityPath } from '../../../src/response/entity-url.js';
import { sampleModel } from '../../support/sample-catalog.js';

const model = sampleModel();
const set = (name: string) => {
  const found = findEntitySet(model, name);
  if (found === undefined) throw new Error(name);
  return found;
};

describe('entityPath', () => {
  it('writes Guid and integer keys bare, strings quoted and percent-encoded, composite keys by name', () => {
    expect(entityPath(set('Products'), { id: '6f1c0c52-0000-4000-8000-000000000001' })).toBe('Products(6f1c0c52-0000-4000-8000-000000000001)');
    expect(entityPath(set('Categories'), { id: '42' })).toBe('Categories(42)');
    expect(entityPath(set('Suppliers'), { id: "O'Neil & Söhne/1" })).toBe(`Suppliers(${encodeURIComponent("'O''Neil & Söhne/1'")})`);
    expect(entityPath(set('OrderLines'), { order_id: '1', line_no: '2' })).toBe('OrderLines(order_id=1,line_no=2)');
  });

  it('writes URLs the service itself reads back to the same key', () => {
    const path = entityPath(set('Suppliers'), { id: "it's (odd)?#" });
    const request = parseRequest({ path, query: '' });
    expect(request.path).toMatchObject({ kind: 'resource', segments: [{ name: 'Suppliers', key: { kind: 'single', value: { value: "it's (odd)?#" } } }] });
  });
});
