import type { FastifyRequest } from 'fastify';
import type { HttpInput } from './http-input.js';

/** The input as the `onRequest` hook sees it: the body is read later, and added by the handler. */
export function toHttpInput(request: FastifyRequest, basePath: string): HttpInput {
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
