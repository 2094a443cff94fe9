import type { AliasScope } from './alias-scope.js';
import { keywordLiteral } from './keyword-literal.js';
import { Lexer } from './lexer.js';
import { literalExpr } from './literal-expr.js';
import type { ParseBudget } from './parse-budget.js';
import { syntaxError } from './parse-errors.js';
import { parseInList } from './parse-in-list.js';
import { parseJsonValue } from './parse-json.js';
import { parseMemberPath } from './parse-member.js';
import { parseNameCall } from './parse-name-call.js';
import type { BinaryOp, Expr } from './syntax.js';
import { describeToken, isAdjacent, isPunctuation, type Punctuation, type Token } from './token.js';

/** What an expression parser shares with the rest of the request. */
export interface ExpressionScope {
  readonly budget: ParseBudget;
  readonly aliases: AliasScope;
}

/** Binding strength of the binary operators (OData 4.01 Part 2, 5.1.1.15); `has` and `in` are primary. */
const precedence: ReadonlyMap<string, number> = new Map([
  ['or', 1],
  ['and', 2],
  ['eq', 3],
  ['ne', 3],
  ['gt', 4],
  ['ge', 4],
  ['lt', 4],
  ['le', 4],
  ['add', 5],
  ['sub', 5],
  ['mul', 6],
  ['div', 6],
  ['divby', 6],
  ['mod', 6],
]);

interface PendingOperator {
  readonly op: BinaryOp;
  readonly level: number;
}

/**
 * Recursive-descent parser for common expressions. Binary operators are parsed with an explicit
 * operator stack (precedence climbing without recursion), so `a eq 1 or a eq 2 or …` costs linear
 * time and constant stack; only parentheses, calls, lambdas, JSON and unary operators recurse, and
 * each of those is one nesting level of the budget.
 */
export class ExpressionParser {
  readonly lexer: Lexer;
  readonly scope: ExpressionScope;

  constructor(lexer: Lexer, scope: ExpressionScope) {
    this.lexer = lexer;
    this.scope = scope;
  }

  get target(): string {
    return this.lexer.source.target;
  }

  /** Parses the whole source as one expression: no leading or trailing whitespace, nothing after it. */
  parseComplete(): Expr {
    this.rejectLeadingSpace();
    const expr = this.parseExpr();
    const rest = this.lexer.peek();
    if (rest.kind !== 'eof') this.fail(rest.start, `unexpected ${describeToken(rest, this.lexer.source.text)}`);
    if (rest.spaceBefore) this.fail(this.lexer.lastEnd, 'unexpected whitespace');
    return expr;
  }

  rejectLeadingSpace(): void {
    const first = this.lexer.peek();
    if (first.spaceBefore) this.fail(this.lexer.lastEnd, 'unexpected whitespace');
  }

  fail(pos: number, detail: string): never {
    throw syntaxError(this.target, pos, detail);
  }

  /** Counts a new node against the budget. */
  node<T extends Expr>(node: T): T {
    this.scope.budget.addNodes(1, this.target, node.pos);
    return node;
  }

  enter(pos: number): void {
    this.scope.budget.enter(this.target, pos);
  }

  leave(): void {
    this.scope.budget.leave();
  }

  expect(text: Punctuation): Token {
    const token = this.lexer.peek();
    if (!isPunctuation(token, text)) this.fail(token.start, `expected '${text}' but found ${describeToken(token, this.lexer.source.text)}`);
    return this.lexer.next();
  }

  /** The value of alias `name`, or `undefined` when it has none. */
  resolveAlias(name: string, pos: number): Expr | undefined {
    const { budget, aliases } = this.scope;
    return aliases.resolve(name, budget, (source, owner) => new ExpressionParser(new Lexer(source, 0, budget), { budget, aliases: owner }).parseComplete(), this.target, pos);
  }

  parseExpr(): Expr {
    const operands: Expr[] = [this.parseUnary()];
    const operators: PendingOperator[] = [];
    for (let op = this.#binaryOperator(); op !== undefined; op = this.#binaryOperator()) {
      while (operators.length > 0 && (operators.at(-1)?.level ?? 0) >= op.level) this.#reduce(operands, operators);
      operators.push(op);
      operands.push(this.parseUnary());
    }
    while (operators.length > 0) this.#reduce(operands, operators);
    return operands[0] as Expr;
  }

  #binaryOperator(): PendingOperator | undefined {
    const token = this.lexer.peek();
    if (token.kind !== 'identifier' || !token.spaceBefore) return undefined;
    const op = token.text.toLowerCase();
    const level = precedence.get(op);
    if (level === undefined) return undefined;
    this.#requireSpaceAfter(token);
    this.lexer.next();
    return { op: op as BinaryOp, level };
  }

  #requireSpaceAfter(operator: Token): void {
    const after = this.lexer.peek(1);
    if (after.kind === 'eof') this.fail(after.start, `expected an expression after ${describeToken(operator, this.lexer.source.text)}`);
    if (!after.spaceBefore) this.fail(after.start, `expected whitespace after ${describeToken(operator, this.lexer.source.text)}`);
  }

  #reduce(operands: Expr[], operators: PendingOperator[]): void {
    const { op } = operators.pop() as PendingOperator;
    const right = operands.pop() as Expr;
    const left = operands.pop() as Expr;
    operands.push(this.node({ kind: 'binary', op, left, right, pos: left.pos }));
  }

  parseUnary(): Expr {
    const prefixes: { readonly kind: 'not' | 'negate'; readonly pos: number }[] = [];
    for (;;) {
      const token = this.lexer.peek();
      if (isPunctuation(token, '-')) {
        prefixes.push({ kind: 'negate', pos: token.start });
      } else if (token.kind === 'identifier' && token.text.toLowerCase() === 'not' && this.#startsOperand(this.lexer.peek(1))) {
        prefixes.push({ kind: 'not', pos: token.start });
      } else {
        break;
      }
      this.lexer.next();
      this.enter(token.start);
    }
    let expr = this.#parsePostfix();
    for (let i = prefixes.length - 1; i >= 0; i--) {
      const prefix = prefixes[i] as (typeof prefixes)[number];
      expr = this.node({ kind: prefix.kind, operand: expr, pos: prefix.pos });
      this.leave();
    }
    return expr;
  }

  /** After `not`: whitespace then an operand, or directly a parenthesis (`not(…)`). */
  #startsOperand(after: Token): boolean {
    if (isAdjacent(after, '(')) return true;
    return after.spaceBefore && after.kind !== 'eof' && !isPunctuation(after, ')') && !isPunctuation(after, ',');
  }

  /** A primary expression followed by any `has`/`in` operators (primary precedence, left to right). */
  #parsePostfix(): Expr {
    let expr = this.parsePrimary();
    for (;;) {
      const token = this.lexer.peek();
      if (token.kind !== 'identifier' || !token.spaceBefore) return expr;
      const word = token.text.toLowerCase();
      if (word !== 'has' && word !== 'in') return expr;
      this.#requireSpaceAfter(token);
      this.lexer.next();
      expr =
        word === 'has'
          ? this.node({ kind: 'binary', op: 'has', left: expr, right: this.parsePrimary(), pos: expr.pos })
          : this.node({ kind: 'in', left: expr, list: parseInList(this), pos: expr.pos });
    }
  }

  parsePrimary(): Expr {
    const token = this.lexer.peek();
    const source = this.lexer.source.text;
    switch (token.kind) {
      case 'literal':
        this.lexer.next();
        return this.node(token.literal);
      case 'punctuation':
        if (token.text === '(') {
          this.lexer.next();
          this.enter(token.start);
          const inner = this.parseExpr();
          this.expect(')');
          this.leave();
          return inner;
        }
        if (token.text === '[' || token.text === '{') return parseJsonValue(this);
        return this.fail(token.start, `expected an expression but found ${describeToken(token, source)}`);
      case 'identifier':
        return this.#parseIdentifier(token);
      case 'qualifiedName': {
        this.lexer.next();
        const after = this.lexer.peek();
        if (isAdjacent(after, '(')) return parseNameCall(this, token);
        if (isAdjacent(after, '/')) return parseMemberPath(this, [{ kind: 'name', name: token.text, pos: token.start }], token.start);
        return this.fail(token.end, `expected '(' or '/' after the qualified name ${describeToken(token, source)}`);
      }
      case 'dollarName':
        if (token.text === '$it' || token.text === '$this' || token.text === '$root') {
          this.lexer.next();
          if (token.text === '$root' && !isAdjacent(this.lexer.peek(), '/')) this.fail(token.end, "expected '/' after $root");
          return parseMemberPath(this, [{ kind: 'name', name: token.text, pos: token.start }], token.start);
        }
        return this.fail(token.start, `${describeToken(token, source)} is not supported in expressions`);
      case 'at':
        return this.#parseAt(token);
      case 'jsonString':
        return this.fail(token.start, 'a double-quoted string is only allowed inside a JSON array or object');
      case 'allOperations':
        return this.fail(token.start, `expected an expression but found ${describeToken(token, source)}`);
      case 'eof':
        return this.fail(token.start, 'expected an expression');
    }
  }

  #parseIdentifier(token: Token & { kind: 'identifier' }): Expr {
    const isCall = isAdjacent(this.lexer.peek(1), '(');
    const keyword = isCall ? undefined : keywordLiteral(token);
    this.lexer.next();
    if (keyword !== undefined) return this.node(keyword);
    if (isCall) return parseNameCall(this, token);
    return parseMemberPath(this, [{ kind: 'name', name: token.text, pos: token.start }], token.start);
  }

  /** `@p` is an alias when defined; otherwise an annotation when qualified or followed by a path, else `null`. */
  #parseAt(token: Token & { kind: 'at' }): Expr {
    this.lexer.next();
    const followedByPath = isAdjacent(this.lexer.peek(), '/');
    const value = this.resolveAlias(token.text, token.start);
    if (value !== undefined) {
      if (!followedByPath) return value;
      if (value.kind === 'member') return parseMemberPath(this, value.path.map((name) => ({ kind: 'name', name, pos: token.start })), token.start);
      const last = value.kind === 'path' ? value.segments.at(-1) : undefined;
      if (value.kind !== 'path' || last?.kind === 'lambda' || last?.kind === 'count') {
        this.fail(token.end, `alias ${token.text} is not a path that can be followed by '/'`);
      }
      return parseMemberPath(this, value.segments, token.start);
    }
    if (followedByPath || /[.#]/.test(token.text)) return parseMemberPath(this, [{ kind: 'name', name: token.text, pos: token.start }], token.start);
    return this.node(literalExpr('null', 'null', token.start));
  }
}
