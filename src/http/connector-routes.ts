import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { OpenAPIV2 } from 'openapi-types';
import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';
import { ConnectorDefinitionError } from '../openapi/connector-limits.js';
import type { SwaggerDocument } from '../openapi/swagger-document.js';
import { toOpenApi3 } from '../openapi/to-openapi3.js';
import { answersWithoutCredentials } from './public-documents.js';
import { toHttpInput } from './request-input.js';
import type { ServiceContext } from './service-context.js';

export interface ConnectorRoutesOptions {
  readonly context: ServiceContext;
  /** The connector definition of the whole model, or why the configuration cannot build it. */
  readonly connector: SwaggerDocument | ConnectorDefinitionError;
}

const CONNECTOR_PATH = '/openapi/connector.json';
const DOCS_PREFIX = '/docs';

/**
 * The `onRequest` hook of the documents: the rule of `$metadata`. Without credentials they answer
 * when metadata is public; otherwise the credentials must authenticate (401 or 403 when not).
 */
function documentAccessHook(context: ServiceContext) {
  return async (request: FastifyRequest): Promise<void> => {
    const { headers, query } = toHttpInput(request, '/');
    if (answersWithoutCredentials(context.config.auth, headers)) return;
    await context.authenticator.authenticate({ headers, query, clientIp: request.ip });
  };
}

/** `GET /openapi/connector.json`: the Swagger 2.0 connector definition, served by @fastify/swagger in static mode. */
async function connectorDocument(fastify: FastifyInstance, options: { readonly context: ServiceContext; readonly document: SwaggerDocument }): Promise<void> {
  fastify.addHook('onRequest', documentAccessHook(options.context));
  // The connector's type is a readonly subset of the Swagger 2.0 document the plugin takes with mutable arrays.
  await fastify.register(fastifySwagger, { mode: 'static', specification: { document: options.document as unknown as OpenAPIV2.Document } });
  fastify.get(CONNECTOR_PATH, async (_request, reply) => reply.type('application/json').send(fastify.swagger()));
}

/** `GET /docs`: the interactive API page over the OpenAPI 3 rendering of the same operations (its JSON at `/docs/json`). */
async function apiPage(fastify: FastifyInstance, options: { readonly context: ServiceContext; readonly document: SwaggerDocument }): Promise<void> {
  fastify.addHook('onRequest', documentAccessHook(options.context));
  await fastify.register(fastifySwagger, { mode: 'static', specification: { document: toOpenApi3(options.document) } });
  await fastify.register(fastifySwaggerUi, { routePrefix: DOCS_PREFIX });
}

/** The documents' routes when the definition cannot be built: each answers 500 with the reason. */
async function unavailableDocuments(fastify: FastifyInstance, options: { readonly context: ServiceContext; readonly error: ConnectorDefinitionError }): Promise<void> {
  fastify.addHook('onRequest', documentAccessHook(options.context));
  const unavailable = (): never => {
    throw new ODataError(500, ErrorCodes.connectorUnavailable, options.error.message);
  };
  for (const path of [CONNECTOR_PATH, DOCS_PREFIX, `${DOCS_PREFIX}/*`]) fastify.get(path, unavailable);
}

/**
 * The connector definition and the API page, at the root (outside the OData base path), each in a
 * context of its own so the two static documents do not meet. A definition the configuration
 * cannot build leaves them answering 500; the OData service is unaffected.
 */
export async function connectorRoutes(fastify: FastifyInstance, options: ConnectorRoutesOptions): Promise<void> {
  const { context, connector } = options;
  if (connector instanceof ConnectorDefinitionError) {
    await fastify.register(unavailableDocuments, { context, error: connector });
    return;
  }
  await fastify.register(connectorDocument, { context, document: connector });
  await fastify.register(apiPage, { context, document: connector });
}
