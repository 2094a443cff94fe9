import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';

/** The parse-stage error codes that point at a position in the input. */
export type PositionedErrorCode =
  | typeof ErrorCodes.syntax
  | typeof ErrorCodes.invalidLiteral
  | typeof ErrorCodes.invalidQueryOption
  | typeof ErrorCodes.duplicateQueryOption
  | typeof ErrorCodes.unknownAlias
  | typeof ErrorCodes.nestingTooDeep
  | typeof ErrorCodes.tooManyNodes;

const labels: Readonly<Record<PositionedErrorCode, string>> = {
  [ErrorCodes.syntax]: 'Syntax error',
  [ErrorCodes.invalidLiteral]: 'Invalid literal',
  [ErrorCodes.invalidQueryOption]: 'Invalid query option',
  [ErrorCodes.duplicateQueryOption]: 'Duplicate query option',
  [ErrorCodes.unknownAlias]: 'Unknown parameter alias',
  [ErrorCodes.nestingTooDeep]: 'Nesting too deep',
  [ErrorCodes.tooManyNodes]: 'Expression too large',
};

/**
 * A 400 error naming where the problem is: `Syntax error in $filter at position 14: expected ')'`.
 * `target` is the query option (`$filter`), the alias (`@p`) or `path`; `pos` is the 0-based
 * offset in the percent-decoded text of that target.
 */
export function parseError(code: PositionedErrorCode, target: string, pos: number, detail: string): ODataError {
  return new ODataError(400, code, `${labels[code]} in ${target} at position ${pos}: ${detail}`, { target });
}

/** Shorthand for the most common case. */
export function syntaxError(target: string, pos: number, detail: string): ODataError {
  return parseError(ErrorCodes.syntax, target, pos, detail);
}
