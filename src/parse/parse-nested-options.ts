import { ErrorCodes } from '../errors/codes.js';
import { ExpressionParser } from './expression-parser.js';
import { Lexer } from './lexer.js';
import type { OptionContext, Parsed, QueryOptionsBuilder } from './option-context.js';
import { parseError, syntaxError } from './parse-errors.js';
import { parseOptionValue } from './parse-option-value.js';
import type { QueryOptions } from './syntax.js';
import { optionSlot, optionTarget, systemQueryOption, type SystemQueryOption } from './system-query-option.js';

/** Which options a nested list accepts, and whether it may define aliases (`@c=…`). */
export interface NestedOptionRules {
  readonly allowed: ReadonlySet<SystemQueryOption>;
  readonly aliases: boolean;
  /** For messages: `after $ref`, `in $select`. */
  readonly where: string;
}

/**
 * A `;`-separated option list in parentheses (`Items($filter=…;$top=2;@c=15)`), starting at the
 * `(` at `open`. Options follow the top-level rules (case-insensitive, optional `$`, no
 * duplicates); aliases defined here are visible to the options of this list and below.
 */
export function parseNestedOptions(ctx: OptionContext, open: number, rules: NestedOptionRules): Parsed<QueryOptions> {
  const { source, budget } = ctx;
  const text = source.text;
  budget.enter(source.target, open);
  const inner: OptionContext = { ...ctx, aliases: ctx.aliases.child() };
  const options: QueryOptionsBuilder = {};
  const seen = new Set<keyof QueryOptions>();
  let pos = open + 1;
  for (;;) {
    const equals = /[^=;()]*/y;
    equals.lastIndex = pos;
    equals.test(text);
    if (text[equals.lastIndex] !== '=') throw syntaxError(source.target, equals.lastIndex, "expected 'name=value' in the option list");
    const name = text.slice(pos, equals.lastIndex);
    const valueStart = equals.lastIndex + 1;
    let end: number;
    if (name.startsWith('@') && rules.aliases) {
      if (!/^@[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Nd}\p{Mn}\p{Mc}\p{Pc}\p{Cf}]*$/u.test(name)) throw syntaxError(source.target, pos, `invalid alias name '${name}'`);
      const lexer = new Lexer(source, valueStart, budget);
      const parser = new ExpressionParser(lexer, inner);
      parser.rejectLeadingSpace();
      const { value: expr, cost } = budget.measure(() => parser.parseExpr());
      inner.aliases.define(name, { expr, cost }, source.target, pos);
      end = lexer.lastEnd;
    } else {
      const option = systemQueryOption(name);
      if (option === undefined || !rules.allowed.has(option)) {
        throw parseError(ErrorCodes.invalidQueryOption, source.target, pos, `'${name}' is not allowed ${rules.where}`);
      }
      const slot = optionSlot(option);
      if (seen.has(slot)) throw parseError(ErrorCodes.duplicateQueryOption, source.target, pos, `${optionTarget(option)} is given twice`);
      seen.add(slot);
      end = parseOptionValue(option, inner, valueStart, 'nested', options);
    }
    const separator = text[end];
    if (separator === ')') {
      budget.leave();
      return { value: options, end: end + 1 };
    }
    if (separator !== ';') throw syntaxError(source.target, end, "expected ';' or ')' after the option value");
    pos = end + 1;
  }
}
