import { randomBytes } from 'node:crypto';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { buildAuthenticator } from './auth/build-authenticator.js';
import { checkServable, ConfigError, type Config } from './config/config.js';
import { openDatabase, type Database } from './db/database.js';
import { checkAuditInstalled } from './db/audit-install.js';
import { migrateLatest } from './db/migrate.js';
import { seedDemo } from './db/seed-demo.js';
import { ErrorCodes } from './errors/codes.js';
import { ODataError } from './errors/odata-error.js';
import { CompiledReads } from './http/compiled-reads.js';
import { connectorRoutes } from './http/connector-routes.js';
import { handleError } from './http/error-handler.js';
import { healthRoutes } from './http/health-routes.js';
import { odataPlugin, rateLimiterOf } from './http/odata-plugin.js';
import { requestIdOf, requestLogging } from './http/request-logging.js';
import type { ServedModel, ServiceContext } from './http/service-context.js';
import { formatCsdlJson } from './metadata/format-csdl-json.js';
import { formatCsdlXml } from './metadata/format-csdl-xml.js';
import { loadServiceModel } from './load-service-model.js';
import type { EdmModel } from './model/edm-model.js';
import { introspectPrivileges } from './model/introspect-privileges.js';
import { dataverseProfile } from './model/dataverse-profile.js';
import { modelForRole, type RolePrivileges } from './model/role-model.js';
import { buildConnector } from './openapi/build-connector.js';
import { ConnectorDefinitionError } from './openapi/connector-limits.js';
import type { SwaggerDocument } from './openapi/swagger-document.js';

export interface AppDependencies {
  /** A database opened by the caller (tests); otherwise the app opens and closes its own. */
  readonly database?: Database;
  /** Where log lines go (standard output when absent). */
  readonly logStream?: NodeJS.WritableStream;
}

async function prepareDatabase(database: Database, config: Config, log: FastifyInstance['log']): Promise<void> {
  if (config.migrateOnStart) {
    const applied = await migrateLatest(database.knex);
    if (applied.length > 0) log.info({ migrations: applied }, 'migrations applied');
  }
  if (config.seedOnStart) {
    const seeded = await seedDemo(database.knex, { rows: config.seedRows });
    if (seeded.products > 0) log.info({ seeded }, 'demo data seeded');
  }
}

/**
 * Migrations and seeding write, while the service's server connections are read-only by default:
 * on a server they get a pool of their own, closed before the service starts. Embedded, there is
 * one database in the process and it serves both.
 */
async function prepareBeforeServing(database: Database, config: Config, log: FastifyInstance['log']): Promise<void> {
  if (!config.migrateOnStart && !config.seedOnStart) return;
  if (config.database.kind === 'embedded' || !database.readOnlyByDefault) {
    await prepareDatabase(database, config, log);
    return;
  }
  const maintenance = openDatabase({ ...config.database, poolMax: 1 });
  try {
    await prepareDatabase(maintenance, config, log);
  } finally {
    await maintenance.close();
  }
}

function served(model: EdmModel): ServedModel {
  return { model, metadata: { xml: formatCsdlXml(model), json: JSON.stringify(formatCsdlJson(model)) } };
}

/** Each role's `$metadata` and model, from a shape of the model (the whole one, or its Dataverse profile). */
type ModelsByRole = (role: string | null) => ServedModel;

/**
 * The model each role is served (field-level security): the sets and columns it may SELECT, read
 * from the database once at start, then shaped (as it is, or as the Dataverse profile).
 */
function servedModels(model: EdmModel, privileges: ReadonlyMap<string, RolePrivileges>, shape: (model: EdmModel) => EdmModel): ModelsByRole {
  const whole = served(shape(model));
  const byRole = new Map([...privileges].map(([role, readable]) => [role, served(shape(modelForRole(model, readable)))]));
  return (role) => {
    if (role === null) return whole;
    const found = byRole.get(role);
    if (found === undefined) throw new Error(`No model was built for role ${role}`);
    return found;
  };
}

/** What each configured role may SELECT; a configured role the database does not know stops the start. */
async function rolePrivileges(database: Database, model: EdmModel, roles: readonly string[]): Promise<ReadonlyMap<string, RolePrivileges>> {
  const { missing, privileges } = await introspectPrivileges(database.knex, model, roles);
  if (missing.length > 0) throw new ConfigError(`Configured roles do not exist in the database: ${missing.join(', ')}`);
  return privileges;
}

/**
 * The Dataverse profile's service root: the same service over the profiled model (Guid keys, the
 * EDM types Dataverse maps), its links under its own base path. What the profile cannot map is
 * logged once, here.
 */
function dataverseContext(context: ServiceContext, basePath: string, privileges: ReadonlyMap<string, RolePrivileges>, log: FastifyInstance['log']): ServiceContext {
  const options = { caseInsensitiveText: context.config.dataverseCaseInsensitive };
  const profile = dataverseProfile(context.model, options);
  for (const problem of profile.problems) log.warn({ entitySet: problem.entitySet, property: problem.property }, `Dataverse profile: ${problem.entitySet}${problem.property === undefined ? '' : `.${problem.property}`} ${problem.message}`);
  return {
    ...context,
    config: { ...context.config, basePath },
    model: profile.model,
    modelFor: servedModels(context.model, privileges, (model) => dataverseProfile(model, options).model),
    compiledReads: new CompiledReads(context.config.compiledReadCacheSize),
  };
}

/**
 * The connector definition of the whole model. One the configuration cannot build (too large, or
 * naming missing sets) is logged here once and its routes answer 500; the service still starts.
 */
function connectorOf(model: EdmModel, config: Config, log: FastifyInstance['log']): SwaggerDocument | ConnectorDefinitionError {
  try {
    return buildConnector(model, config);
  } catch (error) {
    if (!(error instanceof ConnectorDefinitionError)) throw error;
    log.error({ err: error }, 'connector definition unavailable');
    return error;
  }
}

/** Builds the service: database ready, model read, routes registered. Never listens. */
export async function buildApp(config: Config, dependencies: AppDependencies = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie'],
      ...(dependencies.logStream === undefined ? {} : { stream: dependencies.logStream }),
    },
    genReqId: requestIdOf,
    // One line per request comes from http/request-logging.ts instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: { maxParamLength: 65536 },
    // Long `or` chains of key lookups make long URLs: let them reach the parser, which enforces MAX_URL_LENGTH.
    http: { maxHeaderSize: Math.max(16384, config.limits.maxUrlLength + 8192) },
    return503OnClosing: true,
  });
  const database =
    dependencies.database ??
    openDatabase(config.database, {
      statementTimeoutMs: config.statementTimeoutMs,
      queueMax: config.databaseQueueMax,
      acquireTimeoutMs: config.databaseAcquireTimeoutMs,
      prepareStatements: config.databasePrepare,
      readOnly: true,
    });
  if (dependencies.database === undefined) app.addHook('onClose', async () => database.close());
  try {
    checkServable(config);
    if (config.auth.anonymous !== null) {
      app.log.warn({ role: config.auth.anonymous.role ?? 'the connection role', scope: config.auth.anonymous.scope }, 'anonymous callers are let in');
    }
    await prepareBeforeServing(database, config, app.log);
    if (config.audit) await checkAuditInstalled(database.knex);
    const { model, schemas, notices } = await loadServiceModel(database.knex, config);
    for (const notice of notices) app.log.warn(notice);
    app.log.info({ entitySets: model.entitySets.length, schemas, database: database.kind }, 'model loaded');
    const { authenticator, roles } = await buildAuthenticator(config.auth);
    const privileges = await rolePrivileges(database, model, roles);
    const context: ServiceContext = {
      config,
      database,
      model,
      modelFor: servedModels(model, privileges, (whole) => whole),
      skipTokenSecret: config.skipTokenSecret ?? randomBytes(32).toString('base64url'),
      compiledReads: new CompiledReads(config.compiledReadCacheSize),
      log: app.log,
      authenticator,
    };
    app.setErrorHandler(handleError);
    app.setNotFoundHandler((request) => {
      throw new ODataError(404, ErrorCodes.notFound, `Nothing is served at ${request.url.split('?')[0] ?? ''}`);
    });
    await app.register(requestLogging);
    await app.register(healthRoutes, { database });
    await app.register(connectorRoutes, { context, connector: connectorOf(model, config, app.log) });
    const rateLimiter = config.rateLimit === null ? null : rateLimiterOf(app, config.rateLimit);
    await app.register(odataPlugin, { prefix: config.basePath === '/' ? '' : config.basePath, context, rateLimiter });
    if (config.dataverseBasePath !== null) {
      const dataverse = dataverseContext(context, config.dataverseBasePath, privileges, app.log);
      await app.register(odataPlugin, { prefix: config.dataverseBasePath, context: dataverse, rateLimiter });
    }
    return app;
  } catch (error) {
    await app.close();
    throw error;
  }
}
