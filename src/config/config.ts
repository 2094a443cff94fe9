import { z } from 'zod';

const booleanText = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const positiveInt = z.coerce.number().int().positive();

/** A comma-separated list of non-empty values. */
const list = z.string().transform((value) => value.split(',').map((part) => part.trim()).filter((part) => part.length > 0));

const basePath = z
  .string()
  .regex(/^\/[A-Za-z0-9._~\-/]*$/, 'must start with "/" and hold only URL path characters')
  .transform((value) => (value.length > 1 ? value.replace(/\/+$/, '') : value));

/** The categories Power Platform offers a connector (x-ms-connector-metadata "Categories"). */
const connectorCategories = [
  'AI',
  'Business Management',
  'Business Intelligence',
  'Collaboration',
  'Commerce',
  'Communication',
  'Content and Files',
  'Finance',
  'Data',
  'Human Resources',
  'Internet of Things',
  'IT Operations',
  'Lifestyle and Entertainment',
  'Marketing',
  'Productivity',
  'Sales and CRM',
  'Security',
  'Social Media',
  'Website',
] as const;

const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

/** The environment variables the service reads, with their defaults. */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATABASE_POOL_MAX: positiveInt.max(1000).default(10),
  DATABASE_QUEUE_MAX: positiveInt.default(1000),
  DATABASE_ACQUIRE_TIMEOUT_MS: positiveInt.default(5000),
  DATABASE_PREPARE: booleanText.default(true),
  COMPILED_READ_CACHE_SIZE: z.coerce.number().int().min(0).max(100_000).default(500),
  EMBEDDED_DATA_DIR: z.string().min(1).default('.data/pglite'),
  DB_SCHEMAS: z
    .string()
    .transform((value) => value.split(',').map((part) => part.trim()).filter((part) => part.length > 0))
    .pipe(z.array(z.string().regex(/^[^\0"]+$/, 'holds a character not allowed in a schema name')).min(1))
    .default(['public']),
  ODATA_BASE_PATH: basePath.default('/odata'),
  DATAVERSE_BASE_PATH: z.union([z.literal('off'), basePath]).default('/dataverse'),
  DATAVERSE_CASE_INSENSITIVE: z.enum(['on', 'off']).default('off'),
  ODATA_NAMESPACE: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/, 'must be a dotted OData namespace')
    .default('ODataFacade'),
  PUBLIC_URL: z.url().optional(),
  LOG_LEVEL: logLevel.default('info'),
  DEFAULT_PAGE_SIZE: positiveInt.default(1000),
  MAX_PAGE_SIZE: positiveInt.default(5000),
  MODEL_CONFIG: z.string().min(1).optional(),
  MIGRATE_ON_START: booleanText.optional(),
  SEED_ON_START: booleanText.optional(),
  SEED_ROWS: positiveInt.default(1000),
  STATEMENT_TIMEOUT_MS: positiveInt.default(30000),
  MAX_URL_LENGTH: positiveInt.max(1_000_000).default(65536),
  MAX_EXPRESSION_DEPTH: positiveInt.max(1000).default(64),
  MAX_EXPRESSION_NODES: positiveInt.max(1_000_000).default(10000),
  MAX_IN_LIST: positiveInt.default(5000),
  MAX_ORDERBY_ITEMS: positiveInt.default(32),
  MAX_EXPAND_DEPTH: positiveInt.max(20).default(4),
  SKIPTOKEN_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  CHANGE_TRACKING_RETENTION_DAYS: positiveInt.max(3650).default(7),
  SHUTDOWN_TIMEOUT_MS: positiveInt.default(10000),
  MAX_BODY_BYTES: positiveInt.max(1024 * 1024 * 1024).default(1024 * 1024),
  MAX_BATCH_BODY_BYTES: positiveInt.max(1024 * 1024 * 1024).default(16 * 1024 * 1024),
  MAX_BATCH_OPERATIONS: positiveInt.max(100_000).default(1000),
  MAX_JSON_DEPTH: positiveInt.max(1000).default(32),
  WRITE_RETRIES: z.coerce.number().int().min(0).max(20).default(3),
  AUDIT: z.enum(['on', 'off']).optional(),
  AUTH_API_KEYS_FILE: z.string().min(1).optional(),
  AUTH_API_KEYS: z.string().min(1).optional(),
  AUTH_API_KEY_HEADER: z.string().regex(/^[A-Za-z0-9-]+$/, 'must be a header name').default('x-api-key'),
  AUTH_API_KEY_QUERY_PARAMETER: z.string().regex(/^[A-Za-z0-9_-]+$/, 'must be a query parameter name').optional(),
  AUTH_JWT_JWKS_URL: z.url().optional(),
  AUTH_JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  AUTH_JWT_ISSUERS: list.optional(),
  AUTH_JWT_AUDIENCES: list.optional(),
  AUTH_JWT_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).max(600).default(60),
  AUTH_JWT_ROLE_CLAIM: z.string().min(1).default('roles'),
  AUTH_JWT_ROLE_MAP: z.string().min(1).optional(),
  AUTH_JWT_DEFAULT_ROLE: z.string().min(1).optional(),
  AUTH_ANONYMOUS: z.enum(['allow', 'deny']).optional(),
  AUTH_ANONYMOUS_ROLE: z.string().regex(/^[^\0]+$/).optional(),
  AUTH_ANONYMOUS_SCOPE: z.enum(['read', 'read-write']).optional(),
  AUTH_PUBLIC_METADATA: booleanText.default(false),
  RATE_LIMIT_ENABLED: booleanText.default(true),
  RATE_LIMIT_REQUESTS: z.coerce.number().int().min(0).default(6000),
  RATE_LIMIT_WINDOW_SECONDS: positiveInt.max(86_400).default(300),
  RATE_LIMIT_CONCURRENCY: z.coerce.number().int().min(0).default(52),
  RATE_LIMIT_REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).optional(),
  CONNECTOR_TITLE: z
    .string()
    .min(1)
    .max(30)
    .refine((value) => !/\b(api|connector)\b/i.test(value), 'must not contain the words API or Connector')
    .default('OData Facade'),
  CONNECTOR_DESCRIPTION: z.string().min(30).max(500).optional(),
  CONNECTOR_PUBLISHER: z.string().min(1).default('OData Facade'),
  CONNECTOR_WEBSITE: z.url().optional(),
  CONNECTOR_PRIVACY_URL: z.url().optional(),
  CONNECTOR_CATEGORIES: list.pipe(z.array(z.enum(connectorCategories)).min(1)).default(['Data', 'IT Operations']),
  CONNECTOR_BRAND_COLOR: z
    .string()
    .regex(/^#[0-9A-Fa-f]{6}$/, 'must be a colour as #RRGGBB')
    .refine((value) => value.toLowerCase() !== '#ffffff', 'must not be white')
    .default('#0F6CBD'),
  CONNECTOR_ENTITY_SETS: list.pipe(z.array(z.string()).min(1)).optional(),
  CONNECTOR_POLL_SECONDS: positiveInt.max(86_400).default(60),
  CONNECTOR_AUTH: z.enum(['apiKey', 'oauth2', 'none']).optional(),
  CONNECTOR_OAUTH_CLIENT_ID: z.string().min(1).optional(),
  CONNECTOR_OAUTH_TENANT: z.string().regex(/^[A-Za-z0-9.-]+$/, 'must be a tenant id or domain').default('common'),
  CONNECTOR_OAUTH_RESOURCE: z.string().min(1).optional(),
  CONNECTOR_OAUTH_SCOPES: list.optional(),
});

export type Database =
  | { readonly kind: 'server'; readonly url: string; readonly poolMax: number }
  | { readonly kind: 'embedded'; readonly dataDir: string | null };

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly database: Database;
  readonly schemas: readonly string[];
  readonly basePath: string;
  /** The service root of the Dataverse profile (Guid keys, the EDM types Dataverse maps); null: not served. */
  readonly dataverseBasePath: string | null;
  /** The Dataverse profile's `$filter` compares text case-insensitively (`lower()` of both sides), as Dataverse users expect. */
  readonly dataverseCaseInsensitive: boolean;
  readonly namespace: string;
  readonly publicUrl: string | undefined;
  readonly logLevel: z.infer<typeof logLevel>;
  readonly defaultPageSize: number;
  readonly maxPageSize: number;
  readonly modelConfigPath: string | undefined;
  readonly migrateOnStart: boolean;
  readonly seedOnStart: boolean;
  readonly seedRows: number;
  readonly statementTimeoutMs: number;
  /** Requests that may wait for a pooled connection at once; more get 503 with Retry-After. */
  readonly databaseQueueMax: number;
  /** How long a request waits for a pooled connection before it gets 503 with Retry-After. */
  readonly databaseAcquireTimeoutMs: number;
  /** Prepare each statement shape once per server connection; off behind poolers that cannot keep them. */
  readonly databasePrepare: boolean;
  /** Read requests kept parsed, planned and compiled, most recently used first (0: none). */
  readonly compiledReadCacheSize: number;
  readonly shutdownTimeoutMs: number;
  /** Signs `$skiptoken`s and `$deltatoken`s; instances behind one load balancer need the same one. Random per start when unset. */
  readonly skipTokenSecret: string | undefined;
  /** Delta links older than this many days answer 410; `track-changes prune` keeps this many days of the change log by default. */
  readonly changeTrackingRetentionDays: number;
  /** Request limits: URL length, expression nesting and size, `in` lists, `$orderby` items. */
  readonly limits: {
    readonly maxUrlLength: number;
    readonly maxExpressionDepth: number;
    readonly maxExpressionNodes: number;
    readonly maxInList: number;
    readonly maxOrderByItems: number;
    readonly maxExpandDepth: number;
    /** Largest request body (a `$batch` body has its own limit); larger gets 413. */
    readonly maxBodyBytes: number;
    readonly maxBatchBodyBytes: number;
    /** Operations in one `$batch` request, change set members counted one by one. */
    readonly maxBatchOperations: number;
    /** Nesting of a JSON request body (objects and arrays). */
    readonly maxJsonDepth: number;
  };
  /** Runs of a write transaction after a serialization failure or deadlock before the answer is 503. */
  readonly writeRetries: number;
  /** Every successful write appends a record to odata_facade_audit.write_log in its transaction (default: on embedded, off on a server). */
  readonly audit: boolean;
  readonly auth: AuthConfig;
  /** Per-principal service protection (Dataverse's limits); null: off. */
  readonly rateLimit: RateLimitConfig | null;
  readonly connector: ConnectorConfig;
}

/** The Power Platform custom connector generated from the model (DESIGN.md decision 8). */
export interface ConnectorConfig {
  /** At most 30 characters, without the words API or Connector (Power Platform's rules). */
  readonly title: string;
  /** 30 to 500 characters; generated from the model when absent. */
  readonly description: string | undefined;
  readonly publisher: string;
  readonly website: string | undefined;
  readonly privacyUrl: string | undefined;
  readonly categories: readonly string[];
  readonly brandColor: string;
  /** The entity sets the connector describes, in this order; null: every set of the model. */
  readonly entitySets: readonly string[] | null;
  /** How a connection signs in: one of the configured kinds (Power Platform takes one per connector). */
  readonly auth: ConnectorAuth;
  /** The `Retry-After` of a polling trigger's answers: how long the platform waits before the next poll. */
  readonly pollSeconds: number;
}

/** The sign-in a connection of the connector uses. */
export type ConnectorAuth =
  | { readonly kind: 'none' }
  | { readonly kind: 'apiKey'; readonly header: string }
  | {
      readonly kind: 'oauth2';
      /** The Entra ID application (client) id that Power Platform signs in with. */
      readonly clientId: string;
      readonly tenant: string;
      /** The application ID URI or id the tokens are issued for (their audience). */
      readonly resource: string;
      readonly scopes: readonly string[];
    };

/** Limits per principal; a 0 turns that limit off. Over either, the answer is 429 with Retry-After. */
export interface RateLimitConfig {
  /** Requests in any sliding window of `windowSeconds`. */
  readonly requests: number;
  readonly windowSeconds: number;
  /** Requests running at once. */
  readonly concurrency: number;
  /** The Redis server that keeps the budget for every instance; absent: each process counts its own. */
  readonly redisUrl?: string;
}

/** How callers authenticate (DESIGN.md decision 6). */
export interface AuthConfig {
  /** API keys: a file of entries, or the entries as JSON text (`AUTH_API_KEYS`). */
  readonly apiKeys: { readonly file: string } | { readonly json: string } | null;
  readonly apiKeyHeader: string;
  /** A query-string parameter that may carry the key too (Dataverse request parameters); null: not accepted. */
  readonly apiKeyQueryParameter: string | null;
  readonly jwt: {
    readonly jwksUrl: string | undefined;
    readonly secret: string | undefined;
    readonly issuers: readonly string[];
    readonly audiences: readonly string[];
    readonly clockSkewSeconds: number;
    readonly roleClaim: string;
    /** Claim value → Postgres role, as JSON text (`{"Catalog.Read":"catalog_reader"}`). */
    readonly roleMap: string | undefined;
    readonly defaultRole: string | undefined;
  } | null;
  /** Requests without credentials: run as the anonymous role, or 401. */
  readonly anonymous: { readonly role: string | null; readonly scope: 'read' | 'read-write' } | null;
  /** `$metadata` and the service document answer without credentials. */
  readonly publicMetadata: boolean;
  /** The embedded demo's documented keys for its roles (README), when no keys are configured; never on a server. */
  readonly demoKeys: boolean;
}

/** Thrown when the environment is invalid; its message is one line naming the variable. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const IN_MEMORY = 'memory://';

/**
 * Secure by default: without `AUTH_ANONYMOUS`, anonymous callers are let in only by the embedded
 * demo with no credentials configured (read-write, said at start). On a database server with no
 * credentials and no anonymous access the service refuses to serve (`checkServable`).
 */
function authConfig(e: z.infer<typeof envSchema>, embedded: boolean): AuthConfig {
  if (e.AUTH_API_KEYS_FILE !== undefined && e.AUTH_API_KEYS !== undefined) {
    throw new ConfigError('Invalid environment variable AUTH_API_KEYS: give the keys in AUTH_API_KEYS_FILE or in AUTH_API_KEYS, not both');
  }
  if (e.AUTH_JWT_JWKS_URL !== undefined && e.AUTH_JWT_SECRET !== undefined) {
    throw new ConfigError('Invalid environment variable AUTH_JWT_SECRET: tokens are verified with AUTH_JWT_JWKS_URL or AUTH_JWT_SECRET, not both');
  }
  const apiKeys = e.AUTH_API_KEYS_FILE !== undefined ? { file: e.AUTH_API_KEYS_FILE } : e.AUTH_API_KEYS !== undefined ? { json: e.AUTH_API_KEYS } : null;
  const jwt =
    e.AUTH_JWT_JWKS_URL === undefined && e.AUTH_JWT_SECRET === undefined
      ? null
      : {
          jwksUrl: e.AUTH_JWT_JWKS_URL,
          secret: e.AUTH_JWT_SECRET,
          issuers: e.AUTH_JWT_ISSUERS ?? [],
          audiences: e.AUTH_JWT_AUDIENCES ?? [],
          clockSkewSeconds: e.AUTH_JWT_CLOCK_SKEW_SECONDS,
          roleClaim: e.AUTH_JWT_ROLE_CLAIM,
          roleMap: e.AUTH_JWT_ROLE_MAP,
          defaultRole: e.AUTH_JWT_DEFAULT_ROLE,
        };
  const credentials = apiKeys !== null || jwt !== null;
  const anonymousAllowed = e.AUTH_ANONYMOUS === undefined ? !credentials && embedded : e.AUTH_ANONYMOUS === 'allow';
  return {
    apiKeys,
    apiKeyHeader: e.AUTH_API_KEY_HEADER.toLowerCase(),
    apiKeyQueryParameter: e.AUTH_API_KEY_QUERY_PARAMETER ?? null,
    jwt,
    anonymous: anonymousAllowed ? { role: e.AUTH_ANONYMOUS_ROLE ?? null, scope: e.AUTH_ANONYMOUS_SCOPE ?? 'read-write' } : null,
    publicMetadata: e.AUTH_PUBLIC_METADATA || !credentials,
    demoKeys: embedded && apiKeys === null,
  };
}

/**
 * The connector signs in the way the service accepts callers: an API key when keys are configured
 * (or the embedded demo's keys), an Entra ID token when JWTs are; `CONNECTOR_AUTH` picks when both are.
 */
function connectorAuth(e: z.infer<typeof envSchema>, auth: AuthConfig): ConnectorAuth {
  const keys = auth.apiKeys !== null || auth.demoKeys;
  const kind = e.CONNECTOR_AUTH ?? (keys ? 'apiKey' : auth.jwt !== null ? 'oauth2' : 'none');
  if (kind === 'none') return { kind };
  if (kind === 'apiKey') {
    if (!keys) throw new ConfigError('Invalid environment variable CONNECTOR_AUTH: apiKey needs API keys (AUTH_API_KEYS_FILE or AUTH_API_KEYS)');
    return { kind, header: auth.apiKeyHeader };
  }
  if (auth.jwt === null) throw new ConfigError('Invalid environment variable CONNECTOR_AUTH: oauth2 needs tokens (AUTH_JWT_JWKS_URL or AUTH_JWT_SECRET)');
  if (e.CONNECTOR_OAUTH_CLIENT_ID === undefined) {
    throw new ConfigError('Invalid environment variable CONNECTOR_OAUTH_CLIENT_ID: the connector signs in with Entra ID and needs its application (client) id');
  }
  const resource = e.CONNECTOR_OAUTH_RESOURCE ?? auth.jwt.audiences[0];
  if (resource === undefined) {
    throw new ConfigError('Invalid environment variable CONNECTOR_OAUTH_RESOURCE: name the resource the tokens are for, or set AUTH_JWT_AUDIENCES');
  }
  return { kind, clientId: e.CONNECTOR_OAUTH_CLIENT_ID, tenant: e.CONNECTOR_OAUTH_TENANT, resource, scopes: e.CONNECTOR_OAUTH_SCOPES ?? [] };
}

/** Whether a caller can get in at all; a service nobody can use does not start (the CLI's maintenance commands still run). */
export function checkServable(config: Config): void {
  const { auth } = config;
  if (auth.apiKeys !== null || auth.jwt !== null || auth.anonymous !== null) return;
  throw new ConfigError(
    'Invalid environment variable AUTH_ANONYMOUS: no authentication is configured; set AUTH_API_KEYS_FILE, AUTH_API_KEYS, AUTH_JWT_JWKS_URL or AUTH_JWT_SECRET, or AUTH_ANONYMOUS=allow',
  );
}

/** Reads the configuration from an environment (`process.env` by default); the only reader of it. */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): Config {
  const defined = Object.fromEntries(
    Object.entries(env).filter(([name, value]) => name in envSchema.shape && value !== undefined && value !== ''),
  );
  const parsed = envSchema.safeParse(defined);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? 'environment');
    throw new ConfigError(`Invalid environment variable ${name}: ${issue?.message ?? 'invalid value'}`);
  }
  const e = parsed.data;
  if (e.DATAVERSE_BASE_PATH === e.ODATA_BASE_PATH || e.DATAVERSE_BASE_PATH === '/') {
    throw new ConfigError(`Invalid environment variable DATAVERSE_BASE_PATH: ${e.DATAVERSE_BASE_PATH} must differ from ODATA_BASE_PATH and from /`);
  }
  if (e.DEFAULT_PAGE_SIZE > e.MAX_PAGE_SIZE) {
    throw new ConfigError(
      `Invalid environment variable DEFAULT_PAGE_SIZE: ${e.DEFAULT_PAGE_SIZE} is larger than MAX_PAGE_SIZE (${e.MAX_PAGE_SIZE})`,
    );
  }
  const embedded = e.DATABASE_URL === undefined;
  const auth = authConfig(e, embedded);
  return {
    port: e.PORT,
    host: e.HOST,
    database: embedded
      ? { kind: 'embedded', dataDir: e.EMBEDDED_DATA_DIR === IN_MEMORY ? null : e.EMBEDDED_DATA_DIR }
      : { kind: 'server', url: e.DATABASE_URL as string, poolMax: e.DATABASE_POOL_MAX },
    schemas: e.DB_SCHEMAS,
    basePath: e.ODATA_BASE_PATH,
    dataverseBasePath: e.DATAVERSE_BASE_PATH === 'off' ? null : e.DATAVERSE_BASE_PATH,
    dataverseCaseInsensitive: e.DATAVERSE_CASE_INSENSITIVE === 'on',
    namespace: e.ODATA_NAMESPACE,
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ''),
    logLevel: e.LOG_LEVEL,
    defaultPageSize: e.DEFAULT_PAGE_SIZE,
    maxPageSize: e.MAX_PAGE_SIZE,
    modelConfigPath: e.MODEL_CONFIG,
    migrateOnStart: e.MIGRATE_ON_START ?? embedded,
    seedOnStart: e.SEED_ON_START ?? embedded,
    seedRows: e.SEED_ROWS,
    statementTimeoutMs: e.STATEMENT_TIMEOUT_MS,
    databaseQueueMax: e.DATABASE_QUEUE_MAX,
    databaseAcquireTimeoutMs: e.DATABASE_ACQUIRE_TIMEOUT_MS,
    databasePrepare: e.DATABASE_PREPARE,
    compiledReadCacheSize: e.COMPILED_READ_CACHE_SIZE,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    skipTokenSecret: e.SKIPTOKEN_SECRET,
    changeTrackingRetentionDays: e.CHANGE_TRACKING_RETENTION_DAYS,
    limits: {
      maxUrlLength: e.MAX_URL_LENGTH,
      maxExpressionDepth: e.MAX_EXPRESSION_DEPTH,
      maxExpressionNodes: e.MAX_EXPRESSION_NODES,
      maxInList: e.MAX_IN_LIST,
      maxOrderByItems: e.MAX_ORDERBY_ITEMS,
      maxExpandDepth: e.MAX_EXPAND_DEPTH,
      maxBodyBytes: e.MAX_BODY_BYTES,
      maxBatchBodyBytes: e.MAX_BATCH_BODY_BYTES,
      maxBatchOperations: e.MAX_BATCH_OPERATIONS,
      maxJsonDepth: e.MAX_JSON_DEPTH,
    },
    writeRetries: e.WRITE_RETRIES,
    audit: e.AUDIT === undefined ? embedded : e.AUDIT === 'on',
    auth,
    rateLimit:
      e.RATE_LIMIT_ENABLED && (e.RATE_LIMIT_REQUESTS > 0 || e.RATE_LIMIT_CONCURRENCY > 0)
        ? {
            requests: e.RATE_LIMIT_REQUESTS,
            windowSeconds: e.RATE_LIMIT_WINDOW_SECONDS,
            concurrency: e.RATE_LIMIT_CONCURRENCY,
            redisUrl: e.RATE_LIMIT_REDIS_URL,
          }
        : null,
    connector: {
      title: e.CONNECTOR_TITLE,
      description: e.CONNECTOR_DESCRIPTION,
      publisher: e.CONNECTOR_PUBLISHER,
      website: e.CONNECTOR_WEBSITE,
      privacyUrl: e.CONNECTOR_PRIVACY_URL,
      categories: e.CONNECTOR_CATEGORIES,
      brandColor: e.CONNECTOR_BRAND_COLOR,
      entitySets: e.CONNECTOR_ENTITY_SETS ?? null,
      pollSeconds: e.CONNECTOR_POLL_SECONDS,
      auth: connectorAuth(e, auth),
    },
  };
}
