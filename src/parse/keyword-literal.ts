import { literalExpr } from './literal-expr.js';
import type { LiteralExpr } from './syntax.js';
import type { Token } from './token.js';

/** `true`, `FALSE`, `null` (case-insensitive) and `INF`, `NaN` (case-sensitive) as literals. */
export function keywordLiteral(token: Token): LiteralExpr | undefined {
  if (token.kind !== 'identifier') return undefined;
  const lower = token.text.toLowerCase();
  if (lower === 'true' || lower === 'false') return literalExpr('boolean', lower, token.start);
  if (lower === 'null') return literalExpr('null', 'null', token.start);
  if (token.text === 'INF' || token.text === 'NaN') return literalExpr('double', token.text, token.start);
  return undefined;
}
