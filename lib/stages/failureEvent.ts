/**
 * How a failed stage answers, wherever it ran (a FunctionGraph function, or in this process): one `stage.failed`
 * log line and a {@link StageFailureEvent} (the error as `classifyError` reports it).
 */
import { eventField, isCorrelationId, isKeyId, newCorrelationId } from '../domain/ids.js';
import { classifyError } from '../errors/index.js';
import type { Logger } from '../log/Logger.js';

/** What a failed stage answers instead of throwing: failures are events too, for the chain and the dashboard. */
interface StageFailureEvent {
  readonly ok: false;
  readonly stage: string;
  readonly correlation_id: string;
  readonly key_id?: string;
  readonly error: {
    /** `BYOK.*` (our own refusals), or the provider's code (`KMS.2606`) for a cloud's. */
    readonly code: string;
    readonly message: string;
    readonly retryable: boolean;
  };
}

/** The key the failure is about: the error's own `keyId`, else the event's `key_id`, if either is a key id. */
function keyIdOf(error: unknown, event: unknown): string | undefined {
  const fromError = typeof error === 'object' && error !== null ? (error as { keyId?: unknown }).keyId : undefined;
  if (isKeyId(fromError)) return fromError;
  const fromEvent = eventField(event, 'key_id');
  return isKeyId(fromEvent) ? fromEvent : undefined;
}

/**
 * Classifies `error`, writes the one `stage.failed` line (no stack, no event, no secrets) and answers the
 * {@link StageFailureEvent}.
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
  const classified = classifyError(error, `stage ${stage}`, input.deadlinePassed ?? false);
  const keyId = keyIdOf(error, event);
  const given = eventField(event, 'correlation_id');
  const correlationId = input.correlationId ?? (isCorrelationId(given) ? given : newCorrelationId());
  logger?.[classified.code === 'BYOK.INVALID_EVENT' ? 'warn' : 'error']('stage.failed', {
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

/** True for a {@link StageFailureEvent}. */
function isStageFailureEvent(value: unknown): value is StageFailureEvent {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { ok?: unknown }).ok === false &&
    typeof (value as { error?: { code?: unknown } }).error?.code === 'string'
  );
}

export { failStage, isStageFailureEvent };
export type { StageFailureEvent };
