import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';
import { AliasScope } from './alias-scope.js';
import { ExpressionParser } from './expression-parser.js';
import { Lexer } from './lexer.js';
import { ParseBudget } from './parse-budget.js';
import { defaultParseLimits, type ParseLimits } from './parse-limits.js';
import { plainSource } from './parse-source.js';
import type { Expr } from './syntax.js';

export interface ParseExpressionOptions {
  /** Error target, e.g. `$filter` (the default) or `$orderby`. */
  readonly target?: string;
  /** Parameter alias values by name with the `@` (`@p` → `'x'`), as decoded text. */
  readonly aliases?: ReadonlyMap<string, string>;
  readonly limits?: ParseLimits;
}

/**
 * Parses one common expression (`$filter` syntax) from already percent-decoded text. Aliases are
 * resolved from `options.aliases`; an alias without a value is the `null` literal.
 */
export function parseExpression(text: string, options: ParseExpressionOptions = {}): Expr {
  const target = options.target ?? '$filter';
  const limits = options.limits ?? defaultParseLimits;
  if (text.length > limits.maxLength) {
    throw new ODataError(400, ErrorCodes.inputTooLong, `The ${target} expression is longer than ${limits.maxLength} characters`, { target });
  }
  const budget = new ParseBudget(limits);
  const aliasSources = new Map([...(options.aliases ?? new Map<string, string>())].map(([name, value]) => [name, plainSource(value, name)] as const));
  const scope = { budget, aliases: AliasScope.root(aliasSources) };
  return new ExpressionParser(new Lexer(plainSource(text, target), 0, budget), scope).parseComplete();
}
