import type { RateLimitConfig } from '../config/config.js';
import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';
import { InMemoryRateLimitStore, type RateLimitStore } from './rate-limit-store.js';

/** Frees a request's place among those running at once; calling it again does nothing. */
export type Release = () => void;

/** Where the budget is counted and what tells the time (ms, monotonic); both replaceable in tests. */
export interface RateLimiterOptions {
  readonly store?: RateLimitStore;
  readonly clock?: () => number;
}

/** A 429 the error handler renders; `Retry-After` in whole seconds, at least 1. */
function tooManyRequests(message: string, retryAfterMs: number): ODataError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new ODataError(429, ErrorCodes.tooManyRequests, message, { headers: { 'retry-after': String(seconds) } });
}

/**
 * Dataverse's service protection, per principal: a request budget per sliding window, counted in
 * a store, and a cap on requests running at once, counted in this process (a request in flight
 * lives and dies with the instance that runs it).
 */
export class RateLimiter {
  readonly #limits: RateLimitConfig;
  readonly #store: RateLimitStore | null;
  readonly #clock: () => number;
  readonly #running = new Map<string, number>();

  constructor(limits: RateLimitConfig, options: RateLimiterOptions = {}) {
    this.#limits = limits;
    const windowMs = limits.windowSeconds * 1000;
    this.#store = limits.requests === 0 ? null : (options.store ?? new InMemoryRateLimitStore({ requests: limits.requests, windowMs }));
    this.#clock = options.clock ?? (() => performance.now());
  }

  /**
   * Lets a request of `key` in and returns what frees its place when it is over, or throws the
   * 429: too many running at once (retry in a second), or the window's budget spent (retry when
   * its oldest request leaves the window). A refused request spends no budget.
   */
  async admit(key: string): Promise<Release> {
    const release = this.#enter(key);
    if (this.#store === null) return release;
    try {
      const admission = await this.#store.take(key, this.#clock());
      if (!admission.admitted) {
        const { requests, windowSeconds } = this.#limits;
        throw tooManyRequests(`Number of requests exceeded the limit of ${requests} over a time window of ${windowSeconds} seconds`, admission.retryAfterMs);
      }
      return release;
    } catch (error) {
      release();
      throw error;
    }
  }

  #enter(key: string): Release {
    const cap = this.#limits.concurrency;
    if (cap === 0) return () => undefined;
    const running = this.#running.get(key) ?? 0;
    if (running >= cap) throw tooManyRequests(`Number of concurrent requests exceeded the limit of ${cap}`, 1000);
    this.#running.set(key, running + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.#running.get(key) ?? 0) - 1;
      if (left === 0) this.#running.delete(key);
      else this.#running.set(key, left);
    };
  }
}
