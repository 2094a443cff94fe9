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
 * followed by nested options (`Addresses($filter=…;$top=5)`) or, for a function, by the parameter
 * names of one overload (`Model.MostPopularName(Location,Kind)`).
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
      if (isAdjacent(open, '(') && !startsOptionList(lexer)) {
        const parameterNames = parseParameterNames(lexer);
        budget.addNodes(parameterNames.length, source.target, open.start);
        items.push({ kind: 'overload', path, parameterNames, pos: token.start });
      } else if (isAdjacent(open, '(')) {
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

/** `(Location,Kind)`: the parameter names of a function overload, without whitespace; the lexer is at `(`. */
function parseParameterNames(lexer: Lexer): string[] {
  const { source } = lexer;
  lexer.next();
  const names: string[] = [];
  for (;;) {
    const name = lexer.next();
    if (name.kind !== 'identifier' || name.spaceBefore) {
      throw syntaxError(source.target, name.start, `expected a parameter name but found ${describeToken(name, source.text)}`);
    }
    names.push(name.text);
    const separator = lexer.next();
    if (separator.spaceBefore) throw syntaxError(source.target, separator.start, 'unexpected whitespace');
    if (isPunctuation(separator, ')')) return names;
    if (!isPunctuation(separator, ',')) throw syntaxError(source.target, separator.start, `expected ',' or ')' but found ${describeToken(separator, source.text)}`);
  }
}
