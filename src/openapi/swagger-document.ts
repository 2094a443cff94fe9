/**
 * The parts of Swagger 2.0 (with the Power Platform `x-ms-*` extensions) that the connector
 * definition uses: a typed shape for the generator, the OpenAPI 3 rendering and the tests.
 */

export type Visibility = 'important' | 'advanced' | 'internal';

/** A JSON schema as Swagger 2.0 writes it (a subset of draft-04 plus `x-nullable`, `x-ms-*`). */
export interface SwaggerSchema {
  readonly $ref?: string;
  readonly type?: 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object';
  readonly format?: string;
  readonly title?: string;
  readonly description?: string;
  readonly enum?: readonly string[];
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly items?: SwaggerSchema;
  readonly properties?: Readonly<Record<string, SwaggerSchema>>;
  readonly required?: readonly string[];
  readonly readOnly?: boolean;
  readonly 'x-nullable'?: boolean;
  readonly 'x-ms-summary'?: string;
  readonly 'x-ms-visibility'?: Visibility;
  readonly 'x-ms-dynamic-schema'?: DynamicSchema;
}

/** A call of another operation at design time: its parameters given as literals or taken from this operation's. */
export type DynamicParameters = Readonly<Record<string, string | number | boolean | { readonly parameter: string }>>;

export interface DynamicValues {
  readonly operationId: string;
  readonly parameters?: DynamicParameters;
  readonly 'value-collection': string;
  readonly 'value-path': string;
  readonly 'value-title': string;
}

export interface DynamicSchema {
  readonly operationId: string;
  readonly parameters?: DynamicParameters;
  readonly 'value-path': string;
}

interface ParameterBase {
  readonly name: string;
  readonly description: string;
  readonly required: boolean;
  readonly 'x-ms-summary': string;
  readonly 'x-ms-visibility'?: Visibility;
}

/** A path, query or header parameter: primitive typed. */
export interface SimpleParameter extends ParameterBase {
  readonly in: 'path' | 'query' | 'header';
  readonly type: 'string' | 'number' | 'integer' | 'boolean';
  readonly format?: string;
  readonly default?: string | number | boolean;
  readonly enum?: readonly string[];
  readonly minimum?: number;
  readonly 'x-ms-url-encoding'?: 'single' | 'double';
  readonly 'x-ms-dynamic-values'?: DynamicValues;
}

export interface BodyParameter extends ParameterBase {
  readonly in: 'body';
  readonly schema: SwaggerSchema;
}

export type SwaggerParameter = SimpleParameter | BodyParameter;

/** A parameter or a reference to one of the document's shared `parameters`. */
export type ParameterOrRef = SwaggerParameter | { readonly $ref: string };

export interface SwaggerResponse {
  readonly description: string;
  readonly schema?: SwaggerSchema;
  readonly headers?: Readonly<Record<string, { readonly type: 'string' | 'integer'; readonly description: string }>>;
}

/** A response or a reference to one of the document's shared `responses`. */
export type ResponseOrRef = SwaggerResponse | { readonly $ref: string };

export interface SwaggerOperation {
  readonly operationId: string;
  readonly summary: string;
  readonly description: string;
  readonly tags: readonly string[];
  readonly parameters: readonly ParameterOrRef[];
  readonly responses: Readonly<Record<string, ResponseOrRef>>;
  readonly 'x-ms-visibility': Visibility;
  readonly 'x-ms-pageable'?: { readonly nextLinkName: string };
  /** A polling trigger: fires with the items of its answer's `value`. */
  readonly 'x-ms-trigger'?: 'batch' | 'single';
  readonly 'x-ms-trigger-hint'?: string;
  readonly 'x-ms-trigger-metadata'?: { readonly kind: 'query'; readonly mode: 'polling' };
}

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export type SwaggerPathItem = Partial<Readonly<Record<HttpMethod, SwaggerOperation>>>;

export type SecurityScheme =
  | { readonly type: 'apiKey'; readonly in: 'header'; readonly name: string; readonly description: string }
  | {
      readonly type: 'oauth2';
      readonly flow: 'accessCode';
      readonly authorizationUrl: string;
      readonly tokenUrl: string;
      readonly scopes: Readonly<Record<string, string>>;
      readonly description: string;
    };

export interface SwaggerDocument {
  readonly swagger: '2.0';
  readonly info: { readonly title: string; readonly description: string; readonly version: string; readonly contact?: Readonly<Record<string, string>> };
  readonly host: string;
  readonly basePath: string;
  readonly schemes: readonly ('http' | 'https')[];
  readonly consumes: readonly string[];
  readonly produces: readonly string[];
  readonly paths: Readonly<Record<string, SwaggerPathItem>>;
  readonly definitions: Readonly<Record<string, SwaggerSchema>>;
  readonly parameters: Readonly<Record<string, SwaggerParameter>>;
  readonly responses: Readonly<Record<string, SwaggerResponse>>;
  readonly securityDefinitions: Readonly<Record<string, SecurityScheme>>;
  readonly security: readonly Readonly<Record<string, readonly string[]>>[];
  readonly tags: readonly { readonly name: string; readonly description: string }[];
  readonly 'x-ms-connector-metadata': readonly { readonly propertyName: string; readonly propertyValue: string }[];
  readonly 'x-ms-capabilities': { readonly testConnection: { readonly operationId: string; readonly parameters: DynamicParameters } };
}
