import type { Knex } from 'knex';
import { describe, expect, it } from 'vitest';
import { seedDemo } from '../../../src/db/seed-demo.js';

const unusedKnex = new Proxy({} as Knex, {
  get: () => {
    throw new Error('seedDemo touched the database');
  },
});

describe('seedDemo options', () => {
  it.each([-1, 1.5, Number.NaN, 2 ** 31])('rejects rows = %s before touching the database', async (rows) => {
    await expect(seedDemo(unusedKnex, { rows })).rejects.toThrow(RangeError);
  });
});
