import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ODataResponse } from '../response/odata-response.js';
import { handleOData } from './handle-odata.js';
import type { HttpInput } from './http-input.js';
import type { ServiceContext } from './service-context.js';
import { newStageTimer, serverTiming } from './stage-timer.js';

export interface ODataPluginOptions {
  readonly context: ServiceContext;
}

function toHttpInput(request: FastifyRequest, basePath: string): HttpInput {
  const url = request.raw.url ?? '/';
  const queryStart = url.indexOf('?');
  const pathname = queryStart === -1 ? url : url.slice(0, queryStart);
  const relative = pathname.startsWith(basePath) ? pathname.slice(basePath.length) : pathname;
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(request.headers)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  return {
    method: request.method,
    path: relative.replace(/^\/+/, ''),
    query: queryStart === -1 ? '' : url.slice(queryStart + 1),
    headers,
  };
}

/** `https://host/odata`: from PUBLIC_URL when set (behind a proxy), else from the request. */
function serviceRootOf(request: FastifyRequest, context: ServiceContext): string {
  const { publicUrl, basePath } = context.config;
  const origin = publicUrl ?? `${request.protocol}://${request.host}`;
  return `${origin}${basePath === '/' ? '' : basePath}`;
}

/** Text bodies from this size on are streamed part by part (chunked) rather than joined first. */
const STREAM_FROM_LENGTH = 64 * 1024;

/**
 * Bodies go as bytes or as a stream of text, so the Content-Type stays exactly as the response
 * stage wrote it; a large body's parts are written to the socket as they are, without a copy.
 */
function payload(body: ODataResponse['body']): Buffer | Readable | undefined {
  if (body === null) return undefined;
  if (typeof body === 'string') return Buffer.from(body);
  if (Buffer.isBuffer(body)) return body;
  const length = body.parts.reduce((sum, part) => sum + part.length, 0);
  return length < STREAM_FROM_LENGTH ? Buffer.from(body.parts.join('')) : Readable.from(body.parts);
}

function send(reply: FastifyReply, response: ODataResponse, timing: string): FastifyReply {
  return reply
    .status(response.status)
    .headers({ ...response.headers, 'odata-version': '4.0', 'server-timing': timing })
    .send(payload(response.body));
}

/** The OData service: every path under the base path goes through the one pipeline. */
export async function odataPlugin(fastify: FastifyInstance, options: ODataPluginOptions): Promise<void> {
  const { context } = options;
  const handler = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const timer = newStageTimer();
    const input = toHttpInput(request, context.config.basePath);
    const response = await handleOData(input, context, serviceRootOf(request, context), timer);
    request.log.debug({ stages: timer.entries }, 'pipeline stages');
    return send(reply, response, serverTiming(timer));
  };
  fastify.all('/', handler);
  fastify.all('/*', handler);
}
