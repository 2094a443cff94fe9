import type { ConnectorAuth } from '../config/config.js';
import { connectorHost, type ConnectorSettings } from './connector-settings.js';
import { NEXT_LINK_PROPERTY } from './entity-definitions.js';
import type { SwaggerDocument, SwaggerOperation } from './swagger-document.js';

/** The connection parameter holding the service URL when each connection names its own. */
export const SERVICE_URL_PARAMETER = 'serviceUrl';

/** Where Power Platform sends the Entra ID sign-in back (the global consent redirect). */
const GLOBAL_REDIRECT_URL = 'https://global.consent.azure-apim.net/redirect';

type ConnectionParameters = Record<string, unknown>;

/** The connection parameter of the sign-in, as the security definition declares it. */
function signInParameters(auth: ConnectorAuth): ConnectionParameters {
  switch (auth.kind) {
    case 'none':
      return {};
    case 'apiKey':
      return {
        api_key: {
          type: 'securestring',
          uiDefinition: {
            displayName: 'API key',
            description: `The API key of the connection, sent in the ${auth.header} header`,
            tooltip: 'An API key issued for this service (odata-facade keys-create)',
            constraints: { tabIndex: 2, clearText: false, required: 'true' },
          },
        },
      };
    case 'oauth2':
      return {
        token: {
          type: 'oauthSetting',
          oAuthSettings: {
            identityProvider: 'aad',
            clientId: auth.clientId,
            scopes: [...auth.scopes],
            redirectMode: 'Global',
            redirectUrl: GLOBAL_REDIRECT_URL,
            properties: { IsFirstParty: 'False' },
            customParameters: {
              loginUri: { value: 'https://login.microsoftonline.com' },
              tenantId: { value: auth.tenant },
              resourceUri: { value: auth.resource },
            },
          },
        },
      };
  }
}

function serviceUrlParameter(example: string): ConnectionParameters {
  return {
    [SERVICE_URL_PARAMETER]: {
      type: 'string',
      uiDefinition: {
        displayName: 'Service URL',
        description: `The service root of the OData service, such as ${example}`,
        tooltip: 'The URL up to and including the OData base path, without a trailing slash',
        constraints: { tabIndex: 1, clearText: true, required: 'true' },
      },
    },
  };
}

function pageableOperations(document: SwaggerDocument): string[] {
  return Object.values(document.paths)
    .flatMap((item) => Object.values(item) as SwaggerOperation[])
    .filter((operation) => operation['x-ms-pageable'] !== undefined)
    .map((operation) => operation.operationId);
}

/**
 * `apiProperties.json` of the connector: the connection parameters of its security definition
 * (and the service URL when PUBLIC_URL does not fix the host), the brand colour, and the policies
 * that make paging and a per-connection host work (`updatenextlink`, `dynamichosturl`).
 */
export function buildApiProperties(document: SwaggerDocument, settings: ConnectorSettings): Record<string, unknown> {
  const host = connectorHost(settings);
  const { connector } = settings;
  const policies: Record<string, unknown>[] = [
    {
      templateId: 'updatenextlink',
      title: `Route ${NEXT_LINK_PROPERTY} through the connector`,
      parameters: {
        'x-ms-apimTemplate-operationName': pageableOperations(document),
        'x-ms-apimTemplateParameter.nextLinkPropertyName': NEXT_LINK_PROPERTY,
      },
    },
  ];
  if (host.varies) {
    policies.push({
      templateId: 'dynamichosturl',
      title: 'Send requests to the service URL of the connection',
      parameters: { 'x-ms-apimTemplateParameter.urlTemplate': `@connectionParameters('${SERVICE_URL_PARAMETER}')` },
    });
  }
  return {
    properties: {
      connectionParameters: { ...(host.varies ? serviceUrlParameter('https://data.example.com/odata') : {}), ...signInParameters(connector.auth) },
      iconBrandColor: connector.brandColor,
      capabilities: ['actions'],
      publisher: connector.publisher,
      stackOwner: connector.publisher,
      policyTemplateInstances: policies,
    },
  };
}
