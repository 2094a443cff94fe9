import type { OptionContext, OptionMode, Parsed } from './option-context.js';
import { syntaxError } from './parse-errors.js';
import type { SearchExpr } from './syntax.js';

interface SearchToken {
  readonly kind: 'open' | 'close' | 'phrase' | 'word';
  readonly text: string;
  readonly start: number;
  readonly spaceBefore: boolean;
}

function isSpace(char: string | undefined): boolean {
  return char === ' ' || char === '\t';
}

/**
 * `$search` (the ABNF `search`/`searchExpr` rules): words, `"phrases"`, parentheses, and the
 * case-sensitive operators `NOT` > `AND` (or mere adjacency) > `OR`. `AND`, `OR`, `NOT` are words
 * where they cannot be operators (`$search=NOT`, `$search=AND OR`). A value in single quotes is
 * an incomplete expression (type-ahead) and becomes one phrase term. In a nested option list the
 * value ends at a literal `;` or at the `)` that closes the list; `%3B` is part of a word.
 */
export function parseSearch(ctx: OptionContext, start: number, mode: OptionMode): Parsed<SearchExpr> {
  const text = ctx.source.text;
  let pos = start;
  while (isSpace(text[pos])) pos++;
  if (text[pos] === "'") return parseIncomplete(ctx, pos, mode);
  const { tokens, end } = tokenize(ctx, pos, mode);
  if (tokens.length === 0) throw syntaxError(ctx.source.target, pos, 'expected a search expression');
  const parser = new SearchParser(ctx, tokens, end);
  const value = parser.parseOr();
  parser.expectEnd();
  return { value, end };
}

function parseIncomplete(ctx: OptionContext, open: number, mode: OptionMode): Parsed<SearchExpr> {
  const text = ctx.source.text;
  let close = open + 1;
  for (;;) {
    close = text.indexOf("'", close);
    if (close < 0) throw syntaxError(ctx.source.target, open, 'unterminated single-quoted search expression');
    if (text[close + 1] !== "'") break;
    close += 2;
  }
  const end = close + 1;
  if (mode === 'top' ? end !== text.length : text[end] !== ';' && text[end] !== ')') {
    throw syntaxError(ctx.source.target, end, 'unexpected text after the single-quoted search expression');
  }
  ctx.budget.addNodes(1, ctx.source.target, open);
  return { value: { kind: 'term', text: text.slice(open + 1, close).replaceAll("''", "'"), phrase: true }, end };
}

function tokenize(ctx: OptionContext, start: number, mode: OptionMode): { tokens: SearchToken[]; end: number } {
  const { text, encoded, target } = ctx.source;
  const tokens: SearchToken[] = [];
  let depth = 0;
  let pos = start;
  for (;;) {
    const before = pos;
    while (isSpace(text[pos])) pos++;
    const spaceBefore = pos > before;
    const char = text[pos];
    if (char === undefined) break;
    const rawSemicolon = char === ';' && encoded[pos] === 0;
    if (rawSemicolon || (char === ')' && depth === 0)) {
      if (mode === 'nested' && depth === 0) return { tokens, end: pos };
      throw syntaxError(target, pos, char === ';' ? "';' must be percent-encoded in $search" : "unbalanced ')'");
    }
    if (char === '(' || char === ')') {
      depth += char === '(' ? 1 : -1;
      tokens.push({ kind: char === '(' ? 'open' : 'close', text: char, start: pos, spaceBefore });
      pos++;
    } else if (char === '"') {
      const close = text.indexOf('"', pos + 1);
      if (close < 0) throw syntaxError(target, pos, 'unterminated phrase');
      if (close === pos + 1) throw syntaxError(target, pos, 'empty phrase');
      tokens.push({ kind: 'phrase', text: text.slice(pos + 1, close), start: pos, spaceBefore });
      pos = close + 1;
      const after = text[pos];
      if (!(after === undefined || isSpace(after) || after === ')' || (after === ';' && encoded[pos] === 0))) {
        throw syntaxError(target, pos, 'expected whitespace after the phrase');
      }
    } else if (char === "'") {
      throw syntaxError(target, pos, "a search word cannot start with '");
    } else {
      const wordStart = pos;
      while (pos < text.length && !isSpace(text[pos]) && !'()"'.includes(text[pos] ?? '') && !(text[pos] === ';' && encoded[pos] === 0)) pos++;
      tokens.push({ kind: 'word', text: text.slice(wordStart, pos), start: wordStart, spaceBefore });
    }
  }
  if (depth > 0) throw syntaxError(target, pos, "missing ')'");
  return { tokens, end: pos };
}

class SearchParser {
  readonly #ctx: OptionContext;
  readonly #tokens: readonly SearchToken[];
  readonly #end: number;
  #index = 0;

  constructor(ctx: OptionContext, tokens: readonly SearchToken[], end: number) {
    this.#ctx = ctx;
    this.#tokens = tokens;
    this.#end = end;
  }

  #fail(pos: number, detail: string): never {
    throw syntaxError(this.#ctx.source.target, pos, detail);
  }

  #node(node: SearchExpr, pos: number): SearchExpr {
    this.#ctx.budget.addNodes(1, this.#ctx.source.target, pos);
    return node;
  }

  #startsExpression(token: SearchToken | undefined): boolean {
    return token !== undefined && token.kind !== 'close';
  }

  /** `AND`/`OR`/`NOT` act as operators only when an expression follows after whitespace. */
  #isOperator(word: 'AND' | 'OR' | 'NOT'): boolean {
    const token = this.#tokens[this.#index];
    const next = this.#tokens[this.#index + 1];
    return token?.kind === 'word' && token.text === word && this.#startsExpression(next) && next?.spaceBefore === true;
  }

  parseOr(): SearchExpr {
    let left = this.#parseAnd();
    while (this.#isOperator('OR')) {
      const pos = this.#tokens[this.#index]?.start ?? 0;
      this.#index++;
      left = this.#node({ kind: 'or', left, right: this.#parseAnd() }, pos);
    }
    return left;
  }

  #parseAnd(): SearchExpr {
    let left = this.#parseNot();
    for (;;) {
      const token = this.#tokens[this.#index];
      if (!this.#startsExpression(token) || token === undefined || this.#isOperator('OR')) return left;
      if (!token.spaceBefore) this.#fail(token.start, 'expected whitespace between search terms');
      if (this.#isOperator('AND')) this.#index++;
      left = this.#node({ kind: 'and', left, right: this.#parseNot() }, token.start);
    }
  }

  #parseNot(): SearchExpr {
    const token = this.#tokens[this.#index];
    if (token === undefined) return this.#fail(this.#end, 'expected a search term');
    if (!this.#isOperator('NOT')) return this.#parsePrimary(token);
    this.#index++;
    this.#ctx.budget.enter(this.#ctx.source.target, token.start);
    const operand = this.#parseNot();
    this.#ctx.budget.leave();
    return this.#node({ kind: 'not', operand }, token.start);
  }

  #parsePrimary(token: SearchToken): SearchExpr {
    this.#index++;
    switch (token.kind) {
      case 'word':
      case 'phrase':
        return this.#node({ kind: 'term', text: token.text, phrase: token.kind === 'phrase' }, token.start);
      case 'open': {
        this.#ctx.budget.enter(this.#ctx.source.target, token.start);
        const inner = this.parseOr();
        const close = this.#tokens[this.#index];
        if (close?.kind !== 'close') this.#fail(close?.start ?? this.#end, "expected ')'");
        this.#index++;
        this.#ctx.budget.leave();
        return inner;
      }
      case 'close':
        return this.#fail(token.start, "unexpected ')'");
    }
  }

  expectEnd(): void {
    const token = this.#tokens[this.#index];
    if (token !== undefined) this.#fail(token.start, token.kind === 'close' ? "unbalanced ')'" : 'unexpected search term');
  }
}
