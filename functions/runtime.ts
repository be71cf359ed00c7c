/**
 * Cold-start wiring shared by the FunctionGraph handlers: reads the environment once (the only place functions/
 * does), and per invocation builds the Huawei clients from the execution agency's temporary credentials, the
 * ports over them and the stage deps. Each function file is one line: `stageFunction(<definition>)`.
 */
import type { FunctionGraphHandler } from '../lib/functiongraph/context.js';
import { createHuaweiClients, resolveFunctionGraphConfig } from '../lib/huawei/index.js';
import type { EnvSource } from '../lib/huawei/index.js';
import { HuaweiKeyService } from '../lib/huawei/HuaweiKeyService.js';
import { HuaweiSecretStore } from '../lib/huawei/HuaweiSecretStore.js';
import { cloudDispatcher } from '../lib/dispatch/cloudDispatcher.js';
import { InProcessDispatcher } from '../lib/dispatch/InProcessDispatcher.js';
import { parseLogLevel } from '../lib/log/Logger.js';
import type { LogWrite } from '../lib/log/Logger.js';
import type { LogLevel } from '../lib/log/types.js';
import { stageHandler } from '../lib/middleware/stageHandler.js';
import type { StageContext } from '../lib/middleware/stageHandler.js';
import type { StageFailureEvent } from '../lib/middleware/types.js';
import type { Clock, Dispatcher, KeyService, SecretStore } from '../lib/ports/index.js';
import type { StageDefinition } from '../lib/stages/coreStages.js';
import type { StageDeps, StageOptions, StageResult } from '../lib/stages/types.js';

/** The ports of one invocation. */
interface StagePorts {
  keys: KeyService;
  secrets: SecretStore;
  clock: Clock;
}

/** Builds the dispatcher of one invocation (FunctionGraph async invoke, or the rest of the chain in-process). */
type DispatcherFactory = (ports: StagePorts, stage: StageContext, runtime: RuntimeConfig) => Dispatcher;

/** What the environment says, read once per cold start. */
interface RuntimeConfig {
  env: EnvSource;
  logLevel: LogLevel;
  stageOptions: StageOptions;
}

/** Options of {@link stageFunction}; all optional, for tests and for other dispatchers. */
interface RuntimeOptions {
  /** Default `process.env`. */
  env?: EnvSource;
  /** Log sink. Default stdout. */
  write?: LogWrite;
  /**
   * Default `cloudDispatcher`: FunctionGraph async invoke when `BYOK_FN_URN_<STAGE>` are set, else the remaining
   * stages run in this invocation ({@link inProcess}).
   */
  dispatcher?: DispatcherFactory;
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

/** The ports over Huawei Cloud with this invocation's temporary credentials. */
function portsFor(stage: StageContext, runtime: RuntimeConfig, now: () => Date): StagePorts {
  const config = resolveFunctionGraphConfig(stage.context, runtime.env);
  const { kms, csms } = createHuaweiClients({ config, now });
  return { keys: new HuaweiKeyService(kms), secrets: new HuaweiSecretStore(csms), clock: { now } };
}

/** Runs the rest of the chain in this invocation, logging through the invocation's logger. */
const inProcess: DispatcherFactory = (ports, stage, runtime) =>
  new InProcessDispatcher({ ...ports, logger: stage.logger, options: runtime.stageOptions });

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
  const runtime = readRuntimeConfig(options.env ?? process.env);
  const now = options.now ?? ((): Date => new Date());
  const dispatcherFor = options.dispatcher ?? cloudDispatcher;
  return stageHandler(
    async (event: TEvent, stage: StageContext): Promise<StageResult> => {
      const ports = portsFor(stage, runtime, now);
      const deps: StageDeps = {
        ...ports,
        dispatcher: dispatcherFor(ports, stage, runtime),
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

export { inProcess, readRuntimeConfig, stageFunction };
export type { DispatcherFactory, RuntimeConfig, RuntimeOptions, StagePorts };
