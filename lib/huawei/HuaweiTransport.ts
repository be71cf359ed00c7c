/**
 * The one place that talks to Huawei Cloud: builds an `HcClient` with `@huaweicloud/huaweicloud-sdk-core`
 * (signing and HTTP), sends one operation, maps failures to {@link CloudApiError}, and retries by the
 * operation's retry class (operations.ts) with full-jitter backoff (lib/retry.ts).
 */
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core';
import { ClientBuilder } from '@huaweicloud/huaweicloud-sdk-core/ClientBuilder.js';
import type { HcClient, HttpRequestOptions } from '@huaweicloud/huaweicloud-sdk-core/HcClient.js';
import type { SdkResponse } from '@huaweicloud/huaweicloud-sdk-core/SdkResponse.js';
import { CloudApiError, ErrorKind, isCloudApiError } from '../errors/index.js';
import { DEFAULT_BACKOFF, retryWithBackoff, sleep as defaultSleep } from '../retry.js';
import { currentRetryListener } from '../retryScope.js';
import type { BackoffOptions } from '../retry.js';
import type { HuaweiCloudConfig } from './config.js';
import { clientError, errorFromNetwork, errorFromResponse } from './errorMapping.js';
import { ResponseShapeError } from './normalise.js';
import type { OperationSpec } from './operations.js';
import { createRequestHooks } from './requestHooks.js';
import type { HttpAdapter } from './requestHooks.js';
import { silenceSdkLogging } from './sdkLogging.js';
import { BYOK_USER_AGENT } from './userAgent.js';

/** How to reach and sign for Huawei Cloud (or the embedded cloud), and how patiently. */
interface HuaweiTransportOptions {
  config: HuaweiCloudConfig;
  /** Per-attempt deadline. Default 10 000. */
  timeoutMs?: number;
  /** Backoff tuning plus injectable `sleep`/`random` (tests). Default {@link DEFAULT_BACKOFF}. */
  retry?: Partial<BackoffOptions> & { sleep?: (delayMs: number) => Promise<void>; random?: () => number };
  /**
   * The clock whose time signs requests (`X-Sdk-Date`). The embedded cloud checks the date against ITS
   * clock, which may be virtual, so clients talking to it pass that clock here. Default: system time.
   */
  now?: () => Date;
  /** Default `byok-keeper/<version>`. */
  userAgent?: string;
  /** Replaces axios's HTTP adapter (tests, in-process peers). */
  adapter?: HttpAdapter;
  /** Called before each retry wait, for logging. */
  onRetry?: (info: { operation: string; attempt: number; delayMs: number; code: string; kind: ErrorKind | undefined }) => void;
}

/** One request: JSON body, query and path parameters (besides `{project_id}`). */
interface OperationRequest {
  body?: Record<string, unknown>;
  query?: Record<string, string | undefined>;
  pathParams?: Record<string, string>;
}

const DEFAULT_TIMEOUT_MS = 10_000;
/**
 * After a 429 (docs/huawei-api.md#throttling: "retry after a few seconds") the gateway needs time to refill, so a
 * throttled attempt waits at least half of `base * 2^(retry-1)` ("equal jitter"), not the 0–300 ms of the generic
 * backoff. Inside the renewal sweep its rate gate decides the wait instead (lib/retryScope.ts).
 */
const THROTTLE_BACKOFF = { baseDelayMs: 1_000, maxDelayMs: 8_000 } as const;
const SAFE_SEGMENT = /^[A-Za-z0-9_.:~-]{1,255}$/;

/**
 * `X-Sdk-Date` for an instant: `YYYYMMDDTHHmmssZ` in UTC. The SDK's signer re-parses a supplied
 * X-Sdk-Date with moment (ISO basic format, `Z` = UTC) and signs with it instead of its own clock.
 *
 * @example
 * sdkDate(new Date('2024-01-02T03:04:05.678Z')) // '20240102T030405Z'
 */
function sdkDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

function withoutUndefined(values: Record<string, unknown> | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values ?? {}).filter(([, v]) => v !== undefined));
}

/** Sends Huawei API operations; shared by {@link KmsClient} and {@link CsmsClient} (same host). */
class HuaweiTransport {
  // Private fields: the HcClient holds the SK in clear, and util.inspect never shows `#` fields.
  readonly #hc: HcClient;
  readonly #timeoutMs: number;
  readonly #backoff: BackoffOptions;
  readonly #options: HuaweiTransportOptions;
  /** The endpoint requests go to (safe to log). */
  readonly endpoint: string;
  readonly projectId: string;
  readonly region: string | undefined;

  constructor(options: HuaweiTransportOptions) {
    silenceSdkLogging();
    const { config } = options;
    this.#options = options;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#backoff = { ...DEFAULT_BACKOFF, ...options.retry };
    this.endpoint = config.endpoint;
    this.projectId = config.projectId;
    this.region = config.region;
    const credential = new BasicCredentials().withAk(config.ak).withSk(config.sk.reveal()).withProjectId(config.projectId);
    if (config.securityToken) credential.withSecurityToken(config.securityToken.reveal());
    this.#hc = new ClientBuilder<HcClient>((hc) => hc)
      .withCredential(credential)
      .withEndpoint(config.endpoint)
      .withOptions({
        customUserAgent: options.userAgent ?? BYOK_USER_AGENT,
        // Never throw on an HTTP status: the SDK's exceptions drop KMS's nested error code and log secrets
        // (docs/huawei-api.md#nested-kms-error-codes-are-lost).
        axiosRequestConfig: { validateStatus: () => true, timeout: this.#timeoutMs },
      })
      .build();
  }

  /**
   * Sends `op`, retrying as its retry class allows, and returns `parse(body)`.
   *
   * @example
   * const info = await transport.call(KmsOperation.describeKey, { body: { key_id } }, toKeyInfoBody);
   */
  async call<T>(op: OperationSpec, request: OperationRequest, parse: (body: unknown) => T): Promise<T> {
    for (const [name, value] of Object.entries(request.pathParams ?? {})) {
      if (!SAFE_SEGMENT.test(value) || /^\.+$/.test(value)) {
        throw clientError(op, 'InvalidParameter', `${name} must be 1-255 of A-Z a-z 0-9 _ . : ~ -`);
      }
    }
    let ambiguousBefore = false;
    let attempts = 0;
    // Retries report to the listener of the call's scope (the sweep's gate): every throttled attempt reaches it,
    // and its wait (a slot at the lowered rate) replaces ours.
    const listener = currentRetryListener();
    const ownSleep = this.#options.retry?.sleep ?? defaultSleep;
    const random = this.#options.retry?.random ?? Math.random;
    let nextWait: Promise<void> | undefined;
    return retryWithBackoff(
      async () => {
        attempts++;
        try {
          return await this.#attempt(op, request, parse);
        } catch (error) {
          if (!isCloudApiError(error)) throw error;
          if (ambiguousBefore && !error.ambiguous) throw afterAmbiguous(error);
          if (error.ambiguous) ambiguousBefore = true;
          if (attempts > 1 && attempts >= this.#backoff.maxAttempts && error.retryable) throw gaveUp(error, attempts);
          throw error;
        }
      },
      {
        ...this.#backoff,
        shouldRetry: (error) => isCloudApiError(error) && error.retryable,
        random,
        onRetry: ({ error, attempt, delayMs }) => {
          const kind = isCloudApiError(error) ? error.kind : undefined;
          const waitMs = kind === ErrorKind.Throttled ? throttleDelayMs(attempt, random) : delayMs;
          this.#options.onRetry?.({ operation: op.name, attempt, delayMs: waitMs, code: isCloudApiError(error) ? error.code : 'unknown', kind });
          nextWait = listener?.beforeRetry({ kind, retry: attempt, delayMs: waitMs }) ?? ownSleep(waitMs);
        },
        sleep: async () => {
          const wait = nextWait;
          nextWait = undefined;
          await wait;
        },
      },
    );
  }

  async #attempt<T>(op: OperationSpec, request: OperationRequest, parse: (body: unknown) => T): Promise<T> {
    const hooks = createRequestHooks(this.#timeoutMs, this.#options.adapter);
    const options = {
      method: op.method,
      url: op.url,
      contentType: 'application/json',
      queryParams: withoutUndefined(request.query),
      pathParams: { ...request.pathParams },
      headers: { 'X-Sdk-Date': sdkDate((this.#options.now ?? (() => new Date()))()) },
      ...(request.body ? { data: withoutUndefined(request.body) } : {}),
      responseHeaders: ['X-Request-Id'],
      axiosRequestConfig: hooks.axiosRequestConfig,
    };
    let response: Record<string, unknown>;
    try {
      response = (await this.#hc.sendRequest<SdkResponse>(options as HttpRequestOptions)) as unknown as Record<string, unknown>;
    } catch (error) {
      // The SDK's exception may hold request details; only the network code is kept.
      throw errorFromNetwork(op, hooks.networkCode(error));
    } finally {
      hooks.dispose();
    }
    const status = typeof response['httpStatusCode'] === 'number' ? response['httpStatusCode'] : 0;
    const requestId = typeof response['X-Request-Id'] === 'string' ? response['X-Request-Id'] : undefined;
    delete response['httpStatusCode'];
    delete response['X-Request-Id'];
    if (status < 200 || status >= 300) throw errorFromResponse(op, status, response, requestId);
    try {
      return parse(response);
    } catch (error) {
      if (error instanceof ResponseShapeError) throw clientError(op, 'BadResponse', error.message, requestId);
      throw error;
    }
  }
}

/** The wait before retry `retry` (1-based) of a throttled attempt: equal jitter over {@link THROTTLE_BACKOFF}. */
function throttleDelayMs(retry: number, random: () => number): number {
  const ceilingMs = Math.min(THROTTLE_BACKOFF.maxDelayMs, THROTTLE_BACKOFF.baseDelayMs * 2 ** Math.min(retry - 1, 30));
  return Math.floor(ceilingMs / 2 + (random() * ceilingMs) / 2);
}

/** The last error of a call that used up its attempts, saying so (the fields stay the same). */
function gaveUp(error: CloudApiError, attempts: number): CloudApiError {
  return error.with({ message: `${error.message} (Gave up after ${attempts} attempts.)` });
}

/**
 * A definite answer (e.g. KMS.1402 "already pending deletion") after an earlier attempt failed
 * ambiguously most likely means that attempt was applied; say so instead of reporting a plain failure.
 */
function afterAmbiguous(error: CloudApiError): CloudApiError {
  return error.with({
    retryable: false,
    ambiguous: true,
    message: `${error.message} Note: an earlier attempt of this call failed without a clear answer and may have been applied; check the current state before acting.`,
  });
}

export { DEFAULT_TIMEOUT_MS, HuaweiTransport, sdkDate };
export type { HuaweiTransportOptions, OperationRequest };
