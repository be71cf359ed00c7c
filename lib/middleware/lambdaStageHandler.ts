/**
 * The stage handler on AWS Lambda. The middlewares are cloud-neutral except where they read the invocation's
 * context (its request id for the logs, its remaining time for the deadline), which they ask for by FunctionGraph's
 * names. Lambda's context says the same two facts under other names (`awsRequestId`, `getRemainingTimeInMillis`),
 * so this handler gives the middlewares a view of it under theirs and reuses {@link stageHandler} unchanged:
 * logging, failure events, deadline and validation behave the same on both clouds. Credentials are not read from
 * the context on Lambda: the AWS SDK's default chain finds the function role's.
 */
import type { Context as LambdaContext } from 'aws-lambda';
import type { FunctionGraphContext } from '../functiongraph/context.js';
import type { StageFailureEvent } from '../stages/failureEvent.js';
import type { InferOutput } from 'valibot';
import { stageHandler } from './stageHandler.js';
import type { StageContext, StageHandlerOptions } from './stageHandler.js';
import type { EventSchema } from './validateEvent.js';

/** What a stage's use case gets on Lambda. */
interface LambdaStageContext extends Omit<StageContext, 'context' | 'credentials'> {
  /** Lambda's own context (function name, ARN, remaining time). */
  readonly lambda: LambdaContext;
}

/** A Lambda handler: `(event, context)` → a promise. */
type LambdaHandler<TResult> = (event: unknown, context: LambdaContext) => Promise<TResult>;

const views = new WeakMap<object, LambdaContext>();

/** Lambda's context under the names the middlewares read; the rest of FunctionGraph's context does not exist here. */
function functionGraphView(context: LambdaContext): FunctionGraphContext {
  const view = {
    getRequestID: (): string => context.awsRequestId,
    getRemainingTimeInMilliSeconds: (): number => context.getRemainingTimeInMillis(),
    getFunctionName: (): string => context.functionName,
    getVersion: (): string => context.functionVersion,
    getMemorySize: (): number => Number(context.memoryLimitInMB),
    getUserData: (): undefined => undefined,
  };
  views.set(view, context);
  // The middlewares call only the getters above (stageHandler is given no credentials options).
  return view as unknown as FunctionGraphContext;
}

/**
 * Builds a Lambda handler for one stage from its use case (options as {@link stageHandler}'s, without credentials).
 *
 * @example
 * export const handler = lambdaStageHandler(async (event, stage) => run(event, stage.logger), { stage: 'import-material', schema });
 */
function lambdaStageHandler<TSchema extends EventSchema, TResult>(
  useCase: (event: InferOutput<TSchema>, stage: LambdaStageContext) => Promise<TResult>,
  options: Omit<StageHandlerOptions<TSchema>, 'credentials'>,
): LambdaHandler<TResult | StageFailureEvent> {
  const inner = stageHandler<TSchema, TResult>(
    (event, stage) =>
      useCase(event, {
        logger: stage.logger,
        correlationId: stage.correlationId,
        deadline: stage.deadline,
        lambda: views.get(stage.context as object) as LambdaContext,
      }),
    options,
  );
  return (event, context) => inner(event, functionGraphView(context));
}

export { lambdaStageHandler };
export type { LambdaHandler, LambdaStageContext };
