import { ErrorCodes } from '../errors/codes.js';
import { parseError, syntaxError } from './parse-errors.js';
import type { ParseSource } from './parse-source.js';
import { percentDecode } from './percent-decode.js';
import { optionSlot, optionTarget, systemQueryOption, type SystemQueryOption } from './system-query-option.js';
import type { QueryOptions } from './syntax.js';

/** The query string sorted into system options, parameter aliases and custom options. */
export interface SplitQuery {
  readonly system: ReadonlyMap<SystemQueryOption, ParseSource>;
  readonly aliases: ReadonlyMap<string, ParseSource>;
  readonly custom: ReadonlyMap<string, string>;
}

function rejectRawHash(source: ParseSource): void {
  for (let i = source.text.indexOf('#'); i >= 0; i = source.text.indexOf('#', i + 1)) {
    if (source.encoded[i] === 0) throw syntaxError(source.target, i, "'#' must be percent-encoded in a query string");
  }
}

/**
 * Splits the raw query string on `&`, each part on its first `=`, and percent-decodes name and
 * value (a literal `+` stays `+`). System options are matched case-insensitively with or without
 * `$`; a repeated system option or an unknown `$name` is a 400. Names starting with `@` are
 * aliases; anything else is a custom option (a repeated custom option keeps its last value).
 */
export function splitQuery(query: string): SplitQuery {
  const system = new Map<SystemQueryOption, ParseSource>();
  const slots = new Set<keyof QueryOptions>();
  const aliases = new Map<string, ParseSource>();
  const custom = new Map<string, string>();
  for (const part of query.split('&')) {
    if (part === '') continue;
    const equals = part.indexOf('=');
    const rawName = equals < 0 ? part : part.slice(0, equals);
    const rawValue = equals < 0 ? '' : part.slice(equals + 1);
    const name = percentDecode(rawName, 'query');
    rejectRawHash(name);
    if (name.text === '' || name.text === '@') throw parseError(ErrorCodes.invalidQueryOption, 'query', 0, `query option '${part}' has no name`);
    const option = systemQueryOption(name.text);
    if (name.text.startsWith('@')) {
      if (aliases.has(name.text)) throw parseError(ErrorCodes.duplicateQueryOption, name.text, 0, `parameter alias ${name.text} is given twice`);
      const value = percentDecode(rawValue, name.text);
      rejectRawHash(value);
      aliases.set(name.text, value);
    } else if (option !== undefined) {
      const target = optionTarget(option);
      if (slots.has(optionSlot(option))) throw parseError(ErrorCodes.duplicateQueryOption, target, 0, `${target} is given more than once`);
      slots.add(optionSlot(option));
      const value = percentDecode(rawValue, target);
      rejectRawHash(value);
      system.set(option, value);
    } else if (name.text.startsWith('$')) {
      throw parseError(ErrorCodes.invalidQueryOption, name.text, 0, `unknown system query option ${name.text}`);
    } else {
      const value = percentDecode(rawValue, name.text);
      rejectRawHash(value);
      custom.set(name.text, value.text);
    }
  }
  return { system, aliases, custom };
}
