import { SERVICE_URL_PARAMETER } from './build-api-properties.js';
import { MAX_DEFINITION_BYTES, MAX_OPERATIONS } from './connector-limits.js';
import { connectorHost, type ConnectorSettings } from './connector-settings.js';
import type { HttpMethod, SwaggerDocument, SwaggerOperation } from './swagger-document.js';

function operationRows(document: SwaggerDocument): string[] {
  const rows: string[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item) as [HttpMethod, SwaggerOperation][]) {
      const request = `${method.toUpperCase()} ${document.basePath === '/' ? '' : document.basePath}${path}`.replace(/\|/g, '\\|');
      rows.push(`| ${operation.operationId} | \`${request}\` | ${operation.description.replace(/\|/g, '\\|')} | ${operation['x-ms-visibility']} |`);
    }
  }
  return rows;
}

function signInLines(settings: ConnectorSettings): string[] {
  const { auth } = settings.connector;
  switch (auth.kind) {
    case 'none':
      return ['- The service lets callers in without credentials, so the connection asks for none.'];
    case 'apiKey':
      return [
        `- **API key**: a key for the Postgres role the connection acts as, sent in the \`${auth.header}\` header.`,
        '  Create one with `npm run keys-create -- --id flows --role catalog_writer --scope read-write` and add the entry it prints to the keys file.',
        '  The embedded demo also accepts its documented local keys (see the main README).',
      ];
    case 'oauth2':
      return [
        `- **Sign in** with Microsoft Entra ID (tenant \`${auth.tenant}\`, application \`${auth.clientId}\`, resource \`${auth.resource}\`).`,
        '  Add `https://global.consent.azure-apim.net/redirect` as a redirect URI of that application registration.',
        '  The token\'s roles claim picks the Postgres role (AUTH_JWT_ROLE_CLAIM, AUTH_JWT_ROLE_MAP).',
      ];
  }
}

/** `openapi/README.md`: how to create the connector from the two files, fill a connection, and what each operation does. */
export function formatConnectorReadme(document: SwaggerDocument, settings: ConnectorSettings): string {
  const host = connectorHost(settings);
  const serviceUrl = host.varies
    ? [`- **Service URL**: the service root, such as \`https://data.example.com${settings.basePath === '/' ? '' : settings.basePath}\`. The \`dynamichosturl\` policy sends every request there (connection parameter \`${SERVICE_URL_PARAMETER}\`); set PUBLIC_URL to fix the host in the definition instead.`]
    : [`- The service is reached at \`${host.serviceRoot}\` (PUBLIC_URL).`];
  return [
    '# Power Platform custom connector',
    '',
    `\`${document.info.title}\`: ${document.info.description}`,
    '',
    'These files are generated from the EDM model, the same model that drives `$metadata`, by `npm run connector`',
    '(`odata-facade connector`); do not edit them by hand. The committed copy describes the demo database that',
    '`npm start` serves, and a test fails when it is stale. A running service serves its own definition at',
    '`GET /openapi/connector.json` and a page to try the operations at `GET /docs`.',
    '',
    '- `apiDefinition.swagger.json`: the operations, in Swagger 2.0 with the `x-ms-*` extensions Power Platform reads.',
    '- `apiProperties.json`: the connection parameters, the brand colour and the policies (`updatenextlink` so that',
    '  `@odata.nextLink` paging goes through the connector' + (host.varies ? ', `dynamichosturl` for the service URL of each connection).' : ').'),
    '',
    '## Create the connector',
    '',
    'With the Power Platform connectors CLI ([paconn](https://learn.microsoft.com/connectors/custom-connectors/paconn-cli)):',
    '',
    '```sh',
    'pip install paconn',
    'paconn login',
    'paconn create --api-def openapi/apiDefinition.swagger.json --api-prop openapi/apiProperties.json',
    '# later, after `npm run connector`:',
    'paconn update --api-def openapi/apiDefinition.swagger.json --api-prop openapi/apiProperties.json --connector-id <id>',
    '```',
    '',
    'Or by import: in Power Apps or Power Automate, **Custom connectors → New custom connector → Import an OpenAPI',
    'file**, choose `apiDefinition.swagger.json`. An import reads only that file: on the **Security** page set the',
    'authentication as `apiProperties.json` says, and on the **Definition** page add its policies.',
    '',
    '## Fill in a connection',
    '',
    ...serviceUrl,
    ...signInLines(settings),
    '- The connection\'s role decides what it may read and write: Postgres grants and row-level security apply to every call.',
    '',
    '## Operations',
    '',
    'Per entity set: list (with `$filter`, `$select`, `$orderby`, `$top`, `$skip`, `$count`, paged by `@odata.nextLink`),',
    'get by key and by each alternate key, create, update, upsert by each alternate key and delete; read-only sets',
    'only the reads. The **Tables** operations work on any set the connection can read, picked when the action is',
    'added (`x-ms-dynamic-values` from the service document, `x-ms-dynamic-schema` from',
    '`GET /$connector/schemas/{entitySet}`). Writes send `Prefer: return=representation`, so each returns the row as',
    'stored; send the row\'s `@odata.etag` in **If match** so that an update never overwrites a newer change.',
    '',
    '| Operation | Request | What it does | Shown |',
    '|---|---|---|---|',
    ...operationRows(document),
    '',
    '## Limits',
    '',
    `Power Platform takes at most ${MAX_OPERATIONS} operations and ${MAX_DEFINITION_BYTES / 1024 / 1024} MB per definition; a larger model makes`,
    '`npm run connector` fail and says so. List the sets the connector should describe, in order, in',
    '`CONNECTOR_ENTITY_SETS` (comma-separated). Title, description, publisher, website, privacy policy, categories',
    'and brand colour come from the `CONNECTOR_*` settings in the main README.',
    '',
  ].join('\n');
}
