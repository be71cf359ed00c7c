/**
 * A failed call to a cloud (Huawei KMS, CSMS, FunctionGraph, the API gateway, the embedded cloud; later AWS). The
 * adapter that made the call builds it: the `kind` for the domain, the provider's `code` for logs and advice.
 *
 * Secrets rule: it carries only the fields below — never a request body, a header, a token, or the SDK's own
 * exception (that one holds the signed request) — so it can be logged or serialised as is.
 */
import { ByokError, isNamedError } from './ByokError.js';
import type { ErrorKind } from './ErrorKind.js';

/** What a {@link CloudApiError} is built from. */
interface CloudApiErrorInit {
  /** The operation that failed, as the adapter names it (`createKey`, `showSecretVersion`...). */
  operation: string;
  /**
   * The provider's code (`KMS.2606`, `CSMS.0005`, `APIG.0308`), a network code (`ECONNRESET`, `ETIMEDOUT`),
   * `HTTP.<status>` when the body named none, or `CLIENT.<reason>` for failures detected on this side.
   */
  code: string;
  kind: ErrorKind;
  /** HTTP status; `undefined` when no response arrived (network failure, timeout). */
  httpStatus?: number | undefined;
  /** The response's request id, for support tickets. */
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

class CloudApiError extends ByokError {
  override readonly name = 'CloudApiError' as const;
  declare readonly kind: ErrorKind;
  readonly operation: string;
  readonly httpStatus: number | undefined;
  readonly requestId: string | undefined;
  readonly ambiguous: boolean;

  constructor(init: CloudApiErrorInit) {
    super(init.message, { code: init.code, retryable: init.retryable, kind: init.kind });
    this.operation = init.operation;
    this.httpStatus = init.httpStatus;
    this.requestId = init.requestId;
    this.ambiguous = init.ambiguous ?? false;
  }

  /** The same error with some fields changed (messages that add what the caller knows). */
  with(change: Partial<Pick<CloudApiErrorInit, 'message' | 'retryable' | 'ambiguous' | 'kind'>>): CloudApiError {
    return new CloudApiError({
      operation: this.operation,
      code: this.code,
      kind: change.kind ?? this.kind,
      httpStatus: this.httpStatus,
      requestId: this.requestId,
      retryable: change.retryable ?? this.retryable,
      ambiguous: change.ambiguous ?? this.ambiguous,
      message: change.message ?? this.message,
    });
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      operation: this.operation,
      httpStatus: this.httpStatus,
      requestId: this.requestId,
      ambiguous: this.ambiguous,
    };
  }
}

/**
 * True for a {@link CloudApiError}, also across module copies.
 *
 * @example
 * if (isCloudApiError(error) && error.kind === ErrorKind.NotFound) return undefined;
 */
const isCloudApiError = isNamedError<CloudApiError>('CloudApiError');

/** True when `error` is a cloud failure of `kind` (the domain's one way to tell cloud failures apart). */
function hasKind(error: unknown, kind: ErrorKind): error is CloudApiError {
  return isCloudApiError(error) && error.kind === kind;
}

export { CloudApiError, hasKind, isCloudApiError };
export type { CloudApiErrorInit };
