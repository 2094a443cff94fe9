import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/build-test-app.js';
import { expectGolden } from '../support/golden.js';
import { testBackends } from '../support/test-database.js';
import { validateCsdlJson, validateCsdlXml } from '../support/validate-csdl.js';

describe.each(testBackends)('$metadata on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(backend);
  });
  afterAll(async () => t?.close());

  it('serves CSDL XML by default, equal to the golden file and valid against the OASIS schema', async () => {
    const response = await t.get('$metadata');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/xml');
    expect(response.headers['odata-version']).toBe('4.0');
    await expectGolden('metadata.xml', response.body);
    expect(await validateCsdlXml(response.body)).toEqual([]);
  });

  it('serves CSDL JSON for $format=json or Accept: application/json, valid against the OASIS schema', async () => {
    const byFormat = await t.get('$metadata?$format=json');
    const byAccept = await t.get('$metadata', { accept: 'application/json' });
    expect(byFormat.headers['content-type']).toBe('application/json');
    expect(byAccept.body).toBe(byFormat.body);
    await expectGolden('metadata.json', `${JSON.stringify(byFormat.json(), null, 2)}\n`);
    expect(validateCsdlJson(byFormat.json())).toEqual([]);
  });

  it('serves XML to browsers and 406 to what it cannot produce', async () => {
    expect((await t.get('$metadata', { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' })).headers['content-type']).toBe('application/xml');
    expect((await t.get('$metadata', { accept: 'text/csv' })).statusCode).toBe(406);
    expect((await t.get('$metadata?$format=atom')).statusCode).toBe(406);
  });
});
