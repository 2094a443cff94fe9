import { ErrorCodes } from '../errors/codes.js';
import { validateGeoLiteral } from './geo-literal.js';
import { literalExpr } from './literal-expr.js';
import type { ParseBudget } from './parse-budget.js';
import { parseError, syntaxError } from './parse-errors.js';
import type { LiteralExpr } from './syntax.js';

const identifierPattern = /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Nd}\p{Mn}\p{Mc}\p{Pc}\p{Cf}]{0,127}$/u;
const durationPattern = /^-?P(?=\d|T\d)(?:\d+D)?(?:T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d+)?S)?)?$/;
const binaryPattern = /^(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-]{2}[AEIMQUYcgkosw048]=?|[A-Za-z0-9_-][AQgw](?:==)?)?$/;

function isEnumMember(text: string): boolean {
  return identifierPattern.test(text) || /^[+-]?\d{1,19}$/.test(text);
}

/** Where a prefixed literal `prefix'body'` sits in its source. */
export interface PrefixedLiteralText {
  readonly prefix: string;
  readonly body: string;
  readonly pos: number;
  readonly bodyPos: number;
}

/**
 * `duration'P1DT2H'`, `binary'Zm9v'`, `geography'SRID=0;Point(1 2)'`, `geometry'…'` (prefixes are
 * case-insensitive) and enum literals `Namespace.Type'Member'` / `Namespace.Type'A,B'`.
 */
export function prefixedLiteral(text: PrefixedLiteralText, target: string, budget: ParseBudget): LiteralExpr {
  const { prefix, body, pos, bodyPos } = text;
  const invalid = (detail: string) => parseError(ErrorCodes.invalidLiteral, target, pos, detail);
  if (prefix.includes('.')) {
    if (!body.split(',').every(isEnumMember)) throw invalid(`invalid member of enum ${prefix}`);
    return literalExpr('enum', body, pos, prefix);
  }
  switch (prefix.toLowerCase()) {
    case 'duration':
      if (!durationPattern.test(body)) throw invalid('expected an ISO 8601 day-time duration like P1DT2H30M');
      return literalExpr('duration', body, pos);
    case 'binary':
      if (!binaryPattern.test(body)) throw invalid('expected base64url text');
      return literalExpr('binary', body, pos);
    case 'geography':
      validateGeoLiteral(body, bodyPos, target, budget);
      return literalExpr('geography', body, pos);
    case 'geometry':
      validateGeoLiteral(body, bodyPos, target, budget);
      return literalExpr('geometry', body, pos);
    default:
      throw syntaxError(target, pos, `unknown literal prefix '${prefix}'`);
  }
}
