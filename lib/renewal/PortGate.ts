/**
 * The client-side gate of one target: a token bucket per API group in front of every KeyService and SecretStore
 * call, and a count of calls and throttling answers (what the benchmark reads as calls per renewed key).
 *
 * Retry layering: the Huawei client retries each call itself (lib/huawei/HuaweiTransport.ts: up to 4 attempts,
 * full jitter; non-idempotent calls such as import only on 429). The gate sees one call per port call, whatever
 * the client did inside. A throttling error that got past the client halves the group's rate here, and the sweep
 * retries the whole key at most `key_attempts` times (default 3) with its own full-jitter backoff, so one call is
 * sent at most 4 x 3 = 12 times per sweep, spread over seconds, never a storm; the next timer tick tries again.
 */
import { ErrorKind, hasKind } from '../errors/index.js';
import { ApiGroup } from './constants.js';
import { TokenBucket } from './TokenBucket.js';
import type { CallCounts } from './types.js';

function zeroCounts(): CallCounts {
  return Object.fromEntries(Object.values(ApiGroup).map((group) => [group, 0])) as CallCounts;
}

/** Options of {@link PortGate}. */
interface PortGateOptions {
  rps: Record<ApiGroup, number>;
  nowMs?: () => number;
  sleep?: (delayMs: number) => Promise<void>;
}

/**
 * @example
 * const gate = new PortGate({ rps: options.rps });
 * const keys = new GatedKeyService(target.keys, gate);
 */
class PortGate {
  readonly #buckets: Map<ApiGroup, TokenBucket>;
  readonly calls: CallCounts = zeroCounts();
  throttled = 0;

  constructor(options: PortGateOptions) {
    this.#buckets = new Map(
      Object.values(ApiGroup).map((group) => [
        group,
        new TokenBucket({
          rps: options.rps[group],
          ...(options.nowMs ? { nowMs: options.nowMs } : {}),
          ...(options.sleep ? { sleep: options.sleep } : {}),
        }),
      ]),
    );
  }

  /** The bucket of a group (for tests and the summary). */
  bucket(group: ApiGroup): TokenBucket {
    return this.#buckets.get(group) as TokenBucket;
  }

  /**
   * Runs one port call through the group's bucket, counting it and any throttling answer. `remote` says whether a
   * result cost a remote call (a paged query's last step, which only learns there is no next page, does not).
   */
  async through<T>(group: ApiGroup, call: () => Promise<T>, remote: (result: T) => boolean = () => true): Promise<T> {
    const bucket = this.bucket(group);
    await bucket.take();
    try {
      const result = await call();
      if (remote(result)) this.calls[group] += 1;
      bucket.onSuccess();
      return result;
    } catch (error) {
      this.calls[group] += 1;
      if (hasKind(error, ErrorKind.Throttled)) {
        this.throttled += 1;
        bucket.onThrottle();
      }
      throw error;
    }
  }
}

export { PortGate };
export type { PortGateOptions };
