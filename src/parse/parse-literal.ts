import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';
import { keywordLiteral } from './keyword-literal.js';
import { Lexer } from './lexer.js';
import { ParseBudget } from './parse-budget.js';
import { syntaxError } from './parse-errors.js';
import { defaultParseLimits, type ParseLimits } from './parse-limits.js';
import { plainSource } from './parse-source.js';
import type { LiteralExpr } from './syntax.js';
import { describeToken } from './token.js';

/**
 * Parses text that must be exactly one primitive literal in URL syntax (`42`, `-INF`, `'it''s'`,
 * `2012-09-03T08:00:00Z`, `duration'P1D'`, `Ns.Color'Red'`, `null`…), already percent-decoded.
 */
export function parseLiteral(text: string, options: { readonly target?: string; readonly limits?: ParseLimits } = {}): LiteralExpr {
  const target = options.target ?? 'literal';
  const limits = options.limits ?? defaultParseLimits;
  if (text.length > limits.maxLength) {
    throw new ODataError(400, ErrorCodes.inputTooLong, `The ${target} is longer than ${limits.maxLength} characters`, { target });
  }
  const source = plainSource(text, target);
  const lexer = new Lexer(source, 0, new ParseBudget(limits));
  const token = lexer.next();
  const literal = token.kind === 'literal' ? token.literal : keywordLiteral(token);
  if (literal === undefined || token.spaceBefore) throw syntaxError(target, token.start, `expected a literal but found ${describeToken(token, text)}`);
  const rest = lexer.peek();
  if (rest.kind !== 'eof' || rest.spaceBefore) throw syntaxError(target, token.end, 'unexpected text after the literal');
  return literal;
}
