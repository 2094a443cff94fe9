import { describe, expect, it } from 'vitest';
import { mapWriteError } from '../../../src/db/write-error.js';
import { ErrorCodes } from '../../../src/errors/codes.js';
import { ODataError } from '../../../src/errors/odata-error.js';
import { sampleModel } from '../../support/sample-catalog.js';

const model = sampleModel();
const write = { operation: 'write', createOnlyKey: null, written: [] } as const;
const products = model.entitySets.find((set) => set.name === 'Products');
const property = (name: string) => {
  const found = products?.entityType.properties.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(name);
  return found;
};

function pgError(fields: Record<string, string>): Error {
  return Object.assign(new Error('driver message with SQL: insert into "products" … Key (sku)=(A-1)'), { schema: 'public', ...fields });
}

function expectNoInternals(error: ODataError): void {
  expect(error.message).not.toMatch(/products_|_key|_fkey|_check|insert|Key \(|A-1|constraint "/);
}

describe('mapWriteError', () => {
  it('a unique violation is 409 naming the properties of the constraint', () => {
    const error = mapWriteError(pgError({ code: '23505', table: 'products', constraint: 'products_sku_key', detail: 'Key (sku)=(A-1) already exists.' }), model, write);
    expect(error).toMatchObject({ status: 409, code: ErrorCodes.conflict, target: 'sku' });
    expectNoInternals(error);
  });

  it('a duplicate of the key a create-only write addressed is 412; of another unique key still 409', () => {
    const context = { ...write, createOnlyKey: ['id'] };
    expect(mapWriteError(pgError({ code: '23505', table: 'products', constraint: 'products_pkey' }), model, context)).toMatchObject({
      status: 412,
      code: ErrorCodes.preconditionFailed,
      target: 'id',
    });
    expect(mapWriteError(pgError({ code: '23505', table: 'products', constraint: 'products_sku_key' }), model, context)).toMatchObject({ status: 409, target: 'sku' });
  });

  it('a value Postgres cannot read names the written property of that type', () => {
    const error = Object.assign(new Error('invalid input syntax for type numeric: "x"'), { code: '22P02' });
    const named = mapWriteError(error, model, { ...write, written: [property('name'), property('price')] });
    expect(named).toMatchObject({ status: 400, code: ErrorCodes.invalidBody, target: 'price', details: [{ target: 'price' }] });
    expect(mapWriteError(error, model, { ...write, written: [property('price'), property('cost')] })).toMatchObject({ status: 400, code: ErrorCodes.invalidValue });
    expect(mapWriteError(error, model, write).target).toBeUndefined();
  });

  it('takes the column names of a Key (…) detail when the constraint is unknown, never its values', () => {
    const error = mapWriteError(pgError({ code: '23505', table: 'products', constraint: 'added_later', detail: 'Key (sku, name)=(A-1, x) already exists.' }), model, write);
    expect(error.target).toBe('sku');
    expect(error.message).toContain("'sku', 'name'");
    expectNoInternals(error);
  });

  it('a foreign key violation is a 400 naming the binding when writing, a 409 naming the relationship when deleting', () => {
    const fields = { code: '23503', table: 'products', constraint: 'products_category_id_fkey' };
    expect(mapWriteError(pgError(fields), model, write)).toMatchObject({ status: 400, code: ErrorCodes.invalidBinding, target: 'category@odata.bind' });
    const deleting = mapWriteError(pgError(fields), model, { ...write, operation: 'delete' });
    expect(deleting).toMatchObject({ status: 409, code: ErrorCodes.referenced });
    expect(deleting.message).toBe("The Category is still referenced by Products (through 'category'): remove or rebind those first");
  });

  it('not-null and check violations are 400 naming the property', () => {
    expect(mapWriteError(pgError({ code: '23502', table: 'products', column: 'price' }), model, write)).toMatchObject({ status: 400, target: 'price' });
    const check = mapWriteError(pgError({ code: '23514', table: 'suppliers', constraint: 'suppliers_rating_check' }), model, write);
    expect(check).toMatchObject({ status: 400, code: ErrorCodes.constraintViolated, target: 'rating' });
    expectNoInternals(check);
  });

  it('keeps ODataErrors and leaves other errors to the general table', () => {
    const own = new ODataError(404, ErrorCodes.entityNotFound, 'gone');
    expect(mapWriteError(own, model, write)).toBe(own);
    expect(mapWriteError(pgError({ code: '42501' }), model, write).status).toBe(403);
    expect(mapWriteError(pgError({ code: 'XX000' }), model, write)).toMatchObject({ status: 500, message: 'The query failed' });
  });
});
