import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';
import { AliasScope } from './alias-scope.js';
import type { QueryOptionsBuilder } from './option-context.js';
import { ParseBudget } from './parse-budget.js';
import { parseError, syntaxError } from './parse-errors.js';
import { defaultParseLimits, type ParseLimits } from './parse-limits.js';
import { parseOptionValue } from './parse-option-value.js';
import { parsePath } from './parse-path.js';
import { splitQuery } from './split-query.js';
import type { ODataRequest, ResourcePath } from './syntax.js';
import { optionTarget, type SystemQueryOption } from './system-query-option.js';

/** The system options a non-resource path accepts (`$metadata?$format=json`); custom options are always fine. */
function allowedOptions(path: ResourcePath): ReadonlySet<SystemQueryOption> | undefined {
  switch (path.kind) {
    case 'serviceDocument':
    case 'metadata':
      return new Set(['format', 'schemaversion']);
    case 'batch':
      return new Set(['format']);
    case 'entity':
      return new Set<SystemQueryOption>(path.typeName === undefined ? ['id', 'format', 'schemaversion'] : ['id', 'format', 'schemaversion', 'select', 'expand']);
    case 'resource':
      return undefined;
  }
}

/**
 * Parses an OData request URL into syntax. `path` is the raw (percent-encoded) path relative to the
 * service root without a leading `/`; `query` is the raw query string without `?`. Throws
 * `ODataError` (400) for any malformed input, and 414 before parsing when the URL is longer than
 * `limits.maxLength`.
 */
export function parseRequest(input: { readonly path: string; readonly query: string }, limits: ParseLimits = defaultParseLimits): ODataRequest {
  if (input.path.length + input.query.length > limits.maxLength) {
    throw new ODataError(414, ErrorCodes.inputTooLong, `The request URL is longer than ${limits.maxLength} characters`);
  }
  const budget = new ParseBudget(limits);
  const query = splitQuery(input.query);
  const aliases = AliasScope.root(query.aliases);
  const options: QueryOptionsBuilder = {};
  for (const [option, source] of query.system) {
    const end = parseOptionValue(option, { source, budget, aliases }, 0, 'top', options);
    if (end !== source.text.length) {
      const rest = source.text.slice(end);
      const at = rest.trim() === '' ? end : end + rest.length - rest.trimStart().length;
      throw syntaxError(source.target, at, rest.trim() === '' ? 'unexpected whitespace' : `unexpected '${source.text.slice(at, at + 20)}'`);
    }
  }
  const path = parsePath(input.path, { budget, aliases }, options.id);
  const allowed = allowedOptions(path);
  for (const option of query.system.keys()) {
    if (allowed !== undefined && !allowed.has(option)) {
      throw parseError(ErrorCodes.invalidQueryOption, optionTarget(option), 0, `${optionTarget(option)} is not allowed here`);
    }
  }
  return { path, options, customOptions: query.custom };
}
