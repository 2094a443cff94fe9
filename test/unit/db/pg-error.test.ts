import { describe, expect, it } from 'vitest';
import { mapPgError } from '../../../src/db/pg-error.js';

describe('mapPgError', () => {
  it.each([
    [{ code: '42501', message: 'permission denied for table products' }, 403, 'OF403'],
    [{ code: '23505', message: 'duplicate key value violates unique constraint "products_sku_key"' }, 409, 'OF405'],
    [{ code: '23503', message: 'insert or update on table' }, 409, 'OF405'],
    [{ code: '22P02', message: 'invalid input syntax for type uuid: "x"' }, 400, 'OF404'],
    [{ code: '22012', message: 'division by zero' }, 400, 'OF404'],
    [{ code: '57014', message: 'canceling statement due to statement timeout' }, 503, 'OF406'],
    [{ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:5432' }, 503, 'OF401'],
    [{ code: '42P01', message: 'relation "products" does not exist' }, 500, 'OF402'],
    [new Error('something else'), 500, 'OF402'],
  ])('%o → %i', (error, status, code) => {
    const mapped = mapPgError(error);
    expect(mapped.status).toBe(status);
    expect(mapped.code).toBe(code);
  });

  it('keeps server detail out of messages except the value sentence of class 22', () => {
    expect(mapPgError({ code: '42P01', message: 'relation "secret_table" does not exist' }).message).not.toContain('secret_table');
    expect(mapPgError({ code: '23505', message: 'Key (sku)=(A-1) already exists' }).message).not.toContain('A-1');
    expect(mapPgError({ code: '22P02', message: 'invalid input syntax for type uuid: "x"' }).message).toContain('uuid');
  });
});
