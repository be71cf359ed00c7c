import type { InferOutput } from 'valibot';
import type { FunctionGraphContext, FunctionGraphHandler } from '../functiongraph/context.js';
import type { LogWrite, Logger } from '../log/Logger.js';
import type { LogLevel } from '../log/types.js';
import { classifyErrors } from './classifyErrors.js';
import { cloudCredentials } from './cloudCredentials.js';
import type { CloudCredentialsOptions } from './cloudCredentials.js';
import { requestHandler } from './requestHandler.js';
import { getCorrelationId, getLogger, structuredLogging } from './structuredLogging.js';
import { getDeadline, timeoutGuard } from './timeoutGuard.js';
import { internalOf } from './types.js';
import type { CloudCredentials, Deadline } from './types.js';
import { isStageFailureEvent } from '../stages/failureEvent.js';
import type { StageFailureEvent } from '../stages/failureEvent.js';
import { ByokError } from '../errors/index.js';
import { validateEvent } from './validateEvent.js';
import type { EventSchema } from './validateEvent.js';

/** What a stage's use case gets besides its validated event. */
interface StageContext {
  /** Child logger bound to `fn`, `correlation_id` and FunctionGraph's `request_id`. */
  readonly logger: Logger;
  /** Put it on every event handed to the next stage. */
  readonly correlationId: string;
  /** Stop cleanly before it; pass `deadline.signal` to anything cancellable. */
  readonly deadline: Deadline;
  /** The agency's temporary credentials; `undefined` unless the stage was given `credentials` options. */
  readonly credentials: CloudCredentials | undefined;
  /** FunctionGraph's context, for anything else (user data, function name). */
  readonly context: FunctionGraphContext;
}

/** A stage's logic, called with the parsed event. */
type StageFn<TEvent, TResult> = (event: TEvent, stage: StageContext) => Promise<TResult>;

/** Options of {@link stageHandler}. */
interface StageHandlerOptions<TSchema extends EventSchema> {
  /** Stage name in failure events and `stage.failed` lines. */
  stage: string;
  /** Valibot schema of the stage's event; the use case receives its output. */
  schema: TSchema;
  /** `fn` of every log line. Default: `stage`. */
  fn?: string;
  /** Log threshold (the function's config reads `BYOK_LOG_LEVEL`). Default `info`. */
  level?: LogLevel;
  /** Log line sink. Default stdout. */
  write?: LogWrite;
  /** Clock for logs and the deadline. Default `Date.now`. */
  now?: () => number;
  /** Kept back before FunctionGraph's timeout to fail cleanly. Default 1,000 ms. */
  marginMs?: number;
  /** Read cloud credentials from the context; omit for stages that call no cloud API. */
  credentials?: CloudCredentialsOptions;
  /**
   * Answer a failure by rejecting instead of resolving a failure event. FunctionGraph counts any value a handler
   * returns as a success — a failure event too — so its on-failure destination and failed-invocation alarms
   * only see rejections. For functions whose caller is the platform itself (the timer's `renew-expiring`); the
   * stages keep answering failure events, which the next stage or the operator reads. Default false.
   */
  failuresReachPlatform?: boolean;
}

/** The rejection of a function built with `failuresReachPlatform`: the failure event's code and message. */
class InvocationFailedError extends ByokError {
  override readonly name = 'InvocationFailedError' as const;
  /** The failure event the function would otherwise have answered (logged already as `stage.failed`). */
  readonly failure: StageFailureEvent;

  constructor(failure: StageFailureEvent) {
    super(failure.error.message, { code: failure.error.code, retryable: failure.error.retryable });
    this.failure = failure;
  }
}

const defaultMarginMs = 1_000;

/**
 * Builds a FunctionGraph handler for one lifecycle stage from its use case, with the middlewares in this order
 * (middy runs `before` in this order and `after`/`onError` in reverse):
 *
 * 1. `structuredLogging` — first, so the correlation id and logger exist for everything after it, and last on the
 *    way out, so `invoke.end` reports the final outcome (including a failure event).
 * 2. `classifyErrors` — its `onError` sees errors from every later middleware and the use case, and answers with a
 *    failure event before `invoke.end` is written.
 * 3. `timeoutGuard` — armed before validation and credentials, so the whole invocation counts against the budget.
 * 4. `validateEvent` — bad events fail before credentials are even looked at.
 * 5. `cloudCredentials` — only when `credentials` options are given.
 *
 * The use case is raced against the deadline. The handler resolves with the use case's result or a
 * {@link StageFailureEvent}; it rejects only on a wiring bug in the middlewares themselves — or, with
 * `failuresReachPlatform`, with an {@link InvocationFailedError} wherever it would answer a failure event (after
 * the same `stage.failed` and `invoke.end` lines).
 *
 * @example
 * export const handler = stageHandler(fetchParameters(ports), {
 *   stage: 'fetch-parameters', schema: FetchParametersEvent, level: config.logLevel, credentials: { env: process.env },
 * });
 */
function stageHandler<TSchema extends EventSchema, TResult>(
  useCase: StageFn<InferOutput<TSchema>, TResult>,
  options: StageHandlerOptions<TSchema>,
): FunctionGraphHandler<unknown, TResult | StageFailureEvent> {
  const handler = requestHandler<TResult>(async (request) =>
    useCase(request.event as InferOutput<TSchema>, {
      logger: getLogger(request),
      correlationId: getCorrelationId(request),
      deadline: getDeadline(request),
      credentials: internalOf(request).byokCredentials,
      context: request.context as unknown as FunctionGraphContext,
    }),
  )
    .use(structuredLogging({ fn: options.fn ?? options.stage, level: options.level, write: options.write, now: options.now }))
    .use(classifyErrors({ stage: options.stage }))
    .use(timeoutGuard({ marginMs: options.marginMs ?? defaultMarginMs, now: options.now }))
    .use(validateEvent(options.schema));
  if (options.credentials !== undefined) handler.use(cloudCredentials(options.credentials));
  const answer = handler as unknown as FunctionGraphHandler<unknown, TResult | StageFailureEvent>;
  if (options.failuresReachPlatform !== true) return answer;
  return async (event, context) => {
    const result = await answer(event, context);
    if (isStageFailureEvent(result)) throw new InvocationFailedError(result);
    return result;
  };
}

export { InvocationFailedError, stageHandler };
export type { StageContext, StageFn, StageHandlerOptions };
