import type { MiddlewareObj } from '@middy/core';
import { failStage } from '../stages/failureEvent.js';
import { internalOf } from './types.js';
import type { RequestLike } from './types.js';

/** Options of {@link classifyErrors}. */
interface ClassifyErrorsOptions {
  /** The stage named in the failure event and the log line (`fetch-parameters`, `import-material`, ...). */
  stage: string;
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
    request.response = failStage({
      error: request.error,
      stage,
      event: request.event,
      logger: internal.byokLogging?.logger,
      ...(internal.byokLogging !== undefined && { correlationId: internal.byokLogging.correlationId }),
      deadlinePassed: internal.byokDeadline?.signal.aborted === true,
    });
  };

  return { before: undefined, after: undefined, onError: classifyErrorsOnError };
}

export { classifyErrors };
export type { ClassifyErrorsOptions };
