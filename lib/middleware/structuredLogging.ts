import type { MiddlewareObj } from '@middy/core';
import type { FunctionGraphContext } from '../functiongraph/context.js';
import { Logger } from '../log/Logger.js';
import type { LogWrite } from '../log/Logger.js';
import { LogLevel } from '../log/types.js';
import { MiddlewareSetupError } from './errors.js';
import { eventField, isCorrelationId, newCorrelationId } from '../domain/ids.js';
import { internalOf } from './types.js';
import { withDefaults } from './withDefaults.js';
import type { LoggingState, RequestLike } from './types.js';
import { isStageFailureEvent } from '../stages/failureEvent.js';

/** Options of {@link structuredLogging}. */
interface StructuredLoggingOptions {
  /** The function's name as it appears in every line's `fn` (e.g. `import-material`). */
  fn: string;
  /** Threshold; the function's config reads it from `BYOK_LOG_LEVEL`. Default `info`. */
  level?: LogLevel;
  /** Line sink. Default stdout. */
  write?: LogWrite;
  /** Clock for `ts` and `duration_ms`. Default `Date.now`. */
  now?: () => number;
  /** Source of new correlation ids. Default UUID v4. */
  newCorrelationId?: () => string;
}

const defaults = {
  level: LogLevel.Info,
  now: Date.now,
  newCorrelationId,
} satisfies Partial<StructuredLoggingOptions>;

/** FunctionGraph's request id, if the context has a sane one. */
function requestIdOf(context: unknown): string | undefined {
  const getRequestId = (context as Partial<FunctionGraphContext> | undefined)?.getRequestID;
  if (typeof getRequestId !== 'function') return undefined;
  const requestId: unknown = getRequestId.call(context);
  return typeof requestId === 'string' && requestId !== '' ? requestId.slice(0, 128) : undefined;
}

/**
 * Structured JSON logging for one FunctionGraph function: takes the correlation id from `event.correlation_id`
 * (a UUID) or bears one, binds a child logger to `fn`, `correlation_id` and `request_id`, and writes one
 * `invoke.start` and one `invoke.end` line (`outcome`: `ok` | `failed` | `error`, `duration_ms`). The event body
 * is never logged. Use it first, so its `after`/`onError` run last and see the final outcome.
 *
 * @example
 * const handler = middy(useCase).use(structuredLogging({ fn: 'fetch-parameters', level: config.logLevel }));
 */
function structuredLogging(opts: StructuredLoggingOptions): MiddlewareObj {
  const options = withDefaults(defaults, opts);
  const root = new Logger({ level: options.level, write: options.write, now: options.now, fields: { fn: options.fn } });

  const structuredLoggingBefore = (request: RequestLike): void => {
    const startedAtMs = options.now();
    const given = eventField(request.event, 'correlation_id');
    const fromEvent = isCorrelationId(given);
    const correlationId = fromEvent ? given : options.newCorrelationId();
    const logger = root.child({ correlation_id: correlationId, request_id: requestIdOf(request.context) });
    internalOf(request).byokLogging = { logger, correlationId, startedAtMs, now: options.now };
    if (given !== undefined && !fromEvent) {
      // The rejected value is not written: it could be anything, including a secret in the wrong field.
      logger.warn('correlation_id.rejected', { reason: 'event.correlation_id is not a UUID; a new id was born' });
    }
    logger.info('invoke.start', { correlation_source: fromEvent ? 'event' : 'born' });
  };

  const end = (request: RequestLike, failed: boolean): void => {
    const state = internalOf(request).byokLogging;
    if (state === undefined) return;
    const durationMs = Math.max(0, state.now() - state.startedAtMs);
    const response = request.response;
    if (isStageFailureEvent(response)) {
      state.logger.info('invoke.end', { outcome: 'failed', error_code: response.error.code, duration_ms: durationMs });
    } else if (failed) {
      // Nothing classified the error: the invocation rejects and FunctionGraph records a failure.
      const errorName = request.error instanceof Error ? request.error.name : typeof request.error;
      state.logger.error('invoke.end', { outcome: 'error', error_name: errorName, duration_ms: durationMs });
    } else {
      state.logger.info('invoke.end', { outcome: 'ok', duration_ms: durationMs });
    }
  };

  const structuredLoggingAfter = (request: RequestLike): void => end(request, false);
  const structuredLoggingOnError = (request: RequestLike): void => end(request, true);

  return {
    before: structuredLoggingBefore,
    after: structuredLoggingAfter,
    onError: structuredLoggingOnError,
  };
}

/** The invocation's logger; throws when `structuredLogging` is not installed (a wiring bug). */
function getLogger(request: RequestLike): Logger {
  return loggingState(request).logger;
}

/** The invocation's correlation id (given in the event or born here). */
function getCorrelationId(request: RequestLike): string {
  return loggingState(request).correlationId;
}

function loggingState(request: RequestLike): LoggingState {
  const state = internalOf(request).byokLogging;
  if (state === undefined) {
    throw new MiddlewareSetupError('structuredLogging() must be used before anything that asks for the logger');
  }
  return state;
}

export { getCorrelationId, getLogger, structuredLogging };
export type { StructuredLoggingOptions };
