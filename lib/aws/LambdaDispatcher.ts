/**
 * The {@link Dispatcher} on AWS: hands a stage's output to the next stage's Lambda function by asynchronous
 * invocation (Invoke with InvocationType Event: Lambda queues the event and answers 202). Which function runs which
 * stage comes from `BYOK_FN_<STAGE>` (a function name or ARN; serverless.aws.yml sets them). Every event is checked
 * before it leaves (checkStageEvent): never plaintext, never credentials.
 */
import { InvokeCommand } from '@aws-sdk/client-lambda';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { checkStageEvent } from '../dispatch/stageEventGuard.js';
import { ConfigError, ErrorKind } from '../errors/index.js';
import type { EnvSource } from './config.js';
import { StageName } from '../ports/index.js';
import type { Dispatcher } from '../ports/index.js';
import type { AwsCaller } from './AwsCaller.js';
import { clientError } from './awsErrors.js';
import { AwsOperation } from './operations.js';

/** A Lambda function (name or ARN) per stage; a stage without one cannot be dispatched to. */
type FunctionNames = Partial<Record<StageName, string>>;

/** What one accepted dispatch reports (safe to log: no event content). */
interface LambdaDispatchReceipt {
  stage: StageName;
  functionName: string;
  /** Lambda's request id of the queued invocation. */
  requestId: string | undefined;
  bytes: number;
}

const NAME = /^[A-Za-z0-9_-]{1,64}$/;
const ARN = /^arn:aws[a-z-]*:lambda:[a-z]{2,4}(-[a-z]+)+-\d{1,3}:\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]{1,128})?$/;

/** `fetch-parameters` → `BYOK_FN_FETCH_PARAMETERS`. */
function functionNameVariable(stage: StageName): string {
  return `BYOK_FN_${stage.toUpperCase().replace(/-/g, '_')}`;
}

/**
 * Reads every `BYOK_FN_<STAGE>` that is set.
 *
 * @throws {ConfigError} naming a variable that is neither a function name nor a function ARN (value not echoed)
 * @example
 * resolveFunctionNames(process.env)['fetch-parameters'] // 'byok-keeper-dev-fetch-parameters'
 */
function resolveFunctionNames(env: EnvSource): FunctionNames {
  const names: FunctionNames = {};
  for (const stage of Object.values(StageName)) {
    const variable = functionNameVariable(stage);
    const value = env[variable]?.trim();
    if (value === undefined || value === '') continue;
    if (!NAME.test(value) && !ARN.test(value)) {
      throw new ConfigError(`${variable} is neither a Lambda function name nor a function ARN`, [variable]);
    }
    names[stage] = value;
  }
  return names;
}

/**
 * @example
 * const dispatcher = new LambdaDispatcher({ lambda: clients.lambda, caller, functionNames: resolveFunctionNames(env) });
 */
class LambdaDispatcher implements Dispatcher {
  readonly #options: { lambda: LambdaClient; caller: AwsCaller; functionNames: FunctionNames; onDispatched?: (receipt: LambdaDispatchReceipt) => void };

  constructor(options: { lambda: LambdaClient; caller: AwsCaller; functionNames: FunctionNames; onDispatched?: (receipt: LambdaDispatchReceipt) => void }) {
    this.#options = options;
  }

  /**
   * Checks `event` and queues it for the stage's function.
   *
   * @throws {ConfigError} when the stage has no function; `StageEventRejectedError`; `CloudApiError`
   */
  async dispatch(stage: StageName, event: Record<string, unknown>): Promise<void> {
    const functionName = this.#options.functionNames[stage];
    if (functionName === undefined) {
      const variable = functionNameVariable(stage);
      throw new ConfigError(`no Lambda function is configured for stage ${stage}: set ${variable} to its name or ARN`, [variable]);
    }
    const text = checkStageEvent(stage, event);
    const out = await this.#options.caller.call(AwsOperation.Invoke, () =>
      this.#options.lambda.send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: Buffer.from(text, 'utf8') })),
    );
    if (out.StatusCode !== 202) {
      throw clientError('Invoke', 'NotQueued', ErrorKind.Unknown, `Lambda answered ${out.StatusCode ?? 'no status'} instead of 202 for stage ${stage}; check ${functionNameVariable(stage)}`);
    }
    this.#options.onDispatched?.({ stage, functionName, requestId: out.$metadata.requestId, bytes: Buffer.byteLength(text, 'utf8') });
  }
}

export { LambdaDispatcher, functionNameVariable, resolveFunctionNames };
export type { FunctionNames, LambdaDispatchReceipt };
