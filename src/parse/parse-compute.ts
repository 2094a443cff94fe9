import { ExpressionParser } from './expression-parser.js';
import { Lexer } from './lexer.js';
import type { OptionContext, Parsed } from './option-context.js';
import type { ComputeItem } from './syntax.js';
import { describeToken, isPunctuation } from './token.js';

/** `$compute`: comma-separated `expression as Name`. */
export function parseCompute(ctx: OptionContext, start: number): Parsed<ComputeItem[]> {
  const lexer = new Lexer(ctx.source, start, ctx.budget);
  const parser: ExpressionParser = new ExpressionParser(lexer, ctx);
  parser.rejectLeadingSpace();
  const items: ComputeItem[] = [];
  for (;;) {
    const expr = parser.parseExpr();
    const as = lexer.next();
    if (as.kind !== 'identifier' || as.text.toLowerCase() !== 'as' || !as.spaceBefore) {
      parser.fail(as.start, `expected ' as Name' but found ${describeToken(as, ctx.source.text)}`);
    }
    const alias = lexer.next();
    if (alias.kind !== 'identifier' || !alias.spaceBefore) parser.fail(alias.start, 'expected the name of the computed property');
    items.push({ expr, alias: alias.text });
    if (!isPunctuation(lexer.peek(), ',')) break;
    lexer.next();
  }
  return { value: items, end: lexer.lastEnd };
}
