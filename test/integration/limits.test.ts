import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/build-test-app.js';

describe('configured request limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp('pglite', {
      MAX_URL_LENGTH: '300',
      MAX_EXPRESSION_DEPTH: '6',
      MAX_EXPRESSION_NODES: '20',
      MAX_IN_LIST: '3',
      MAX_ORDERBY_ITEMS: '2',
    });
  });
  afterAll(async () => t?.close());

  async function expectLimit(path: string, status: number, code: string): Promise<void> {
    const response = await t.get(path);
    expect(response.statusCode, response.body).toBe(status);
    expect(response.json<{ error: { code: string } }>().error.code).toBe(code);
  }

  it('answers 414 for a URL longer than MAX_URL_LENGTH', async () => {
    await expectLimit(`Products?$filter=${encodeURIComponent(`name eq '${'x'.repeat(400)}'`)}`, 414, 'OF102');
  });

  it('answers 400 past the nesting depth and node count', async () => {
    await expectLimit(`Products?$filter=${encodeURIComponent(`${'('.repeat(10)}price gt 1${')'.repeat(10)}`)}`, 400, 'OF103');
    await expectLimit(`Products?$filter=${encodeURIComponent(Array.from({ length: 8 }, (_, n) => `quantity eq ${n}`).join(' or '))}`, 400, 'OF104');
  });

  it('answers 400 for too long in lists and too many $orderby items, and serves what is within', async () => {
    await expectLimit('Products?$filter=quantity%20in%20(1,2,3,4)', 400, 'OF211');
    await expectLimit('Products?$orderby=name,price,sku', 400, 'OF211');
    expect((await t.get('Products?$filter=quantity%20in%20(1,2,3)&$orderby=name,price&$top=1')).statusCode).toBe(200);
  });
});
