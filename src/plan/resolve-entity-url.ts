import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';
import type { EdmEntitySet, EdmModel } from '../model/edm-model.js';
import { findEntitySet } from '../model/find-in-model.js';
import { parseRequest } from '../parse/parse-request.js';
import type { PathSegment } from '../parse/syntax.js';
import type { BoundExpr } from './bound-expr.js';
import { foldKeyAsSegment } from './key-as-segment.js';
import { resolvePath } from './resolve-path.js';

/** Where the service lives, to read the entity URLs of `@odata.bind` and `@odata.id`. */
export interface ServiceLocation {
  /** `https://host/odata` */
  readonly serviceRoot: string;
  /** `/odata` (or `/`) */
  readonly basePath: string;
}

/** One entity named by a URL: its set and the condition that picks it (alias `t0`). */
export interface EntityReference {
  readonly set: EdmEntitySet;
  readonly where: BoundExpr;
}

const ABSOLUTE = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/** The URL's resource path relative to the service root; null when the URL points elsewhere. */
function relativePath(url: string, location: ServiceLocation): string | null {
  if (ABSOLUTE.test(url)) return url.startsWith(`${location.serviceRoot}/`) ? url.slice(location.serviceRoot.length + 1) : null;
  if (url.startsWith('/')) {
    const base = location.basePath === '/' ? '' : location.basePath;
    return url.startsWith(`${base}/`) ? url.slice(base.length + 1) : null;
  }
  return url;
}

/**
 * Reads an entity URL as `@odata.bind` and `@odata.id` give it: absolute under the service root,
 * absolute-path, or relative to the service root; `Set(key)` (any key form the set accepts,
 * alternate keys and key-as-segment included) or a path over navigation to one entity. `what`
 * names the binding in the errors.
 */
export function resolveEntityUrl(url: string, model: EdmModel, location: ServiceLocation, what: string): EntityReference {
  const invalid = (message: string): ODataError => new ODataError(400, ErrorCodes.invalidBinding, `${what}: ${message}`, { target: what });
  const path = relativePath(url.trim(), location);
  if (path === null) throw invalid(`'${url.slice(0, 200)}' is not a URL of this service`);
  const queryAt = path.indexOf('?');
  let request;
  try {
    request = parseRequest({ path: queryAt === -1 ? path : path.slice(0, queryAt), query: '' });
  } catch (error) {
    if (error instanceof ODataError) throw invalid(`'${url.slice(0, 200)}' is not an entity URL (${error.message})`);
    throw error;
  }
  if (request.path.kind !== 'resource') throw invalid('the URL does not name an entity');
  const [first] = request.path.segments;
  if (first?.kind !== 'identifier') throw invalid('the URL does not start with an entity set');
  const set = findEntitySet(model, first.name);
  if (set === undefined) throw invalid(`there is no entity set '${first.name}'`);
  const [start, ...rest] = foldKeyAsSegment(set, request.path.segments) as [PathSegment & { kind: 'identifier' }, ...PathSegment[]];
  let resource;
  try {
    resource = resolvePath(set, start.key, rest, model);
  } catch (error) {
    if (error instanceof ODataError) throw invalid(error.message);
    throw error;
  }
  if (!resource.single || resource.rest.length > 0 || resource.restrict === null) throw invalid('the URL does not name one entity');
  return { set: resource.set, where: resource.restrict };
}
