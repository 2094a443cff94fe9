import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import { levels } from 'pino';
import type { IncomingMessage } from 'node:http';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const SECRET_PARAMETER = /key|token|secret|password|signature|sig$|auth/i;

/** A client's `x-request-id` when it is a sane token, else a new UUID. */
export function requestIdOf(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

/** The URL for a log line: query parameters whose names suggest a secret have their value masked. */
export function redactUrl(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart === -1) return url;
  const query = url
    .slice(queryStart + 1)
    .split('&')
    .map((pair) => {
      const name = pair.split('=', 1)[0] ?? '';
      return SECRET_PARAMETER.test(name) ? `${name}=[redacted]` : pair;
    })
    .join('&');
  return `${url.slice(0, queryStart)}?${query}`;
}

/** Whether a logger at `level` writes lines of level `wanted`: a line is only built when it is written. */
export function writesAt(level: string, wanted: 'info' | 'debug'): boolean {
  return (levels.values[level] ?? Number.POSITIVE_INFINITY) <= (levels.values[wanted] ?? Number.NEGATIVE_INFINITY);
}

/** Callback-style hooks: no promise per request for work that never waits. */
async function requestLoggingHooks(fastify: FastifyInstance): Promise<void> {
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    if (writesAt(request.log.level, 'info')) {
      request.log.info(
        { method: request.method, path: redactUrl(request.url), status: reply.statusCode, durationMs: Math.round(reply.elapsedTime * 10) / 10 },
        'request completed',
      );
    }
    done();
  });
}

/** One JSON log line per request (id, method, path, status, duration) and the id echoed back. */
export const requestLogging = fastifyPlugin(requestLoggingHooks, { name: 'odata-facade-request-logging', fastify: '5.x' });
