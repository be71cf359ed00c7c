/**
 * What a failure may carry out of the process (a failure event, a sweep report, a CLI line): a {@link ByokError}'s
 * code, message and retryable flag as they are (its message is written for operators); anything else becomes
 * `BYOK.INTERNAL` with a generic message, because an unknown error's message may contain anything.
 */
import { truncate } from '../log/sanitize.js';
import type { LogFields } from '../log/types.js';
import { isByokError } from './ByokError.js';
import { isCloudApiError } from './CloudApiError.js';
import type { ErrorKind } from './ErrorKind.js';

/** How a failure is reported: the failure event's `error` plus safe extra fields for the `stage.failed` line. */
interface ClassifiedError {
  readonly code: string;
  readonly message: string;
  readonly retryable: boolean;
  /** The cloud failure's kind, when it was one. */
  readonly kind?: ErrorKind;
  readonly logFields: LogFields;
}

/** Codes kept from an error must look like codes (`KMS.2606`, `APIG.0308`, `ECONNRESET`, `HTTP.503`). */
const CODE = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$/;
const MAX_MESSAGE_CHARS = 500;

/**
 * The code, message and retryable flag a failure may carry out; `where` names the place in the generic messages.
 *
 * @example
 * classifyError(new SyntaxError('…'), 'stage wrap-material').code // 'BYOK.INTERNAL'
 */
function classifyError(error: unknown, where: string, deadlinePassed = false): ClassifiedError {
  const name = error instanceof Error ? truncate(error.name, 100) : typeof error;
  if (isByokError(error)) {
    const cloud = isCloudApiError(error)
      ? {
          operation: error.operation.slice(0, 64),
          http_status: error.httpStatus,
          cloud_request_id: error.requestId?.slice(0, 128),
          error_kind: error.kind,
        }
      : {};
    return {
      code: error.code.length <= 64 && CODE.test(error.code) ? error.code : 'BYOK.INTERNAL',
      message: truncate(error.message, MAX_MESSAGE_CHARS),
      retryable: error.retryable,
      ...(error.kind !== undefined ? { kind: error.kind } : {}),
      logFields: { error_name: name, ...cloud },
    };
  }
  if (deadlinePassed) {
    // Work cancelled through the deadline signal often surfaces as a library's AbortError: it is still a timeout.
    return {
      code: 'BYOK.TIMEOUT',
      message: `${where} ran out of time before the function timeout; it can be retried`,
      retryable: true,
      logFields: { error_name: name },
    };
  }
  return {
    code: 'BYOK.INTERNAL',
    message: `internal error in ${where}; the log line with this correlation id has the error name`,
    retryable: false,
    logFields: { error_name: name },
  };
}

export { classifyError };
export type { ClassifiedError };
