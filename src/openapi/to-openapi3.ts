import type { OpenAPIV3 } from 'openapi-types';
import type {
  BodyParameter,
  DynamicSchema,
  DynamicValues,
  ParameterOrRef,
  ResponseOrRef,
  SecurityScheme,
  SimpleParameter,
  SwaggerDocument,
  SwaggerOperation,
  SwaggerParameter,
  SwaggerResponse,
  SwaggerSchema,
  Visibility,
} from './swagger-document.js';

/** The `x-ms-*` extensions the rendering keeps: OpenAPI 3 allows `x-` fields on these objects. */
interface SchemaExtensions {
  readonly 'x-ms-summary'?: string;
  readonly 'x-ms-visibility'?: Visibility;
  readonly 'x-ms-dynamic-schema'?: DynamicSchema;
}

interface ParameterExtensions {
  readonly 'x-ms-summary': string;
  readonly 'x-ms-visibility'?: Visibility;
  readonly 'x-ms-url-encoding'?: 'single' | 'double';
  readonly 'x-ms-dynamic-values'?: DynamicValues;
}

interface OperationExtensions {
  readonly 'x-ms-visibility': Visibility;
  readonly 'x-ms-pageable'?: { readonly nextLinkName: string };
}

type Schema = OpenAPIV3.ReferenceObject | (OpenAPIV3.SchemaObject & SchemaExtensions);
type Parameter = OpenAPIV3.ReferenceObject | (OpenAPIV3.ParameterObject & ParameterExtensions);
type RequestBody = OpenAPIV3.ReferenceObject | (OpenAPIV3.RequestBodyObject & Pick<ParameterExtensions, 'x-ms-summary'>);

/** The OpenAPI 3.0 rendering of a connector definition, with the operations' `x-ms-*` extensions. */
export type OpenApi3Document = OpenAPIV3.Document<OperationExtensions>;

const JSON_MEDIA_TYPE = 'application/json';

/** Where each kind of Swagger 2.0 reference points, and where it points in OpenAPI 3. */
const REF_PREFIXES = {
  schema: ['#/definitions/', '#/components/schemas/'],
  parameter: ['#/parameters/', '#/components/parameters/'],
  requestBody: ['#/parameters/', '#/components/requestBodies/'],
  response: ['#/responses/', '#/components/responses/'],
} as const;

function componentRef(ref: string, kind: keyof typeof REF_PREFIXES): OpenAPIV3.ReferenceObject {
  const [from, to] = REF_PREFIXES[kind];
  if (!ref.startsWith(from)) throw new Error(`The reference ${ref} does not start with ${from}`);
  return { $ref: `${to}${ref.slice(from.length)}` };
}

function mapValues<T, U>(record: Readonly<Record<string, T>>, map: (value: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([name, value]) => [name, map(value)]));
}

/** A schema with its references moved under `components` and `x-nullable` written as `nullable`. */
function schemaOf(schema: SwaggerSchema): Schema {
  if (schema.$ref !== undefined) return componentRef(schema.$ref, 'schema');
  const { 'x-nullable': nullable, type, items, properties, enum: members, required, ...rest } = schema;
  const base = {
    ...rest,
    ...(members === undefined ? {} : { enum: [...members] }),
    ...(required === undefined ? {} : { required: [...required] }),
    ...(properties === undefined ? {} : { properties: mapValues(properties, schemaOf) }),
    ...(nullable === true ? { nullable: true } : {}),
  };
  if (type === 'array') return { ...base, type, items: items === undefined ? {} : schemaOf(items) };
  return type === undefined ? base : { ...base, type };
}

function simpleParameterOf(parameter: SimpleParameter): Parameter {
  const { name, in: location, required, description, type, format, enum: members, default: fallback, minimum, ...extensions } = parameter;
  const schema: OpenAPIV3.NonArraySchemaObject = {
    type,
    ...(format === undefined ? {} : { format }),
    ...(members === undefined ? {} : { enum: [...members] }),
    ...(fallback === undefined ? {} : { default: fallback }),
    ...(minimum === undefined ? {} : { minimum }),
  };
  return { name, in: location, required, description, schema, ...extensions };
}

function requestBodyOf(parameter: BodyParameter): RequestBody {
  return {
    description: parameter.description,
    required: parameter.required,
    content: { [JSON_MEDIA_TYPE]: { schema: schemaOf(parameter.schema) } },
    'x-ms-summary': parameter['x-ms-summary'],
  };
}

function isBody(parameter: SwaggerParameter): parameter is BodyParameter {
  return parameter.in === 'body';
}

function responseOf(response: SwaggerResponse): OpenAPIV3.ResponseObject {
  return {
    description: response.description,
    ...(response.headers === undefined
      ? {}
      : { headers: mapValues(response.headers, (header) => ({ description: header.description, schema: { type: header.type } })) }),
    ...(response.schema === undefined ? {} : { content: { [JSON_MEDIA_TYPE]: { schema: schemaOf(response.schema) } } }),
  };
}

function responseOrRefOf(response: ResponseOrRef): OpenAPIV3.ReferenceObject | OpenAPIV3.ResponseObject {
  return '$ref' in response ? componentRef(response.$ref, 'response') : responseOf(response);
}

function securitySchemeOf(scheme: SecurityScheme): OpenAPIV3.SecuritySchemeObject {
  if (scheme.type === 'apiKey') return { ...scheme };
  const { authorizationUrl, tokenUrl, scopes, description } = scheme;
  return { type: 'oauth2', description, flows: { authorizationCode: { authorizationUrl, tokenUrl, scopes: { ...scopes } } } };
}

/**
 * The parameters of an operation split into OpenAPI 3's parameters and request body: a body
 * parameter, inline or shared, becomes the request body.
 */
function parametersOf(parameters: readonly ParameterOrRef[], shared: SwaggerDocument['parameters']) {
  const rendered: Parameter[] = [];
  let requestBody: RequestBody | undefined;
  for (const parameter of parameters) {
    if ('$ref' in parameter) {
      const target = shared[parameter.$ref.slice(REF_PREFIXES.parameter[0].length)];
      if (target !== undefined && isBody(target)) requestBody = componentRef(parameter.$ref, 'requestBody');
      else rendered.push(componentRef(parameter.$ref, 'parameter'));
    } else if (isBody(parameter)) {
      requestBody = requestBodyOf(parameter);
    } else {
      rendered.push(simpleParameterOf(parameter));
    }
  }
  return { parameters: rendered, requestBody };
}

function operationOf(operation: SwaggerOperation, shared: SwaggerDocument['parameters']): OpenAPIV3.OperationObject<OperationExtensions> {
  const { parameters, responses, tags, ...rest } = operation;
  const split = parametersOf(parameters, shared);
  return {
    ...rest,
    tags: [...tags],
    parameters: split.parameters,
    ...(split.requestBody === undefined ? {} : { requestBody: split.requestBody }),
    responses: mapValues(responses, responseOrRefOf),
  };
}

/**
 * The connector definition as OpenAPI 3.0.3, for the interactive API page: the same operations at
 * the same paths, definitions and shared parameters and responses under `components`, body
 * parameters as request bodies. The server is the base path alone, so the page calls the host it
 * was loaded from.
 */
export function toOpenApi3(document: SwaggerDocument): OpenApi3Document {
  const shared = document.parameters;
  const sharedEntries = Object.entries(shared);
  return {
    openapi: '3.0.3',
    info: { ...document.info, ...(document.info.contact === undefined ? {} : { contact: { ...document.info.contact } }) },
    servers: [{ url: document.basePath }],
    paths: mapValues(document.paths, (item) => mapValues(item, (operation: SwaggerOperation) => operationOf(operation, shared))),
    components: {
      schemas: mapValues(document.definitions, schemaOf),
      parameters: Object.fromEntries(sharedEntries.flatMap(([name, parameter]) => (isBody(parameter) ? [] : [[name, simpleParameterOf(parameter)]]))),
      requestBodies: Object.fromEntries(sharedEntries.flatMap(([name, parameter]) => (isBody(parameter) ? [[name, requestBodyOf(parameter)]] : []))),
      responses: mapValues(document.responses, responseOf),
      securitySchemes: mapValues(document.securityDefinitions, securitySchemeOf),
    },
    security: document.security.map((requirement) => mapValues(requirement, (scopes) => [...scopes])),
    tags: document.tags.map((tag) => ({ ...tag })),
  };
}
