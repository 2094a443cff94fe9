import { Lexer } from './lexer.js';
import type { OptionContext, Parsed } from './option-context.js';
import { syntaxError } from './parse-errors.js';
import { parseNestedOptions, type NestedOptionRules } from './parse-nested-options.js';
import { parseOptionPath } from './parse-option-path.js';
import type { ExpandItem, QueryOptions } from './syntax.js';
import { describeToken, isAdjacent, isPunctuation } from './token.js';

const expandRules: NestedOptionRules = {
  allowed: new Set(['filter', 'search', 'count', 'inlinecount', 'orderby', 'skip', 'top', 'select', 'expand', 'compute', 'levels']),
  aliases: true,
  where: 'in $expand',
};
const refRules: NestedOptionRules = {
  allowed: new Set(['filter', 'search', 'count', 'inlinecount', 'orderby', 'skip', 'top']),
  aliases: false,
  where: 'after /$ref',
};
const countRules: NestedOptionRules = { allowed: new Set(['filter', 'search']), aliases: false, where: 'after /$count' };
const starRules: NestedOptionRules = { allowed: new Set(['levels']), aliases: false, where: 'after *' };

/**
 * `$expand`: comma-separated items, each `*` or a path (navigation properties, complex
 * properties, type casts, annotations; a path may end in `/*`), optionally followed by `/$ref` or
 * `/$count`, optionally followed by nested options in parentheses. `$ref` allows `$filter`,
 * `$search`, `$orderby`, `$skip`, `$top`, `$count`; `$count` allows `$filter`, `$search`; `*`
 * allows `$levels`. `$value` (the media stream of a media entity) is an item on its own.
 */
export function parseExpand(ctx: OptionContext, start: number): Parsed<ExpandItem[]> {
  const { source, budget } = ctx;
  let lexer = new Lexer(source, start, budget);
  const items: ExpandItem[] = [];
  for (;;) {
    const first = lexer.peek();
    if (items.length === 0 && first.spaceBefore) throw syntaxError(source.target, start, 'unexpected whitespace');
    budget.addNodes(1, source.target, first.start);
    if (first.kind === 'dollarName' && first.text === '$value') {
      lexer.next();
      items.push({ path: '$value', ref: false, count: false, options: {}, pos: first.start });
      if (!isPunctuation(lexer.peek(), ',')) return { value: items, end: lexer.lastEnd };
      lexer.next();
      continue;
    }
    const segments = parseOptionPath(lexer);
    let star = false;
    if (isPunctuation(lexer.peek(), '*') && segments.length === 0) {
      lexer.next();
      star = true;
    } else if (isAdjacent(lexer.peek(), '/') && isPunctuation(lexer.peek(1), '*') && segments.length > 0) {
      lexer.next();
      lexer.next();
      star = true;
    } else if (segments.length === 0) {
      throw syntaxError(source.target, first.start, `expected a navigation path or '*' but found ${describeToken(first, source.text)}`);
    }
    let suffix: '$ref' | '$count' | undefined;
    if (isAdjacent(lexer.peek(), '/')) {
      const dollar = lexer.peek(1);
      if (dollar.kind !== 'dollarName' || (dollar.text !== '$ref' && dollar.text !== '$count') || dollar.spaceBefore) {
        throw syntaxError(source.target, dollar.start, `expected $ref or $count but found ${describeToken(dollar, source.text)}`);
      }
      if (star && dollar.text === '$count') throw syntaxError(source.target, dollar.start, '$count cannot follow *');
      lexer.next();
      lexer.next();
      suffix = dollar.text;
    }
    let options: QueryOptions = {};
    const open = lexer.peek();
    if (isAdjacent(open, '(')) {
      const rules = suffix === '$ref' ? refRules : suffix === '$count' ? countRules : star ? starRules : expandRules;
      const nested = parseNestedOptions(ctx, open.start, rules);
      options = nested.value;
      lexer = new Lexer(source, nested.end, budget);
    }
    const path = star && segments.length === 0 ? '*' : star ? [...segments, '*'] : segments;
    items.push({ path, ref: suffix === '$ref', count: suffix === '$count', options, pos: first.start });
    if (!isPunctuation(lexer.peek(), ',')) return { value: items, end: lexer.lastEnd };
    lexer.next();
  }
}
