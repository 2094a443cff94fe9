import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';

/** The service root a batch was sent to, split for resolving the URLs of its requests. */
export interface ServiceRoot {
  /** `http://host:8080/odata`, as the pipeline writes URLs. */
  readonly url: string;
  /** Scheme, host and port (`http://host:8080`), normalised by the URL parser. */
  readonly origin: string;
  /** The root's path without a trailing `/`: `/odata`, or `` for a service at `/`. */
  readonly basePath: string;
}

export function serviceRootOf(url: string): ServiceRoot {
  const parsed = new URL(url);
  return { url, origin: parsed.origin, basePath: parsed.pathname.replace(/\/+$/, '') };
}

/** A request URL relative to the service root: the path without leading `/` and the query, both still percent-encoded. */
export interface ResolvedTarget {
  readonly path: string;
  readonly query: string;
}

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;

function invalidUrl(target: string, problem: string, where: string | undefined): ODataError {
  return new ODataError(400, ErrorCodes.invalidBatch, `${where === undefined ? '' : `${where}: `}The request URL ${JSON.stringify(target)} ${problem}`);
}

function outsideRoot(target: string, root: ServiceRoot, where: string | undefined): ODataError {
  return invalidUrl(target, `is not under the service root ${root.url}`, where);
}

/** The path and query of an absolute URL as written (the URL parser would re-encode them); its origin must be the root's. */
function pathOfAbsoluteUrl(target: string, root: ServiceRoot, where: string | undefined): string {
  let origin: string;
  try {
    origin = new URL(target).origin;
  } catch {
    throw invalidUrl(target, 'is not a valid URL', where);
  }
  if (origin !== root.origin) throw outsideRoot(target, root, where);
  const authorityStart = target.indexOf('//') + 2;
  const pathStart = target.slice(authorityStart).search(/[/?]/);
  return pathStart === -1 ? '/' : `/${target.slice(authorityStart + pathStart).replace(/^\//, '')}`;
}

/**
 * Resolves the URL of a request in a batch, in any of the three forms OData allows: an absolute
 * URL (which must lie under the service root), an absolute path (under the root's path) or a path
 * relative to the service root. The fragment is dropped; percent-encoding is kept as sent. A URL
 * outside the root is a 400 naming `where`.
 */
export function resolveTarget(target: string, root: ServiceRoot, where?: string): ResolvedTarget {
  const hash = target.indexOf('#');
  let reference = hash === -1 ? target : target.slice(0, hash);
  if (SCHEME.test(reference)) reference = pathOfAbsoluteUrl(reference, root, where);
  const queryStart = reference.indexOf('?');
  let path = queryStart === -1 ? reference : reference.slice(0, queryStart);
  const query = queryStart === -1 ? '' : reference.slice(queryStart + 1);
  if (path.startsWith('/')) {
    if (path !== root.basePath && !path.startsWith(`${root.basePath}/`)) throw outsideRoot(target, root, where);
    path = path.slice(root.basePath.length);
  }
  return { path: path.replace(/^\/+/, ''), query };
}

/** Whether a resolved path addresses `$batch` (spelled out or percent-encoded): a batch cannot hold one. */
export function isBatchPath(path: string): boolean {
  const first = path.split('/')[0] ?? '';
  try {
    return decodeURIComponent(first) === '$batch';
  } catch {
    return false;
  }
}
