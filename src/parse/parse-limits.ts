/**
 * Hard limits that keep every parse bounded, whatever the input: the request is rejected before
 * parsing when longer than `maxLength`; nesting (parentheses, calls, lambdas, JSON, unary chains,
 * nested `$expand`/`$select` options, alias references) deeper than `maxDepth` and trees of more
 * than `maxNodes` nodes are rejected while parsing.
 */
export interface ParseLimits {
  readonly maxLength: number;
  readonly maxDepth: number;
  readonly maxNodes: number;
}

export const defaultParseLimits: ParseLimits = Object.freeze({
  maxLength: 65536,
  maxDepth: 64,
  maxNodes: 10000,
});
