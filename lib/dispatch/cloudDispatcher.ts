/**
 * Which dispatcher a FunctionGraph handler uses: FunctionGraph async invoke when any `BYOK_FN_URN_<STAGE>` is
 * configured (each stage then runs in its own function), else the remaining stages in the same invocation. Shaped
 * like functions/runtime.ts's `DispatcherFactory`, so a handler passes it as `stageFunction(def, { dispatcher })`.
 */
import type { FunctionGraphContext } from '../functiongraph/context.js';
import { resolveFunctionGraphConfig } from '../huawei/config.js';
import type { EnvSource } from '../huawei/config.js';
import type { Logger } from '../log/Logger.js';
import type { Clock, Dispatcher, KeyService, SecretStore } from '../ports/index.js';
import type { StageOptions } from '../stages/types.js';
import { FunctionGraphDispatcher } from '../huawei/FunctionGraphDispatcher.js';
import { resolveFgsEndpoint, resolveFunctionUrns } from './functionUrns.js';
import { InProcessDispatcher } from './InProcessDispatcher.js';

/** What the factory reads from the invocation (a subset of functions/runtime's types). */
interface DispatcherInputs {
  ports: { keys: KeyService; secrets: SecretStore; clock: Clock };
  stage: { logger: Logger; context: FunctionGraphContext };
  runtime: { env: EnvSource; stageOptions: StageOptions };
}

/**
 * The dispatcher for one invocation. URNs are checked on every call (cheap) so a malformed one fails the
 * invocation with a `ConfigError` naming the variable rather than the cold start.
 *
 * @example
 * export const handler = stageFunction(onEventDefinition(), { dispatcher: cloudDispatcher });
 */
function cloudDispatcher(
  ports: DispatcherInputs['ports'],
  stage: DispatcherInputs['stage'],
  runtime: DispatcherInputs['runtime'],
): Dispatcher {
  const functionUrns = resolveFunctionUrns(runtime.env);
  if (Object.keys(functionUrns).length === 0) {
    return new InProcessDispatcher({ ...ports, logger: stage.logger, options: runtime.stageOptions });
  }
  const config = resolveFunctionGraphConfig(stage.context, runtime.env);
  return new FunctionGraphDispatcher({
    config,
    endpoint: resolveFgsEndpoint(runtime.env, config.region),
    functionUrns,
    now: () => ports.clock.now(),
    onDispatched: (receipt) =>
      stage.logger.info('stage.dispatched', {
        stage: receipt.stage,
        function_urn: receipt.functionUrn,
        fgs_request_id: receipt.requestId,
        bytes: receipt.bytes,
      }),
  });
}

export { cloudDispatcher };
export type { DispatcherInputs };
