import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/build-test-app.js';
import { validateCsdlXml } from '../support/validate-csdl.js';

describe('the model config file', () => {
  let t: TestApp;
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'model-config-'));
    const file = join(folder, 'model.json');
    await writeFile(
      file,
      JSON.stringify({
        entitySets: {
          products: { name: 'Items', entityType: 'Item', readOnly: true, properties: { cost: { hidden: true }, name: { name: 'title' } } },
          'public.suppliers': { hidden: true },
          'fixtures.readings': { key: ['sensor', 'taken_at'] },
        },
      }),
    );
    t = await buildTestApp('pglite', { MODEL_CONFIG: file });
  });
  afterAll(async () => {
    await t?.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('renames sets and properties and hides what it names', async () => {
    const names = (await t.get('')).json<{ value: { name: string }[] }>().value.map((set) => set.name);
    expect(names).toContain('Items');
    expect(names).not.toContain('Products');
    expect(names).not.toContain('Suppliers');
    const item = (await t.get("Items?$top=1&$orderby=title")).json<{ value: Record<string, unknown>[] }>().value[0] ?? {};
    expect(Object.keys(item)).toContain('title');
    expect(Object.keys(item)).not.toContain('cost');
    expect(Object.keys(item)).not.toContain('name');
    expect((await t.get('Items?$select=cost')).statusCode).toBe(400);
    expect((await t.get("Items?$filter=title eq 'x'".replace(/ /g, '%20'))).statusCode).toBe(200);
  });

  it('gives a keyless table the configured key and marks read-only sets in $metadata', async () => {
    const reading = await t.get('Readings(sensor=%27t1%27,taken_at=2024-01-01T01:00:00Z)');
    expect(reading.statusCode).toBe(200);
    expect(reading.json()).toMatchObject({ sensor: 't1', value: null });
    const metadata = (await t.get('$metadata')).body;
    expect(metadata).toContain('<EntitySet Name="Items" EntityType="ODataFacade.Item">');
    expect(metadata).toContain('Capabilities.InsertRestrictions');
    expect(await validateCsdlXml(metadata)).toEqual([]);
  });
});
