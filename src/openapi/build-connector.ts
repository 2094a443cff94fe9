import type { ConnectorAuth } from '../config/config.js';
import type { EdmEntitySet, EdmModel } from '../model/edm-model.js';
import { claimName } from '../model/edm-names.js';
import { checkConnectorLimits, ConnectorDefinitionError } from './connector-limits.js';
import { connectorHost, connectorWebsite, type ConnectorSettings } from './connector-settings.js';
import { sentence } from './connector-text.js';
import { entityDefinitionNames, entityDefinitions } from './entity-definitions.js';
import { genericOperations, LIST_ENTITY_SETS } from './generic-operations.js';
import { pathItems, setOperations, type PlacedOperation } from './set-operations.js';
import { changeDefinitions, triggerOperation } from './trigger-operations.js';
import { ERROR_DEFINITION, errorSchema, listParameters, sharedResponses, writeParameters } from './shared-components.js';
import type { SecurityScheme, SwaggerDocument, SwaggerSchema } from './swagger-document.js';

/** The name of the security definition of each sign-in kind. */
export const SECURITY_NAMES = { apiKey: 'apiKey', oauth2: 'oauth2Auth' } as const;

/** The sets the connector describes: those named in CONNECTOR_ENTITY_SETS, in that order, else all. */
export function connectorSets(model: EdmModel, names: readonly string[] | null): readonly EdmEntitySet[] {
  if (names === null) return model.entitySets;
  const unknown = names.filter((name) => !model.entitySets.some((set) => set.name === name));
  if (unknown.length > 0) throw new ConnectorDefinitionError(`CONNECTOR_ENTITY_SETS names entity sets the service does not have: ${unknown.join(', ')}`);
  return names.map((name) => model.entitySets.find((set) => set.name === name) as EdmEntitySet);
}

function securityDefinitions(auth: ConnectorAuth): Record<string, SecurityScheme> {
  switch (auth.kind) {
    case 'none':
      return {};
    case 'apiKey':
      return { [SECURITY_NAMES.apiKey]: { type: 'apiKey', in: 'header', name: auth.header, description: 'The API key of the connection.' } };
    case 'oauth2':
      return {
        [SECURITY_NAMES.oauth2]: {
          type: 'oauth2',
          flow: 'accessCode',
          authorizationUrl: `https://login.microsoftonline.com/${auth.tenant}/oauth2/authorize`,
          tokenUrl: `https://login.microsoftonline.com/${auth.tenant}/oauth2/token`,
          scopes: Object.fromEntries(auth.scopes.map((scope) => [scope, `The ${scope} permission.`])),
          description: 'Sign in with Microsoft Entra ID.',
        },
      };
  }
}

/** The description of the connector: configured, or naming the sets it reaches (30 to 500 characters). */
function connectorDescription(settings: ConnectorSettings, sets: readonly EdmEntitySet[]): string {
  if (settings.connector.description !== undefined) return settings.connector.description;
  const shown = sets.slice(0, 8).map((set) => set.name);
  const more = sets.length > shown.length ? ` and ${sets.length - shown.length} more` : '';
  const names = shown.length === 0 ? 'no tables' : `${shown.join(', ')}${more}`;
  return sentence(`Reads and writes the rows of a PostgreSQL database through its OData service: ${names}`);
}

/** Operation ids unique across the document: a later operation whose id is taken gets a number after it. */
function withUniqueIds(placed: readonly PlacedOperation[]): PlacedOperation[] {
  const taken = new Set<string>();
  return placed.map((entry) => {
    const id = claimName(entry.operation.operationId, taken, '');
    return id === entry.operation.operationId ? entry : { ...entry, operation: { ...entry.operation, operationId: id } };
  });
}

/**
 * The Power Platform custom connector (Swagger 2.0 with `x-ms-*` extensions) for the model: per
 * entity set, list, get by key and alternate keys, create, update, upsert and delete; the
 * operations over any set for dynamic schemas; the security of the configured sign-in.
 * Throws `ConnectorDefinitionError` when the result exceeds Power Platform's limits.
 */
export function buildConnector(model: EdmModel, settings: ConnectorSettings): SwaggerDocument {
  const sets = connectorSets(model, settings.connector.entitySets);
  const host = connectorHost(settings);
  const taken = new Set([ERROR_DEFINITION]);
  const definitions: Record<string, SwaggerSchema> = { [ERROR_DEFINITION]: errorSchema };
  const placed: PlacedOperation[] = [...genericOperations()];
  for (const set of sets) {
    const names = entityDefinitionNames(set, taken);
    Object.assign(definitions, entityDefinitions(set, model, names));
    placed.push(...setOperations(set, model, names));
    if (set.changeTracking !== null) {
      const changeNames = { change: claimName(`${set.entityType.name}Change`, taken, ''), changes: claimName(`${set.entityType.name}Changes`, taken, '') };
      Object.assign(definitions, changeDefinitions(set, model, changeNames));
      placed.push(triggerOperation(set, changeNames));
    }
  }
  const operations = withUniqueIds(placed);
  const { auth } = settings.connector;
  const security = securityDefinitions(auth);
  const website = connectorWebsite(settings);
  const document: SwaggerDocument = {
    swagger: '2.0',
    info: {
      title: settings.connector.title,
      description: connectorDescription(settings, sets),
      version: '1.0',
      contact: { name: settings.connector.publisher, url: website },
    },
    host: host.host,
    basePath: settings.basePath,
    schemes: [host.scheme],
    consumes: ['application/json'],
    produces: ['application/json'],
    paths: pathItems(operations),
    definitions,
    parameters: { ...listParameters, ...writeParameters },
    responses: sharedResponses(),
    securityDefinitions: security,
    security: Object.keys(security).map((name) => ({ [name]: [] })),
    tags: [
      { name: 'Tables', description: 'Operations on any entity set, chosen when the action is added.' },
      ...sets.map((set) => ({ name: set.name, description: sentence(`The ${set.name} entity set`) })),
    ],
    'x-ms-connector-metadata': [
      { propertyName: 'Website', propertyValue: website },
      { propertyName: 'Privacy policy', propertyValue: settings.connector.privacyUrl ?? website },
      { propertyName: 'Categories', propertyValue: settings.connector.categories.join(';') },
    ],
    'x-ms-capabilities': { testConnection: { operationId: LIST_ENTITY_SETS, parameters: {} } },
  };
  checkConnectorLimits(operations.length, Buffer.byteLength(JSON.stringify(document)));
  return document;
}
