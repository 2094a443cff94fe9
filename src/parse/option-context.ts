import type { AliasScope } from './alias-scope.js';
import type { ParseBudget } from './parse-budget.js';
import type { ParseSource } from './parse-source.js';
import type { QueryOptions } from './syntax.js';

/** Where an option value is parsed: its source text, the request's budget, the aliases in scope. */
export interface OptionContext {
  readonly source: ParseSource;
  readonly budget: ParseBudget;
  readonly aliases: AliasScope;
}

/**
 * A top-level option value runs to the end of its text; a nested one (inside `$expand=x(…)`)
 * ends before the `;` or `)` that follows it.
 */
export type OptionMode = 'top' | 'nested';

/** A parsed option value and the offset just after it. */
export interface Parsed<T> {
  readonly value: T;
  readonly end: number;
}

/** `QueryOptions` while it is being filled in. */
export type QueryOptionsBuilder = { -readonly [K in keyof QueryOptions]: QueryOptions[K] };
