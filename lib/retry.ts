/**
 * Bounded exponential backoff with full jitter ("AWS architecture blog: Exponential Backoff and
 * Jitter"): before retry n (1-based) wait `random() * min(maxDelayMs, baseDelayMs * 2^(n-1))`.
 * SDK-free; which failures are worth a retry is the caller's `shouldRetry` decision.
 */

/** Backoff tuning. */
interface BackoffOptions {
  /** Delay ceiling before the first retry. */
  baseDelayMs: number;
  /** Upper bound of any single delay. */
  maxDelayMs: number;
  /** Total attempts including the first one (1 = never retry). */
  maxAttempts: number;
}

/** {@link retryWithBackoff} options: backoff tuning, the retry decision and injectable effects. */
interface RetryOptions extends BackoffOptions {
  /** Decides after a failed attempt (1-based) whether another attempt is worth it. */
  shouldRetry: (error: unknown, attempt: number) => boolean;
  /** Waits; injectable so tests run without real delays. */
  sleep?: (delayMs: number) => Promise<void>;
  /** Uniform in [0, 1); injectable for deterministic tests. */
  random?: () => number;
  /** Called before each wait (for logging attempt numbers). */
  onRetry?: (info: { error: unknown; attempt: number; delayMs: number }) => void;
}

/** Defaults for Huawei calls: 4 attempts, waits drawn from [0,300 ms], [0,600 ms], [0,1.2 s]. */
const DEFAULT_BACKOFF: BackoffOptions = { baseDelayMs: 300, maxDelayMs: 5_000, maxAttempts: 4 };

/**
 * The full-jitter delay before retry number `retry` (1 = the first retry).
 *
 * @example
 * fullJitterDelayMs(3, { baseDelayMs: 100, maxDelayMs: 1000 }, () => 0.5) // 200
 */
function fullJitterDelayMs(
  retry: number,
  options: Pick<BackoffOptions, 'baseDelayMs' | 'maxDelayMs'>,
  random: () => number = Math.random,
): number {
  // Cap the exponent so 2^n never overflows into Infinity for absurd attempt counts.
  const ceilingMs = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.min(retry - 1, 30));
  return Math.floor(random() * ceilingMs);
}

/** Waits `delayMs` (the one real wait every backoff and rate limiter here defaults to). */
function sleep(delayMs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, delayMs));
}

/**
 * Runs `operation` until it succeeds, `shouldRetry` says no, or `maxAttempts` is reached; then rethrows
 * the last error unchanged.
 *
 * @example
 * const key = await retryWithBackoff(() => kms.describeKey(id), {
 *   ...DEFAULT_BACKOFF, shouldRetry: (e) => isCloudApiError(e) && e.retryable,
 * });
 */
async function retryWithBackoff<T>(operation: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const wait = options.sleep ?? sleep;
  const random = options.random ?? Math.random;
  const maxAttempts = Math.max(1, Math.floor(options.maxAttempts));
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (attempt >= maxAttempts || !options.shouldRetry(error, attempt)) throw error;
      const delayMs = fullJitterDelayMs(attempt, options, random);
      options.onRetry?.({ error, attempt, delayMs });
      await wait(delayMs);
    }
  }
}

export { DEFAULT_BACKOFF, fullJitterDelayMs, retryWithBackoff, sleep };
export type { BackoffOptions, RetryOptions };
