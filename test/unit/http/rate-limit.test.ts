import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../../src/errors/codes.js';
import { ODataError } from '../../../src/errors/odata-error.js';
import { RateLimiter } from '../../../src/http/rate-limit.js';
import type { Admission, RateLimitStore } from '../../../src/http/rate-limit-store.js';

/** A clock the test moves by hand. */
function manualClock(): { now: () => number; advance: (ms: number) => void } {
  let time = 0;
  return { now: () => time, advance: (ms) => (time += ms) };
}

/** The 429 `admit` refuses with: its status, code and Retry-After. */
async function refusal(attempt: Promise<unknown>): Promise<{ status: number; code: string; retryAfter: string | undefined }> {
  const error: unknown = await attempt.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof ODataError)) throw new Error(`expected an ODataError, got ${String(error)}`);
  return { status: error.status, code: error.code, retryAfter: error.headers['retry-after'] };
}

describe('RateLimiter', () => {
  it('caps the requests a principal runs at once and frees a place on release, once', async () => {
    const limiter = new RateLimiter({ requests: 0, windowSeconds: 300, concurrency: 2 });
    const first = await limiter.admit('key:a');
    await limiter.admit('key:a');
    expect(await refusal(limiter.admit('key:a'))).toEqual({ status: 429, code: ErrorCodes.tooManyRequests, retryAfter: '1' });
    await limiter.admit('key:b');
    first();
    first();
    await limiter.admit('key:a');
    expect((await refusal(limiter.admit('key:a'))).status).toBe(429);
  });

  it('answers a spent budget with the whole seconds until its oldest request leaves the window', async () => {
    const clock = manualClock();
    const limiter = new RateLimiter({ requests: 2, windowSeconds: 10, concurrency: 0 }, { clock: clock.now });
    await limiter.admit('key:a');
    clock.advance(3000);
    await limiter.admit('key:a');
    clock.advance(1500);
    expect(await refusal(limiter.admit('key:a'))).toEqual({ status: 429, code: ErrorCodes.tooManyRequests, retryAfter: '6' });
    clock.advance(5499);
    expect((await refusal(limiter.admit('key:a'))).retryAfter).toBe('1');
    clock.advance(1);
    await limiter.admit('key:a');
    expect((await refusal(limiter.admit('key:a'))).retryAfter).toBe('3');
  });

  it('frees the place of a request its budget refuses', async () => {
    const clock = manualClock();
    const limiter = new RateLimiter({ requests: 1, windowSeconds: 1, concurrency: 1 }, { clock: clock.now });
    (await limiter.admit('key:a'))();
    expect((await refusal(limiter.admit('key:a'))).retryAfter).toBe('1');
    clock.advance(1000);
    await limiter.admit('key:a');
  });

  it('counts the budget in the store it is given, by key', async () => {
    const taken: [string, number][] = [];
    const store: RateLimitStore = {
      take: (key, now): Promise<Admission> => {
        taken.push([key, now]);
        return Promise.resolve(key === 'key:spent' ? { admitted: false, retryAfterMs: 2500 } : { admitted: true });
      },
    };
    const limiter = new RateLimiter({ requests: 5, windowSeconds: 60, concurrency: 52 }, { store, clock: () => 42 });
    await limiter.admit('key:a');
    expect((await refusal(limiter.admit('key:spent'))).retryAfter).toBe('3');
    expect(taken).toEqual([
      ['key:a', 42],
      ['key:spent', 42],
    ]);
  });

  it('lets everything through a limit set to 0', async () => {
    const budgetOff = new RateLimiter({ requests: 0, windowSeconds: 1, concurrency: 1 });
    for (let index = 0; index < 10; index += 1) (await budgetOff.admit('key:a'))();
    const capOff = new RateLimiter({ requests: 10, windowSeconds: 1, concurrency: 0 }, { clock: () => 0 });
    for (let index = 0; index < 10; index += 1) await capOff.admit('key:a');
    expect((await refusal(capOff.admit('key:a'))).status).toBe(429);
  });
});
