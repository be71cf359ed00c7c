/**
 * Cold-start wiring shared by the Lambda handlers (the AWS twin of functions/runtime.ts): the environment is read
 * once, and the AWS clients and ports are built once per cold start (the SDK's default chain keeps the function
 * role's credentials fresh); per invocation only the logger, the deadline and the dispatcher are new. Each stage
 * file is one line: `awsStageFunction(<definition>)`.
 */
import type { AwsStageDeps } from '../../lib/aws/awsOnEvent.js';
import type { AwsStageDefinition } from '../../lib/aws/awsStages.js';
import type { AwsCallerOptions } from '../../lib/aws/AwsCaller.js';
import { resolveAwsConfig } from '../../lib/aws/config.js';
import type { AwsCloudConfig, EnvSource } from '../../lib/aws/config.js';
import { awsPorts, awsStageDispatcher } from '../../lib/aws/wiring.js';
import type { AwsInvocation, AwsPorts } from '../../lib/aws/wiring.js';
import { parseLogLevel } from '../../lib/log/Logger.js';
import type { LogWrite } from '../../lib/log/Logger.js';
import type { LogLevel } from '../../lib/log/types.js';
import { lambdaStageHandler } from '../../lib/middleware/lambdaStageHandler.js';
import type { LambdaHandler, LambdaStageContext } from '../../lib/middleware/lambdaStageHandler.js';
import type { StageFailureEvent } from '../../lib/stages/failureEvent.js';
import type { StageOptions, StageResult } from '../../lib/stages/types.js';

/** What the environment says, read once per cold start, and the ports built from it. */
interface AwsRuntime {
  env: EnvSource;
  logLevel: LogLevel;
  stageOptions: StageOptions;
  config: AwsCloudConfig;
  ports: AwsPorts;
}

/** Options of the AWS handlers; all optional, for tests. */
interface AwsRuntimeOptions {
  /** Default `process.env`. */
  env?: EnvSource;
  /** Log sink. Default stdout. */
  write?: LogWrite;
  /** The clock the domain reads. Default system time. */
  now?: () => Date;
  /** Pacing and retry tuning of the AWS calls. */
  caller?: AwsCallerOptions;
}

/**
 * Reads `AWS_REGION`, `BYOK_AWS_*` (lib/aws/config.ts), `BYOK_LOG_LEVEL`, `BYOK_VERIFY_PROBE`; builds the ports.
 *
 * @example
 * const runtime = readAwsRuntime({ env: process.env });
 */
function readAwsRuntime(options: AwsRuntimeOptions): AwsRuntime {
  const env = options.env ?? process.env;
  const config = resolveAwsConfig(env);
  return {
    env,
    logLevel: parseLogLevel(env['BYOK_LOG_LEVEL']),
    stageOptions: { verifyProbe: env['BYOK_VERIFY_PROBE']?.trim().toLowerCase() !== 'false' },
    config,
    ports: awsPorts(config, { ...(options.now ? { now: options.now } : {}), ...(options.caller ? { caller: options.caller } : {}) }),
  };
}

/** The invocation as the AWS wiring sees it. */
function awsInvocation(runtime: AwsRuntime, stage: LambdaStageContext): AwsInvocation {
  return { env: runtime.env, logger: stage.logger, config: runtime.config };
}

/**
 * The Lambda handler of one stage: the middlewares (logging, failure events, deadline, validation), then the
 * stage's logic over the AWS ports and the dispatcher to the next stage.
 *
 * @example
 * export const handler = awsStageFunction(awsStages['create-key']);
 */
function awsStageFunction<TEvent>(definition: AwsStageDefinition<TEvent>, options: AwsRuntimeOptions = {}): LambdaHandler<StageResult | StageFailureEvent> {
  const runtime = readAwsRuntime(options);
  return lambdaStageHandler(
    async (event: TEvent, stage): Promise<StageResult> => {
      definition.check?.(event);
      const deps: AwsStageDeps = {
        keys: runtime.ports.keys,
        secrets: runtime.ports.secrets,
        clock: runtime.ports.clock,
        dispatcher: awsStageDispatcher(awsInvocation(runtime, stage), runtime.ports, runtime.stageOptions),
        logger: stage.logger,
        options: runtime.stageOptions,
      };
      return definition.run({ ...event, correlation_id: stage.correlationId }, deps);
    },
    {
      stage: definition.name,
      schema: definition.schema,
      level: runtime.logLevel,
      ...(options.write !== undefined ? { write: options.write } : {}),
    },
  );
}

export { awsInvocation, awsStageFunction, readAwsRuntime };
export type { AwsRuntime, AwsRuntimeOptions };
