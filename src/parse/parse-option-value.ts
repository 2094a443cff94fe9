import { assertNever } from '../errors/assert-never.js';
import { ExpressionParser } from './expression-parser.js';
import { Lexer } from './lexer.js';
import type { OptionContext, OptionMode, QueryOptionsBuilder } from './option-context.js';
import { parseCompute } from './parse-compute.js';
import { parseExpand } from './parse-expand.js';
import { parseOrderBy } from './parse-orderby.js';
import { parseScalarOption } from './parse-scalar-option.js';
import { parseSearch } from './parse-search.js';
import { parseSelect } from './parse-select.js';
import type { SystemQueryOption } from './system-query-option.js';

/**
 * Parses the value of `option` starting at `start` into `into`; returns the offset just after
 * the value. Expression-valued options stop at the first token that cannot continue them, so the
 * same parsers serve top-level options and nested option lists.
 */
export function parseOptionValue(option: SystemQueryOption, ctx: OptionContext, start: number, mode: OptionMode, into: QueryOptionsBuilder): number {
  switch (option) {
    case 'filter': {
      const lexer = new Lexer(ctx.source, start, ctx.budget);
      const parser = new ExpressionParser(lexer, ctx);
      parser.rejectLeadingSpace();
      into.filter = parser.parseExpr();
      return lexer.lastEnd;
    }
    case 'orderby': {
      const { value, end } = parseOrderBy(ctx, start);
      into.orderby = value;
      return end;
    }
    case 'compute': {
      const { value, end } = parseCompute(ctx, start);
      into.compute = value;
      return end;
    }
    case 'select': {
      const { value, end } = parseSelect(ctx, start);
      into.select = value;
      return end;
    }
    case 'expand': {
      const { value, end } = parseExpand(ctx, start);
      into.expand = value;
      return end;
    }
    case 'search': {
      const { value, end } = parseSearch(ctx, start, mode);
      into.search = value;
      return end;
    }
    case 'top':
    case 'skip':
    case 'count':
    case 'inlinecount':
    case 'levels':
    case 'format':
    case 'skiptoken':
    case 'deltatoken':
    case 'id':
    case 'schemaversion':
    case 'index':
      return parseScalarOption(option, ctx, start, mode, into);
    default:
      return assertNever(option);
  }
}
