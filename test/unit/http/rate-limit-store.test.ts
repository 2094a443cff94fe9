import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InMemoryRateLimitStore } from '../../../src/http/rate-limit-store.js';

const WINDOW = 1000;

function store(requests: number): InMemoryRateLimitStore {
  return new InMemoryRateLimitStore({ requests, windowMs: WINDOW });
}

describe('InMemoryRateLimitStore', () => {
  it('counts requests up to the budget, then answers when the oldest leaves the window', async () => {
    const limits = store(3);
    for (const now of [0, 100, 200]) expect(await limits.take('key:a', now)).toEqual({ admitted: true });
    expect(await limits.take('key:a', 400)).toEqual({ admitted: false, retryAfterMs: 600 });
    expect(await limits.take('key:a', 999)).toEqual({ admitted: false, retryAfterMs: 1 });
  });

  it('slides: as each old request leaves, one new one fits, never a whole fresh budget', async () => {
    const limits = store(3);
    for (const now of [0, 100, 200]) await limits.take('key:a', now);
    expect(await limits.take('key:a', 1000)).toEqual({ admitted: true });
    expect(await limits.take('key:a', 1001)).toEqual({ admitted: false, retryAfterMs: 99 });
    expect(await limits.take('key:a', 1100)).toEqual({ admitted: true });
    expect(await limits.take('key:a', 1150)).toEqual({ admitted: false, retryAfterMs: 50 });
  });

  it('does not count refused requests', async () => {
    const limits = store(1);
    await limits.take('key:a', 0);
    for (const now of [10, 500, 990]) expect((await limits.take('key:a', now)).admitted).toBe(false);
    expect(await limits.take('key:a', 1000)).toEqual({ admitted: true });
  });

  it('keeps one budget per key', async () => {
    const limits = store(1);
    expect((await limits.take('key:a', 0)).admitted).toBe(true);
    expect((await limits.take('key:b', 0)).admitted).toBe(true);
    expect((await limits.take('key:a', 1)).admitted).toBe(false);
    expect((await limits.take('anonymous:10.0.0.1', 1)).admitted).toBe(true);
  });

  it('drops the logs of keys quiet for a whole window', async () => {
    const limits = store(2);
    await limits.take('key:a', 0);
    await limits.take('key:b', 600);
    expect(limits.size).toBe(2);
    await limits.take('key:c', 1200);
    expect(limits.size).toBe(2);
    await limits.take('key:c', 2300);
    expect(limits.size).toBe(1);
  });

  it('decides as a plain log of every counted request would, over long runs', async () => {
    const step = fc.record({ key: fc.constantFrom('key:a', 'key:b'), gap: fc.integer({ min: 0, max: 400 }) });
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 6 }), fc.array(step, { maxLength: 300 }), async (budget, steps) => {
        const limits = store(budget);
        const counted = new Map<string, number[]>();
        let now = 0;
        for (const { key, gap } of steps) {
          now += gap;
          const inWindow = (counted.get(key) ?? []).filter((time) => time > now - WINDOW);
          const expected =
            inWindow.length < budget ? { admitted: true } : { admitted: false, retryAfterMs: (inWindow[inWindow.length - budget] as number) + WINDOW - now };
          expect(await limits.take(key, now)).toEqual(expected);
          if (expected.admitted) counted.set(key, [...inWindow, now]);
        }
      }),
      { numRuns: 200 },
    );
  });
});
