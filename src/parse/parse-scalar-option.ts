import { ErrorCodes } from '../errors/codes.js';
import { assertNever } from '../errors/assert-never.js';
import type { OptionContext, OptionMode, Parsed, QueryOptionsBuilder } from './option-context.js';
import { parseError } from './parse-errors.js';
import { optionTarget, type SystemQueryOption } from './system-query-option.js';

/** The options whose value is a single token rather than an expression or list. */
export type ScalarQueryOption = Extract<
  SystemQueryOption,
  'top' | 'skip' | 'count' | 'inlinecount' | 'levels' | 'format' | 'skiptoken' | 'deltatoken' | 'id' | 'schemaversion' | 'index'
>;

function scanValue(ctx: OptionContext, start: number, mode: OptionMode): Parsed<string> {
  const text = ctx.source.text;
  if (mode === 'top') return { value: text.slice(start), end: text.length };
  let end = start;
  while (end < text.length && text[end] !== ';' && text[end] !== ')') end++;
  return { value: text.slice(start, end), end };
}

function safeInteger(text: string): number | undefined {
  const value = Number(text);
  return /^\d+$/.test(text) && Number.isSafeInteger(value) ? value : undefined;
}

/**
 * `$top`/`$skip` (non-negative integers up to 2^53-1), `$count` (`true`/`false`, any case),
 * `$inlinecount` (`allpages`/`none`), `$levels` (positive integer or `max`), `$index` (an integer,
 * negative counting from the end, within ±(2^53-1)), and the text-valued
 * `$format`, `$skiptoken`, `$deltatoken`, `$id`, `$schemaversion`.
 */
export function parseScalarOption(option: ScalarQueryOption, ctx: OptionContext, start: number, mode: OptionMode, into: QueryOptionsBuilder): number {
  const { value: text, end } = scanValue(ctx, start, mode);
  const invalid = (expected: string) =>
    parseError(ErrorCodes.invalidQueryOption, ctx.source.target, start, `${optionTarget(option)} must be ${expected}`);
  switch (option) {
    case 'top':
    case 'skip': {
      const value = safeInteger(text);
      if (value === undefined) throw invalid('a non-negative integer not above 2^53-1');
      into[option] = value;
      break;
    }
    case 'count':
      if (!/^(true|false)$/i.test(text)) throw invalid('true or false');
      into.count = text.toLowerCase() === 'true';
      break;
    case 'inlinecount':
      if (!/^(allpages|none)$/i.test(text)) throw invalid('allpages or none');
      into.count = text.toLowerCase() === 'allpages';
      break;
    case 'levels': {
      const value = /^max$/i.test(text) ? 'max' : /^[1-9]\d*$/.test(text) ? safeInteger(text) : undefined;
      if (value === undefined) throw invalid('a positive integer or max');
      into.levels = value;
      break;
    }
    case 'index': {
      const value = safeInteger(text.startsWith('-') ? text.slice(1) : text);
      if (value === undefined) throw invalid('an integer not beyond ±(2^53-1)');
      into.index = text.startsWith('-') && value !== 0 ? -value : value;
      break;
    }
    case 'schemaversion':
      if (!/^(\*|[A-Za-z0-9\-._~]+)$/.test(text)) throw invalid('* or a version made of letters, digits, - . _ ~');
      into.schemaversion = text;
      break;
    case 'format':
    case 'skiptoken':
    case 'deltatoken':
    case 'id':
      if (text === '') throw invalid('a non-empty value');
      into[option] = text;
      break;
    default:
      return assertNever(option);
  }
  return end;
}
