import type { ExpressionParser } from './expression-parser.js';
import { parseNestedOptions, type NestedOptionRules } from './parse-nested-options.js';
import type { PathExprSegment } from './syntax.js';

const countRules: NestedOptionRules = { allowed: new Set(['filter', 'search']), aliases: false, where: 'after /$count' };

/**
 * The options of `$count(…)` inside an expression (`Products/$count($filter=Price gt 5) gt 2`):
 * `$filter` and `$search`, as after `$expand=…/$count`. The lexer is at `(` and goes on after `)`.
 */
export function parseCountOptions(parser: ExpressionParser, pos: number): PathExprSegment & { readonly kind: 'count' } {
  const { lexer, scope } = parser;
  const open = lexer.peek();
  const nested = parseNestedOptions({ source: lexer.source, budget: scope.budget, aliases: scope.aliases }, open.start, countRules);
  lexer.skipTo(nested.end);
  const { filter, search } = nested.value;
  return { kind: 'count', ...(filter === undefined ? {} : { filter }), ...(search === undefined ? {} : { search }), pos };
}
