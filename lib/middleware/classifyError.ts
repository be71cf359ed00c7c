import { truncate } from '../log/sanitize.js';
import type { LogFields } from '../log/types.js';
import { StageErrorCode, isEventValidationError, isStageTimeoutError } from './errors.js';

/** How a failure is reported: the failure event's `error` plus extra fields for the `stage.failed` line. */
interface ClassifiedError {
  readonly code: string;
  readonly message: string;
  readonly retryable: boolean;
  /** Safe extra log fields (error name, HTTP status, cloud request id, operation). */
  readonly logFields: LogFields;
}

/** Codes kept from an error must look like codes (`KMS.2606`, `APIG.0308`, `ECONNRESET`, `HTTP.503`). */
const codePattern = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$/;

const maxMessageChars = 500;

interface ErrorFields {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  retryable?: unknown;
  expose?: unknown;
  httpStatus?: unknown;
  requestId?: unknown;
  operation?: unknown;
}

const stringOr = (value: unknown, fallback: string): string => (typeof value === 'string' ? value : fallback);

const safeCode = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length <= 64 && codePattern.test(value) ? value : undefined;

/** Messages of these errors are written for operators and documented as secret-free by their modules. */
const exposedErrorCodes: Readonly<Record<string, string>> = {
  ConfigError: 'BYOK.CONFIG',
  WrapError: 'BYOK.WRAP_FAILED',
};

/**
 * Maps any thrown value to a code, a message that may leave the function, and a retryable flag:
 * validation → `BYOK.INVALID_EVENT`; deadline → `BYOK.TIMEOUT`; `CloudApiError` (matched by name, fields
 * duck-typed so lib/huawei stays out of this import graph) → its Huawei code; errors that carry
 * `expose: true` and a `code` (the stage errors, domain errors that opt in) → their own code and message;
 * `ConfigError`/`WrapError` → `BYOK.CONFIG`/`BYOK.WRAP_FAILED`; anything else → `BYOK.INTERNAL` with a
 * generic message, because an unknown error's message may contain anything.
 */
function classifyError(error: unknown, stage: string, deadlinePassed: boolean): ClassifiedError {
  const fields: ErrorFields = typeof error === 'object' && error !== null ? (error as ErrorFields) : {};
  const name = truncate(stringOr(fields.name, typeof error), 100);
  const message = truncate(stringOr(fields.message, ''), maxMessageChars);

  if (isEventValidationError(error)) {
    return { code: StageErrorCode.InvalidEvent, message, retryable: false, logFields: { error_name: name } };
  }
  if (isStageTimeoutError(error)) {
    return { code: StageErrorCode.Timeout, message, retryable: true, logFields: { error_name: name } };
  }
  if (name === 'CloudApiError') {
    return {
      code: safeCode(fields.code) ?? 'BYOK.CLOUD_ERROR',
      message,
      retryable: fields.retryable === true,
      logFields: {
        error_name: name,
        operation: typeof fields.operation === 'string' ? fields.operation.slice(0, 64) : undefined,
        http_status: typeof fields.httpStatus === 'number' ? fields.httpStatus : undefined,
        cloud_request_id: typeof fields.requestId === 'string' ? fields.requestId.slice(0, 128) : undefined,
      },
    };
  }
  const exposedCode = fields.expose === true ? safeCode(fields.code) : undefined;
  if (exposedCode !== undefined) {
    return { code: exposedCode, message, retryable: fields.retryable === true, logFields: { error_name: name } };
  }
  const knownCode = Object.hasOwn(exposedErrorCodes, name) ? exposedErrorCodes[name] : undefined;
  if (knownCode !== undefined && error instanceof Error) {
    return { code: knownCode, message, retryable: false, logFields: { error_name: name } };
  }
  if (deadlinePassed) {
    // Work cancelled through the deadline signal often surfaces as a library's AbortError: it is still a timeout.
    return {
      code: StageErrorCode.Timeout,
      message: `stage ${stage} ran out of time before the function timeout; it can be retried`,
      retryable: true,
      logFields: { error_name: name },
    };
  }
  return {
    code: StageErrorCode.Internal,
    message: `internal error in stage ${stage}; the stage.failed log line with this correlation id has the error name`,
    retryable: false,
    logFields: { error_name: name },
  };
}

export { classifyError };
export type { ClassifiedError };
