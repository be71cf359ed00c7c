import type { MiddlewareObj } from '@middy/core';
import { LogLevel } from '../log/types.js';
import { classifyError } from './classifyError.js';
import { StageErrorCode } from './errors.js';
import { eventField, isCorrelationId, isKeyId, newCorrelationId } from './ids.js';
import { internalOf } from './types.js';
import type { RequestLike, StageFailureEvent } from './types.js';

/** Options of {@link classifyErrors}. */
interface ClassifyErrorsOptions {
  /** The stage named in the failure event and the log line (`fetch-parameters`, `import-material`, ...). */
  stage: string;
}

/** The key the failure is about: the error's own `keyId`, else the event's `key_id`, if either is a key id. */
function keyIdOf(error: unknown, event: unknown): string | undefined {
  const fromError = typeof error === 'object' && error !== null ? (error as { keyId?: unknown }).keyId : undefined;
  if (isKeyId(fromError)) return fromError;
  const fromEvent = eventField(event, 'key_id');
  return isKeyId(fromEvent) ? fromEvent : undefined;
}

/**
 * Turns any error into one `stage.failed` log line (`error_code`, `retryable`, `message`, `error_name`; no
 * stack, no event, no secrets) and a resolved {@link StageFailureEvent} in `request.response`, so a failed stage
 * answers like any other and the chain or the operator can act on `error.code` and `error.retryable`. Use it
 * right after `structuredLogging`, whose logger and correlation id it uses.
 *
 * @example
 * middy(useCase).use(structuredLogging({ fn })).use(classifyErrors({ stage: 'wrap-material' }));
 */
function classifyErrors(opts: ClassifyErrorsOptions): MiddlewareObj<unknown, unknown> {
  const { stage } = opts;

  const classifyErrorsOnError = (request: RequestLike): void => {
    const internal = internalOf(request);
    const deadlinePassed = internal.byokDeadline?.signal.aborted === true;
    const classified = classifyError(request.error, stage, deadlinePassed);
    const keyId = keyIdOf(request.error, request.event);
    const given = eventField(request.event, 'correlation_id');
    const correlationId =
      internal.byokLogging?.correlationId ?? (isCorrelationId(given) ? given : newCorrelationId());
    const level = classified.code === StageErrorCode.InvalidEvent ? LogLevel.Warn : LogLevel.Error;
    internal.byokLogging?.logger[level]('stage.failed', {
      stage,
      key_id: keyId,
      outcome: 'failed',
      error_code: classified.code,
      retryable: classified.retryable,
      message: classified.message,
      ...classified.logFields,
    });
    const failure: StageFailureEvent = {
      ok: false,
      stage,
      correlation_id: correlationId,
      ...(keyId !== undefined && { key_id: keyId }),
      error: { code: classified.code, message: classified.message, retryable: classified.retryable },
    };
    request.response = failure;
  };

  return { before: undefined, after: undefined, onError: classifyErrorsOnError };
}

export { classifyErrors };
export type { ClassifyErrorsOptions };
