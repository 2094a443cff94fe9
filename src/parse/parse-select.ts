import { Lexer } from './lexer.js';
import type { OptionContext, Parsed } from './option-context.js';
import { syntaxError } from './parse-errors.js';
import { parseNestedOptions, type NestedOptionRules } from './parse-nested-options.js';
import { parseOptionPath } from './parse-option-path.js';
import type { SelectItem } from './syntax.js';
import { describeToken, isAdjacent, isPunctuation } from './token.js';

/** Options allowed on a selected complex or collection property (no `$expand`, no `$levels`). */
const selectOptionRules: NestedOptionRules = {
  allowed: new Set(['filter', 'search', 'count', 'inlinecount', 'orderby', 'skip', 'top', 'compute', 'select']),
  aliases: true,
  where: 'in $select',
};

/**
 * `$select`: comma-separated `*`, `Namespace.*`, or paths of properties, type casts and
 * annotations (`Address/Street`, `Model.Special/Name`, `@Core.Messages`), each path optionally
 * followed by nested options (`Addresses($filter=…;$top=5)`).
 */
export function parseSelect(ctx: OptionContext, start: number): Parsed<SelectItem[]> {
  const { source, budget } = ctx;
  let lexer = new Lexer(source, start, budget);
  const items: SelectItem[] = [];
  for (;;) {
    const token = lexer.peek();
    if (items.length === 0 && token.spaceBefore) throw syntaxError(source.target, start, 'unexpected whitespace');
    budget.addNodes(1, source.target, token.start);
    if (isPunctuation(token, '*')) {
      lexer.next();
      items.push({ kind: 'star', pos: token.start });
    } else if (token.kind === 'allOperations') {
      lexer.next();
      items.push({ kind: 'allOperations', namespace: token.text, pos: token.start });
    } else {
      const path = parseOptionPath(lexer);
      if (path.length === 0) {
        throw syntaxError(source.target, token.start, `expected a property path, '*' or Namespace.* but found ${describeToken(token, source.text)}`);
      }
      if (isAdjacent(lexer.peek(), '/')) {
        const after = lexer.peek(1);
        throw syntaxError(source.target, after.start, `expected a property name after '/' but found ${describeToken(after, source.text)}`);
      }
      const open = lexer.peek();
      if (isAdjacent(open, '(')) {
        if (!startsOptionList(lexer)) throw syntaxError(source.target, open.start, 'function signatures in $select are not supported');
        const nested = parseNestedOptions(ctx, open.start, selectOptionRules);
        items.push({ kind: 'path', path, options: nested.value, pos: token.start });
        lexer = new Lexer(source, nested.end, budget);
      } else {
        items.push({ kind: 'path', path, pos: token.start });
      }
    }
    if (!isPunctuation(lexer.peek(), ',')) return { value: items, end: lexer.lastEnd };
    lexer.next();
  }
}

/** `(` followed by `name=` or `$name=` or `@alias=` (rather than a list of parameter names). */
function startsOptionList(lexer: Lexer): boolean {
  const name = lexer.peek(1);
  const nameLike = name.kind === 'identifier' || name.kind === 'dollarName' || name.kind === 'at';
  return nameLike && isPunctuation(lexer.peek(2), '=');
}
