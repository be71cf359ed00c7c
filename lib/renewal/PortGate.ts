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
import { isCloudApiError } from '../errors.js';
import type { KeyService, SecretStore } from '../ports/index.js';
import { ApiGroup } from './constants.js';
import { interceptPort } from './interceptPort.js';
import { TokenBucket } from './TokenBucket.js';
import type { CallCounts } from './types.js';

/** KeyService methods by API group; a method not listed counts as `kms-key`. */
const KEY_SERVICE_GROUPS: Readonly<Record<string, ApiGroup>> = {
  getParametersForImport: ApiGroup.KmsImport,
  importKeyMaterial: ApiGroup.KmsImport,
  deleteImportedKeyMaterial: ApiGroup.KmsImport,
  encryptData: ApiGroup.KmsCrypto,
  decryptData: ApiGroup.KmsCrypto,
  showKeyTags: ApiGroup.KmsTag,
  putKeyTags: ApiGroup.KmsTag,
  findKeysByTags: ApiGroup.KmsTag,
};

const THROTTLED_CODE = 'APIG.0308';

/** True for a throttling answer (HTTP 429 / APIG.0308). */
function isThrottled(error: unknown): boolean {
  return isCloudApiError(error) && (error.code === THROTTLED_CODE || error.httpStatus === 429);
}

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
 * const keys = gate.keyService(target.keys);
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

  keyService(keys: KeyService): KeyService {
    return this.#wrap(keys, (method) => KEY_SERVICE_GROUPS[method] ?? ApiGroup.KmsKey);
  }

  secretStore(secrets: SecretStore): SecretStore {
    return this.#wrap(secrets, () => ApiGroup.Csms);
  }

  #wrap<T extends object>(port: T, groupOf: (method: string) => ApiGroup): T {
    return interceptPort(port, {
      before: async (method) => {
        const group = groupOf(method);
        this.calls[group] += 1;
        await this.bucket(group).take();
      },
      after: (method, { error }) => {
        const bucket = this.bucket(groupOf(method));
        if (error !== undefined && isThrottled(error)) {
          this.throttled += 1;
          bucket.onThrottle();
        } else if (error === undefined) {
          bucket.onSuccess();
        }
      },
    });
  }
}

export { KEY_SERVICE_GROUPS, PortGate, isThrottled };
export type { PortGateOptions };
