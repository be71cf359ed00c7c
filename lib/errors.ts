/**
 * Errors shared by the domain and the cloud adapters. SDK-free on purpose: domain code catches and
 * inspects these without importing `@huaweicloud/*`.
 *
 * Secrets rule: an error carries only the fields below. Never a request body, a header, a token, or the
 * SDK's exception (it holds the axios config with `Authorization` and `X-Security-Token`), so an error
 * can be logged or serialised as is.
 */

/** What a {@link CloudApiError} is built from. */
interface CloudApiErrorInit {
  /** The operation that failed, as named by the client method (`createKey`, `showSecretVersion`...). */
  operation: string;
  /**
   * Huawei's code (`KMS.2606`, `CSMS.0005`, `APIG.0308`), a network code (`ECONNRESET`, `ETIMEDOUT`,
   * `ECONNREFUSED`), `HTTP.<status>` when the body named none, or `CLIENT.<reason>` for failures detected
   * on this side (bad parameter, unexpected response shape).
   */
  code: string;
  /** HTTP status; `undefined` when no response arrived (network failure, timeout). */
  httpStatus?: number | undefined;
  /** `X-Request-Id` of the response (or the gateway's `request_id`), for Huawei support tickets. */
  requestId?: string | undefined;
  /** Whether repeating the same call later may succeed (throttling, 5xx and network on idempotent calls). */
  retryable: boolean;
  /**
   * True when the request may have reached the service and been applied although no success was seen
   * (timeout, dropped connection after sending, 5xx). A non-idempotent caller must check before repeating.
   */
  ambiguous?: boolean;
  /** The whole user-facing message: what failed and what to do about it. */
  message: string;
}

/** A failed call to Huawei Cloud (KMS, CSMS, the API gateway) or to the embedded cloud. */
class CloudApiError extends Error {
  override readonly name = 'CloudApiError' as const;
  readonly operation: string;
  readonly code: string;
  readonly httpStatus: number | undefined;
  readonly requestId: string | undefined;
  readonly retryable: boolean;
  readonly ambiguous: boolean;

  constructor(init: CloudApiErrorInit) {
    super(init.message);
    this.operation = init.operation;
    this.code = init.code;
    this.httpStatus = init.httpStatus;
    this.requestId = init.requestId;
    this.retryable = init.retryable;
    this.ambiguous = init.ambiguous ?? false;
  }

  /** Only the safe fields, for structured logs. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      operation: this.operation,
      code: this.code,
      httpStatus: this.httpStatus,
      requestId: this.requestId,
      retryable: this.retryable,
      ambiguous: this.ambiguous,
      message: this.message,
    };
  }
}

/** Configuration that is missing or malformed; `variables` names exactly what to set. */
class ConfigError extends Error {
  override readonly name = 'ConfigError' as const;
  /** The environment variables (or context methods / user-data keys) to set or fix. */
  readonly variables: readonly string[];

  constructor(message: string, variables: readonly string[]) {
    super(message);
    this.variables = variables;
  }
}

/**
 * True for a {@link CloudApiError}, also when two copies of this module are loaded (checks `name`).
 *
 * @example
 * if (isCloudApiError(err) && err.code === 'KMS.2606') { ... }
 */
function isCloudApiError(error: unknown): error is CloudApiError {
  return error instanceof CloudApiError || (error instanceof Error && error.name === 'CloudApiError');
}

/** True for a {@link ConfigError}, also across module copies. */
function isConfigError(error: unknown): error is ConfigError {
  return error instanceof ConfigError || (error instanceof Error && error.name === 'ConfigError');
}

export { CloudApiError, ConfigError, isCloudApiError, isConfigError };
export type { CloudApiErrorInit };
