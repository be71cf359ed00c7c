/**
 * Cold-start wiring shared by the FunctionGraph handlers: reads the environment once (the only place functions/
 * does) and silences the SDK's logging once; per invocation the Huawei wiring builds the ports from the execution
 * agency's temporary credentials, and the dispatcher to the next stage. Each function file is one line:
 * `stageFunction(<definition>)`.
 */
import type { FunctionGraphHandler } from '../lib/functiongraph/context.js';
import type { EnvSource } from '../lib/huawei/config.js';
import { silenceSdkLogging } from '../lib/huawei/sdkLogging.js';
import { invocationPorts, stageDispatcher } from '../lib/huawei/wiring.js';
import type { Invocation } from '../lib/huawei/wiring.js';
import { parseLogLevel } from '../lib/log/Logger.js';
import type { LogWrite } from '../lib/log/Logger.js';
import type { LogLevel } from '../lib/log/types.js';
import { stageHandler } from '../lib/middleware/stageHandler.js';
import type { StageContext } from '../lib/middleware/stageHandler.js';
import type { StageDefinition } from '../lib/stages/coreStages.js';
import type { StageFailureEvent } from '../lib/stages/failureEvent.js';
import type { StageDeps, StageOptions, StageResult } from '../lib/stages/types.js';

/** What the environment says, read once per cold start. */
interface RuntimeConfig {
  env: EnvSource;
  logLevel: LogLevel;
  stageOptions: StageOptions;
}

/** Options of {@link stageFunction}; all optional, for tests. */
interface RuntimeOptions {
  /** Default `process.env`. */
  env?: EnvSource;
  /** Log sink. Default stdout. */
  write?: LogWrite;
  /** The cloud's clock (and the signing clock). Default system time. */
  now?: () => Date;
}

/**
 * Reads `BYOK_LOG_LEVEL` (default info) and `BYOK_VERIFY_PROBE` (`false` turns the encrypt/decrypt probe off).
 * Credentials, project and region/endpoint come from the context per invocation (lib/huawei/config.ts).
 */
function readRuntimeConfig(env: EnvSource): RuntimeConfig {
  return {
    env,
    logLevel: parseLogLevel(env['BYOK_LOG_LEVEL']),
    stageOptions: { verifyProbe: env['BYOK_VERIFY_PROBE']?.trim().toLowerCase() !== 'false' },
  };
}

/** The invocation as the Huawei wiring sees it. */
function invocationOf(stage: StageContext, runtime: RuntimeConfig, now: () => Date): Invocation {
  return { context: stage.context, env: runtime.env, logger: stage.logger, now };
}

/**
 * The FunctionGraph handler of one stage: middlewares (logging, failure events, timeout, validation, agency
 * credentials), then the stage's logic with deps built for this invocation. The event's correlation id is the
 * one the logging middleware accepted or bore.
 *
 * @example
 * export const handler = stageFunction(createKeyDefinition);
 */
function stageFunction<TEvent>(
  definition: StageDefinition<TEvent>,
  options: RuntimeOptions = {},
): FunctionGraphHandler<unknown, StageResult | StageFailureEvent> {
  silenceSdkLogging();
  const runtime = readRuntimeConfig(options.env ?? process.env);
  const now = options.now ?? ((): Date => new Date());
  return stageHandler(
    async (event: TEvent, stage: StageContext): Promise<StageResult> => {
      const invocation = invocationOf(stage, runtime, now);
      const ports = invocationPorts(invocation);
      const deps: StageDeps = {
        keys: ports.keys,
        secrets: ports.secrets,
        clock: ports.clock,
        dispatcher: stageDispatcher(invocation, ports, runtime.stageOptions),
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
      credentials: { env: runtime.env },
    },
  );
}

export { invocationOf, readRuntimeConfig, stageFunction };
export type { RuntimeConfig, RuntimeOptions };
