import { assertNever } from '../errors/assert-never.js';
import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';
import type { PathSegment } from '../parse/syntax.js';

function notYet(what: string): ODataError {
  return new ODataError(501, ErrorCodes.notImplemented, `${what} is not supported yet`, { target: 'path' });
}

/** What a segment kind the planner cannot serve yet is called in a 501; `undefined` for the kinds it plans. */
function unsupported(segment: PathSegment): string | undefined {
  switch (segment.kind) {
    case 'identifier':
    case 'count':
    case 'value':
    case 'ref':
    case 'cast':
      return undefined;
    case 'call':
      return `Calling the function or action '${segment.name}'`;
    case 'key':
      return 'A key predicate after a function call, type cast or $filter segment';
    case 'keyOrIndex':
      return `The key or index segment '${segment.text}'`;
    case 'filter':
      return 'The path segment $filter(…)';
    case 'each':
      return 'The path segment $each';
    case 'query':
      return 'The path segment $query';
    case 'crossjoin':
      return '$crossjoin';
    case 'all':
      return '$all';
    default:
      return assertNever(segment);
  }
}

/**
 * Answers 501 for resource path segments that parse but that the service cannot serve yet
 * (functions, actions, key-as-segment, `$filter`/`$each`/`$query` segments, `$crossjoin`, `$all`).
 */
export function rejectUnsupportedSegments(segments: readonly PathSegment[]): void {
  for (const segment of segments) {
    const what = unsupported(segment);
    if (what !== undefined) throw notYet(what);
  }
}
