import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/build-test-app.js';
import { expectGolden } from '../support/golden.js';
import { testBackends } from '../support/test-database.js';
import { validateCsdlJson, validateCsdlXml } from '../support/validate-csdl.js';

/** `$metadata` of the Dataverse service root: the profiled model (Guid keys, the eight EDM types), valid CSDL, reviewed as golden files. */
describe.each(testBackends)('Dataverse $metadata on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(backend);
  });
  afterAll(async () => t?.close());

  const metadata = (query = '') => t.app.inject({ method: 'GET', url: `/dataverse/$metadata${query}` });

  it('serves CSDL XML equal to the golden file and valid against the OASIS schema', async () => {
    const response = await metadata();
    expect(response.statusCode).toBe(200);
    await expectGolden('dataverse-metadata.xml', response.body);
    expect(await validateCsdlXml(response.body)).toEqual([]);
  });

  it('serves CSDL JSON equal to the golden file and valid against the OASIS schema', async () => {
    const response = await metadata('?$format=json');
    expect(response.statusCode).toBe(200);
    await expectGolden('dataverse-metadata.json', `${JSON.stringify(response.json(), null, 2)}\n`);
    expect(validateCsdlJson(response.json())).toEqual([]);
  });

  it('names the primary name property of each entity type with a term it declares', async () => {
    const document = (await metadata('?$format=json')).json<Record<string, Record<string, Record<string, unknown>>>>();
    const schema = document['ODataFacade'] ?? {};
    expect(schema['PrimaryName']).toMatchObject({ $Kind: 'Term', $Type: 'Edm.PropertyPath' });
    expect(schema['Category']?.['@ODataFacade.PrimaryName']).toEqual({ $PropertyPath: 'name' });
    expect(schema['Product']?.['@ODataFacade.PrimaryName']).toEqual({ $PropertyPath: 'name' });
  });

  it('is not served with DATAVERSE_BASE_PATH=off', async () => {
    const off = await buildTestApp(backend, { DATAVERSE_BASE_PATH: 'off' });
    try {
      expect((await off.app.inject({ method: 'GET', url: '/dataverse/$metadata' })).statusCode).toBe(404);
      expect((await off.get('$metadata')).statusCode).toBe(200);
    } finally {
      await off.close();
    }
  });
});
