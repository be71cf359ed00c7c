/**
 * Wiring shared by the FunctionGraph handlers. At cold start: the log level from the environment (the loggers are
 * built before any context exists) and the SDK's logging silenced, once. Per invocation: the settings from the
 * context's user data first and the environment as fallback (lib/huawei/functionSettings.ts), the ports from the
 * execution agency's temporary credentials, and the dispatcher to the next stage. Each function file is one
 * line: `stageFunction(<definition>)`.
 */
import type { FunctionGraphHandler } from '../lib/functiongraph/context.js';
import type { EnvSource } from '../lib/huawei/config.js';
import { FunctionSetting } from '../lib/huawei/functionSettings.js';
import { silenceSdkLogging } from '../lib/huawei/sdkLogging.js';
import { invocationPorts, settingsOf, stageDispatcher } from '../lib/huawei/wiring.js';
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
  /** The process environment: the fallback for every setting the invocation's user data lacks. */
  env: EnvSource;
  logLevel: LogLevel;
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
 * Reads `BYOK_LOG_LEVEL` (default info) from the environment. Everything else is read per invocation: credentials
 * and project from the context, settings from its user data first (lib/huawei/functionSettings.ts).
 */
function readRuntimeConfig(env: EnvSource): RuntimeConfig {
  return { env, logLevel: parseLogLevel(env[FunctionSetting.LogLevel]) };
}

/** The stages' options from the invocation's settings: `BYOK_VERIFY_PROBE=false` turns the encrypt/decrypt probe off. */
function stageOptionsOf(settings: EnvSource): StageOptions {
  return { verifyProbe: settings[FunctionSetting.VerifyProbe]?.trim().toLowerCase() !== 'false' };
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
      const stageOptions = stageOptionsOf(settingsOf(invocation));
      const deps: StageDeps = {
        keys: ports.keys,
        secrets: ports.secrets,
        clock: ports.clock,
        dispatcher: stageDispatcher(invocation, ports, stageOptions),
        logger: stage.logger,
        options: stageOptions,
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
