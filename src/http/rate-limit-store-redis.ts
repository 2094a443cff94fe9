import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';
import type { Admission, RateLimitStore } from './rate-limit-store.js';

/** Every key this store writes starts so; the principal follows. */
export const REDIS_KEY_PREFIX = 'odata-facade:rl:';

/** How long a request waits for Redis, connecting included, before it is answered with 503. */
const COMMAND_TIMEOUT_MS = 1000;

/** Seconds a caller is told to wait when the budget cannot be counted. */
const UNAVAILABLE_RETRY_AFTER = '1';

/**
 * One request against a principal's sliding log, atomically: drop the entries that left the window,
 * count the rest, add this one (a unique member at the server's time) or answer how many ms until
 * the oldest leaves. The server's clock counts, so every instance reads the same time.
 * KEYS[1]: the log; ARGV: budget, window (ms), unique member suffix. Returns 0 (admitted) or the ms to wait (≥ 1).
 */
const TAKE_SCRIPT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local budget = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < budget then
  redis.call('ZADD', KEYS[1], now, now .. ':' .. ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + window - now)
`;

interface TakeCommand {
  rateLimitTake(key: string, budget: number, windowMs: number, member: string): Promise<number>;
}

/** What the store reports that is not a request's answer: the connection's failures. */
export interface RedisRateLimitStoreOptions {
  readonly onConnectionError: (error: Error) => void;
}

/**
 * The sliding window kept in Redis, so every instance pointed at the same server shares one
 * budget per principal: a sorted set of request times per principal, expiring a window after its
 * last request. It connects when created and reconnects on its own. While Redis cannot be reached
 * a request is not let through uncounted: it is refused with 503 and `Retry-After`.
 */
export class RedisRateLimitStore implements RateLimitStore {
  readonly #requests: number;
  readonly #windowMs: number;
  readonly #redis: Redis & TakeCommand;

  constructor(url: string, limits: { readonly requests: number; readonly windowMs: number }, options: RedisRateLimitStoreOptions) {
    this.#requests = limits.requests;
    this.#windowMs = limits.windowMs;
    const redis = new Redis(url, { lazyConnect: false, commandTimeout: COMMAND_TIMEOUT_MS, maxRetriesPerRequest: 0 });
    redis.on('error', options.onConnectionError);
    redis.defineCommand('rateLimitTake', { numberOfKeys: 1, lua: TAKE_SCRIPT });
    this.#redis = redis as Redis & TakeCommand;
  }

  /** Counts at Redis's time; `now` of this process does not enter. */
  async take(key: string): Promise<Admission> {
    let retryAfterMs: number;
    try {
      retryAfterMs = await this.#redis.rateLimitTake(`${REDIS_KEY_PREFIX}${key}`, this.#requests, this.#windowMs, randomUUID());
    } catch (error) {
      throw new ODataError(503, ErrorCodes.authUnavailable, 'The request budget cannot be counted now', {
        cause: error,
        headers: { 'retry-after': UNAVAILABLE_RETRY_AFTER },
      });
    }
    return retryAfterMs === 0 ? { admitted: true } : { admitted: false, retryAfterMs };
  }

  /** Drops the connection; requests after this are refused. */
  close(): void {
    this.#redis.disconnect();
  }
}
