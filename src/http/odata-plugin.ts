import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthContext } from '../auth/auth-context.js';
import type { RateLimitConfig } from '../config/config.js';
import type { RequestSettings } from '../db/request-settings.js';
import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';
import { SCHEMA_PATH } from '../openapi/generic-operations.js';
import type { ODataResponse } from '../response/odata-response.js';
import { handleEntitySetSchema } from './handle-entity-set-schema.js';
import { handleChangeTrigger } from './handle-change-trigger.js';
import { CHANGES_PATH } from '../openapi/trigger-operations.js';
import { handleOData } from './handle-odata.js';
import { ignoredOptionsOf } from './ignored-options.js';
import { answersWithoutCredentials } from './public-documents.js';
import type { HttpInput } from './http-input.js';
import { toHttpInput } from './request-input.js';
import { RateLimiter } from './rate-limit.js';
import { RedisRateLimitStore } from './rate-limit-store-redis.js';
import { writesAt } from './request-logging.js';
import type { ServiceContext } from './service-context.js';
import { newStageTimer, serverTiming, type StageTimer } from './stage-timer.js';
import { readableOf, type OnCutOff } from './stream-body.js';

export interface ODataPluginOptions {
  readonly context: ServiceContext;
  /** Counts requests per principal; one limiter serves every service root, so a budget is not doubled by using both. */
  readonly rateLimiter: RateLimiter | null;
}

/** What the `onRequest` hook learns of a request before its body is read: the input, who asks, the time that took. */
interface ODataCall {
  readonly input: HttpInput;
  readonly caller: RequestSettings;
  readonly timer: StageTimer;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the OData plugin's `onRequest` hook; null outside the OData routes. */
    odataCall: ODataCall | null;
  }
}

/** `https://host/odata`: from PUBLIC_URL when set (behind a proxy), else from the request. */
function serviceRootOf(request: FastifyRequest, context: ServiceContext): string {
  const { publicUrl, basePath } = context.config;
  const origin = publicUrl ?? `${request.protocol}://${request.host}`;
  return `${origin}${basePath === '/' ? '' : basePath}`;
}

/** `$metadata` and the service document, which may be configured to answer without credentials. */
const METADATA_PATH = /^(\$|%24)metadata$/i;

/**
 * Who asks: public metadata needs nobody (a caller who sends credentials still gets the metadata
 * of its own role); everything else goes through `auth/`.
 */
async function callerOf(request: FastifyRequest, input: HttpInput, context: ServiceContext): Promise<AuthContext> {
  const { auth } = context.config;
  if (answersWithoutCredentials(auth, input.headers) && (input.path === '' || METADATA_PATH.test(input.path)) && READS.has(input.method)) return PUBLIC_READER;
  return context.authenticator.authenticate({ headers: input.headers, query: input.query, clientIp: request.ip });
}

const READS = new Set(['GET', 'HEAD']);
const PUBLIC_READER: AuthContext = { role: null, claims: {}, principal: 'anonymous', scope: 'read', entitySets: null };

/** The `onRequest` hook that authenticates: every request of the plugin has an `odataCall` once it is through. */
function authenticateHook(context: ServiceContext) {
  return async (request: FastifyRequest): Promise<void> => {
    const timer = newStageTimer();
    const input = toHttpInput(request, context.config.basePath);
    const auth = await timer.timeAsync('auth', () => callerOf(request, input, context));
    if (auth.principal !== 'anonymous') request.log = request.log.child({ principal: auth.principal });
    request.odataCall = { input, caller: { auth, requestId: request.id }, timer };
  };
}

/** The hook's findings, for the hooks and the handler after it. */
function callOf(request: FastifyRequest): ODataCall {
  if (request.odataCall === null) throw new Error('the OData onRequest hook has not run');
  return request.odataCall;
}

/**
 * The `onRequest` hook that counts a request against its principal's limits (anonymous callers
 * one budget per client address). Its place among those running is freed once, when its response
 * is written or its connection closes, whichever comes first, also for a streamed response cut short.
 */
function rateLimitHook(limiter: RateLimiter) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const { principal } = callOf(request).caller.auth;
    const release = await limiter.admit(principal === 'anonymous' ? `anonymous:${request.ip}` : principal);
    reply.raw.once('finish', release);
    reply.raw.once('close', release);
    if (reply.raw.destroyed) release();
  };
}

/** The limiter counting in the shared Redis store when one is named (closed with the app), else in this process's memory. */
export function rateLimiterOf(fastify: FastifyInstance, limits: RateLimitConfig): RateLimiter {
  if (limits.redisUrl === undefined || limits.requests === 0) return new RateLimiter(limits);
  const store = new RedisRateLimitStore(
    limits.redisUrl,
    { requests: limits.requests, windowMs: limits.windowSeconds * 1000 },
    { onConnectionError: (error) => fastify.log.warn({ err: error }, 'rate limit store unreachable') },
  );
  fastify.addHook('onClose', async () => store.close());
  return new RateLimiter(limits, { store });
}

/** Text bodies from this size on are streamed part by part (chunked) rather than joined first. */
const STREAM_FROM_LENGTH = 64 * 1024;

/** A failure after a streamed response began is logged with the request. */
function cutOffLogger(request: FastifyRequest): OnCutOff {
  return (error) => {
    const code = error instanceof ODataError ? error.code : ErrorCodes.internal;
    request.log.error({ err: error instanceof ODataError ? (error.cause ?? error) : error, code }, 'response cut off after it began');
  };
}

/** A large body's parts are written to the socket as they are, without being joined first. */
function payload(body: ODataResponse['body'], request: FastifyRequest): string | Buffer | Readable | undefined {
  if (body === null) return undefined;
  if (typeof body === 'string' || Buffer.isBuffer(body)) return body;
  if ('next' in body) return readableOf(body, cutOffLogger(request));
  const length = body.parts.reduce((sum, part) => sum + part.length, 0);
  return length < STREAM_FROM_LENGTH ? body.parts.join('') : Readable.from(body.parts);
}

/** Text is already serialized; passing it through a serializer also keeps Fastify from adding a charset. */
const asIs = (text: unknown): string => String(text);

/** The Content-Type goes exactly as the response stage wrote it. */
function send(request: FastifyRequest, reply: FastifyReply, response: ODataResponse, timing: string): FastifyReply {
  return reply
    .status(response.status)
    .headers({ 'odata-version': '4.0', ...response.headers, 'server-timing': timing })
    .serializer(asIs)
    .send(payload(response.body, request));
}

/** The OData service: every path under the base path goes through the one pipeline. */
export async function odataPlugin(fastify: FastifyInstance, options: ODataPluginOptions): Promise<void> {
  const { context } = options;
  const { limits } = context.config;
  // Bodies reach the pipeline as bytes whatever their type: http/read-body.ts checks type, size and encoding.
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: Math.max(limits.maxBodyBytes, limits.maxBatchBodyBytes) }, (_request, body, done) => {
    done(null, body);
  });
  fastify.decorateRequest('odataCall', null);
  fastify.addHook('onRequest', authenticateHook(context));
  if (options.rateLimiter !== null) fastify.addHook('onRequest', rateLimitHook(options.rateLimiter));
  const handler = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const { input, caller, timer } = callOf(request);
    const body = Buffer.isBuffer(request.body) ? request.body : undefined;
    const response = await handleOData(body === undefined ? input : { ...input, body }, { context, serviceRoot: serviceRootOf(request, context), caller }, timer);
    request.log.debug({ stages: timer.entries }, 'pipeline stages');
    if (writesAt(request.log.level, 'debug')) {
      const ignored = ignoredOptionsOf(input, context.config.auth.apiKeyQueryParameter);
      if (ignored !== null) request.log.debug({ ignored }, 'ignored query options and preferences');
    }
    return send(request, reply, response, serverTiming(timer));
  };
  // The schema the connector's dynamic operations read: a route of its own, preferred to the wildcard.
  fastify.get(SCHEMA_PATH.replace('{entitySet}', ':entitySet'), async (request, reply) => {
    const { input, caller, timer } = callOf(request);
    return send(request, reply, handleEntitySetSchema(input, caller.auth, context), serverTiming(timer));
  });
  // The polling triggers of tracked sets, made of delta links.
  fastify.get(CHANGES_PATH.replace('{entitySet}', ':entitySet'), async (request, reply) => {
    const { input, caller, timer } = callOf(request);
    const response = await handleChangeTrigger(input, { context, serviceRoot: serviceRootOf(request, context), caller }, timer);
    return send(request, reply, response, serverTiming(timer));
  });
  fastify.all('/', handler);
  fastify.all('/*', handler);
}
