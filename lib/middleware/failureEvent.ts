import type { Logger } from '../log/Logger.js';
import { LogLevel } from '../log/types.js';
import { classifyError } from './classifyError.js';
import { StageErrorCode } from './errors.js';
import { eventField, isCorrelationId, isKeyId, newCorrelationId } from './ids.js';
import type { StageFailureEvent } from './types.js';

/** The key the failure is about: the error's own `keyId`, else the event's `key_id`, if either is a key id. */
function keyIdOf(error: unknown, event: unknown): string | undefined {
  const fromError = typeof error === 'object' && error !== null ? (error as { keyId?: unknown }).keyId : undefined;
  if (isKeyId(fromError)) return fromError;
  const fromEvent = eventField(event, 'key_id');
  return isKeyId(fromEvent) ? fromEvent : undefined;
}

/**
 * Classifies `error`, writes the one `stage.failed` line (`error_code`, `retryable`, `message`, `error_name`; no
 * stack, no event, no secrets) and answers the {@link StageFailureEvent}. Shared by the `classifyErrors` middleware
 * (FunctionGraph) and the in-process dispatcher, so a failure looks the same wherever the stage ran.
 *
 * @example
 * request.response = failStage({ error, stage: 'wrap-material', event, logger });
 */
function failStage(input: {
  error: unknown;
  stage: string;
  event: unknown;
  logger: Logger | undefined;
  /** The invocation's id when one is known already; else the event's, else a new one. */
  correlationId?: string;
  deadlinePassed?: boolean;
}): StageFailureEvent {
  const { error, stage, event, logger } = input;
  const classified = classifyError(error, stage, input.deadlinePassed ?? false);
  const keyId = keyIdOf(error, event);
  const given = eventField(event, 'correlation_id');
  const correlationId = input.correlationId ?? (isCorrelationId(given) ? given : newCorrelationId());
  logger?.[classified.code === StageErrorCode.InvalidEvent ? LogLevel.Warn : LogLevel.Error]('stage.failed', {
    stage,
    key_id: keyId,
    outcome: 'failed',
    error_code: classified.code,
    retryable: classified.retryable,
    message: classified.message,
    ...classified.logFields,
  });
  return {
    ok: false,
    stage,
    correlation_id: correlationId,
    ...(keyId !== undefined && { key_id: keyId }),
    error: { code: classified.code, message: classified.message, retryable: classified.retryable },
  };
}

export { failStage };
