import { ExpressionParser } from './expression-parser.js';
import { Lexer } from './lexer.js';
import type { OptionContext, Parsed } from './option-context.js';
import type { OrderByItem } from './syntax.js';
import { isPunctuation } from './token.js';

/** `$orderby`: comma-separated `expression [asc|desc]` (keywords case-insensitive, `asc` by default). */
export function parseOrderBy(ctx: OptionContext, start: number): Parsed<OrderByItem[]> {
  const lexer = new Lexer(ctx.source, start, ctx.budget);
  const parser = new ExpressionParser(lexer, ctx);
  parser.rejectLeadingSpace();
  const items: OrderByItem[] = [];
  for (;;) {
    const expr = parser.parseExpr();
    const word = lexer.peek();
    const direction = word.kind === 'identifier' && word.spaceBefore ? word.text.toLowerCase() : undefined;
    if (direction === 'asc' || direction === 'desc') {
      lexer.next();
      items.push({ expr, direction });
    } else {
      items.push({ expr, direction: 'asc' });
    }
    if (!isPunctuation(lexer.peek(), ',')) break;
    lexer.next();
  }
  return { value: items, end: lexer.lastEnd };
}
