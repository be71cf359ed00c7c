import { describe, expect, it } from 'vitest';
import { fullJitterDelayMs, retryWithBackoff } from '../../lib/retry.js';

const BACKOFF = { baseDelayMs: 100, maxDelayMs: 1_000, maxAttempts: 5 };

describe('Function: fullJitterDelayMs', () => {
  it('draws from [0, min(cap, base * 2^(n-1)))', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => fullJitterDelayMs(n, BACKOFF, () => 0.999))).toEqual([99, 199, 399, 799, 999, 999]);
    expect(fullJitterDelayMs(3, BACKOFF, () => 0)).toBe(0);
    expect(fullJitterDelayMs(1_000, BACKOFF, () => 0.5)).toBe(500);
  });
});

describe('Function: retryWithBackoff', () => {
  it('retries until success, waiting a jittered delay before each retry', async () => {
    const delays: number[] = [];
    let calls = 0;

    const result = await retryWithBackoff(
      async (attempt) => {
        calls++;
        if (attempt < 3) throw new Error('transient');
        return 'ok';
      },
      { ...BACKOFF, shouldRetry: () => true, sleep: async (ms) => void delays.push(ms), random: () => 0.5 },
    );

    expect(result).toBe('ok');
    expect(calls).toBe(3);
    expect(delays).toEqual([50, 100]);
  });

  it('stops at maxAttempts and rethrows the last error unchanged', async () => {
    let calls = 0;
    const last = new Error('still failing');

    await expect(
      retryWithBackoff(
        async () => {
          calls++;
          throw last;
        },
        { ...BACKOFF, maxAttempts: 3, shouldRetry: () => true, sleep: async () => {} },
      ),
    ).rejects.toBe(last);
    expect(calls).toBe(3);
  });

  it('does not retry when shouldRetry says no', async () => {
    let calls = 0;
    const retried: number[] = [];

    await expect(
      retryWithBackoff(
        async () => {
          calls++;
          throw new Error('permanent');
        },
        { ...BACKOFF, shouldRetry: () => false, sleep: async () => {}, onRetry: ({ attempt }) => void retried.push(attempt) },
      ),
    ).rejects.toThrow('permanent');
    expect(calls).toBe(1);
    expect(retried).toEqual([]);
  });
});
