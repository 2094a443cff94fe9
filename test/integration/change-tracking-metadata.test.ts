import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { enableTracking } from '../../src/db/change-tracking.js';
import { TRACKING_TRIGGER } from '../../src/sql/compile-change-tracking.js';
import { buildTestApp, type TestApp } from '../support/build-test-app.js';
import { testBackends } from '../support/test-database.js';
import { validateCsdlJson, validateCsdlXml } from '../support/validate-csdl.js';
import { step, xpathStrings } from '../unit/metadata/query-xml.js';

/**
 * `$metadata` annotates the change-tracked sets with `Capabilities.ChangeTracking`: the demo's
 * Products from the start, and a table whose tracking was enabled once the model is read again.
 */

const term = 'Capabilities.ChangeTracking';
const entitySet = (name: string) => `//${step('EntityContainer')}/${step('EntitySet', `@Name='${name}'`)}`;
const trackedSetNames = `//${step('EntityContainer')}/${step('EntitySet')}[${step('Annotation', `@Term='${term}'`)}]/@Name`;
const filterablePaths = (name: string) =>
  `${entitySet(name)}/${step('Annotation', `@Term='${term}'`)}/${step('Record')}/${step('PropertyValue', "@Property='FilterableProperties'")}//${step('PropertyPath')}`;

type JsonMembers = Record<string, unknown>;

function membersOf(value: unknown): JsonMembers {
  return typeof value === 'object' && value !== null ? (value as JsonMembers) : {};
}

/** The CSDL JSON schema object and the entity container object of a `$metadata` document. */
function schemaAndContainer(document: unknown): { schema: JsonMembers; container: JsonMembers } {
  const qualified = String(membersOf(document)['$EntityContainer']);
  const dot = qualified.lastIndexOf('.');
  const schema = membersOf(membersOf(document)[qualified.slice(0, dot)]);
  return { schema, container: membersOf(schema[qualified.slice(dot + 1)]) };
}

function trackedSetsOf(document: unknown): string[] {
  const { container } = schemaAndContainer(document);
  return Object.keys(container).filter((name) => membersOf(container[name])[`@${term}`] !== undefined);
}

/** The single-valued structural properties of the set's entity type, read from the same document. */
function singleValuedPropertiesOf(document: unknown, setName: string): string[] {
  const { schema, container } = schemaAndContainer(document);
  const typeName = String(membersOf(container[setName])['$Type']).split('.').pop() ?? '';
  const entityType = membersOf(schema[typeName]);
  return Object.keys(entityType).filter((name) => {
    const member = membersOf(entityType[name]);
    return !name.startsWith('$') && !name.startsWith('@') && member['$Kind'] !== 'NavigationProperty' && member['$Collection'] !== true;
  });
}

describe.each(testBackends)('Capabilities.ChangeTracking in $metadata on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(backend);
  });
  afterAll(async () => t?.close());

  const xmlOf = async (app: FastifyInstance) => (await app.inject({ method: 'GET', url: '/odata/$metadata' })).body;
  const jsonOf = async (app: FastifyInstance): Promise<unknown> => (await app.inject({ method: 'GET', url: '/odata/$metadata?$format=json' })).json();

  it("annotates the demo's Products, and not Categories, in CSDL XML", async () => {
    const xml = await xmlOf(t.app);

    expect(await xpathStrings(xml, trackedSetNames)).toEqual(['Products']);
    expect(await xpathStrings(xml, `${entitySet('Categories')}/${step('Annotation', `@Term='${term}'`)}`)).toEqual([]);
    expect(await xpathStrings(xml, filterablePaths('Products'))).toEqual(singleValuedPropertiesOf(await jsonOf(t.app), 'Products'));
  });

  it("annotates the demo's Products, and not Categories, in CSDL JSON", async () => {
    const document = await jsonOf(t.app);
    const { container } = schemaAndContainer(document);

    expect(trackedSetsOf(document)).toEqual(['Products']);
    expect(membersOf(container['Categories'])).not.toHaveProperty([`@${term}`]);
    expect(membersOf(container['Products'])[`@${term}`]).toEqual({
      Supported: true,
      FilterableProperties: singleValuedPropertiesOf(document, 'Products'),
      ExpandableProperties: [],
    });
    expect(singleValuedPropertiesOf(document, 'Products')).toContain('sku');
    expect(singleValuedPropertiesOf(document, 'Products')).not.toContain('tags');
  });

  /** A new app over the same database: it reads the model again. */
  const freshApp = async () =>
    buildApp(loadConfig({ LOG_LEVEL: 'silent', DB_SCHEMAS: 'public,fixtures', MIGRATE_ON_START: 'false', SEED_ON_START: 'false' }), { database: t.database });

  it('annotates Suppliers in a model read after its tracking was enabled', async () => {
    await enableTracking(t.database, { schema: 'public', table: 'suppliers', keyColumns: ['id'] });
    const fresh = await freshApp();
    try {
      const xml = await xmlOf(fresh);
      const document = await jsonOf(fresh);

      expect(await xpathStrings(xml, trackedSetNames)).toEqual(['Products', 'Suppliers']);
      expect(await xpathStrings(xml, filterablePaths('Suppliers'))).toEqual(singleValuedPropertiesOf(document, 'Suppliers'));
      expect(trackedSetsOf(document)).toEqual(['Products', 'Suppliers']);
      expect(membersOf(schemaAndContainer(document).container['Suppliers'])[`@${term}`]).toEqual({
        Supported: true,
        FilterableProperties: singleValuedPropertiesOf(document, 'Suppliers'),
        ExpandableProperties: [],
      });
      expect(await validateCsdlXml(xml)).toEqual([]);
      expect(validateCsdlJson(document)).toEqual([]);
    } finally {
      await fresh.close();
    }
  });

  it('does not annotate a table whose change-log trigger is disabled', async () => {
    await t.database.knex.transaction(async (trx) => {
      await trx.raw('set transaction read write');
      await trx.raw('alter table public.products disable trigger ??', [TRACKING_TRIGGER]);
    });
    const fresh = await freshApp();
    try {
      expect(await xpathStrings(await xmlOf(fresh), trackedSetNames)).toEqual(['Suppliers']);
      expect(trackedSetsOf(await jsonOf(fresh))).toEqual(['Suppliers']);
    } finally {
      await fresh.close();
    }
  });
});
