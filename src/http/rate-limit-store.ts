/** A store's answer for one request: counted, or how long until the budget has room again. */
export type Admission = { readonly admitted: true } | { readonly admitted: false; readonly retryAfterMs: number };

/**
 * Where the request budgets of principals are counted: at most `requests` in any window of
 * `windowMs` (a sliding window, as Dataverse's service protection counts). The in-memory store
 * counts for its own process; the Redis store (rate-limit-store-redis.ts) gives every instance
 * that shares it one budget per principal.
 */
export interface RateLimitStore {
  /**
   * Counts a request of `key` at `now` (ms, the limiter's clock; a shared store reads its own) if
   * the window before it holds fewer than the budget; a refused request is not counted.
   */
  take(key: string, now: number): Promise<Admission>;
}

/** The times of a principal's counted requests, oldest first; those before `head` have left the window. */
interface RequestLog {
  times: number[];
  head: number;
}

/**
 * The sliding window kept exactly: a log of request times per principal, at most the budget long,
 * so the answer to a refused request is the moment its oldest request leaves the window. Logs of
 * principals quiet for a whole window are dropped once per window.
 */
export class InMemoryRateLimitStore implements RateLimitStore {
  readonly #requests: number;
  readonly #windowMs: number;
  readonly #logs = new Map<string, RequestLog>();
  #sweptAt = Number.NEGATIVE_INFINITY;

  constructor(limits: { readonly requests: number; readonly windowMs: number }) {
    this.#requests = limits.requests;
    this.#windowMs = limits.windowMs;
  }

  /** Principals with a log kept. */
  get size(): number {
    return this.#logs.size;
  }

  take(key: string, now: number): Promise<Admission> {
    return Promise.resolve(this.#take(key, now));
  }

  #take(key: string, now: number): Admission {
    this.#sweep(now);
    const since = now - this.#windowMs;
    let log = this.#logs.get(key);
    if (log === undefined) {
      log = { times: [], head: 0 };
      this.#logs.set(key, log);
    }
    while (log.head < log.times.length && (log.times[log.head] as number) <= since) log.head += 1;
    if (log.times.length - log.head >= this.#requests) {
      return { admitted: false, retryAfterMs: (log.times[log.head] as number) + this.#windowMs - now };
    }
    if (log.head > 0 && log.head * 2 >= log.times.length) {
      log.times.splice(0, log.head);
      log.head = 0;
    }
    log.times.push(now);
    return { admitted: true };
  }

  #sweep(now: number): void {
    if (now - this.#sweptAt < this.#windowMs) return;
    this.#sweptAt = now;
    const since = now - this.#windowMs;
    for (const [key, log] of this.#logs) {
      const newest = log.times[log.times.length - 1];
      if (newest === undefined || newest <= since) this.#logs.delete(key);
    }
  }
}
