/**
 * A client-side token bucket for one API group, so a sweep stays under the gateway's limit instead of learning it
 * from 429s alone. Scheduled as GCRA (each caller reserves the next slot synchronously, then waits for it): callers
 * are served in order, with no polling. The rate may change between calls (the group's {@link CubicRate}).
 */
import { sleep } from '../retry.js';

/** Settings of a {@link TokenBucket}. */
interface TokenBucketOptions {
  /** Requests per second: fixed, or asked before every reservation (an adaptive rate). */
  rps: number | ((nowMs: number) => number);
  /**
   * Requests allowed back to back after a quiet period. Default `max(1, ceil(rps))` for a fixed rate (one
   * second's worth), 1 for an adaptive one (the gateway's own burst is unknown: pace evenly).
   */
  burst?: number;
  /** Monotonic clock, ms. Default `performance.now`. */
  nowMs?: () => number;
  /** Waits. Default `setTimeout`. */
  sleep?: (delayMs: number) => Promise<void>;
}

/**
 * @example
 * const bucket = new TokenBucket({ rps: 5 });
 * await bucket.take(); // then send the request
 */
class TokenBucket {
  readonly #rps: (nowMs: number) => number;
  readonly #burst: number;
  readonly #nowMs: () => number;
  readonly #sleep: (delayMs: number) => Promise<void>;
  /** Theoretical arrival time of the next request (GCRA). */
  #tatMs = Number.NEGATIVE_INFINITY;
  /** Bumped by {@link pause}: a slot reserved before it was spaced at the old rate and is reserved again. */
  #generation = 0;
  /** Total time callers waited, ms. */
  waitedMs = 0;

  constructor(options: TokenBucketOptions) {
    const fixed = typeof options.rps === 'number' ? options.rps : undefined;
    if (fixed !== undefined && !(fixed > 0)) throw new RangeError('rps must be > 0');
    this.#rps = typeof options.rps === 'number' ? () => fixed as number : options.rps;
    this.#burst = Math.max(1, options.burst ?? (fixed === undefined ? 1 : Math.ceil(fixed)));
    this.#nowMs = options.nowMs ?? (() => performance.now());
    this.#sleep = options.sleep ?? sleep;
  }

  /** The current rate. */
  get rps(): number {
    return this.#rps(this.#nowMs());
  }

  /** Reserves the next slot and waits for it; answers the wait in ms. */
  async take(): Promise<number> {
    let waitedMs = 0;
    for (;;) {
      const generation = this.#generation;
      const nowMs = this.#nowMs();
      const intervalMs = 1000 / this.#rps(nowMs);
      const toleranceMs = (this.#burst - 1) * intervalMs;
      const tatMs = Math.max(this.#tatMs, nowMs);
      const waitMs = Math.max(0, tatMs - toleranceMs - nowMs);
      this.#tatMs = tatMs + intervalMs;
      if (waitMs > 0) {
        waitedMs += waitMs;
        this.waitedMs += waitMs;
        await this.#sleep(waitMs);
      }
      if (generation === this.#generation) return waitedMs;
    }
  }

  /**
   * The gateway refused a request and the rate was cut: nothing more goes out for one interval at the new rate
   * (the gateway refills meanwhile), and every caller already waiting takes a new slot at the new rate, since
   * its slot was spaced at the old one.
   */
  pause(): void {
    const nowMs = this.#nowMs();
    this.#generation += 1;
    this.#tatMs = nowMs + 1000 / this.#rps(nowMs);
  }
}

export { TokenBucket };
export type { TokenBucketOptions };
