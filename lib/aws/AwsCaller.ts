/**
 * The one way the AWS adapters send a request: through a per-operation pace (AWS's quotas are per operation: about
 * 1 GetParametersForImport a second per account and region, docs/aws.md#quotas) whose rate the quota caps and a
 * throttle cuts (the sweep's CubicRate: quotas are adjustable and shared by the account), with failures mapped to
 * {@link CloudApiError} (awsErrors.ts) and retried by the operation's retry class (operations.ts) with full-jitter
 * backoff (lib/retry.ts). The SDK's own retries are off (clients.ts), so nothing is repeated twice over.
 */
import { ErrorKind, isCloudApiError } from '../errors/index.js';
import { CubicRate } from '../renewal/CubicRate.js';
import { TokenBucket } from '../renewal/TokenBucket.js';
import { DEFAULT_BACKOFF, retryWithBackoff } from '../retry.js';
import type { BackoffOptions } from '../retry.js';
import { errorFromAws } from './awsErrors.js';
import type { AwsOperationName, AwsOperationSpec } from './operations.js';

/** Requests per second AWS allows by default where the quota is low enough to matter (adjustable quotas). */
const DEFAULT_OPERATION_RPS: Readonly<Partial<Record<AwsOperationName, number>>> = {
  GetParametersForImport: 1,
  ImportKeyMaterial: 15,
  RotateKeyOnDemand: 1,
  CreateKey: 5,
  CreateAlias: 5,
  UpdateAlias: 5,
  DeleteAlias: 5,
  TagResource: 5,
  UntagResource: 5,
};

/** Options of {@link AwsCaller}. */
interface AwsCallerOptions {
  /** Per-operation rates; an operation not named is not paced here. Default {@link DEFAULT_OPERATION_RPS}. */
  operationRps?: Partial<Record<AwsOperationName, number>>;
  /** Backoff tuning plus injectable effects (tests). Default 4 attempts, lib/retry.ts's delays. */
  retry?: Partial<BackoffOptions> & { sleep?: (delayMs: number) => Promise<void>; random?: () => number };
  /** Monotonic ms for the paces. Default `performance.now`. */
  nowMs?: () => number;
  /** Called before each retry wait, for logging. */
  onRetry?: (info: { operation: string; attempt: number; delayMs: number; code: string }) => void;
}

/**
 * @example
 * const caller = new AwsCaller();
 * const key = await caller.call(AwsOperation.DescribeKey, () => kms.send(new DescribeKeyCommand({ KeyId: keyId })));
 */
/** One operation's pace: an adaptive rate under the quota (a throttle cuts it) and the bucket that spaces calls. */
interface Pace {
  rate: CubicRate;
  bucket: TokenBucket;
}

class AwsCaller {
  readonly #paces = new Map<string, Pace>();
  readonly #nowMs: () => number;
  readonly #backoff: BackoffOptions;
  readonly #options: AwsCallerOptions;

  constructor(options: AwsCallerOptions = {}) {
    this.#options = options;
    this.#backoff = { ...DEFAULT_BACKOFF, ...options.retry };
    this.#nowMs = options.nowMs ?? (() => performance.now());
    const rates = options.operationRps ?? DEFAULT_OPERATION_RPS;
    for (const [name, rps] of Object.entries(rates)) {
      if (rps === undefined) continue;
      const rate = new CubicRate({ ceilingRps: rps });
      const bucket = new TokenBucket({
        rps: (nowMs) => rate.rpsAt(nowMs),
        nowMs: this.#nowMs,
        ...(options.retry?.sleep ? { sleep: options.retry.sleep } : {}),
      });
      this.#paces.set(name, { rate, bucket });
    }
  }

  /** Sends one operation (`send` makes the SDK call), paced, mapped and retried; answers the SDK's output. */
  async call<T>(operation: AwsOperationSpec, send: () => Promise<T>): Promise<T> {
    const pace = this.#paces.get(operation.name);
    return retryWithBackoff(
      async () => {
        await pace?.bucket.take();
        const reservedAtMs = this.#nowMs();
        try {
          const output = await send();
          pace?.rate.onSuccess(this.#nowMs());
          return output;
        } catch (error) {
          const mapped = errorFromAws(operation, error);
          if (mapped.kind === ErrorKind.Throttled && pace?.rate.onThrottle(reservedAtMs, this.#nowMs()) === true) pace.bucket.pause();
          throw mapped;
        }
      },
      {
        ...this.#backoff,
        shouldRetry: (error) => isCloudApiError(error) && error.retryable,
        ...(this.#options.retry?.sleep ? { sleep: this.#options.retry.sleep } : {}),
        ...(this.#options.retry?.random ? { random: this.#options.retry.random } : {}),
        onRetry: ({ error, attempt, delayMs }) =>
          this.#options.onRetry?.({
            operation: operation.name,
            attempt,
            delayMs,
            code: isCloudApiError(error) ? error.code : 'unknown',
          }),
      },
    );
  }
}

export { AwsCaller, DEFAULT_OPERATION_RPS };
export type { AwsCallerOptions };
