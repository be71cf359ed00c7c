/**
 * A client-side token bucket for one API group, so a sweep stays under the gateway's limit instead of learning it
 * from 429s. Scheduled as GCRA (each caller reserves the next slot synchronously, then waits for it): callers are
 * served in order, with no polling. On a throttling answer that got past the client's own retries the rate halves
 * (down to 1/16 of the configured rate); each success gives back 1/20 of it (AIMD).
 */
import { sleep } from '../retry.js';


/** Settings of a {@link TokenBucket}. */
interface TokenBucketOptions {
  /** Requests per second. */
  rps: number;
  /** Requests allowed back to back after a quiet period. Default `max(1, ceil(rps))` (one second's worth). */
  burst?: number;
  /** Monotonic clock, ms. Default `performance.now`. */
  nowMs?: () => number;
  /** Waits. Default `setTimeout`. */
  sleep?: (delayMs: number) => Promise<void>;
}

const MIN_SHARE = 1 / 16;
const RECOVER_SHARE = 1 / 20;


/**
 * @example
 * const bucket = new TokenBucket({ rps: 5 });
 * await bucket.take(); // then send the request
 */
class TokenBucket {
  readonly #baseRps: number;
  readonly #burst: number;
  readonly #nowMs: () => number;
  readonly #sleep: (delayMs: number) => Promise<void>;
  #rps: number;
  /** Theoretical arrival time of the next request (GCRA). */
  #tatMs = Number.NEGATIVE_INFINITY;
  /** Total time callers waited, ms. */
  waitedMs = 0;

  constructor(options: TokenBucketOptions) {
    if (!(options.rps > 0)) throw new RangeError('rps must be > 0');
    this.#baseRps = options.rps;
    this.#rps = options.rps;
    this.#burst = Math.max(1, options.burst ?? Math.ceil(options.rps));
    this.#nowMs = options.nowMs ?? (() => performance.now());
    this.#sleep = options.sleep ?? sleep;
  }

  /** The current rate (lower than configured after throttling). */
  get rps(): number {
    return this.#rps;
  }

  /** Reserves the next slot and waits for it; answers the wait in ms. */
  async take(): Promise<number> {
    const nowMs = this.#nowMs();
    const intervalMs = 1000 / this.#rps;
    const toleranceMs = (this.#burst - 1) * intervalMs;
    const tatMs = Math.max(this.#tatMs, nowMs);
    const waitMs = Math.max(0, tatMs - toleranceMs - nowMs);
    this.#tatMs = tatMs + intervalMs;
    if (waitMs > 0) {
      this.waitedMs += waitMs;
      await this.#sleep(waitMs);
    }
    return waitMs;
  }

  /** A request was throttled: halve the rate and let the bucket drain one interval. */
  onThrottle(): void {
    this.#rps = Math.max(this.#baseRps * MIN_SHARE, this.#rps / 2);
    this.#tatMs = Math.max(this.#tatMs, this.#nowMs()) + 1000 / this.#rps;
  }

  /** A request went through: creep back towards the configured rate. */
  onSuccess(): void {
    if (this.#rps < this.#baseRps) this.#rps = Math.min(this.#baseRps, this.#rps + this.#baseRps * RECOVER_SHARE);
  }
}

export { TokenBucket };
export type { TokenBucketOptions };
