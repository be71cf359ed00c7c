/**
 * The client-side gate of one target: per API group an adaptive rate ({@link CubicRate}, the configured rps as its
 * ceiling) paced by a token bucket, in front of every KeyService and SecretStore call; and a count of calls and of
 * throttling answers.
 *
 * Retry layering: the cloud client retries each call itself (lib/huawei/HuaweiTransport.ts: up to 4 attempts;
 * non-idempotent calls such as import only on 429). Those retries report to the gate through the call's retry
 * scope (lib/retryScope.ts): a throttled attempt cuts the group's rate, and every retry waits for a slot of the
 * group's bucket like a first attempt, so retries never go around the rate. The gate counts one call per port
 * call, and every 429 it meets, retried or not. The sweep retries the whole key at most `key_attempts` times
 * (default 3) with its own full-jitter backoff; the next timer tick tries again.
 */
import { ErrorKind, hasKind } from '../errors/index.js';
import { sleep as defaultSleep } from '../retry.js';
import { withRetryListener } from '../retryScope.js';
import type { RetryListener } from '../retryScope.js';
import { ApiGroup } from './constants.js';
import { CubicRate } from './CubicRate.js';
import { TokenBucket } from './TokenBucket.js';
import type { CallCounts } from './types.js';

function zeroCounts(): CallCounts {
  return Object.fromEntries(Object.values(ApiGroup).map((group) => [group, 0])) as CallCounts;
}

/** Options of {@link PortGate}. */
interface PortGateOptions {
  /** Ceiling per group, requests/s. */
  rps: Record<ApiGroup, number>;
  nowMs?: () => number;
  sleep?: (delayMs: number) => Promise<void>;
}

/** One group's rate and its pacing. */
interface Lane {
  rate: CubicRate;
  bucket: TokenBucket;
}

/**
 * @example
 * const gate = new PortGate({ rps: options.rps });
 * const keys = new GatedKeyService(target.keys, gate);
 */
class PortGate {
  readonly #lanes: Map<ApiGroup, Lane>;
  readonly #nowMs: () => number;
  readonly #sleep: (delayMs: number) => Promise<void>;
  readonly calls: CallCounts = zeroCounts();
  /** Slots taken ahead for a key's next calls of a group (`<group> <key id>` → calls), see {@link prepay}. */
  readonly #credits = new Map<string, number>();
  /** Every throttling answer met, including those the client retried on its own. */
  throttled = 0;

  constructor(options: PortGateOptions) {
    this.#nowMs = options.nowMs ?? (() => performance.now());
    this.#sleep = options.sleep ?? defaultSleep;
    this.#lanes = new Map(
      Object.values(ApiGroup).map((group) => {
        const rate = new CubicRate({ ceilingRps: options.rps[group] });
        const bucket = new TokenBucket({ rps: (nowMs) => rate.rpsAt(nowMs), nowMs: this.#nowMs, sleep: this.#sleep });
        return [group, { rate, bucket }];
      }),
    );
  }

  /** The adaptive rate of a group (the benchmark and tests read it). */
  rate(group: ApiGroup): CubicRate {
    return (this.#lanes.get(group) as Lane).rate;
  }

  /**
   * Takes `calls` slots of the group now for the key's next calls, which then go out without waiting: a
   * delete-first renewal pays before its delete for the calls that follow it (the import, and the parameters when
   * they come after the delete), so no other key's queue stretches the key's time without material.
   */
  async prepay(group: ApiGroup, keyId: string, calls: number): Promise<void> {
    const lane = this.#lanes.get(group) as Lane;
    for (let i = 0; i < calls; i++) await lane.bucket.take();
    const credit = `${group} ${keyId}`;
    this.#credits.set(credit, (this.#credits.get(credit) ?? 0) + calls);
  }

  /**
   * Runs one port call through the group's rate, counting it and every throttling answer it meets. `sent` says
   * whether a result came from a remote call (a pager's final "no more pages" sends nothing); default: always. A
   * call for `keyId` uses a slot {@link prepay}-ed for it, if any.
   */
  async through<T>(group: ApiGroup, call: () => Promise<T>, sent: (result: T) => boolean = () => true, keyId?: string): Promise<T> {
    const lane = this.#lanes.get(group) as Lane;
    // When the attempt's slot was reserved: a slot reserved before a cut was spaced at the old rate, so its
    // throttle is not news and cuts nothing.
    let reservedAtMs = this.#nowMs();
    const credit = keyId === undefined ? undefined : `${group} ${keyId}`;
    const prepaid = credit === undefined ? 0 : (this.#credits.get(credit) ?? 0);
    if (credit !== undefined && prepaid > 0) {
      if (prepaid === 1) this.#credits.delete(credit);
      else this.#credits.set(credit, prepaid - 1);
    } else {
      await lane.bucket.take();
    }
    const throttledAttempt = (): void => {
      this.throttled += 1;
      if (lane.rate.onThrottle(reservedAtMs, this.#nowMs())) lane.bucket.pause();
    };
    const listener: RetryListener = {
      beforeRetry: (report) => {
        if (report.kind === ErrorKind.Throttled) throttledAttempt();
        return (async () => {
          // A throttled retry waits for a slot at the cut rate; any other keeps the client's backoff, then a slot.
          if (report.kind !== ErrorKind.Throttled) await this.#sleep(report.delayMs);
          reservedAtMs = this.#nowMs();
          await lane.bucket.take();
        })();
      },
    };
    let result: T;
    try {
      result = await withRetryListener(listener, call);
    } catch (error) {
      this.calls[group] += 1;
      if (hasKind(error, ErrorKind.Throttled)) throttledAttempt();
      throw error;
    }
    if (sent(result)) {
      this.calls[group] += 1;
      lane.rate.onSuccess(this.#nowMs());
    }
    return result;
  }
}

export { PortGate };
export type { PortGateOptions };
