import { ErrorCodes } from '../errors/codes.js';
import { parseError } from './parse-errors.js';
import type { ParseLimits } from './parse-limits.js';

/** What parsing a subtree cost, so that a cached subtree can be charged again where it is reused. */
export interface ParseCost {
  readonly nodes: number;
  readonly depth: number;
}

/**
 * The node and nesting budget of one `parseRequest`/`parseExpression` call, shared by every option
 * and alias of the request. One instance per call; never shared between calls.
 */
export class ParseBudget {
  readonly limits: ParseLimits;
  #nodes = 0;
  #depth = 0;
  #peak = 0;

  constructor(limits: ParseLimits) {
    this.limits = limits;
  }

  get depth(): number {
    return this.#depth;
  }

  /** Counts `count` new syntax nodes. */
  addNodes(count: number, target: string, pos: number): void {
    this.#nodes += count;
    if (this.#nodes > this.limits.maxNodes) {
      throw parseError(ErrorCodes.tooManyNodes, target, pos, `more than ${this.limits.maxNodes} nodes`);
    }
  }

  /** Enters one nesting level (a parenthesis, call, lambda, JSON value, unary operator, nested option list…). */
  enter(target: string, pos: number): void {
    this.#depth += 1;
    this.checkDepth(this.#depth, target, pos);
    if (this.#depth > this.#peak) this.#peak = this.#depth;
  }

  leave(): void {
    this.#depth -= 1;
  }

  /** Rejects a subtree that would reach `depth` levels. */
  checkDepth(depth: number, target: string, pos: number): void {
    if (depth > this.limits.maxDepth) {
      throw parseError(ErrorCodes.nestingTooDeep, target, pos, `more than ${this.limits.maxDepth} nested levels`);
    }
  }

  /** Runs `parse` and reports the nodes it created and the nesting it used below the current level. */
  measure<T>(parse: () => T): { readonly value: T; readonly cost: ParseCost } {
    const nodesBefore = this.#nodes;
    const depthBefore = this.#depth;
    const peakBefore = this.#peak;
    this.#peak = depthBefore;
    const value = parse();
    const cost = { nodes: this.#nodes - nodesBefore, depth: this.#peak - depthBefore };
    this.#peak = Math.max(this.#peak, peakBefore);
    return { value, cost };
  }

  /** Charges a reused subtree (an alias value) at the current nesting level. */
  charge(cost: ParseCost, target: string, pos: number): void {
    this.checkDepth(this.#depth + cost.depth, target, pos);
    this.addNodes(cost.nodes, target, pos);
  }
}
