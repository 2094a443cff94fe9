import { ErrorCodes } from '../errors/codes.js';
import type { ParseBudget, ParseCost } from './parse-budget.js';
import { parseError, syntaxError } from './parse-errors.js';
import type { ParseSource } from './parse-source.js';
import type { Expr } from './syntax.js';

/** An alias value already parsed, with what it cost so every further reference is charged again. */
export interface ResolvedAlias {
  readonly expr: Expr;
  readonly cost: ParseCost;
}

type Definition = { readonly kind: 'text'; readonly source: ParseSource } | { readonly kind: 'parsed'; readonly value: ResolvedAlias };

/** Parses an alias value; `scope` is the scope the alias was defined in. */
export type AliasValueParser = (source: ParseSource, scope: AliasScope) => Expr;

/**
 * Parameter aliases visible at one place of a request. The root scope holds the query string's
 * `@p=…` values as text, parsed on first use (so `@a=@b&@b=1` works in any order) and cached;
 * each nested `$expand`/`$select` option list opens a child scope whose aliases (`@m=$this`) are
 * parsed where they are defined. References are charged to the budget every time, so a chain of
 * aliases that doubles at each step is stopped by the node and depth limits.
 */
export class AliasScope {
  readonly #parent: AliasScope | undefined;
  readonly #definitions = new Map<string, Definition>();
  readonly #usedBeforeDefinition = new Set<string>();
  readonly #resolving: Set<string>;

  private constructor(parent: AliasScope | undefined, resolving: Set<string>) {
    this.#parent = parent;
    this.#resolving = resolving;
  }

  /** The query string's aliases, keyed by name with the `@` (`@p`). */
  static root(values: ReadonlyMap<string, ParseSource>): AliasScope {
    const scope = new AliasScope(undefined, new Set());
    for (const [name, source] of values) scope.#definitions.set(name, { kind: 'text', source });
    return scope;
  }

  child(): AliasScope {
    return new AliasScope(this, this.#resolving);
  }

  /** Defines a nested alias (`@c=15` inside `$expand=Items(…)`). */
  define(name: string, value: ResolvedAlias, target: string, pos: number): void {
    if (this.#definitions.has(name)) {
      throw parseError(ErrorCodes.duplicateQueryOption, target, pos, `parameter alias ${name} is defined twice`);
    }
    if (this.#usedBeforeDefinition.has(name)) {
      throw syntaxError(target, pos, `parameter alias ${name} is used before its definition in the same option list`);
    }
    this.#definitions.set(name, { kind: 'parsed', value });
  }

  /** The alias value, or `undefined` when no scope defines `name`. */
  resolve(name: string, budget: ParseBudget, parseValue: AliasValueParser, target: string, pos: number): Expr | undefined {
    const definition = this.#definitions.get(name);
    if (definition === undefined) {
      if (this.#parent === undefined) return undefined;
      this.#usedBeforeDefinition.add(name);
      return this.#parent.resolve(name, budget, parseValue, target, pos);
    }
    if (definition.kind === 'parsed') {
      budget.charge(definition.value.cost, target, pos);
      return definition.value.expr;
    }
    if (this.#resolving.has(name)) throw syntaxError(target, pos, `parameter alias ${name} refers to itself`);
    this.#resolving.add(name);
    const { value: expr, cost } = budget.measure(() => {
      budget.enter(target, pos);
      const parsed = parseValue(definition.source, this);
      budget.leave();
      return parsed;
    });
    this.#resolving.delete(name);
    this.#definitions.set(name, { kind: 'parsed', value: { expr, cost } });
    return expr;
  }
}
